/*
 * A stand-in for GeeTest's gt.js, for the browser tests only (never shipped, never served by
 * gt3-bypass): the tests must not reach GeeTest's hosts. It offers the initGeetest contract of
 * docs/protocol.md section 7, written from that contract alone, and records how the page called
 * it in window.standInGeetest.calls.
 *
 * The user's "solve" is a click on its button; the answer comes from its own origin's
 * /stand-in/solve, as the real widget's comes from GeeTest's servers (geetest_script.test.mjs
 * serves both this file and that route).
 */
(function (global) {
  'use strict';

  const document = global.document;
  const origin = new URL(document.currentScript.src).origin;
  const record = global.standInGeetest || {calls: []};
  global.standInGeetest = record;

  function describe(config) {
    const copy = {};
    for (const [key, value] of Object.entries(config)) {
      copy[key] = typeof value === 'function' ? 'function' : value;
    }
    return copy;
  }

  function makeCaptcha(config) {
    const callbacks = {ready: [], success: [], error: [], close: []};
    const emit = (event, arg) => callbacks[event].forEach((cb) => cb(arg));
    let result = null;
    const root = document.createElement('div');
    root.className = 'stand-in-geetest';
    root.setAttribute('data-state', 'ready');
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = 'Verify (stand-in for GeeTest)';
    root.appendChild(button);

    async function solve() {
      root.setAttribute('data-state', 'working');
      const url = origin + '/stand-in/solve?gt=' + encodeURIComponent(config.gt) +
        '&challenge=' + encodeURIComponent(config.challenge);
      try {
        const response = await fetch(url, {cache: 'no-store'});
        if (!response.ok) throw new Error('HTTP ' + response.status);
        const body = await response.json();
        result = {geetest_challenge: config.challenge, geetest_validate: body.validate,
          geetest_seccode: body.validate + '|jordan'};
        root.setAttribute('data-state', 'success');
        emit('success');
      } catch (error) {
        root.setAttribute('data-state', 'error');
        emit('error', {code: 'stand_in', msg: error.message});
      }
    }
    button.addEventListener('click', solve);

    return {
      appendTo(target) {
        const host = typeof target === 'string' ? document.querySelector(target) : target;
        host.appendChild(root);
        setTimeout(() => emit('ready'), 0);
        return this;
      },
      onReady(cb) { callbacks.ready.push(cb); return this; },
      onSuccess(cb) { callbacks.success.push(cb); return this; },
      onError(cb) { callbacks.error.push(cb); return this; },
      onClose(cb) { callbacks.close.push(cb); return this; },
      getValidate() { return result ? Object.assign({}, result) : false; },
      reset() { result = null; root.setAttribute('data-state', 'ready'); return this; },
      verify() { solve(); return this; },
      destroy() { root.remove(); },
    };
  }

  global.initGeetest = function initGeetest(config, handler) {
    record.calls.push(describe(config));
    setTimeout(() => handler(makeCaptcha(config)), 0);
  };
})(window);
