// Anonymization on the page: choose per column what happens to personal data
// in the steps, mark quasi-identifiers with k and suppression, generate a key,
// run, and check every download: phones masked, emails replaced by stable
// tokens, no original email or phone and no key anywhere (downloads, saved
// profile, Web Storage, IndexedDB, requests), and the results show k.
// Screenshots go to target/screenshots/anonymize-*.png.
//
//   cd tests/browser && node --test --test-concurrency=1 anonymize.test.mjs

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { serve, WWW } from './server.mjs';
import { launch, openPage, recordCspViolations } from './browser.mjs';
import { assertNoSecrets, dumpStorage } from './privacy-helpers.mjs';
import { parseCsv } from './csv.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SCREENSHOTS = path.join(HERE, '../..', 'target', 'screenshots');

let server;
let browser;

before(async () => {
  server = await serve();
  browser = await launch();
  await mkdir(SCREENSHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const shot = (page, name) => page.screenshot({ path: path.join(SCREENSHOTS, `anonymize-${name}.png`), fullPage: true });


// City and birth year (the generalized birth date) are the quasi-identifiers.
// With k = 2, three rows are alone in their group and must be suppressed.
const PEOPLE = [
  ['Ann Smith', 'ann.smith@example.org', '+8613812340001', 'London', '1985-03-14'],
  ['James Brown', 'james.brown@example.org', '+8613912340002', 'London', '1985-07-01'],
  ['Mary Taylor', 'mary.taylor@example.org', '+8613712340003', 'London', '1985-11-23'],
  ['Robert Wilson', 'robert.wilson@example.org', '+8615012340004', 'Paris', '1990-01-05'],
  ['Linda Evans', 'linda.evans@example.org', '+8615112340005', 'Paris', '1990-06-30'],
  ['Oliver Walker', 'oliver.walker@example.org', '+8615212340006', 'Berlin', '1985-02-02'],
  ['Ann Smith', 'ann.smith@example.org', '+8613812340001', 'Berlin', '1985-03-14'],
  ['Grace Lee', 'grace.lee@example.org', '+8618612340008', 'Shanghai', '1972-09-09'],
  ['Henry Young', 'henry.young@example.org', '+8618712340009', 'London', '1990-04-04'],
  ['Emma Hall', 'emma.hall@example.org', '+8618812340010', 'Paris', '1985-05-05'],
  ['Noah King', 'noah.king@example.org', '+8618912340011', 'Paris', '1985-08-08'],
  ['Mia Wright', 'mia.wright@example.org', '+8613012340012', 'Beijing', '2000-12-12'],
];
const SUPPRESSED = 3;

function peopleCsv() {
  return ['name,email,phone,city,birth_date', ...PEOPLE.map((r) => r.join(','))].join('\n') + '\n';
}

/** Every original email and phone number, in the forms a file could hold them. */
function secrets() {
  const out = new Set();
  for (const [, email, phone] of PEOPLE) {
    out.add(email).add(email.split('@')[0]).add(phone).add(phone.slice(3)).add(phone.slice(-8));
  }
  return out;
}

/**
 * Turns deduplication off: PEOPLE holds Ann Smith twice (same email and
 * phone), on purpose, to check that one email gives one token; merging
 * would (rightly) make her one row.
 */
async function keepEveryRow(page) {
  await page.click('#options > summary');
  await page.uncheck('#opt-dedupe');
  await page.click('#options > summary');
}

async function download(page, selector) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  return { name: dl.suggestedFilename(), text: (await readFile(await dl.path())).toString('utf8') };
}

test('mask, pseudonym, generalize and k-anonymity with a generated key: nothing identifying leaves', { timeout: 120_000 }, async () => {
  const { page, requests, errors, close } = await openPage(browser, { viewport: { width: 1280, height: 900 } });
  try {
    await recordCspViolations(page);
    await page.goto(server.url);
    await keepEveryRow(page);
    await page.waitForFunction(() => typeof window.__crmProgressCount === 'number');
    await page.evaluate(() => {
      for (const k of Object.keys(localStorage)) localStorage.removeItem(k);
    });

    // 1. Drop the file on the drop zone: the steps show a "Personal data" choice per column.
    await page.evaluate((text) => {
      const data = new DataTransfer();
      data.items.add(new File([text], 'people.csv', { type: 'text/csv' }));
      document.getElementById('drop').dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    }, peopleCsv());
    await page.waitForFunction(() => document.body.dataset.state === 'ready');
    assert.equal(await page.getAttribute('body', 'data-run'), '0');
    const cells = await page.$$eval('#steps-columns tr', (trs) => trs.map((tr) => [tr.dataset.column, tr.querySelector('select.anon-transform')?.value]));
    assert.deepEqual(cells, [['name', 'keep'], ['email', 'keep'], ['phone', 'keep'], ['city', 'keep'], ['birth_date', 'keep']]);
    assert.match(await page.textContent('#anon-panel'), /Nothing is anonymized/);

    // 2. Choose: mask the phone, pseudonymize the email (prefix cust_), generalize the birth date.
    const choice = (column) => `#steps-columns select.anon-transform[data-anon-column="${column}"]`;
    await page.selectOption(choice('phone'), 'mask');
    assert.equal(await page.getAttribute('#steps-columns tr[data-column="phone"] .anon-opts input[type="number"]', 'placeholder'), '3');
    await page.selectOption(choice('email'), 'pseudonym');
    await page.fill('#steps-columns tr[data-column="email"] .anon-text', 'cust_');
    await page.selectOption(choice('birth_date'), 'generalize');
    assert.equal(await page.inputValue('#steps-columns tr[data-column="birth_date"] .anon-to'), 'year');
    // City and birth date are quasi-identifiers; k = 2, suppress the rest.
    await page.check('#steps-columns input.anon-qi[data-anon-column="city"]');
    await page.check('#steps-columns input.anon-qi[data-anon-column="birth_date"]');
    await page.fill('#anon-k', '2');
    await page.selectOption('#anon-enforce', 'suppress');
    // Every control of the steps has a label.
    const unlabeled = await page.$$eval('#steps select, #steps input', (els) =>
      els.filter((e) => e.type !== 'hidden' && !e.getAttribute('aria-label') && !e.labels?.length).map((e) => e.outerHTML));
    assert.deepEqual(unlabeled, []);

    // 3. A keyed transform without a key blocks the run, saying why.
    await page.click('#steps-run');
    assert.equal(await page.getAttribute('body', 'data-state'), 'ready');
    assert.match(await page.textContent('#anon-message'), /needs a key first: .*\(email\)/);
    await shot(page, '1-blocked');

    // 4. Generate a key: shown once, as 64 hex digits, with a warning to save it.
    await page.click('#anon-generate');
    const keyHex = await page.inputValue('#anon-key-hex');
    assert.match(keyHex, /^[0-9a-f]{64}$/);
    assert.match(await page.textContent('#anon-key-warning'), /shown only this once/);
    assert.equal(await page.textContent('#anon-message'), '');
    await shot(page, '2-steps');
    await page.setViewportSize({ width: 390, height: 844 });
    await shot(page, '2-steps-narrow');
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), 0, 'no horizontal overflow at 390 px');
    await page.setViewportSize({ width: 1280, height: 900 });

    // 5. Save the profile (explicit action): the choices and k are in it, the key is not.
    const saved = await download(page, '#steps-save');
    const profile = JSON.parse(saved.text);
    assert.deepEqual(profile.anonymize.columns, {
      email: { transform: 'pseudonym', prefix: 'cust_' },
      phone: { transform: 'mask' },
      birth_date: { transform: 'generalize', to: 'year' },
    });
    assert.deepEqual(profile.anonymize.quasi_identifiers, ['city', 'birth_date']);
    assert.equal(profile.anonymize.k, 2);
    assert.equal(profile.anonymize.enforce_k, 'suppress');
    assert.ok(!saved.text.includes(keyHex), 'the key is not in the saved profile');

    // 6. Run.
    await page.click('#steps-run');
    await page.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.state), undefined, { timeout: 60_000 });
    assert.equal(await page.textContent('#error'), '');
    assert.equal(await page.getAttribute('body', 'data-state'), 'done');
    // The key was shown once: it is gone from the page.
    assert.ok(!(await page.content()).includes(keyHex), 'the key is no longer on the page');
    assert.ok(await page.evaluate((hex) => [...document.querySelectorAll('input')].every((i) => i.value !== hex), keyHex), 'no field holds the key');

    // 7. The cleaned file: phones masked, emails as stable tokens, birth dates as years, 3 rows suppressed.
    const cleaned = await download(page, '#download');
    const [header, ...rows] = parseCsv(cleaned.text);
    assert.deepEqual(header, ['name', 'email', 'phone', 'city', 'birth_date']);
    assert.equal(rows.length, PEOPLE.length - SUPPRESSED);
    const byName = new Map();
    for (const r of rows) byName.set(r[0], [...(byName.get(r[0]) ?? []), r]);
    for (const [name, email, phone, , birth] of PEOPLE) {
      for (const r of byName.get(name) ?? []) {
        // A masked phone keeps the country code and 3 + 4 digits of the national number, no more.
        assert.match(r[2], /\*/, `phone of ${name} masked: ${r[2]}`);
        const national = r[2].replace(/^'?\+86/, '').replace(/\D/g, '');
        assert.ok(national.length <= 7, `phone of ${name} keeps at most 7 digits: ${r[2]}`);
        assert.ok(!r[2].includes(phone.slice(3)), `phone of ${name} not in clear`);
        assert.match(r[1], /^cust_[0-9a-f]{16}$/, `email of ${name} is a token: ${r[1]}`);
        assert.notEqual(r[1], email);
        assert.equal(r[4], birth.slice(0, 4));
      }
    }
    const ann = byName.get('Ann Smith');
    assert.equal(ann.length, 2, 'both rows of Ann Smith are kept');
    assert.equal(ann[0][1], ann[1][1], 'the same email gives the same token');
    const tokens = new Set(rows.map((r) => r[1]));
    assert.equal(tokens.size, rows.length - 1, 'different emails give different tokens');

    // 8. The results: per column, k before and after, suppressed rows.
    const anon = await page.evaluate(() => {
      const block = document.getElementById('anon-block');
      const stat = (k, when) => block.querySelector(`[data-anon="${k}"] dd`)?.dataset[when];
      return {
        hidden: block.hidden,
        columns: [...block.querySelectorAll('.anon-table tbody tr')].map((tr) => [tr.dataset.column, tr.dataset.transform]),
        kBefore: stat('k', 'before'),
        kAfter: stat('k', 'after'),
        kText: block.querySelector('[data-anon="k"] dd')?.textContent,
        belowBefore: stat('below', 'before'),
        belowAfter: stat('below', 'after'),
        suppressed: stat('suppressed', 'after'),
        verdict: document.getElementById('anon-verdict')?.textContent,
        note: document.getElementById('anon-suppressed-note')?.textContent,
        smallest: block.querySelectorAll('.anon-smallest tbody tr').length,
      };
    });
    assert.equal(anon.hidden, false);
    assert.deepEqual(anon.columns, [['email', 'pseudonym'], ['phone', 'mask'], ['birth_date', 'generalize']]);
    assert.equal(anon.kBefore, '1');
    assert.equal(anon.kAfter, '2');
    assert.equal(anon.kText, '1 → 2');
    assert.equal(anon.belowBefore, String(SUPPRESSED));
    assert.equal(anon.belowAfter, '0');
    assert.equal(anon.suppressed, String(SUPPRESSED));
    assert.match(anon.verdict, /2-anonymous/);
    assert.match(anon.note, /3 rows were moved to the rejected rows/);
    assert.ok(anon.smallest >= 1);
    await page.evaluate(() => document.getElementById('anon-block').scrollIntoView());
    await shot(page, '3-results');

    // 9. Every download: no original email or phone, no key.
    const rejected = await download(page, '#download-rejected');
    const rejectedRows = parseCsv(rejected.text).slice(1);
    assert.equal(rejectedRows.length, SUPPRESSED);
    assert.ok(rejectedRows.every((r) => r[2] === 'anonymize.k_suppressed'), rejected.text);
    const files = { cleaned, rejected };
    for (const id of ['#download-issues', '#download-changes', '#download-profile', '#download-report-json', '#download-report-html']) {
      files[id] = await download(page, id);
    }
    const leaks = secrets();
    for (const [where, file] of Object.entries(files)) {
      assertNoSecrets(file.text, leaks, `${where} (${file.name})`);
      assert.ok(!file.text.includes(keyHex), `the key is in ${where}`);
    }
    assert.match(files['#download-profile'].text, /"pseudonym"/);

    // 10. Chinese: the results are translated.
    await page.selectOption('#lang', 'zh');
    assert.match(await page.textContent('#anon-block h3'), /匿名化/);
    assert.match(await page.textContent('#anon-verdict'), /2-匿名/);
    await page.evaluate(() => document.getElementById('anon-block').scrollIntoView());
    await page.screenshot({ path: path.join(SCREENSHOTS, 'anonymize-4-results-zh.png') });
    await page.selectOption('#lang', 'en');

    // 11. Nothing stored: the key and the values are in no Web Storage or IndexedDB.
    const dump = await dumpStorage(page);
    assert.deepEqual(dump.localStorage, {});
    assert.deepEqual(dump.sessionStorage, {});
    const stored = JSON.stringify(dump);
    assert.ok(!stored.includes(keyHex), 'the key is not stored');
    assertNoSecrets(stored, leaks, 'browser storage');

    // 12. No request beyond the page's own static files, none with a value or the key.
    const origin = new URL(server.url).origin;
    for (const r of requests) {
      const url = new URL(r.url);
      if (url.protocol === 'blob:') {
        assert.equal(new URL(url.pathname).origin, origin, `blob of a foreign origin: ${r.url}`);
        continue;
      }
      assert.equal(url.origin, origin, `request to a foreign origin: ${r.url}`);
      assert.equal(r.method, 'GET', `${r.method} ${r.url}`);
      const file = path.join(WWW, url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname));
      assert.ok(existsSync(file) && statSync(file).isFile(), `request for something not a static file: ${r.url}`);
      const haystack = decodeURIComponent(r.url) + (r.postData ? r.postData.toString('utf8') : '');
      assertNoSecrets(haystack, leaks, `request ${r.url}`);
      assert.ok(!haystack.includes(keyHex), `the key in request ${r.url}`);
    }
    assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('a passphrase derives the key in the worker; the salt is put in the profile', { timeout: 120_000 }, async () => {
  const { page, errors, close } = await openPage(browser);
  try {
    await page.goto(server.url);
    await keepEveryRow(page);
    await page.waitForFunction(() => typeof window.__crmProgressCount === 'number');
    await page.setInputFiles('#file', { name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(peopleCsv()) });
    await page.waitForFunction(() => document.body.dataset.state === 'ready');
    await page.selectOption('#steps-columns select.anon-transform[data-anon-column="email"]', 'pseudonym');
    await page.check('#anon-mode-passphrase');
    await page.fill('#anon-passphrase', 'correct horse battery staple');
    const saved = JSON.parse((await download(page, '#steps-save')).text);
    assert.match(saved.anonymize.salt, /^[0-9a-f]{32}$/);
    assert.ok(!JSON.stringify(saved).includes('correct horse'), 'the passphrase is not in the profile');
    await page.click('#steps-run');
    await page.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.state), undefined, { timeout: 60_000 });
    assert.equal(await page.textContent('#error'), '');
    const first = parseCsv((await download(page, '#download')).text).slice(1).map((r) => r[1]);
    assert.ok(first.every((v) => /^[0-9a-f]{16}$/.test(v)), first.join(' '));

    // The saved profile, loaded again, brings its choices (and salt) back into the steps.
    await page.setInputFiles('#profile-file', { name: 'people.profile.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(saved)) });
    await page.waitForFunction(() => /Using/.test(document.getElementById('profile-status').textContent));
    await page.setInputFiles('#file', { name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(peopleCsv()) });
    await page.waitForFunction(() => document.body.dataset.state === 'ready');
    assert.equal(await page.inputValue('#steps-columns select.anon-transform[data-anon-column="email"]'), 'pseudonym');
    await page.selectOption('#lang', 'zh');
    assert.match(await page.textContent('#anon-panel'), /口令/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'anonymize-5-steps-zh.png'), fullPage: true });
    await page.selectOption('#lang', 'en');
    assert.equal(await page.inputValue('#steps-columns select.anon-transform[data-anon-column="email"]'), 'pseudonym', 'a language switch keeps the choices');
    const again = JSON.parse((await download(page, '#steps-save')).text);
    assert.equal(again.anonymize.salt, saved.anonymize.salt, 'the salt is kept');
    await page.click('#options summary');
    await page.click('#profile-clear');

    // Enter a key: 64 hex digits; the same key gives the same tokens.
    await page.setInputFiles('#file', { name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(peopleCsv()) });
    await page.waitForFunction(() => document.body.dataset.state === 'ready');
    await page.selectOption('#steps-columns select.anon-transform[data-anon-column="email"]', 'pseudonym');
    await page.check('#anon-mode-enter');
    await page.fill('#anon-key-input', 'ab'.repeat(31));
    assert.match(await page.textContent('#anon-key-status'), /62 of 64/);
    await page.fill('#anon-key-input', 'ab'.repeat(32));
    await page.click('#steps-run');
    await page.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.state), undefined, { timeout: 60_000 });
    assert.equal(await page.textContent('#error'), '');
    const second = parseCsv((await download(page, '#download')).text).slice(1).map((r) => r[1]);
    assert.equal(second[0], second[6], 'the same email, the same token');
    assert.notDeepEqual(second, first, 'another key, other tokens');
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('shift dates per person, drop, redact and fake; a missing person column blocks; enforce by generalizing', { timeout: 120_000 }, async () => {
  const { page, errors, close } = await openPage(browser);
  try {
    await page.goto(server.url);
    await keepEveryRow(page);
    await page.waitForFunction(() => typeof window.__crmProgressCount === 'number');
    await page.setInputFiles('#file', { name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(peopleCsv()) });
    await page.waitForFunction(() => document.body.dataset.state === 'ready');
    const choice = (column) => `#steps-columns select.anon-transform[data-anon-column="${column}"]`;
    // Only the transforms that fit a column are offered.
    const offered = await page.$$eval(`${choice('city')} option`, (os) => os.map((o) => o.value));
    assert.deepEqual(offered, ['keep', 'mask', 'pseudonym', 'generalize', 'redact', 'drop']);
    await page.selectOption(choice('birth_date'), 'date_shift');
    // The person column defaults to the email column; without one the run is blocked.
    assert.equal(await page.inputValue('#anon-person'), 'email');
    await page.selectOption('#anon-person', '');
    await page.click('#anon-generate');
    await page.click('#steps-run');
    assert.equal(await page.getAttribute('body', 'data-state'), 'ready');
    assert.match(await page.textContent('#anon-message'), /person column/);
    await page.selectOption('#anon-person', 'email');
    await page.selectOption(choice('phone'), 'drop');
    await page.selectOption(choice('name'), 'fake');
    await page.selectOption(choice('email'), 'redact');
    await page.check('#steps-columns input.anon-qi[data-anon-column="city"]');
    assert.ok(await page.isDisabled('#steps-columns input.anon-qi[data-anon-column="phone"]'), 'a dropped column cannot be a quasi-identifier');
    await page.fill('#anon-k', '2');
    await page.selectOption('#anon-enforce', 'generalize');
    await page.click('#steps-run');
    await page.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.state), undefined, { timeout: 60_000 });
    assert.equal(await page.textContent('#error'), '');
    const [header, ...rows] = parseCsv((await download(page, '#download')).text);
    assert.deepEqual(header, ['name', 'email', 'city', 'birth_date'], 'phone dropped');
    assert.ok(rows.every((r) => r[1] === '[REDACTED]'));
    assert.ok(rows.every((r, i) => r[0] !== PEOPLE[i][0] && r[0] !== ''), 'names faked');
    // Ann Smith's two rows (same email, same birth date) are shifted by the same days; no date stays.
    const shifted = rows.map((r) => r[3]);
    assert.ok(shifted.every((d, i) => /^\d{4}-\d{2}-\d{2}$/.test(d) && d !== PEOPLE[i][4]), shifted.join(' '));
    assert.equal(shifted[0], shifted[6]);
    // City alone: Shanghai and Beijing are single; generalizing city turns them all to '*', or they are suppressed.
    assert.equal(await page.$eval('#anon-block [data-anon="below"] dd', (dd) => dd.dataset.after), '0');
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('the whole flow: read, validate, normalize, dedupe, anonymize, download; nothing identifying leaves, no request but static files', { timeout: 120_000 }, async () => {
  const { page, requests, errors, close } = await openPage(browser, { viewport: { width: 1280, height: 900 } });
  try {
    await recordCspViolations(page);
    await page.goto(server.url); // deduplication stays on: Ann Smith's two rows are one customer
    await page.waitForFunction(() => typeof window.__crmProgressCount === 'number');
    await page.setInputFiles('#file', { name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(peopleCsv()) });
    await page.waitForFunction(() => document.body.dataset.state === 'ready');
    const choice = (column) => `#steps-columns select.anon-transform[data-anon-column="${column}"]`;
    await page.selectOption(choice('phone'), 'mask');
    await page.selectOption(choice('email'), 'pseudonym');
    await page.click('#anon-generate');
    const keyHex = await page.inputValue('#anon-key-hex');
    await page.click('#steps-run');
    await page.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.state), undefined, { timeout: 60_000 });
    assert.equal(await page.textContent('#error'), '');

    const cleaned = await download(page, '#download');
    const rows = parseCsv(cleaned.text.replace(/^\uFEFF/, '')).slice(1).filter((r) => r.length > 1);
    assert.equal(rows.length, PEOPLE.length - 1, 'the two rows of Ann Smith were merged into one');
    assert.equal(rows.filter((r) => r[0] === 'Ann Smith').length, 1);
    const duplicates = await download(page, '#download-duplicates');
    const merged = parseCsv(duplicates.text.replace(/^\uFEFF/, '')).slice(1).filter((r) => r.length > 1);
    assert.equal(merged.length, 1, duplicates.text);
    const files = { cleaned, duplicates };
    for (const id of ['#download-clusters', '#download-issues', '#download-changes', '#download-report-json']) {
      files[id] = await download(page, id);
    }
    const leaks = secrets();
    for (const [where, file] of Object.entries(files)) {
      assertNoSecrets(file.text, leaks, `${where} (${file.name})`);
      assert.ok(!file.text.includes(keyHex), `the key is in ${where}`);
    }
    const origin = new URL(server.url).origin;
    for (const r of requests) {
      const url = new URL(r.url);
      if (url.protocol === 'blob:') continue;
      assert.equal(url.origin, origin, `request to a foreign origin: ${r.url}`);
      assert.equal(r.method, 'GET', `${r.method} ${r.url}`);
      const file = path.join(WWW, url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname));
      assert.ok(existsSync(file) && statSync(file).isFile(), `request for something not a static file: ${r.url}`);
      const haystack = decodeURIComponent(r.url) + (r.postData ? r.postData.toString('utf8') : '');
      assertNoSecrets(haystack, leaks, `request ${r.url}`);
    }
    assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});
