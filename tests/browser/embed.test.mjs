// End-to-end tests of the embeddable validator (www/embed/crm-validate.js)
// and its demo page (www/embed.html) in Debian's Chromium.
//
//   cd tests/browser && node --test --test-concurrency=1 embed.test.mjs

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { serve } from './server.mjs';
import { launch, openPage, PAGE_CSP, recordCspViolations } from './browser.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '../..');
const SCREENSHOTS = path.join(REPO, 'target', 'screenshots');

const CSP = PAGE_CSP;

/** Every file the demo page loads, and nothing else. */
const DEMO_FILES = [
  '/embed.html',
  '/embed.css',
  '/embed/crm-validate.css',
  '/embed/demo.js',
  '/embed/crm-validate.js',
  '/embed/pkg/crm_cleaner.js',
  '/embed/pkg/crm_cleaner_bg.wasm',
  '/icon.svg',
];

let server;
let browser;

before(async () => {
  server = await serve();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

// ------------------------------------------------------------------ helpers

/** Opens embed.html and waits until the validator has loaded. */
async function open(options) {
  const session = await openPage(browser, options);
  await recordCspViolations(session.page);
  await session.page.goto(new URL('embed.html', server.url).href);
  await session.page.waitForSelector('body[data-ready="true"]');
  return session;
}

/** What the page shows for the input `id`: its value, aria-invalid, message and suggestion button. */
function fieldState(page, id) {
  return page.evaluate((id) => {
    const input = document.getElementById(id);
    const ids = (input.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
    const box = ids.map((x) => document.getElementById(x)).find((el) => el?.classList.contains('crm-validate-message'));
    const button = box?.querySelector('button');
    return {
      value: input.value,
      invalid: input.getAttribute('aria-invalid'),
      status: input.dataset.crmValidate ?? null,
      message: box?.querySelector('.crm-validate-text')?.textContent ?? null,
      severity: box?.dataset.severity ?? null,
      live: box?.getAttribute('aria-live') ?? box?.getAttribute('role') ?? null,
      boxVisible: box ? box.getBoundingClientRect().height > 0 : false,
      suggestion: button && !button.hidden ? button.textContent : null,
      describedBy: ids,
    };
  }, id);
}

/** Waits until `predicate(fieldState)` holds; returns the state. */
async function waitField(page, id, predicate, what, timeout = 5000) {
  const deadline = Date.now() + timeout;
  let state;
  for (;;) {
    state = await fieldState(page, id);
    if (predicate(state)) return state;
    if (Date.now() > deadline) assert.fail(`#${id}: timed out waiting for ${what}; last state ${JSON.stringify(state)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Clears the input and types `text` key by key, like a user. */
async function typeInto(page, id, text) {
  const input = page.locator(`#${id}`);
  await input.click();
  await input.fill('');
  await input.pressSequentially(text, { delay: 15 });
}

/** Every request went to the page's own origin, only for the demo's files, only GET. */
function assertOnlyOwnFiles(requests) {
  const origin = new URL(server.url).origin;
  assert.ok(requests.length > 0, 'the recorder saw the page load');
  for (const r of requests) {
    assert.equal(new URL(r.url).origin, origin, `request to another origin: ${r.method} ${r.url}`);
    assert.equal(r.method, 'GET', `only GET requests: ${r.method} ${r.url}`);
    assert.equal(r.postData, null, `no request carries a body: ${r.url}`);
    assert.ok(DEMO_FILES.includes(new URL(r.url).pathname), `unexpected request ${r.url}`);
  }
  assert.ok(!requests.some((r) => ['fetch', 'xhr', 'websocket', 'eventsource', 'ping'].includes(r.resourceType) && !r.url.endsWith('.wasm')),
    `no fetch/XHR/beacon besides the wasm: ${JSON.stringify(requests.map((r) => [r.resourceType, r.url]))}`);
}

// ------------------------------------------------------------------ tests

test('the demo page carries the CSP, labels every control and links back', async () => {
  const { page, errors, close } = await open();
  try {
    const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
    assert.equal(csp, CSP);
    // No inline scripts or styles.
    assert.equal(await page.locator('script:not([src])').count(), 0);
    assert.equal(await page.locator('style, [style]').count(), 0);
    // Every control has a label.
    const unlabelled = await page.evaluate(() =>
      [...document.querySelectorAll('#signup input, #signup select')].filter((el) => el.labels.length === 0).map((el) => el.id),
    );
    assert.deepEqual(unlabelled, []);
    assert.equal(await page.getAttribute('a[href="index.html"]', 'href'), 'index.html');
    // The region select defaults to CN and offers the nine regions.
    assert.equal(await page.inputValue('#region'), 'CN');
    assert.deepEqual(
      await page.$$eval('#region option', (os) => os.map((o) => o.value)),
      ['CN', 'US', 'GB', 'DE', 'FR', 'JP', 'IN', 'BR', 'AU'],
    );
    // attach() linked a polite live message element to every field, with an id.
    for (const id of ['name', 'email', 'mobile', 'company', 'birthday']) {
      const s = await fieldState(page, id);
      assert.equal(s.live, 'polite', `#${id} has a live message element`);
      assert.equal(s.message, '', `#${id} starts without a message`);
      assert.equal(s.invalid, null, `#${id} starts without aria-invalid`);
    }
    // The author's own description is kept.
    assert.ok((await fieldState(page, 'mobile')).describedBy.includes('mobile-hint'));
    assert.deepEqual(errors, []);
    assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
  } finally {
    await close();
  }
});

test('the form is checked as it is typed, on blur and on submit; nothing is sent', async () => {
  const { page, requests, errors, close } = await open();
  try {
    // 1. A mistyped email domain: message, aria-invalid and a suggestion.
    await typeInto(page, 'email', 'ann@gmial.com');
    let email = await waitField(page, 'email', (s) => s.invalid === 'true' && s.suggestion, 'the typo warning');
    assert.match(email.message, /gmial\.com/);
    assert.match(email.message, /gmail\.com/);
    assert.equal(email.severity, 'warning');
    assert.ok(email.boxVisible);
    assert.equal(email.suggestion, 'Did you mean ann@gmail.com?');
    // The description of the input is the message element.
    const described = await page.evaluate(() => {
      const input = document.getElementById('email');
      return input.getAttribute('aria-describedby').split(' ').map((id) => document.getElementById(id)?.textContent).join(' ');
    });
    assert.match(described, /gmial\.com/);

    // 2. Accept the suggestion: value fixed, aria-invalid and the message gone.
    await page.getByRole('button', { name: 'Did you mean ann@gmail.com?' }).click();
    email = await waitField(page, 'email', (s) => s.value === 'ann@gmail.com', 'the suggested value');
    assert.equal(email.invalid, null, 'aria-invalid is cleared');
    assert.equal(email.message, '', 'the message is gone');
    assert.equal(email.suggestion, null, 'the suggestion is gone');
    assert.equal(email.status, 'valid');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'email', 'focus goes back to the input');

    // 3. A malformed email: an error.
    await typeInto(page, 'email', 'bad@@x');
    email = await waitField(page, 'email', (s) => s.invalid === 'true' && s.message, 'the error');
    assert.equal(email.severity, 'error');
    assert.equal(email.status, 'error');
    assert.match(email.message, /@/);
    assert.equal(email.suggestion, null);

    // 4. A national-format mobile number with region CN becomes E.164 on blur.
    await typeInto(page, 'mobile', '138 0013 8000');
    await page.locator('#mobile').press('Tab');
    const mobile = await waitField(page, 'mobile', (s) => s.value === '+8613800138000', 'the normalized number');
    assert.equal(mobile.invalid, null);
    assert.equal(mobile.message, '');
    assert.equal(mobile.status, 'valid');

    // 5. Submitting with an invalid required field is prevented and focuses it.
    //    Name is empty (required) and comes first; email is still "bad@@x".
    const urlBefore = page.url();
    await page.click('button[type="submit"]');
    await page.waitForFunction(() => document.activeElement?.id === 'name');
    const name = await fieldState(page, 'name');
    assert.equal(name.invalid, 'true');
    assert.equal(name.message, 'This field is required.');
    assert.equal((await fieldState(page, 'email')).invalid, 'true');
    assert.equal(await page.isHidden('#result'), true, 'the submission was stopped');
    assert.equal(page.url(), urlBefore);

    // Fill the name: now the email is the first invalid field.
    await typeInto(page, 'name', 'Ann Lee');
    await waitField(page, 'name', (s) => s.invalid === null && s.message === '', 'the name accepted');
    await page.click('button[type="submit"]');
    await page.waitForFunction(() => document.activeElement?.id === 'email');
    assert.equal(await page.isHidden('#result'), true);

    // 6. Warnings do not block: a mistyped domain is shown but the form submits.
    await typeInto(page, 'email', 'ann@gmial.com');
    await waitField(page, 'email', (s) => s.severity === 'warning', 'the typo warning');
    await typeInto(page, 'birthday', '1990年3月4日');
    await page.click('button[type="submit"]');
    await page.waitForSelector('#result:not([hidden])');
    const summary = await page.$$eval('#result-values dd', (dds) => dds.map((d) => d.textContent));
    assert.deepEqual(summary, ['Ann Lee', 'ann@gmial.com', '+8613800138000', '(empty)', '1990-03-04']);
    assert.equal(await page.inputValue('#birthday'), '1990-03-04', 'the date is normalized on submit');
    assert.equal((await fieldState(page, 'email')).invalid, 'true', 'the warning is still shown');

    await mkdir(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'embed.png'), fullPage: true });

    // Nothing left the page: only its own files; the .wasm once (the preload is reused).
    assertOnlyOwnFiles(requests);
    assert.equal(requests.filter((r) => r.url.endsWith('.wasm')).length, 1, 'the wasm is fetched once');
    assert.deepEqual(errors, []);
    assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
  } finally {
    await close();
  }
});

test('the region select re-checks the number; Chinese messages follow <html lang>', async () => {
  const { page, requests, errors, close } = await open();
  try {
    await typeInto(page, 'mobile', '138 0013 8000');
    await waitField(page, 'mobile', (s) => s.status === 'valid', 'a valid CN number');
    // The same digits are no US number.
    await page.selectOption('#region', 'US');
    let mobile = await waitField(page, 'mobile', (s) => s.status === 'error', 'the number re-checked for US');
    assert.equal(mobile.invalid, 'true');
    assert.match(mobile.message, /US/);
    // The core suggests the (invalid) +1 reading; an invalid suggestion is not offered.
    assert.equal(mobile.suggestion, null);
    await page.selectOption('#region', 'CN');
    mobile = await waitField(page, 'mobile', (s) => s.status === 'valid', 'valid again for CN');
    assert.equal(mobile.invalid, null);

    // A GB number typed nationally, with GB selected.
    await page.selectOption('#region', 'GB');
    await typeInto(page, 'mobile', '07911 123456');
    await page.locator('#mobile').blur();
    await waitField(page, 'mobile', (s) => s.value === '+447911123456', 'the GB number normalized');

    // Switch to Chinese: the page and the open messages change language.
    await typeInto(page, 'email', 'ann@gmial.com');
    await waitField(page, 'email', (s) => s.suggestion, 'the suggestion');
    await page.click('#lang-toggle');
    assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
    const email = await waitField(page, 'email', (s) => s.suggestion?.startsWith('您'), 'the Chinese suggestion');
    assert.equal(email.suggestion, '您是不是要输入 ann@gmail.com?');
    assert.match(email.message, /疑似/);
    await page.getByRole('button', { name: '您是不是要输入 ann@gmail.com?' }).click();
    await waitField(page, 'email', (s) => s.value === 'ann@gmail.com' && s.invalid === null, 'the suggestion applied');

    await page.click('button[type="submit"]');
    await page.waitForFunction(() => document.activeElement?.id === 'name');
    assert.equal((await fieldState(page, 'name')).message, '此项为必填项。');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'embed-zh.png'), fullPage: true });

    // And back.
    await page.click('#lang-toggle');
    assert.equal((await fieldState(page, 'name')).message, 'This field is required.');

    assertOnlyOwnFiles(requests);
    assert.deepEqual(errors, []);
    assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
  } finally {
    await close();
  }
});

test('validate(): throws before init, adds messages in the chosen language, init is idempotent', async () => {
  const { page, errors, close } = await openPage(browser);
  try {
    // A same-origin page that has not loaded the module: the .d.ts, shown as
    // text (Chromium then asks for /favicon.ico, which www/ does not have).
    await page.route('**/favicon.ico', (route) => route.fulfill({ status: 204 }));
    await page.goto(new URL('embed/crm-validate.d.ts', server.url).href);
    const out = await page.evaluate(async () => {
      const m = await import('/embed/crm-validate.js');
      const r = {};
      try {
        m.validate('email', 'a@b.co');
        r.before = 'no error';
      } catch (e) {
        r.before = e.message;
      }
      r.readyBefore = m.isReady();
      const p1 = m.init();
      const p2 = m.init();
      r.samePromise = p1 === p2;
      await p1;
      r.samePromiseAfter = m.init() === p1;
      r.readyAfter = m.isReady();
      r.email = m.validate('email', 'ann@gmial.com', { lang: 'en' });
      r.emailZh = m.validate('email', 'ann@gmial.com', { lang: 'zh-Hans' });
      r.phone = m.validate('phone', '138 0013 8000', { region: 'CN' });
      r.phoneNoRegion = m.validate('phone', '138 0013 8000');
      r.date = m.validate('date', '03/04/1990');
      for (const [name, f] of [
        ['unknownType', () => m.validate('no_such_type', 'x')],
        ['unknownOption', () => m.validate('email', 'x', { regoin: 'CN' })],
      ]) {
        try {
          f();
          r[name] = 'no error';
        } catch (e) {
          r[name] = e.message;
        }
      }
      return r;
    });
    assert.match(out.before, /before init\(\) finished/);
    assert.equal(out.readyBefore, false);
    assert.equal(out.samePromise, true);
    assert.equal(out.samePromiseAfter, true);
    assert.equal(out.readyAfter, true);

    assert.equal(out.email.valid, true);
    assert.equal(out.email.suggestion, 'ann@gmail.com');
    assert.equal(out.email.issues[0].code, 'email.domain_typo');
    assert.equal(out.email.issues[0].severity, 'warning');
    assert.equal(out.email.issues[0].message, out.email.issues[0].en);
    assert.equal(out.emailZh.issues[0].message, out.emailZh.issues[0].zh);
    assert.match(out.emailZh.issues[0].message, /疑似/);

    assert.deepEqual(out.phone, { valid: true, normalized: '+8613800138000', issues: [], suggestion: null });
    assert.equal(out.phoneNoRegion.valid, false);
    assert.equal(out.phoneNoRegion.issues[0].code, 'phone.no_region');
    assert.equal(out.date.normalized, '1990-04-03');
    assert.equal(out.date.issues[0].code, 'date.ambiguous');
    assert.match(out.unknownType, /^crm-validate: unknown type/);
    assert.match(out.unknownOption, /unknown validate\(\) option "regoin"/);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('attach() on another form: Map keys, hint mode, detach() restores the form', async () => {
  const { page, errors, close } = await open();
  try {
    const out = await page.evaluate(async () => {
      const { attach, init } = await import('/embed/crm-validate.js');
      await init();
      const form = document.createElement('form');
      form.innerHTML =
        '<input id="t-phone" name="phone" aria-describedby="t-own">' +
        '<p id="t-own">own hint</p>' +
        '<input id="t-date" name="when">' +
        '<input id="t-note" name="note" required>' +
        '<button id="t-go">go</button>';
      document.body.append(form);
      const phone = form.querySelector('#t-phone');
      const date = form.querySelector('#t-date');
      let submitted = 0;
      form.addEventListener('submit', (e) => {
        e.preventDefault();
        submitted++;
      });
      const events = [];
      form.addEventListener('crm-validate', (e) => events.push(`${e.target.id}:${e.detail.status}`));
      const detach = attach(form, new Map([
        [phone, { type: 'phone', region: 'CN', normalizeOnBlur: 'hint' }],
        ['when', { type: 'date', normalizeOnBlur: false }],
      ]), { lang: 'en', debounce: 0 });
      const r = { noValidate: form.noValidate, describedBy: phone.getAttribute('aria-describedby') };

      phone.value = '138 0013 8000';
      phone.dispatchEvent(new Event('blur'));
      const box = document.getElementById(phone.getAttribute('aria-describedby').split(' ')[1]);
      r.hint = box.textContent;
      r.phoneValue = phone.value; // hint mode: not rewritten
      date.value = '1990年3月4日';
      date.dispatchEvent(new Event('blur'));
      r.dateValue = date.value; // normalizeOnBlur: false
      // The unmapped required input still gets native validation on submit.
      form.querySelector('#t-go').click();
      r.submittedWithNativeInvalid = submitted;
      form.querySelector('#t-note').value = 'x';
      form.querySelector('#t-go').click();
      r.submitted = submitted;
      r.events = events;

      phone.value = '12';
      phone.dispatchEvent(new Event('blur'));
      r.invalidBeforeDetach = phone.getAttribute('aria-invalid');
      try {
        attach(form, { phone: 'phone' });
        r.twice = 'no error';
      } catch (e) {
        r.twice = e.message;
      }
      detach();
      detach(); // idempotent
      r.after = {
        describedBy: phone.getAttribute('aria-describedby'),
        invalid: phone.getAttribute('aria-invalid'),
        customValidity: phone.validationMessage,
        dataset: phone.dataset.crmValidate ?? null,
        boxes: form.querySelectorAll('.crm-validate-message').length,
        noValidate: form.noValidate,
      };
      const again = attach(form, { phone: 'phone' });
      r.reattached = form.querySelectorAll('.crm-validate-message').length === 1;
      again();
      form.remove();
      return r;
    });
    assert.equal(out.noValidate, true);
    assert.match(out.describedBy, /^t-own crm-validate-/);
    assert.equal(out.hint, 'Will be saved as +8613800138000');
    assert.equal(out.phoneValue, '138 0013 8000');
    assert.equal(out.dateValue, '1990年3月4日');
    assert.equal(out.submittedWithNativeInvalid, 0);
    assert.equal(out.submitted, 1);
    assert.ok(out.events.includes('t-phone:valid') && out.events.includes('t-date:valid'), out.events.join());
    assert.equal(out.invalidBeforeDetach, 'true');
    assert.match(out.twice, /already attached/);
    assert.equal(out.reattached, true);
    assert.deepEqual(out.after, { describedBy: 't-own', invalid: null, customValidity: '', dataset: null, boxes: 0, noValidate: false });
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('a submit while the wasm is still loading is held, checked once loaded, then goes through', async () => {
  const session = await openPage(browser);
  const { page, errors, close } = session;
  try {
    let release;
    const gate = new Promise((r) => (release = r));
    await page.route('**/embed/pkg/crm_cleaner_bg.wasm', async (route) => {
      await gate;
      await route.continue();
    });
    await page.goto(new URL('embed.html', server.url).href);
    await page.waitForSelector('#signup');
    assert.equal(await page.isVisible('#loading'), true, 'the page says the validator is loading');
    await page.fill('#name', 'Ann Lee');
    await page.fill('#email', 'Ann@Example.COM');
    await page.fill('#mobile', '13800138000');
    await page.click('button[type="submit"]');
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(await page.isHidden('#result'), true, 'held until the validator has loaded');
    release();
    await page.waitForSelector('#result:not([hidden])');
    assert.equal(await page.getAttribute('body', 'data-ready'), 'true');
    // Checked and normalized on the way.
    assert.equal(await page.inputValue('#mobile'), '+8613800138000');
    assert.equal(await page.inputValue('#email'), 'ann@example.com');
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});
