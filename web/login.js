/*
 * login.js: the demo login page. It does what GeeTest's official demo page does: fetch
 * /register, start the widget with initGeetest, and post the three geetest_* fields with the form
 * to /validate. It uses only the initGeetest interface of docs/protocol.md section 7, so it runs
 * unchanged with GeeTest's own gt.js when /page/config names it as widget_url.
 *
 * In `gt3-bypass demo` (/page/config says demo: true) it also shows the control panel that puts
 * the simulated cloud up, down, and so on.
 */
'use strict';

(function () {
  const FETCH_TIMEOUT_MS = 8000;
  const $ = (id) => document.getElementById(id);
  const page = {config: null, captcha: null, generation: 0};
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

  function loadScript(url) {
    return new Promise((resolve, reject) => {
      if (typeof window.initGeetest === 'function') return resolve();
      const script = document.createElement('script');
      script.src = url;
      script.async = true;
      script.onload = () => resolve();
      script.onerror = () => reject(new Error('the captcha script ' + url + ' did not load'));
      document.head.appendChild(script);
    });
  }

  function showCaptchaProblem(message) {
    const area = $('captcha');
    area.textContent = '';
    const p = document.createElement('p');
    p.className = 'problem';
    p.setAttribute('role', 'alert');
    p.textContent = message;
    area.appendChild(p);
  }

  function clearCaptcha() {
    if (page.captcha && typeof page.captcha.destroy === 'function') page.captcha.destroy();
    page.captcha = null;
    $('captcha').textContent = '';
  }

  // Fetch a challenge and start the widget with it, as GeeTest's demo page does.
  async function loadCaptcha() {
    const generation = ++page.generation;
    let data;
    try {
      data = await getJson('/register?t=' + Date.now());
    } catch (error) {
      showCaptchaProblem('The captcha cannot be loaded: ' + error.message +
        '. Reload the page to try again.');
      return;
    }
    if (generation !== page.generation) return;  // a newer load took over
    $('register-answer').textContent = JSON.stringify(data, null, 2);
    const config = {
      gt: data.gt,
      challenge: data.challenge,
      offline: !data.success,
      new_captcha: data.new_captcha,
      product: 'float',
      width: '100%',
    };
    if (page.config.api_server) config.api_server = page.config.api_server;
    if (data.offline_policy) config.offline_policy = data.offline_policy;
    if (data.pow) config.pow = data.pow;
    window.initGeetest(config, (captcha) => {
      if (generation !== page.generation) return;
      clearCaptcha();
      page.captcha = captcha;
      page.captchaError = null;
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
    try {
      await loadScript(page.config.widget_url || '/static/gt3-widget.js');
    } catch (error) {
      showCaptchaProblem(error.message + '. Reload the page to try again.');
      return;
    }
    loadCaptcha();
  }

  start();
})();
