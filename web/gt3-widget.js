/*
 * gt3-widget.js: this project's own captcha widget, offering the initGeetest interface of GeeTest
 * v3 (docs/protocol.md section 7). Written from that interface only, never from GeeTest's gt.js,
 * so a page written for gt.js runs with it unchanged, and the other way round.
 *
 *   initGeetest(config, handler)
 *     config: gt, challenge, offline, new_captcha, product ("float" | "popup" | "bind"), width,
 *             api_server (base URL of the cloud that solves online puzzles; a bare host name is
 *             taken with the page's scheme), offline_policy ("compat" | "pow" | "none" | "deny",
 *             from the register answer), pow (the register answer's proof-of-work parameters).
 *     handler(captcha) receives an object with appendTo(selectorOrElement), onReady(cb),
 *     onSuccess(cb), onError(cb), onClose(cb), getValidate(), reset(), verify().
 *
 * Online, the user slides a handle to the end (pointer or keyboard) and the widget asks the cloud
 * simulator's /sim/solve for the three fields a solved GeeTest puzzle yields. Offline, an orange
 * marker sits in the upper-right corner of the captcha button and the fields are made locally:
 * policy compat/none after the same slider, policy pow by a proof of work in pow-worker.js, and
 * policy deny not at all (the widget says verification is unavailable).
 *
 * The widget loads gt3-widget.css and pow-worker.js from beside this script.
 */
(function (global) {
  'use strict';

  const document = global.document;
  const scriptUrl = (document.currentScript && document.currentScript.src) || global.location.href;
  const asset = (name) => new URL(name, scriptUrl).href;
  const SOLVE_TIMEOUT_MS = 10000;
  const DONE_AT = 97;  // a handle released at 97 % or more counts as at the end
  let counter = 0;

  let stylesheet = null;
  function loadStylesheet() {
    if (stylesheet) return stylesheet;
    stylesheet = new Promise((resolve) => {
      if (document.querySelector('link[data-gt3-widget]')) return resolve();
      const link = document.createElement('link');
      link.rel = 'stylesheet';
      link.href = asset('gt3-widget.css');
      link.setAttribute('data-gt3-widget', '');
      link.addEventListener('load', () => resolve());
      link.addEventListener('error', () => resolve());  // unstyled beats unusable
      setTimeout(resolve, 3000);
      document.head.appendChild(link);
    });
    return stylesheet;
  }

  function el(tag, attributes, children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value === false || value === null || value === undefined) continue;
      if (name === 'text') node.textContent = value;
      else node.setAttribute(name, value === true ? '' : String(value));
    }
    for (const child of children || []) node.appendChild(child);
    return node;
  }

  function randomHex(bytes) {
    const values = new Uint8Array(bytes);
    global.crypto.getRandomValues(values);
    return Array.from(values, (b) => b.toString(16).padStart(2, '0')).join('');
  }

  function apiBase(server) {
    if (!server) return global.location.origin;
    const text = String(server).replace(/\/+$/, '');
    return /^https?:\/\//i.test(text) ? text : global.location.protocol + '//' + text;
  }

  // What the widget does, from the register answer the page passed on.
  function chooseMode(config) {
    if (!config.offline) return 'online';
    const policy = config.offline_policy || 'compat';
    if (policy === 'deny') return 'deny';
    if (policy === 'pow') return 'pow';
    return 'compat';  // compat, none, or a policy this widget does not know
  }

  class Captcha {
    constructor(config) {
      this.config = config;
      this.id = 'gt3-' + ++counter;
      this.product = ['float', 'popup', 'bind'].includes(config.product) ? config.product : 'float';
      this.mode = chooseMode(config);
      this.callbacks = {ready: [], success: [], error: [], close: []};
      this.state = 'idle';
      this.result = null;
      this.value = 0;
      this.worker = null;
      this.isReady = false;
      this.root = null;
      this.overlay = null;
      this.build();
    }

    // ---- the interface of docs/protocol.md section 7 ----

    appendTo(target) {
      const host = typeof target === 'string' ? document.querySelector(target) : target;
      if (!host || !host.appendChild) {
        throw new Error('gt3-widget: appendTo found no element for ' + String(target));
      }
      host.appendChild(this.root);
      this.announceReady();
      return this;
    }

    onReady(cb) { return this.on('ready', cb); }
    onSuccess(cb) { return this.on('success', cb); }
    onError(cb) { return this.on('error', cb); }
    onClose(cb) { return this.on('close', cb); }

    getValidate() {
      return this.state === 'success' && this.result ? Object.assign({}, this.result) : false;
    }

    reset() {
      this.stopWorker();
      this.result = null;
      this.setValue(0);
      this.closePanel(false);
      this.setState(this.mode === 'deny' ? 'unavailable' : 'ready');
      return this;
    }

    verify() {
      if (this.mode === 'deny') {
        this.fail('offline_denied', 'Verification is unavailable right now: the captcha service ' +
          'is down and this site accepts no offline check. Try again later.');
        return this;
      }
      this.openPanel();
      return this;
    }

    destroy() {
      this.stopWorker();
      if (this.root) this.root.remove();
      if (this.overlay) this.overlay.remove();
    }

    // ---- building ----

    build() {
      const id = this.id;
      const offline = this.mode !== 'online';
      this.statusLine = el('p', {class: 'gt3-status', id: id + '-status', role: 'status'});
      this.button = el('button', {
        type: 'button', class: 'gt3-button', id: id + '-button',
        'aria-expanded': this.product === 'float' ? 'false' : false,
        'aria-haspopup': this.product === 'float' ? false : 'dialog',
        'aria-controls': id + '-panel',
        'aria-describedby': offline ? id + '-mark' : false,
      }, [el('span', {class: 'gt3-icon', 'aria-hidden': 'true'}),
        this.buttonText = el('span', {class: 'gt3-button-text'})]);
      this.button.addEventListener('click', () => this.onButton());
      const box = el('div', {class: 'gt3-box'}, [this.button]);
      if (offline) box.appendChild(this.offlineMark('mark'));

      this.panel = this.mode === 'pow' ? this.buildPowPanel() : this.buildSliderPanel();
      this.panel.id = id + '-panel';
      this.root = el('div', {
        class: 'gt3', id: id, 'data-gt3-product': this.product, 'data-gt3-mode': this.mode,
      }, [box, this.statusLine]);
      if (this.config.width) this.root.style.width = String(this.config.width);

      if (this.product === 'float') {
        this.panel.hidden = true;
        this.root.insertBefore(this.panel, this.statusLine);
      } else {
        this.buildDialog(offline);
      }
      if (this.product === 'bind') this.root.hidden = true;  // the page's own button calls verify()
      this.setState(this.mode === 'deny' ? 'unavailable' : 'loading');
    }

    offlineMark(suffix) {
      return el('span', {
        class: 'gt3-offline-mark', id: this.id + '-' + suffix, role: 'img',
        'aria-label': 'offline mode',
        title: 'Offline mode: the captcha cloud is unavailable, so this check is made locally',
      });
    }

    buildSliderPanel() {
      const id = this.id;
      this.fill = el('div', {class: 'gt3-fill', 'aria-hidden': 'true'});
      this.handle = el('div', {
        class: 'gt3-handle', role: 'slider', tabindex: '0',
        'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': '0',
        'aria-labelledby': id + '-instructions', 'aria-describedby': id + '-hint',
      }, [el('span', {class: 'gt3-arrow', 'aria-hidden': 'true', text: '\u2192'})]);
      this.track = el('div', {class: 'gt3-track'}, [
        el('span', {class: 'gt3-track-label', 'aria-hidden': 'true', text: 'Slide to the end'}),
        this.fill, this.handle]);
      this.handle.addEventListener('pointerdown', (e) => this.dragStart(e));
      this.handle.addEventListener('keydown', (e) => this.onKey(e));
      this.setValue(0);
      return el('div', {class: 'gt3-panel'}, [
        el('p', {class: 'gt3-instructions', id: id + '-instructions',
          text: 'Slide the handle all the way to the right'}),
        this.track,
        el('p', {class: 'gt3-hint', id: id + '-hint',
          text: 'Keyboard: arrow keys move the handle, End moves it to the end, Enter confirms.'}),
      ]);
    }

    buildPowPanel() {
      const pow = this.config.pow || {};
      this.progress = el('progress', {class: 'gt3-pow-progress', max: '100', value: '0',
        'aria-labelledby': this.id + '-pow-text'});
      this.powText = el('p', {class: 'gt3-pow-text', id: this.id + '-pow-text',
        text: 'Your browser will do a short computation (about ' +
          Math.pow(2, pow.difficulty || 0).toLocaleString('en') + ' hashes) instead of a puzzle.'});
      return el('div', {class: 'gt3-panel gt3-pow'}, [this.powText, this.progress]);
    }

    buildDialog(offline) {
      const id = this.id;
      const title = el('h2', {class: 'gt3-dialog-title', id: id + '-title', text: 'Verification'});
      const close = el('button', {type: 'button', class: 'gt3-close', 'aria-label': 'Close',
        text: '\u00d7'});
      close.addEventListener('click', () => this.closePanel(true));
      const header = el('div', {class: 'gt3-dialog-header'}, [title]);
      if (offline) header.appendChild(this.offlineMark('dialog-mark'));
      header.appendChild(close);
      this.dialog = el('div', {class: 'gt3-dialog', role: 'dialog', 'aria-modal': 'true',
        'aria-labelledby': id + '-title'}, [header, this.panel]);
      this.overlay = el('div', {class: 'gt3-overlay', hidden: true}, [this.dialog]);
      this.overlay.addEventListener('click', (e) => {
        if (e.target === this.overlay) this.closePanel(true);
      });
      this.overlay.addEventListener('keydown', (e) => this.trapKeys(e));
      document.body.appendChild(this.overlay);
    }

    announceReady() {
      if (this.isReady) return;
      this.isReady = true;
      setTimeout(() => {
        if (this.mode === 'deny') {
          this.fail('offline_denied', 'Verification is unavailable right now: the captcha ' +
            'service is down and this site accepts no offline check. Try again later.');
          return;
        }
        this.setState('ready', this.mode === 'online' ? '' : 'Offline mode: the captcha cloud ' +
          'is unavailable, so this check is made by the site itself.');
        this.emit('ready');
      }, 0);
    }

    // ---- state ----

    setState(state, message) {
      this.state = state;
      this.root.setAttribute('data-gt3-state', state);
      const labels = {
        loading: 'Loading the captcha\u2026',
        ready: 'Click to verify',
        open: this.mode === 'pow' ? 'Verifying\u2026' : 'Slide the handle to verify',
        working: this.mode === 'pow' ? 'Verifying\u2026' : 'Checking\u2026',
        success: 'Verified',
        error: 'Verification failed. Click to try again',
        unavailable: 'Verification is unavailable',
      };
      this.buttonText.textContent = labels[state] || state;
      const inert = state === 'loading' || state === 'working' || state === 'success' ||
        state === 'unavailable';
      this.button.setAttribute('aria-disabled', inert ? 'true' : 'false');
      if (message !== undefined) this.statusLine.textContent = message;
    }

    on(event, cb) {
      if (typeof cb === 'function') {
        this.callbacks[event].push(cb);
        if (event === 'ready' && this.state !== 'loading' && this.state !== 'idle' &&
            this.state !== 'unavailable' && this.isReady) {
          setTimeout(() => cb(), 0);
        }
      }
      return this;
    }

    emit(event, arg) {
      for (const cb of this.callbacks[event]) {
        try { cb(arg); } catch (error) { setTimeout(() => { throw error; }, 0); }
      }
    }

    fail(code, msg) {
      this.stopWorker();
      this.setState(code === 'offline_denied' ? 'unavailable' : 'error', msg);
      this.emit('error', {code, error_code: code, msg});
    }

    succeed(fields, message) {
      this.result = fields;
      this.setState('success', message);
      if (this.handle) this.handle.setAttribute('aria-disabled', 'true');
      this.emit('success');
      if (this.product !== 'float') {
        setTimeout(() => this.closePanel(false), 700);
      } else {
        const hadFocus = this.panel.contains(document.activeElement);
        this.closePanel(false);
        if (hadFocus) this.button.focus();
      }
    }

    // ---- opening and closing ----

    onButton() {
      if (this.state === 'error') this.reset();
      if (this.state !== 'ready' && this.state !== 'open') return;
      if (this.state === 'open' && this.product === 'float' && this.mode !== 'pow') {
        this.handle.focus();
        return;
      }
      this.openPanel();
    }

    openPanel() {
      if (this.state === 'error') this.reset();
      if (this.state !== 'ready' && this.state !== 'open') return;
      if (this.product === 'float') {
        this.panel.hidden = false;
        this.button.setAttribute('aria-expanded', 'true');
      } else {
        this.lastFocus = document.activeElement;
        this.overlay.hidden = false;
      }
      this.setState('open', this.mode === 'pow' ? '' : 'Slide the handle all the way to the right.');
      if (this.mode === 'pow') this.startPow();
      else this.handle.focus();
    }

    closePanel(byUser) {
      if (this.product === 'float') {
        if (this.mode !== 'pow') this.panel.hidden = true;
        this.button.setAttribute('aria-expanded', String(!this.panel.hidden));
        if (byUser) this.emit('close');
        return;
      }
      if (!this.overlay || this.overlay.hidden) return;
      this.overlay.hidden = true;
      if (byUser && this.state === 'open' && this.mode !== 'pow') this.setState('ready', '');
      if (this.lastFocus && this.lastFocus.focus) this.lastFocus.focus();
      if (byUser) this.emit('close');
    }

    trapKeys(e) {
      if (e.key === 'Escape') {
        e.preventDefault();
        this.closePanel(true);
        return;
      }
      if (e.key !== 'Tab') return;
      const focusable = Array.from(this.dialog.querySelectorAll('button, [tabindex="0"]'));
      if (!focusable.length) return;
      const first = focusable[0], last = focusable[focusable.length - 1];
      if (e.shiftKey && document.activeElement === first) { e.preventDefault(); last.focus(); }
      else if (!e.shiftKey && document.activeElement === last) { e.preventDefault(); first.focus(); }
    }

    // ---- the slider ----

    setValue(value) {
      this.value = Math.max(0, Math.min(100, Math.round(value)));
      if (!this.handle) return;
      this.track.style.setProperty('--gt3-value', String(this.value / 100));
      this.handle.setAttribute('aria-valuenow', String(this.value));
      this.handle.setAttribute('aria-valuetext', this.value >= 100
        ? 'at the end; press Enter to confirm' : this.value + ' percent of the way');
    }

    sliderActive() {
      return this.state === 'open' || this.state === 'ready';
    }

    dragStart(e) {
      if (!this.sliderActive() || e.button !== 0) return;
      if (this.state === 'ready') this.openPanel();
      e.preventDefault();
      const span = this.track.clientWidth - this.handle.offsetWidth;
      const startX = e.clientX;
      const startValue = this.value;
      this.track.classList.add('gt3-dragging');
      this.handle.setPointerCapture(e.pointerId);
      const move = (ev) => this.setValue(startValue + ((ev.clientX - startX) / Math.max(span, 1)) * 100);
      const end = () => {
        this.handle.removeEventListener('pointermove', move);
        this.handle.removeEventListener('pointerup', end);
        this.handle.removeEventListener('pointercancel', end);
        this.track.classList.remove('gt3-dragging');
        if (this.value >= DONE_AT) {
          this.setValue(100);
          this.complete();
        } else {
          this.setValue(0);
          this.statusLine.textContent = 'Not quite: slide the handle all the way to the right.';
        }
      };
      this.handle.addEventListener('pointermove', move);
      this.handle.addEventListener('pointerup', end);
      this.handle.addEventListener('pointercancel', end);
    }

    onKey(e) {
      if (!this.sliderActive()) return;
      const steps = {ArrowRight: 10, ArrowUp: 10, ArrowLeft: -10, ArrowDown: -10,
        PageUp: 25, PageDown: -25};
      let handled = true;
      if (e.key in steps) this.setValue(this.value + steps[e.key]);
      else if (e.key === 'Home') this.setValue(0);
      else if (e.key === 'End') this.setValue(100);
      else if (e.key === 'Enter' || e.key === ' ') {
        if (this.value >= 100) this.complete();
        else this.statusLine.textContent = 'Move the handle to the end first (End key), then press Enter.';
      } else handled = false;
      if (handled) {
        e.preventDefault();
        if (this.state === 'ready') this.setState('open');
      }
    }

    complete() {
      if (this.mode === 'online') {
        this.solveOnline();
        return;
      }
      const validate = randomHex(16);
      this.succeed({
        geetest_challenge: this.config.challenge,
        geetest_validate: validate,
        geetest_seccode: validate + '|jordan',
      }, 'Verified (offline mode).');
    }

    async solveOnline() {
      this.setState('working', 'Checking\u2026');
      const url = apiBase(this.config.api_server) + '/sim/solve?gt=' +
        encodeURIComponent(this.config.gt) + '&challenge=' + encodeURIComponent(this.config.challenge);
      const abort = new AbortController();
      const timer = setTimeout(() => abort.abort(), SOLVE_TIMEOUT_MS);
      try {
        const response = await fetch(url, {signal: abort.signal, cache: 'no-store'});
        const body = await response.json().catch(() => ({}));
        if (!response.ok) {
          this.fail('not_solvable', 'This captcha can no longer be solved (' +
            (body.message || 'HTTP ' + response.status) + '). Reload the page for a new one.');
          return;
        }
        const fields = ['geetest_challenge', 'geetest_validate', 'geetest_seccode'];
        if (!fields.every((f) => typeof body[f] === 'string' && body[f] !== '')) {
          this.fail('bad_answer', 'The captcha service gave an answer this widget cannot use. ' +
            'Click to try again.');
          return;
        }
        this.succeed({geetest_challenge: body.geetest_challenge,
          geetest_validate: body.geetest_validate, geetest_seccode: body.geetest_seccode},
        'Verified.');
      } catch (error) {
        this.fail('network', abort.signal.aborted
          ? 'The captcha service did not answer in time. Click to try again.'
          : 'The captcha service cannot be reached. Click to try again.');
      } finally {
        clearTimeout(timer);
      }
    }

    // ---- proof of work ----

    async startPow() {
      const pow = this.config.pow;
      if (!pow || !Number.isInteger(pow.difficulty)) {
        this.fail('bad_config', 'The page gave no proof-of-work parameters; reload the page.');
        return;
      }
      this.setState('working', 'Verifying: your browser is doing a short computation\u2026');
      const expected = Math.pow(2, pow.difficulty);
      let worker;
      try {
        worker = await makeWorker(asset('pow-worker.js'));
      } catch (error) {
        this.fail('worker_unavailable', 'This browser cannot run the verification in the ' +
          'background. Try another browser.');
        return;
      }
      if (this.state !== 'working') { worker.terminate(); return; }  // reset() meanwhile
      this.worker = worker;
      worker.onmessage = (event) => {
        const m = event.data || {};
        if (m.type === 'progress') {
          const share = Math.min(99, Math.floor((m.hashes / expected) * 100));
          this.progress.value = share;
          this.powText.textContent = 'Working: ' + m.hashes.toLocaleString('en') + ' of about ' +
            expected.toLocaleString('en') + ' hashes tried.';
        } else if (m.type === 'done') {
          this.stopWorker();
          this.progress.value = 100;
          this.powText.textContent = 'Done: ' + m.hashes.toLocaleString('en') + ' hashes in ' +
            m.elapsed_ms + ' ms.';
          this.root.setAttribute('data-gt3-pow-ms', String(m.elapsed_ms));
          this.root.setAttribute('data-gt3-pow-hashes', String(m.hashes));
          this.root.setAttribute('data-gt3-pow-engine', String(m.engine));
          this.succeed({
            geetest_challenge: this.config.challenge,
            geetest_validate: m.nonce,
            geetest_seccode: m.nonce + '|jordan',
          }, 'Verified (offline mode).');
        } else if (m.type === 'error') {
          this.fail('pow_failed', 'The verification computation failed (' + m.message +
            '). Click to try again.');
        }
      };
      worker.onerror = (event) => {
        event.preventDefault();
        this.fail('pow_failed', 'The verification computation stopped unexpectedly. ' +
          'Click to try again.');
      };
      worker.postMessage({challenge: pow.challenge || this.config.challenge,
        difficulty: pow.difficulty});
    }

    stopWorker() {
      if (this.worker) {
        this.worker.terminate();
        this.worker = null;
      }
    }
  }

  // A worker from another origin (the widget on a CDN) cannot be started by URL: start it from
  // a copy of its text instead.
  async function makeWorker(url) {
    try {
      return new Worker(url);
    } catch (error) {
      const response = await fetch(url);
      if (!response.ok) throw new Error('HTTP ' + response.status);
      const blob = new Blob([await response.text()], {type: 'text/javascript'});
      return new Worker(URL.createObjectURL(blob));
    }
  }

  function initGeetest(config, handler) {
    if (!config || typeof config.gt !== 'string' || typeof config.challenge !== 'string') {
      throw new Error('initGeetest needs a config with the gt and challenge of a /register answer');
    }
    const captcha = new Captcha(Object.assign({}, config));
    loadStylesheet().then(() => {
      if (typeof handler === 'function') handler(captcha);
      if (captcha.product === 'bind') captcha.announceReady();
    });
  }

  global.initGeetest = initGeetest;
})(window);
