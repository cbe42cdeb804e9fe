// What the browser tests share: the headless Chromium, the gt3-bypass processes they start and
// stop themselves on loopback (demo, serve, cloudsim), and the steps of the login page.
//
// Environment:
//   GT3_BYPASS          the gt3-bypass program (required)
//   GT3_SCREENSHOTS     folder for the screenshots (default: build/browser-screenshots)
//   GT3_DEMO_ARGS       extra flags appended to every demo and serve, e.g. --page.web_root=$PWD/web
//   GT3_CHROMIUM        the browser (default: /usr/bin/chromium)

import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {mkdirSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {chromium} from 'playwright-core';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BINARY = process.env.GT3_BYPASS;
const SHOTS = path.resolve(ROOT, process.env.GT3_SCREENSHOTS || 'build/browser-screenshots');
const DEMO_ARGS = (process.env.GT3_DEMO_ARGS || '').split(/\s+/).filter(Boolean);
const CHROMIUM = process.env.GT3_CHROMIUM || '/usr/bin/chromium';
export const STEP_MS = 10_000;  // the longest any single step may wait

export async function launchBrowser() {
  assert.ok(BINARY, 'set GT3_BYPASS to the gt3-bypass program, e.g. ' +
    'GT3_BYPASS=build/release/src/service/gt3-bypass');
  mkdirSync(SHOTS, {recursive: true});
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    timeout: 30_000,
  });
}

// ---- the processes ----

// Starts `gt3-bypass <argv>` and waits until `ready` finds what it needs in its output (stdout
// and stderr together); answers {value: what ready returned, stderr(), stop()}.
async function startProcess(name, argv, ready) {
  const child = spawn(BINARY, argv, {stdio: ['ignore', 'pipe', 'pipe']});
  let output = '';
  let stderr = '';
  const value = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`${name}: not ready within ${STEP_MS} ms\noutput: ${output}`));
    }, STEP_MS);
    const read = (chunk, isError) => {
      output += chunk;
      if (isError) stderr += chunk;
      const found = ready(output);
      if (found) {
        clearTimeout(timer);
        resolve(found);
      }
    };
    child.stdout.on('data', (chunk) => read(chunk, false));
    child.stderr.on('data', (chunk) => read(chunk, true));
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${name}: ${BINARY} ${argv.join(' ')} exited (${code ?? signal}) ` +
        `before it was ready\noutput: ${output}`));
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`${name}: cannot start ${BINARY}: ${error.message}`));
    });
  });
  return {
    value,
    stderr: () => stderr,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

// `gt3-bypass demo`: serve and its own simulated cloud in one process, online once it answers.
export async function startDemo(name, args = []) {
  const argv = ['demo', '--server.listen=127.0.0.1:0', '--bypass.interval_ms=200',
    '--bypass.timeout_ms=100', '--log.level=warn', ...args, ...DEMO_ARGS];
  const started = await startProcess(name, argv,
    (output) => output.match(/demo: open (http:\/\/127\.0\.0\.1:\d+)\//)?.[1]);
  const demo = {name, url: started.value, stderr: started.stderr, stop: started.stop};
  await waitForMode(demo, 'online');
  return demo;
}

// `gt3-bypass cloudsim` on free ports, serving the app `id`:`key`.
export async function startCloudsim(name, id, key) {
  const argv = ['cloudsim', '--listen', '127.0.0.1:0', '--control', '127.0.0.1:0',
    '--app', `${id}:${key}`];
  const started = await startProcess(name, argv, (output) => {
    const cloud = output.match(/cloudsim: cloud on (http:\/\/127\.0\.0\.1:\d+)/);
    const control = output.match(/cloudsim: control on (http:\/\/127\.0\.0\.1:\d+\/__control)/);
    return cloud && control && {cloud: cloud[1], control: control[1]};
  });
  return {name, ...started.value, stderr: started.stderr, stop: started.stop,
    async setMode(mode) {
      const answer = await getJson(started.value.control, {method: 'POST',
        body: JSON.stringify({mode})});
      assert.equal(answer.modes.register, mode);
    }};
}

// `gt3-bypass serve` with `args` (the GeeTest settings among them), online once it answers.
export async function startServe(name, args) {
  const argv = ['serve', '--server.listen=127.0.0.1:0', '--bypass.interval_ms=200',
    '--bypass.timeout_ms=100', '--log.level=info', ...args, ...DEMO_ARGS];
  const started = await startProcess(name, argv,
    (output) => output.match(/serve: listening on (http:\/\/127\.0\.0\.1:\d+)/)?.[1]);
  const serve = {name, url: started.value, stderr: started.stderr, stop: started.stop};
  await waitForMode(serve, 'online');
  return serve;
}

export async function getJson(url, options) {
  const response = await fetch(url, {...options, signal: AbortSignal.timeout(3000)});
  const body = await response.json();
  assert.ok(response.ok, `${url}: HTTP ${response.status} ${JSON.stringify(body)}`);
  return body;
}

// Polls /bypass/status until it says `mode`, for at most STEP_MS.
export async function waitForMode(service, mode) {
  const deadline = Date.now() + STEP_MS;
  let status = null;
  while (Date.now() < deadline) {
    try {
      status = await getJson(`${service.url}/bypass/status`);
      if (status.mode === mode) return status;
    } catch (error) {
      status = {error: error.message};
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.fail(`${service.name}: /bypass/status did not say ${mode} within ${STEP_MS} ms; last: ` +
    JSON.stringify(status) + `\nstderr: ${service.stderr()}`);
}

// ---- the page ----

// A page in a context of its own, closed after the test; page.problems collects page errors and
// console errors.
export async function newPage(browser, t, viewport = {width: 1000, height: 900}) {
  const context = await browser.newContext({viewport});
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_MS);
  const problems = [];
  page.on('pageerror', (error) => problems.push('page error: ' + error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push('console error: ' + message.text());
  });
  t.after(async () => {
    await context.close();
  });
  page.problems = problems;
  return page;
}

export async function shot(page, name, fullPage = true) {
  await page.screenshot({path: path.join(SHOTS, name + '.png'), fullPage});
}

// Opens the login page and waits until our widget has settled (ready, or unavailable for deny).
export async function openLogin(page, service) {
  await page.goto(service.url + '/');
  await page.waitForSelector('#captcha .gt3[data-gt3-state="ready"], ' +
    '#captcha .gt3[data-gt3-state="unavailable"]');
}

export async function dragSlider(page) {
  await page.click('#captcha .gt3-button');
  const handle = page.locator('#captcha .gt3-handle');
  await handle.waitFor({state: 'visible'});
  const box = await handle.boundingBox();
  const track = await page.locator('#captcha .gt3-track').boundingBox();
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width / 2, y);
  await page.mouse.down();
  await page.mouse.move(track.x + track.width / 2, y, {steps: 8});
  await page.mouse.move(track.x + track.width - box.width / 2 + 8, y, {steps: 8});
  await page.mouse.up();
  await page.waitForSelector('#captcha .gt3[data-gt3-state="success"]');
}

export async function fillLogin(page) {
  await page.fill('#username', 'alice');
  await page.fill('#password', 'correct horse battery staple');
}

export async function submitAndRead(page, expected) {
  await page.click('#submit');
  const result = page.locator(`#result[data-result="${expected}"]`);
  await result.waitFor();
  return result.innerText();
}
