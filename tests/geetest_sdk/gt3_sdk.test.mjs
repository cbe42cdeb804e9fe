// GeeTest's own Node SDK (gt3-sdk 2.0.0 from npm, unmodified) against `gt3-bypass cloudsim`,
// which this file starts and stops itself on loopback: the simulator must accept what the real
// cloud accepted (docs/protocol.md, "What GeeTest's own clients send"), and a fault must never
// read as a success. The SDK is pointed at the simulator through its own `protocol` and
// `api_server` options; nothing here contacts api.geetest.com.
//
//   GT3_BYPASS=build/release/src/service/gt3-bypass node --test tests/geetest_sdk/gt3_sdk.test.mjs
//
// Setup: `npm ci --prefix tests/geetest_sdk` (gt3-sdk 2.0.0 and its `request` tree, as locked).

import {after, before, test} from 'node:test';
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {createHash, randomBytes} from 'node:crypto';
import Geetest from 'gt3-sdk';

const BINARY = process.env.GT3_BYPASS;
const STEP_MS = 10_000;  // the longest the simulator may take to say where it listens
const SDK_TIMEOUT_MS = 1000;  // the SDK's own request timeout, shorter than the slow faults below
const APP_ID = randomBytes(16).toString('hex');
const APP_KEY = randomBytes(16).toString('hex');

const md5 = (text) => createHash('md5').update(text).digest('hex');

let cloudsim;  // {child, cloud, control}
let sdk;

// Starts cloudsim on free ports and reads them from its first lines (no waiting on a clock).
async function startCloudsim() {
  const argv = ['cloudsim', '--listen', '127.0.0.1:0', '--control', '127.0.0.1:0',
    '--app', `${APP_ID}:${APP_KEY}`];
  const child = spawn(BINARY, argv, {stdio: ['ignore', 'pipe', 'pipe']});
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  const ports = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`cloudsim did not say where it listens within ${STEP_MS} ms\n` +
        `stdout: ${stdout}\nstderr: ${stderr}`));
    }, STEP_MS);
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const cloud = stdout.match(/cloudsim: cloud on (http:\/\/127\.0\.0\.1:\d+)/);
      const control = stdout.match(/cloudsim: control on (http:\/\/127\.0\.0\.1:\d+\/__control)/);
      if (cloud && control) {
        clearTimeout(timer);
        resolve({cloud: cloud[1], control: control[1]});
      }
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${BINARY} ${argv.join(' ')} exited (${code ?? signal}) before it was ` +
        `ready\nstderr: ${stderr}`));
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`cannot start ${BINARY}: ${error.message}`));
    });
  });
  return {child, ...ports};
}

before(async () => {
  assert.ok(BINARY, 'set GT3_BYPASS to the gt3-bypass program, e.g. ' +
    'GT3_BYPASS=build/release/src/service/gt3-bypass');
  cloudsim = await startCloudsim();
  sdk = new Geetest({
    geetest_id: APP_ID,
    geetest_key: APP_KEY,
    protocol: 'http://',
    api_server: new URL(cloudsim.cloud).host,  // 127.0.0.1:<port>, never api.geetest.com
    timeout: SDK_TIMEOUT_MS,
  });
});

after(async () => {
  const child = cloudsim?.child;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
});

async function control(body) {
  const answer = await fetch(cloudsim.control, {method: 'POST', body: JSON.stringify(body)});
  const text = await answer.text();
  assert.equal(answer.status, 200, text);
  return JSON.parse(text);
}

async function counters() {
  return (await (await fetch(cloudsim.control)).json()).counters;
}

// Registers through the SDK and solves through the simulator: the form a browser would post.
async function registeredAndSolved() {
  const registered = await sdk.register({client_type: 'web', ip_address: '127.0.0.1'});
  assert.equal(registered.success, 1, 'the SDK fell back to offline: the register call failed');
  const answer = await fetch(`${cloudsim.cloud}/sim/solve?gt=${APP_ID}` +
    `&challenge=${registered.challenge}`);
  const body = await answer.text();
  assert.equal(answer.status, 200, `cloudsim did not issue the SDK's challenge: ${body}`);
  return JSON.parse(body);
}

// What the SDK's validate came to: true, false, or the error it rejected with.
async function sdkValidate(form) {
  try {
    return await sdk.validate(false, form);
  } catch (error) {
    return `error: ${error.code || error.message}`;
  }
}

test('register: the challenge the SDK digests is the one cloudsim issued', async () => {
  const before = (await counters()).register;
  const form = await registeredAndSolved();
  assert.equal((await counters()).register, before + 1);
  assert.equal(form.geetest_validate, md5(APP_KEY + 'geetest' + form.geetest_challenge));
  assert.equal(form.geetest_seccode, `${form.geetest_validate}|jordan`);
});

test('validate: a correct solve is accepted', async () => {
  const form = await registeredAndSolved();
  assert.equal(await sdkValidate(form), true);
});

test('validate: a replay of an accepted solve is refused', async () => {
  const form = await registeredAndSolved();
  assert.equal(await sdkValidate(form), true);
  const before = (await counters()).validate;
  assert.equal(await sdkValidate(form), false);
  assert.equal((await counters()).validate, before + 1, 'the replay reached the cloud');
});

test('validate: a wrong seccode is refused by the cloud, and the challenge stays usable',
  async () => {
    const form = await registeredAndSolved();
    const before = (await counters()).validate;
    assert.equal(await sdkValidate({...form, geetest_seccode: `${'0'.repeat(32)}|jordan`}), false);
    assert.equal((await counters()).validate, before + 1, 'the wrong seccode reached the cloud');
    assert.equal(await sdkValidate(form), true);
  });

test('validate, 1.x form: the seccode alone gets its bare md5, then a bare false', async () => {
  const form = await registeredAndSolved();
  const post = () => fetch(`${cloudsim.cloud}/validate.php`, {
    method: 'POST',
    body: new URLSearchParams({seccode: form.geetest_seccode}),
  });
  const accepted = await post();
  assert.equal(accepted.status, 200);
  assert.match(accepted.headers.get('content-type'), /^text\/html/);
  assert.equal(await accepted.text(), md5(form.geetest_seccode));
  assert.equal(await (await post()).text(), 'false');
  assert.equal(await sdkValidate(form), false, 'a replay in the 2.0.0 form after the 1.x form');
});

// Each fault on the validate endpoint: the SDK must report a failure (false or an error).
const FAULTS = ['down', 'hang', `slow:${SDK_TIMEOUT_MS * 3}`, 'http500', 'http429', 'html',
  'flap:60000', 'truncated', 'drop', `trickle:${SDK_TIMEOUT_MS * 2}`];

for (const mode of FAULTS) {
  test(`validate under fault "${mode}": the SDK does not report a success`, async () => {
    const form = await registeredAndSolved();
    await control({mode, endpoint: 'validate'});
    try {
      const outcome = await sdkValidate(form);
      assert.notEqual(outcome, true, `the SDK reported a success under ${mode}`);
    } finally {
      await control({mode: 'up'});
    }
  });
}

test('validate with the whole cloud down: the SDK reports an error', async () => {
  const form = await registeredAndSolved();
  await control({mode: 'down'});
  try {
    assert.match(String(await sdkValidate(form)), /^error: /);
  } finally {
    await control({mode: 'up'});
  }
});

// Two modes hand the SDK the cloud's real answer: status-fail changes only the availability
// endpoint, and huge pads the real JSON object, which only a size limit refuses (the SDK has
// none). Success is then the truth, not a fault read as one.
for (const mode of ['status-fail', 'huge']) {
  test(`validate under "${mode}": the SDK reads the cloud's real answer`, async () => {
    const form = await registeredAndSolved();
    await control({mode, endpoint: 'validate'});
    try {
      assert.equal(await sdkValidate(form), true);
    } finally {
      await control({mode: 'up'});
    }
  });
}
