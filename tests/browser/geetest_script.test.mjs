// The login page's choice of widget (docs/page.md), in headless Chromium: against a cloud it does
// not know as the simulator, GeeTest's gt.js for online challenges and our widget for offline
// ones; against demo's own simulator, our widget; a gt.js that cannot load is reported, and the
// page recovers by asking /register again.
//
//   GT3_BYPASS=build/release/src/service/gt3-bypass node --test tests/browser/geetest_script.test.mjs
//
// Nothing here reaches GeeTest: the "real cloud" is a `gt3-bypass cloudsim` process that `serve`
// is pointed at like any cloud (it is not known as the simulator), and gt.js is stand-in/gt.js,
// served with its solve route from a loopback origin of this file's own (page.gt_js_url names
// it). Environment: that of harness.mjs.

import {after, before, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {createHash, randomBytes} from 'node:crypto';
import {readFile} from 'node:fs/promises';
import http from 'node:http';
import {dragSlider, fillLogin, getJson, launchBrowser, newPage as newContextPage, openLogin, shot,
  startCloudsim, startDemo, startServe, submitAndRead, waitForMode} from './harness.mjs';

const APP_ID = randomBytes(16).toString('hex');
const APP_KEY = randomBytes(16).toString('hex');
const GT_JS_PATH = '/static/js/gt.0.4.9.js';  // the path of GeeTest's own URL
const SCRIPT_TIMEOUT_MS = 15_000;  // login.js: how long a script may take to load
const FIRST_RETRY_MS = 5_000;  // login.js: the pause before /register is asked again

const md5 = (text) => createHash('md5').update(text).digest('hex');

let browser;
let standIn;  // {origin, gtJs, solves, close()}
let cloudsim;

// stand-in/gt.js at GT_JS_PATH, and the answer GeeTest's servers would give for a solved puzzle
// of the test's app at /stand-in/solve (what cloudsim's validate.php accepts).
async function startStandIn() {
  const script = await readFile(new URL('./stand-in/gt.js', import.meta.url));
  const solves = [];
  const server = http.createServer((request, response) => {
    const url = new URL(request.url, 'http://127.0.0.1');
    if (url.pathname === GT_JS_PATH) {
      response.writeHead(200, {'Content-Type': 'text/javascript; charset=utf-8',
        'Cache-Control': 'no-store'});
      response.end(script);
      return;
    }
    if (url.pathname === '/stand-in/solve') {
      const challenge = url.searchParams.get('challenge') || '';
      const known = url.searchParams.get('gt') === APP_ID && /^[0-9a-f]{32}$/.test(challenge);
      solves.push(challenge);
      response.writeHead(known ? 200 : 404, {'Content-Type': 'application/json',
        'Access-Control-Allow-Origin': '*', 'Cache-Control': 'no-store'});
      response.end(JSON.stringify(known ? {validate: md5(APP_KEY + 'geetest' + challenge)}
        : {error: 'not_solvable'}));
      return;
    }
    response.writeHead(404, {'Content-Type': 'text/plain'});
    response.end('not found');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    gtJs: origin + GT_JS_PATH,
    solves,
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

before(async () => {
  browser = await launchBrowser();
  standIn = await startStandIn();
  cloudsim = await startCloudsim('cloudsim as the real cloud', APP_ID, APP_KEY);
});

after(async () => {
  if (browser) await browser.close();
  if (cloudsim) await cloudsim.stop();
  if (standIn) await standIn.close();
});

const newPage = (t) => newContextPage(browser, t);

// The URLs the page requested, as they happen.
function requestsOf(page) {
  const urls = [];
  page.on('request', (request) => urls.push(request.url()));
  return urls;
}

async function simulatorSolves() {
  return (await getJson(cloudsim.control)).counters.solve;
}

// The page's timers stand still from its first script on, until the test moves them.
async function stopTheClock(page) {
  const now = Date.now();
  await page.clock.install({time: now});
  await page.clock.pauseAt(now + 1000);
}

async function registerAnswer(page) {
  return JSON.parse(await page.locator('#register-answer').textContent());
}

// The cloud down until the end of the test, and the service offline meanwhile.
async function cloudDown(t, service) {
  await cloudsim.setMode('down');
  t.after(async () => {
    await cloudsim.setMode('up');
    await waitForMode(service, 'online');
  });
  await waitForMode(service, 'offline');
}

describe('serve against a cloud it does not know as the simulator', () => {
  let serve;
  before(async () => {
    serve = await startServe('serve', [`--geetest.id=${APP_ID}`, `--geetest.key=${APP_KEY}`,
      `--geetest.api_url=${cloudsim.cloud}`,
      `--geetest.bypass_url=${cloudsim.cloud}/v1/bypass_status.php`,
      `--page.gt_js_url=${standIn.gtJs}`]);
  });
  after(async () => { if (serve) await serve.stop(); });

  test('/page/config names gt.js for online challenges', async () => {
    const config = await getJson(`${serve.url}/page/config`);
    assert.equal(config.online_widget, 'gt.js');
    assert.equal(config.gt_js_url, standIn.gtJs);
    assert.equal(config.widget_url, '/static/gt3-widget.js');
  });

  test('online: gt.js is started with the register answer, its fields pass /validate',
    async (t) => {
      const page = await newPage(t);
      const requested = requestsOf(page);
      const solvesBefore = await simulatorSolves();
      await page.goto(serve.url + '/');
      await page.locator('#captcha .stand-in-geetest[data-state="ready"]').waitFor();
      const register = await registerAnswer(page);
      assert.equal(register.success, 1);
      const calls = await page.evaluate(() => window.standInGeetest.calls);
      assert.equal(calls.length, 1);
      assert.deepEqual(calls[0], {gt: APP_ID, challenge: register.challenge, offline: false,
        new_captcha: true, product: 'float', width: '100%', onError: 'function'});
      assert.ok(requested.includes(standIn.gtJs), 'the page loaded gt.js');
      assert.ok(!requested.some((url) => url.endsWith('/gt3-widget.js')), 'not our widget');
      await shot(page, 'gtjs-01-online-ready');

      await fillLogin(page);
      await page.click('#captcha .stand-in-geetest button');
      await page.locator('#captcha .stand-in-geetest[data-state="success"]').waitFor();
      const fields = await page.evaluate(() => window.gt3Demo.captcha.getValidate());
      const posted = page.waitForRequest((request) => request.url().endsWith('/validate'));
      const text = await submitAndRead(page, 'success');
      assert.match(text, /Success/);
      const form = new URLSearchParams((await posted).postData());
      assert.equal(form.get('geetest_challenge'), register.challenge);
      assert.equal(form.get('geetest_validate'), fields.geetest_validate);
      assert.equal(form.get('geetest_seccode'), fields.geetest_seccode);
      assert.equal(form.get('username'), 'alice');
      assert.ok(standIn.solves.includes(register.challenge), 'solved through the stand-in');
      assert.equal(await simulatorSolves(), solvesBefore, 'the page never asked /sim/solve');
      await shot(page, 'gtjs-02-online-success');
      assert.deepEqual(page.problems, []);
    });

  test('offline: our widget, and gt.js is not loaded', async (t) => {
    await cloudDown(t, serve);
    const page = await newPage(t);
    const requested = requestsOf(page);
    await openLogin(page, serve);
    assert.equal((await registerAnswer(page)).success, 0);
    const widget = page.locator('#captcha .gt3');
    assert.equal(await widget.getAttribute('data-gt3-mode'), 'compat');
    assert.ok(!requested.includes(standIn.gtJs), 'gt.js was not loaded');
    await fillLogin(page);
    await dragSlider(page);
    assert.match(await submitAndRead(page, 'success'), /Success/);
    assert.deepEqual(page.problems, []);
  });

  test('gt.js blocked: the page says so, asks /register again, and passes offline', async (t) => {
    const page = await newPage(t);
    await stopTheClock(page);
    await page.route(standIn.gtJs, (route) => route.abort('blockedbyclient'));
    const registers = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/register') registers.push(request.url());
    });
    await page.goto(serve.url + '/');
    const problem = page.locator('#captcha .problem[role="alert"]');
    await problem.waitFor();
    const said = await problem.innerText();
    assert.ok(said.includes(standIn.gtJs), said);
    assert.match(said, /could not be loaded/);
    assert.match(said, /Trying again in 5 s/);
    assert.ok(await page.locator('#captcha-retry').isVisible(), 'a button to try again now');
    await fillLogin(page);
    assert.match(await submitAndRead(page, 'incomplete'), /not available yet/);
    await shot(page, 'gtjs-03-blocked');
    assert.equal(registers.length, 1);

    // GeeTest unreachable for the service too: it goes offline, and the retry gets our widget.
    await cloudDown(t, serve);
    await page.clock.fastForward(FIRST_RETRY_MS);
    await page.clock.resume();
    await page.waitForSelector('#captcha .gt3[data-gt3-state="ready"]');
    assert.equal(registers.length, 2);
    assert.equal((await registerAnswer(page)).success, 0);
    await dragSlider(page);
    assert.match(await submitAndRead(page, 'success'), /Success/);
    await shot(page, 'gtjs-04-blocked-then-offline');
  });

  test('gt.js that never arrives: the page gives up on it and says so', async (t) => {
    const page = await newPage(t);
    await stopTheClock(page);
    let pending = null;
    await page.route(standIn.gtJs, (route) => { pending = route; });  // never answered
    t.after(async () => { if (pending) await pending.abort().catch(() => {}); });
    await page.goto(serve.url + '/');
    await page.waitForRequest(standIn.gtJs);
    await page.clock.fastForward(SCRIPT_TIMEOUT_MS);
    const problem = page.locator('#captcha .problem[role="alert"]');
    await problem.waitFor();
    assert.match(await problem.innerText(), /did not load within 15 s/);
  });
});

describe('demo: its own simulator keeps our widget for online challenges', () => {
  let demo;
  before(async () => {
    demo = await startDemo('demo', [`--page.gt_js_url=${standIn.gtJs}`]);
  });
  after(async () => { if (demo) await demo.stop(); });

  test('our widget online, and gt.js is not loaded', async (t) => {
    assert.equal((await getJson(`${demo.url}/page/config`)).online_widget, 'gt3-widget');
    const page = await newPage(t);
    const requested = requestsOf(page);
    await openLogin(page, demo);
    assert.equal((await registerAnswer(page)).success, 1);
    assert.equal(await page.locator('#captcha .gt3').getAttribute('data-gt3-mode'), 'online');
    assert.ok(!requested.includes(standIn.gtJs), 'gt.js was not loaded');
    assert.deepEqual(page.problems, []);
  });
});
