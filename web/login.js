/*
 * login.js: the login page. It does what GeeTest's official demo page does: fetch /register,
 * start a widget with initGeetest, and post the three geetest_* fields with the form to /validate.
 *
 * Which widget (docs/page.md): /page/config names the widget of online challenges, GeeTest's
 * gt.js (page.gt_js_url) against the real cloud, or our widget against the simulator, whose
 * /sim/solve only the simulator has. Offline challenges always get our widget (page.widget_url):
 * it does the proof of work of policy pow and says so when policy deny refuses. Both offer the
 * initGeetest interface of docs/protocol.md section 7, and both define the global initGeetest,
 * so the page keeps each script's own function.
 *
 * When a script cannot be loaded (blocked, or GeeTest's hosts unreachable), the page says so and
 * asks /register again after a pause: an outage of GeeTest soon turns the service offline, and
 * the offline challenge then gets our widget, which this site serves itself.
 *
 * In `gt3-bypass demo` (/page/config says demo: true) it also shows the control panel that puts
 * the simulated cloud up, down, and so on.
 */
'use strict';

(function () {
  const FETCH_TIMEOUT_MS = 8000;
  const SCRIPT_TIMEOUT_MS = 15000;  // a host that drops packets would hold the page for minutes
  const RETRY_DELAYS_S = [5, 10, 20, 30];  // before asking /register again, after each failure
  const $ = (id) => document.getElementById(id);
  const page = {config: null, captcha: null, generation: 0, failures: 0, problem: null,
    retryTimer: null, widget: null};
  window.gt3Demo = page;  // for people poking around in the console, and for the browser tests

  async function getJson(url, options) {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), FETCH_TIMEOUT_MS);
    try {
      const response = await fetch(url, Object.assign({cache: 'no-store', signal: abort.signal},
        options));
      const body = await response.json().catch(() => null);
      if (!response.ok) {
        const why = body && (body.message || body.msg || body.error);
        throw new Error(url + ' answered HTTP ' + response.status + (why ? ': ' + why : ''));
      }
      if (body === null) throw new Error(url + ' did not answer JSON');
      return body;
    } catch (error) {
      if (abort.signal.aborted) throw new Error(url + ' did not answer within ' +
        FETCH_TIMEOUT_MS / 1000 + ' s');
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  // ---- the widget scripts ----

  // url -> a promise of the initGeetest that script defines. One script loads at a time, so that
  // the global initGeetest read after a script ran is that script's. A failed load is forgotten,
  // so that the next attempt fetches the script again.
  const scripts = new Map();
  let scriptQueue = Promise.resolve();

  function initGeetestOf(url) {
    if (!scripts.has(url)) {
      const loading = scriptQueue.then(() => loadScript(url));
      scriptQueue = loading.catch(() => {});
      loading.catch(() => scripts.delete(url));
      scripts.set(url, loading);
    }
    return scripts.get(url);
  }

  function loadScript(url) {
    return new Promise((resolve, reject) => {
      const script = document.createElement('script');
      const fail = (why) => {
        clearTimeout(timer);
        script.onload = script.onerror = null;
        reject(new Error(why));
      };
      const timer = setTimeout(() => fail('did not load within ' + SCRIPT_TIMEOUT_MS / 1000 +
        ' s'), SCRIPT_TIMEOUT_MS);
      window.initGeetest = undefined;
      script.onload = () => {
        const init = window.initGeetest;
        if (typeof init !== 'function') return fail('loaded, but defines no initGeetest');
        clearTimeout(timer);
        resolve(init);
      };
      script.onerror = () => fail('could not be loaded');
      script.src = url;
      script.async = true;
      document.head.appendChild(script);
    });
  }

  // ---- the captcha ----

  function showCaptchaProblem(message, retry) {
    const area = $('captcha');
    area.textContent = '';
    const p = document.createElement('p');
    p.className = 'problem';
    p.setAttribute('role', 'alert');
    p.textContent = message;
    area.appendChild(p);
    if (retry) {
      const button = document.createElement('button');
      button.type = 'button';
      button.id = 'captcha-retry';
      button.textContent = 'Try again now';
      button.addEventListener('click', () => loadCaptcha());
      area.appendChild(button);
    }
  }

  function clearCaptcha() {
    if (page.captcha && typeof page.captcha.destroy === 'function') page.captcha.destroy();
    page.captcha = null;
    $('captcha').textContent = '';
  }

  // The captcha could not start: say why, and ask /register again after a pause that grows.
  function startFailed(message) {
    clearCaptcha();
    const delay = RETRY_DELAYS_S[Math.min(page.failures, RETRY_DELAYS_S.length - 1)];
    page.failures += 1;
    page.problem = message;
    showCaptchaProblem(message + ' Trying again in ' + delay + ' s.', true);
    const generation = page.generation;
    page.retryTimer = setTimeout(() => {
      if (generation === page.generation) loadCaptcha();
    }, delay * 1000);
  }

  // Fetch a challenge and start the widget it needs, as GeeTest's demo page does.
  async function loadCaptcha() {
    const generation = ++page.generation;
    clearTimeout(page.retryTimer);
    let data;
    try {
      data = await getJson('/register?t=' + Date.now());
    } catch (error) {
      if (generation === page.generation) {
        startFailed('The captcha cannot be loaded: ' + error.message + '.');
      }
      return;
    }
    if (generation !== page.generation) return;  // a newer load took over
    $('register-answer').textContent = JSON.stringify(data, null, 2);
    const geetest = Boolean(data.success) && page.config.online_widget === 'gt.js';
    const url = geetest ? page.config.gt_js_url : page.config.widget_url;
    let initGeetest;
    try {
      initGeetest = await initGeetestOf(url);
    } catch (error) {
      if (generation !== page.generation) return;
      startFailed(geetest
        ? 'GeeTest\'s captcha script ' + url + ' ' + error.message + ': the browser, an ' +
          'extension or the network blocks it, or GeeTest cannot be reached.'
        : 'The captcha script ' + url + ' ' + error.message + '.');
      return;
    }
    if (generation !== page.generation) return;
    const config = {
      gt: data.gt,
      challenge: data.challenge,
      offline: !data.success,
      new_captcha: data.new_captcha,
      product: 'float',
      width: '100%',
    };
    if (geetest) {
      // gt.js loads GeeTest's puzzle scripts in turn, and reports their failure here.
      config.onError = (error) => {
        if (generation === page.generation) {
          startFailed('GeeTest\'s captcha could not start (' + String(error) + ').');
        }
      };
    } else {
      if (page.config.api_server) config.api_server = page.config.api_server;
      if (data.offline_policy) config.offline_policy = data.offline_policy;
      if (data.pow) config.pow = data.pow;
    }
    page.widget = geetest ? 'gt.js' : 'gt3-widget';
    initGeetest(config, (captcha) => {
      if (generation !== page.generation) return;
      clearCaptcha();
      page.captcha = captcha;
      page.captchaError = null;
      page.failures = 0;
      page.problem = null;
      captcha.appendTo('#captcha');
      captcha.onReady(() => $('captcha').setAttribute('data-ready', 'true'));
      captcha.onSuccess(() => {
        const result = $('result');
        if (result.dataset.result === 'incomplete') showResult('', '');
      });
      captcha.onError((error) => {
        // The widget shows the problem itself; the page remembers it for the submit button.
        page.captchaError = error;
        console.warn('captcha error', error);
      });
    });
  }

  function showResult(kind, title, detail) {
    const result = $('result');
    result.dataset.result = kind;
    result.className = 'result' + (kind ? ' result-' + kind : '');
    result.textContent = '';
    if (!title) return;
    const strong = document.createElement('strong');
    strong.textContent = title;
    result.appendChild(strong);
    if (detail) {
      const p = document.createElement('p');
      p.textContent = detail;
      result.appendChild(p);
    }
  }

  async function onSubmit(event) {
    event.preventDefault();
    const fields = page.captcha && page.captcha.getValidate();
    if (!fields) {
      const error = page.captchaError;
      if (error && (error.code === 'offline_denied' || error.error_code === 'offline_denied')) {
        showResult('incomplete', 'Sign-in is not possible right now: the captcha cannot be checked.',
          'Try again later, or use another way in that the site offers.');
      } else if (page.problem) {
        showResult('incomplete', 'The captcha is not available yet.', page.problem);
      } else {
        showResult('incomplete', 'Please complete the captcha first.');
      }
      return;
    }
    const body = new URLSearchParams(new FormData($('login')));
    body.set('geetest_challenge', fields.geetest_challenge);
    body.set('geetest_validate', fields.geetest_validate);
    body.set('geetest_seccode', fields.geetest_seccode);
    const submit = $('submit');
    submit.disabled = true;
    showResult('pending', 'Checking\u2026');
    try {
      const answer = await getJson('/validate', {method: 'POST', body});
      if (answer.result === 'success') {
        showResult('success', 'Success: the captcha was accepted.',
          'A real site would now check the username and password.');
      } else {
        showResult('fail', 'Rejected: ' + (answer.reason || 'fail') + '.',
          answer.msg || 'The captcha was not accepted.');
      }
    } catch (error) {
      showResult('fail', 'The check could not be made.', error.message);
    } finally {
      submit.disabled = false;
      // Each challenge can be used once: get a fresh one for the next attempt.
      loadCaptcha();
    }
  }

  // ---- the demo control panel ----

  async function refreshService() {
    try {
      const status = await getJson('/bypass/status');
      const mode = $('service-mode');
      mode.textContent = status.mode;
      mode.dataset.mode = status.mode;
      $('service-cause').textContent = status.cause ? '(' + status.cause + ')' : '';
    } catch (error) {
      $('service-mode').textContent = 'unknown';
      $('service-mode').dataset.mode = 'unknown';
      $('service-cause').textContent = '(' + error.message + ')';
    }
  }

  async function refreshCloud(answer) {
    try {
      const body = answer || await getJson('/demo/cloud');
      $('cloud-mode').textContent = body.mode;
      $('cloud-mode').dataset.mode = body.mode;
    } catch (error) {
      $('cloud-mode').textContent = 'unknown (' + error.message + ')';
    }
  }

  function startPanel() {
    $('panel').hidden = false;
    for (const button of document.querySelectorAll('.cloud-buttons button')) {
      button.addEventListener('click', async () => {
        try {
          const answer = await getJson('/demo/cloud', {
            method: 'POST',
            headers: {'Content-Type': 'application/json'},
            body: JSON.stringify({mode: button.dataset.mode}),
          });
          refreshCloud(answer);
        } catch (error) {
          $('cloud-mode').textContent = 'unchanged (' + error.message + ')';
        }
        refreshService();
      });
    }
    $('new-captcha').addEventListener('click', () => loadCaptcha());
    refreshCloud();
    refreshService();
    setInterval(refreshService, 1000);
  }

  async function start() {
    $('login').addEventListener('submit', onSubmit);
    try {
      page.config = await getJson('/page/config');
    } catch (error) {
      showCaptchaProblem('The page configuration cannot be loaded: ' + error.message +
        '. Reload the page to try again.');
      return;
    }
    if (page.config.demo) startPanel();
    loadCaptcha();
  }

  start();
})();
