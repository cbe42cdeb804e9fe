// The pages of web/ (login page, widget, proof-of-work worker, status page) in headless Chromium,
// against `gt3-bypass demo` processes that this file starts and stops itself, on loopback only.
//
//   GT3_BYPASS=build/release/src/service/gt3-bypass node --test tests/browser/pages.test.mjs
//
// Environment: those of harness.mjs, and
//   GT3_POW_DIFFICULTY  difficulty of the pow demo (default: 12)
//
// Setup: `npm ci --prefix tests/browser` (playwright-core only; the browser is Debian's chromium,
// never downloaded by Playwright).

import {after, before, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {createHash} from 'node:crypto';
import {dragSlider, fillLogin, getJson, launchBrowser, newPage as newContextPage, openLogin, shot,
  startDemo, submitAndRead, waitForMode} from './harness.mjs';

const POW_DIFFICULTY = Number(process.env.GT3_POW_DIFFICULTY || 12);

let browser;

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
});

const newPage = (t, viewport) => newContextPage(browser, t, viewport);

async function setCloud(demo, mode) {
  const answer = await getJson(`${demo.url}/demo/cloud`, {
    method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify({mode}),
  });
  assert.equal(answer.mode, mode);
}

async function offlineMark(page) {
  const mark = page.locator('#captcha .gt3-offline-mark');
  if (await mark.count() === 0) return null;
  const markBox = await mark.boundingBox();
  const buttonBox = await page.locator('#captcha .gt3-box').boundingBox();
  return {
    label: await mark.getAttribute('aria-label'),
    color: await mark.evaluate((node) => getComputedStyle(node).backgroundColor),
    visible: await mark.isVisible(),
    upperRight: Math.abs(markBox.x + markBox.width - (buttonBox.x + buttonBox.width)) <= 2 &&
      Math.abs(markBox.y - buttonBox.y) <= 2,
  };
}

function assertOrange(color) {
  const [r, g, b] = color.match(/\d+/g).map(Number);
  assert.ok(r > 180 && g > 50 && g < 140 && b < 60, `the offline mark is ${color}, not orange`);
}

function leadingZeroBits(challenge, nonce) {
  const digest = createHash('sha256').update(challenge + nonce).digest();
  let bits = 0;
  for (const byte of digest) {
    if (byte === 0) { bits += 8; continue; }
    return bits + Math.clz32(byte) - 24;
  }
  return bits;
}

// ---- the default policy (compat): online, outage, recovery ----

describe('demo with the default offline policy', () => {
  let demo;
  before(async () => { demo = await startDemo('compat demo'); });
  after(async () => { if (demo) await demo.stop(); });

  test('online: the widget loads, the slider is dragged, the server accepts', async (t) => {
    const page = await newPage(t);
    await openLogin(page, demo);
    assert.equal(await offlineMark(page), null, 'no offline mark while online');
    await shot(page, '01-online-ready');
    await fillLogin(page);
    await dragSlider(page);
    const fields = await page.evaluate(() => window.gt3Demo.captcha.getValidate());
    assert.match(fields.geetest_validate, /^[0-9a-f]{32}$/);
    assert.equal(fields.geetest_seccode, fields.geetest_validate + '|jordan');
    await shot(page, '02-online-solved');
    const text = await submitAndRead(page, 'success');
    assert.match(text, /Success/);
    await shot(page, '03-online-success');
    assert.deepEqual(page.problems, []);
  });

  test('online: the slider works by keyboard alone', async (t) => {
    const page = await newPage(t);
    await openLogin(page, demo);
    await fillLogin(page);
    await page.focus('#password');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.className), 'gt3-button');
    await page.keyboard.press('Enter');
    const slider = page.getByRole('slider');
    await slider.waitFor();
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('role')), 'slider');
    await page.keyboard.press('ArrowRight');
    assert.equal(await slider.getAttribute('aria-valuenow'), '10');
    await page.keyboard.press('Enter');  // not at the end yet: nothing happens
    assert.equal(await page.locator('#captcha .gt3').getAttribute('data-gt3-state'), 'open');
    await page.keyboard.press('End');
    assert.equal(await slider.getAttribute('aria-valuenow'), '100');
    await shot(page, '04-online-keyboard-at-end');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#captcha .gt3[data-gt3-state="success"]');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'submit');
    await page.keyboard.press('Enter');
    await page.locator('#result[data-result="success"]').waitFor();
    assert.deepEqual(page.problems, []);
  });

  test('submitting before solving asks for the captcha and posts nothing', async (t) => {
    const page = await newPage(t);
    let posted = false;
    await page.route('**/validate', (route) => { posted = true; return route.continue(); });
    await openLogin(page, demo);
    await fillLogin(page);
    const text = await submitAndRead(page, 'incomplete');
    assert.match(text, /complete the captcha/);
    assert.equal(posted, false);
  });

  test('outage through the control panel: offline mark, offline solve, status page', async (t) => {
    const page = await newPage(t);
    await openLogin(page, demo);
    await page.getByRole('button', {name: 'down', exact: true}).click();
    await page.locator('#cloud-mode[data-mode="down"]').waitFor();
    await waitForMode(demo, 'offline');
    await page.locator('#service-mode[data-mode="offline"]').waitFor();
    await page.reload();
    await page.waitForSelector('#captcha .gt3[data-gt3-state="ready"]');
    const mark = await offlineMark(page);
    assert.ok(mark, 'the offline mark is there');
    assert.equal(mark.label, 'offline mode');
    assert.ok(mark.visible && mark.upperRight, 'the mark sits in the upper-right corner');
    assertOrange(mark.color);
    const register = JSON.parse(await page.locator('#register-answer').textContent());
    assert.equal(register.success, 0);
    await shot(page, '05-offline-ready');
    await fillLogin(page);
    await dragSlider(page);
    await shot(page, '06-offline-solved');
    const text = await submitAndRead(page, 'success');
    assert.match(text, /Success/);
    await shot(page, '07-offline-success');

    await page.goto(demo.url + '/status');
    await page.locator('#mode[data-mode="offline"]').waitFor();
    await page.selectOption('#window', '60');
    const row = page.locator('#transitions tr.transition-row').first();
    await row.waitFor();
    assert.match(await row.innerText(), /online\s+offline/);
    assert.ok(await page.locator('#chart rect.band-offline').count() >= 1, 'an offline band');
    assert.match(await page.locator('#chart-desc').textContent(), /online to offline at/);
    assert.match(await page.locator('#probe').innerText(), /refused/);
    await shot(page, '08-status-offline');
    assert.deepEqual(page.problems, []);
  });

  test('recovery: back online without restarting anything', async (t) => {
    const page = await newPage(t);
    await openLogin(page, demo);
    if ((await getJson(`${demo.url}/bypass/status`)).mode !== 'offline') {
      await setCloud(demo, 'down');
      await waitForMode(demo, 'offline');
    }
    await page.getByRole('button', {name: 'up', exact: true}).click();
    await page.locator('#cloud-mode[data-mode="up"]').waitFor();
    await waitForMode(demo, 'online');
    await page.reload();
    await page.waitForSelector('#captcha .gt3[data-gt3-state="ready"]');
    assert.equal(await offlineMark(page), null, 'no offline mark once back online');
    await fillLogin(page);
    await dragSlider(page);
    const text = await submitAndRead(page, 'success');
    assert.match(text, /Success/);
    await shot(page, '09-recovered-online-success');

    await page.goto(demo.url + '/status');
    await page.locator('#mode[data-mode="online"]').waitFor();
    await page.selectOption('#window', '60');
    const newest = page.locator('#transitions tr.transition-row').first();
    await newest.waitFor();
    assert.match(await newest.innerText(), /offline\s+online/);
    assert.ok(await page.locator('#chart rect.band-online').count() >= 2, 'online, offline, online');
    await shot(page, '10-status-recovered');
    assert.deepEqual(page.problems, []);
  });

  test('products popup and bind: a dialog, Escape closes it, verify() opens it', async (t) => {
    const page = await newPage(t);
    await openLogin(page, demo);
    // A second and third captcha on the same page, as another site would start them.
    await page.evaluate(async () => {
      const start = async (product) => {
        const data = await (await fetch('/register?t=' + Math.random())).json();
        const config = await (await fetch('/page/config')).json();
        return new Promise((resolve) => window.initGeetest({
          gt: data.gt, challenge: data.challenge, offline: !data.success,
          new_captcha: data.new_captcha, product, api_server: config.api_server,
        }, (captcha) => {
          captcha.succeeded = false;
          captcha.onSuccess(() => { captcha.succeeded = true; });
          captcha.onReady(() => resolve(captcha));
          if (product !== 'bind') {
            const host = document.createElement('div');
            host.id = product + '-host';
            document.querySelector('main').appendChild(host);
            captcha.appendTo(host);
          }
        }));
      };
      window.popup = await start('popup');
      window.bind = await start('bind');
    });

    await page.click('#popup-host .gt3-button');
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('role')), 'slider');
    await page.keyboard.press('Escape');
    await dialog.waitFor({state: 'hidden'});
    assert.equal(await page.evaluate(() => document.activeElement.closest('#popup-host') !== null),
      true, 'focus returns to the popup button');
    assert.equal(await page.evaluate(() => window.popup.getValidate()), false);

    await page.evaluate(() => window.bind.verify());
    await dialog.waitFor();
    await shot(page, '11-bind-dialog', false);  // a fixed overlay: the viewport only
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => window.bind.succeeded);
    const fields = await page.evaluate(() => window.bind.getValidate());
    assert.match(fields.geetest_validate, /^[0-9a-f]{32}$/);
    await dialog.waitFor({state: 'hidden'});
    const answer = await page.evaluate(async (f) => (await fetch('/validate', {
      method: 'POST', body: new URLSearchParams(f)})).json(), fields);
    assert.equal(answer.result, 'success', JSON.stringify(answer));
    assert.deepEqual(page.problems, []);
  });

  test('phone width: no sideways scrolling on either page', async (t) => {
    const page = await newPage(t, {width: 360, height: 740});
    await openLogin(page, demo);
    await page.click('#captcha .gt3-button');
    const overflow = () => page.evaluate(() =>
      document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(await overflow() <= 0, 'the login page fits 360 px');
    await shot(page, '12-phone-login');
    await page.goto(demo.url + '/status');
    await page.locator('#mode[data-mode="online"]').waitFor();
    assert.ok(await overflow() <= 0, 'the status page fits 360 px');
    await shot(page, '13-phone-status');
  });
});

// ---- policy pow ----

describe('demo with the pow offline policy', () => {
  let demo;
  before(async () => {
    demo = await startDemo('pow demo',
      ['--offline.policy=pow', `--offline.pow_difficulty=${POW_DIFFICULTY}`]);
    await setCloud(demo, 'down');
    await waitForMode(demo, 'offline');
  });
  after(async () => { if (demo) await demo.stop(); });

  async function solvePow(t) {
    const page = await newPage(t);
    await page.addInitScript(() => {
      window.powTexts = [];
      new MutationObserver(() => {
        const text = document.querySelector('.gt3-pow-text');
        if (text && window.powTexts[window.powTexts.length - 1] !== text.textContent) {
          window.powTexts.push(text.textContent);
        }
      }).observe(document, {subtree: true, childList: true, characterData: true});
    });
    await openLogin(page, demo);
    assert.ok(await offlineMark(page), 'the offline mark is there');
    const register = JSON.parse(await page.locator('#register-answer').textContent());
    assert.equal(register.offline_policy, 'pow');
    assert.equal(register.pow.difficulty, POW_DIFFICULTY);
    await fillLogin(page);
    await page.click('#captcha .gt3-button');
    await page.waitForSelector('#captcha .gt3[data-gt3-state="success"]', {timeout: 60_000});
    const fields = await page.evaluate(() => window.gt3Demo.captcha.getValidate());
    assert.match(fields.geetest_validate, /^(0|[1-9][0-9]*)$/);
    assert.ok(leadingZeroBits(fields.geetest_challenge, fields.geetest_validate) >= POW_DIFFICULTY);
    const widget = page.locator('#captcha .gt3');
    const ms = Number(await widget.getAttribute('data-gt3-pow-ms'));
    const hashes = Number(await widget.getAttribute('data-gt3-pow-hashes'));
    const engine = await widget.getAttribute('data-gt3-pow-engine');
    // The worker reports after each batch without a solution (64 hashes with WebCrypto, 1,024
    // without): a nonce found in the first batch (1 run in 64 at difficulty 12 with WebCrypto)
    // finishes before any progress is shown.
    const texts = await page.evaluate(() => window.powTexts);
    if (hashes > (engine === 'js' ? 1024 : 64)) {
      assert.ok(texts.some((text) => /^Working: [\d,]+ of about [\d,]+ hashes tried\.$/.test(text)),
        'progress was shown: ' + JSON.stringify(texts));
    }
    t.diagnostic(`difficulty ${POW_DIFFICULTY}: ${hashes} hashes in ${ms} ms (${engine})`);
    return {page, fields};
  }

  test('the worker solves the proof of work with progress, the server accepts', async (t) => {
    const {page} = await solvePow(t);
    await shot(page, '14-pow-solved');
    const text = await submitAndRead(page, 'success');
    assert.match(text, /Success/);
    await shot(page, '15-pow-success');
    assert.deepEqual(page.problems, []);
  });

  test('a tampered nonce is refused with pow_invalid', async (t) => {
    const {page, fields} = await solvePow(t);
    let bad = BigInt(fields.geetest_validate) + 1n;
    while (leadingZeroBits(fields.geetest_challenge, bad.toString()) >= POW_DIFFICULTY) bad += 1n;
    await page.route('**/validate', (route) => {
      const form = new URLSearchParams(route.request().postData());
      form.set('geetest_validate', bad.toString());
      return route.continue({postData: form.toString()});
    });
    const text = await submitAndRead(page, 'fail');
    assert.match(text, /pow_invalid/);
    await shot(page, '16-pow-tampered');
  });
});

// ---- policy deny ----

describe('demo with the deny offline policy', () => {
  let demo;
  before(async () => {
    demo = await startDemo('deny demo', ['--offline.policy=deny']);
    await setCloud(demo, 'down');
    await waitForMode(demo, 'offline');
  });
  after(async () => { if (demo) await demo.stop(); });

  test('offline, the widget says verification is unavailable', async (t) => {
    const page = await newPage(t);
    await openLogin(page, demo);
    const widget = page.locator('#captcha .gt3');
    assert.equal(await widget.getAttribute('data-gt3-state'), 'unavailable');
    assert.match(await widget.innerText(), /unavailable/i);
    assert.ok(await offlineMark(page), 'the offline mark is there');
    assert.equal(await page.evaluate(() => window.gt3Demo.captcha.getValidate()), false);
    assert.equal(await page.locator('#captcha .gt3-button').getAttribute('aria-disabled'), 'true');
    await page.click('#captcha .gt3-button', {force: true});  // does nothing
    assert.equal(await page.evaluate(() => window.gt3Demo.captcha.getValidate()), false);
    await fillLogin(page);
    const text = await submitAndRead(page, 'incomplete');
    assert.match(text, /Sign-in is not possible right now/);
    await shot(page, '17-deny-unavailable');
    assert.deepEqual(page.problems, []);
  });
});
