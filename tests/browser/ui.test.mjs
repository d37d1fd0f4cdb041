// End-to-end tests of the page as a product: steps before the run, the
// quality report, the preview grid (filter, edit), every download, the two
// languages, progress with cancel, and the narrow layout. Screenshots of each
// step go to target/screenshots/ui-*.png.
//
//   cd tests/browser && node --test --test-concurrency=1 ui.test.mjs

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { serve } from './server.mjs';
import { launch, openPage, recordCspViolations } from './browser.mjs';
import { parseCsv, csvObjects } from './csv.mjs';

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

async function open(options) {
  const session = await openPage(browser, options);
  await recordCspViolations(session.page);
  await session.page.goto(server.url);
  await session.page.waitForFunction(() => typeof window.__crmProgressCount === 'number');
  return session;
}

const shot = (page, name, fullPage = true) => page.screenshot({ path: path.join(SCREENSHOTS, `ui-${name}.png`), fullPage });



async function downloadText(page, selector) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  return { name: dl.suggestedFilename(), text: (await readFile(await dl.path())).toString('utf8') };
}

/** Waits until the downloads are up to date with the edits. */
const exported = (page) => page.waitForFunction(() => document.body.dataset.exporting !== 'true', undefined, { polling: 50 });

async function waitRun(page, run) {
  await page.waitForFunction(
    (n) => Number(document.body.dataset.run) === n && ['done', 'error'].includes(document.body.dataset.state),
    run,
    { polling: 50, timeout: 60_000 },
  );
  return page.getAttribute('body', 'data-state');
}

/** The rows the grid shows: [{ source, cells: [{ text, cls, title }] }]. */
function gridRows(page) {
  return page.$$eval('#grid-table tbody tr:not([hidden])', (trs) =>
    trs.map((tr) => ({
      source: tr.querySelector('th').textContent,
      cells: [...tr.querySelectorAll('td')].map((td) => ({ text: td.textContent, cls: td.className, title: td.getAttribute('title') })),
    })),
  );
}

const MIXED_CSV =
  [
    'name,email,phone,signup,note,fax',
    'Ann Smith,ann@gmial.com,13800138000,2024/1/5,VIP,',
    'Bob Lee,not-an-email,138 0013 8001,2024年1月5日,call back,',
    ' 王芳 ,wang.fang@example.cn,139 0013 9000,2024-02-03,likes email,',
    'Cid Wu,cid@example.com,13700137000,2024-3-9,n/a,',
  ].join('\n') + '\n';
const mixedFile = () => ({ name: 'mixed.csv', mimeType: 'text/csv', buffer: Buffer.from(MIXED_CSV, 'utf8') });

test('steps, report, grid filter and edit, downloads, language: the whole flow', { timeout: 90_000 }, async () => {
  const { page, requests, errors, close } = await open();
  try {
    // 1. Choose a file: the steps show the detected types and planned actions before anything runs.
    await page.click('#options summary');
    await page.selectOption('#opt-region', 'CN');
    await page.click('#options summary');
    await page.setInputFiles('#file', mixedFile());
    await page.waitForFunction(() => document.body.dataset.state === 'ready');
    assert.equal(await page.getAttribute('body', 'data-run'), '0', 'nothing was cleaned yet');
    assert.equal(await page.textContent('#steps-name'), 'Steps for mixed.csv');
    const steps = await page.$$eval('#steps-columns tr', (trs) =>
      trs.map((tr) => ({ name: tr.dataset.column, type: tr.querySelector('select').value, actions: tr.querySelector('.step-actions').textContent })),
    );
    assert.deepEqual(steps.map((s) => s.name), ['name', 'email', 'phone', 'signup', 'note', 'fax']);
    const typeOf = Object.fromEntries(steps.map((s) => [s.name, s.type]));
    assert.equal(typeOf.email, 'email');
    assert.equal(typeOf.signup, 'date');
    assert.equal(typeOf.note, 'text');
    assert.match(steps.find((s) => s.name === 'email').actions, /check and normalize as Email/);
    assert.match(steps.find((s) => s.name === 'note').actions, /keep as text/);
    // Every control in the steps has a label.
    const unlabeled = await page.$$eval('#steps select', (els) => els.filter((e) => !e.getAttribute('aria-label') && !e.labels.length).length);
    assert.equal(unlabeled, 0);
    assert.equal(await page.locator('[style]').count(), 0, 'no inline styles');
    await shot(page, '1-steps');
    await page.setViewportSize({ width: 400, height: 800 });
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), 0, 'steps fit 400 px');
    await page.locator('#steps').scrollIntoViewIfNeeded();
    await shot(page, '1-steps-narrow', false);
    await page.setViewportSize({ width: 1280, height: 800 });

    // A reading option changed while the steps are shown: the file is looked at again.
    const stepRows = () => page.$$eval('#steps-columns tr', (trs) => trs.length);
    await page.click('#options summary');
    await page.selectOption('#opt-delimiter', ';');
    await page.waitForFunction(() => document.body.dataset.state === 'ready' && document.querySelectorAll('#steps-columns tr').length === 1);
    await page.selectOption('#opt-delimiter', '');
    await page.waitForFunction(() => document.body.dataset.state === 'ready' && document.querySelectorAll('#steps-columns tr').length === 6);
    assert.equal(await stepRows(), 6);
    await page.click('#options summary');

    // 2. Change a column's type: the planned action follows; save the profile (an explicit action).
    await page.selectOption('#steps-columns select[data-column="note"]', 'email');
    assert.match(await page.textContent('#steps-columns tr[data-column="note"] .step-actions'), /as Email/);
    assert.equal(await page.textContent('#steps-changed'), '1 type changed.');
    const saved = await downloadText(page, '#steps-save');
    assert.equal(saved.name, 'mixed.profile.json');
    const savedProfile = JSON.parse(saved.text);
    assert.equal(savedProfile.columns.find((c) => c.name === 'note').type, 'email');
    assert.equal(savedProfile.validate.default_region, 'CN');

    // 3. Run.
    await page.click('#steps-run');
    assert.equal(await waitRun(page, 1), 'done', await page.textContent('#error'));
    assert.ok(await page.isHidden('#steps'));
    const columns = await page.$$eval('#columns tr', (trs) => trs.map((tr) => [tr.dataset.column, tr.querySelector('select').value]));
    assert.deepEqual(columns.find(([n]) => n === 'note'), ['note', 'email'], 'the type chosen in the steps was used');

    // 4. The report: scores before and after, five measures, per column, issues by code.
    assert.ok(await page.isVisible('#report-block'));
    const report = JSON.parse((await downloadText(page, '#download-report-json')).text);
    assert.equal(report.file, 'mixed.csv');
    const q = report.quality;
    // Independently: 4 rows x 6 columns; fax is empty, so 20 of 24 cells are filled.
    assert.equal(q.rows, 4);
    assert.equal(q.after.completeness, 20 / 24);
    const note = q.columns.find((c) => c.name === 'note');
    assert.equal(note.type, 'email');
    assert.equal(note.invalid, 4, 'no note is an email');
    assert.equal(note.after.validity, 0);
    const name = q.columns.find((c) => c.name === 'name');
    assert.equal(name.changed, 1, '" 王芳 " was trimmed');
    assert.equal(name.before.consistency, 3 / 4);
    assert.equal(name.after.consistency, 1);
    assert.ok(q.score_after >= q.score_before, `${q.score_after} >= ${q.score_before}`);
    const scores = await page.$$eval('#report .report-score', (els) => els.map((e) => [e.dataset.score, Number(e.dataset.value)]));
    assert.deepEqual(scores, [['before', q.score_before], ['after', q.score_after]]);
    const measures = await page.$$eval('#report .report-table tbody tr', (trs) => trs.map((tr) => tr.dataset.measure));
    assert.deepEqual(measures, ['completeness', 'validity', 'uniqueness', 'consistency', 'timeliness']);
    assert.equal(await page.locator('#report svg.chart').count(), 2, 'per-column and issues-by-code charts');
    const bars = await page.$$eval('#report svg.chart:last-of-type .chart-label', (els) => els.map((e) => e.textContent));
    assert.ok(bars.includes('email.missing_at'), bars.join());
    await page.$eval('#report-block', (el) => el.scrollIntoView({ block: 'start' }));
    await shot(page, '2-report', false);

    // The HTML report stands alone: inline CSS and SVG, no script, no request.
    const html = (await downloadText(page, '#download-report-html')).text;
    assert.match(html, /^<!doctype html>/);
    assert.match(html, /<svg[^>]*class="chart"/);
    assert.match(html, /default-src 'none'/);
    assert.doesNotMatch(html, /<script|https?:\/\//i);
    assert.match(html, new RegExp(`data-value="${q.score_after}"`));

    // The histogram helper (for the deduplication panel's score histogram): equal bins, counts in titles.
    const hist = await page.evaluate(async () => {
      const { histogram } = await import('./ui/charts.js');
      const svg = histogram([0.05, 0.1, 0.2, 0.95, 1], { bins: 4, min: 0, max: 1 });
      return [...svg.querySelectorAll('g title')].map((t) => t.textContent);
    });
    assert.deepEqual(hist, ['0.00–0.25: 3', '0.25–0.50: 0', '0.50–0.75: 0', '0.75–1.00: 2']);

    // 5. The grid: every row; filtered to problems, then to one code.
    assert.equal(await page.getAttribute('#grid', 'data-total'), '4');
    let rows = await gridRows(page);
    assert.equal(rows.length, 4);
    const bob = rows[1].cells;
    assert.equal(bob[1].cls, 'is-error');
    assert.match(bob[1].title, /email\.missing_at/);
    assert.equal(rows[2].cells[0].text, ' 王芳  → 王芳', 'a changed cell shows before → after');
    await page.selectOption('#grid-filter', '*');
    await page.waitForFunction(() => document.getElementById('grid').dataset.loading === 'false');
    rows = await gridRows(page);
    assert.ok(rows.length >= 1 && rows.every((r) => r.cells.some((c) => /is-(error|warning)/.test(c.cls))), JSON.stringify(rows));
    const missingAt = await page.$eval('#grid-filter option[value="email.missing_at"]', (o) => Number(/\((\d+)\)$/.exec(o.textContent)[1]));
    await page.selectOption('#grid-filter', 'email.missing_at');
    await page.waitForFunction(() => document.getElementById('grid').dataset.loading === 'false' && document.getElementById('grid').dataset.total !== '4');
    rows = await gridRows(page);
    assert.ok(rows.length >= 1 && rows.length <= missingAt, `${rows.length} rows for ${missingAt} issues`);
    assert.ok(rows.every((r) => r.cells.some((c) => /email\.missing_at/.test(c.title ?? ''))), JSON.stringify(rows));
    await page.selectOption('#grid-filter', 'email.domain_typo');
    await page.waitForFunction(() => document.getElementById('grid').dataset.total === '1');
    rows = await gridRows(page);
    assert.deepEqual(rows.map((r) => r.source), ['1']);
    await page.$eval('#grid-block', (el) => el.scrollIntoView({ block: 'center' }));
    await shot(page, '3-grid-filter', false);
    await page.selectOption('#grid-filter', '');
    await page.waitForFunction(() => document.getElementById('grid').dataset.total === '4' && document.getElementById('grid').dataset.loading === 'false');

    // 6. Edit Bob's email from the keyboard: focus, Enter, type, Enter. Re-validated at once.
    await page.focus('#grid-table tbody tr:nth-child(2) td[data-col="1"]');
    assert.match(await page.textContent('#grid-info'), /email\.missing_at/, 'the problem is shown on focus');
    await page.keyboard.press('Enter');
    const input = page.locator('#grid-table input.grid-input');
    assert.match(await input.getAttribute('aria-label'), /email, row 2/);
    await input.fill(' Bob.Lee@Example.COM ');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => !document.querySelector('#grid-table input'));
    await page.waitForFunction(() => /bob\.lee@example\.com/.test(document.querySelector('#grid-table tbody tr:nth-child(2) td[data-col="1"]').textContent));
    rows = await gridRows(page);
    assert.notEqual(rows[1].cells[1].cls, 'is-error', 'valid now');
    assert.equal(rows[1].cells[1].text, 'not-an-email → bob.lee@example.com');
    // An invalid edit stays as typed and is marked.
    await page.click('#grid-table tbody tr:nth-child(4) td[data-col="1"]');
    await page.locator('#grid-table input.grid-input').fill('cid-at-example');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('#grid-table tbody tr:nth-child(4) td[data-col="1"]').className === 'is-error');
    await exported(page);
    assert.match(await page.textContent('#grid-edits'), /^2 cells edited by hand/);
    await page.$eval('#grid-block', (el) => el.scrollIntoView({ block: 'center' }));
    await shot(page, '4-edit', false);

    // The edits are in the downloads: cleaned CSV, changes (manual_edit), issues, report.
    const cleaned = csvObjects((await downloadText(page, '#download')).text);
    assert.deepEqual(cleaned.map((r) => r.email), ['ann@gmial.com', 'bob.lee@example.com', 'wang.fang@example.cn', 'cid-at-example']);
    const changes = csvObjects((await downloadText(page, '#download-changes')).text);
    const manual = changes.filter((c) => c.rule === 'manual_edit');
    assert.deepEqual(manual.map((c) => [c.source_row, c.column, c.before, c.after]), [
      ['2', 'email', 'not-an-email', 'bob.lee@example.com'],
      ['4', 'email', 'cid@example.com', 'cid-at-example'],
    ]);
    const issues = csvObjects((await downloadText(page, '#download-issues')).text);
    const emailIssues = issues.filter((i) => i.column === 'email').map((i) => [i.source_row, i.code]);
    assert.ok(!emailIssues.some(([row]) => row === '2'), JSON.stringify(emailIssues));
    assert.ok(emailIssues.some(([row, code]) => row === '4' && code.startsWith('email.')), JSON.stringify(emailIssues));
    assert.equal(await page.getAttribute('[data-field="cells_changed"]', 'data-value'), String(changes.length));
    const report2 = JSON.parse((await downloadText(page, '#download-report-json')).text);
    assert.equal(report2.quality.columns.find((c) => c.name === 'email').invalid, 1, 'the report counts the edits: Bob fixed, Cid broken');
    assert.equal(q.columns.find((c) => c.name === 'email').invalid, 1, 'before the edits: Bob');
    const profile = JSON.parse((await downloadText(page, '#download-profile')).text);
    assert.equal(profile.columns.find((c) => c.name === 'note').type, 'email');
    assert.equal(await page.getAttribute('#download-rejected', 'aria-disabled'), 'true', 'nothing rejected');
    // A place for the deduplication downloads.
    assert.equal(await page.locator('#downloads').count(), 1);

    // 7. Switch the language: the page, the report and the issue messages in Chinese; and back.
    await page.selectOption('#lang', 'zh');
    assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
    assert.equal(await page.textContent('#title'), '清洗 CRM 导出文件');
    assert.equal(await page.textContent('#report-title'), '质量报告');
    assert.match(await page.textContent('#report .report-table'), /完整性/);
    assert.match(await page.textContent('#issues'), /例如/);
    await page.focus('#grid-table tbody tr:nth-child(1) td[data-col="1"]');
    assert.match(await page.textContent('#grid-info'), /[\u4e00-\u9fff]/, 'issue message in Chinese');
    assert.match(await page.textContent('#download-issues'), /^问题.CSV. · /);
    await page.locator('#summary').scrollIntoViewIfNeeded();
    await shot(page, '5-chinese');
    await page.selectOption('#lang', 'en');
    assert.equal(await page.textContent('#title'), 'Clean a CRM export');
    assert.match(await page.textContent('#download-issues'), /^Issues \(CSV\)/);

    // 8. Narrow: 400 px wide, nothing overflows sideways, the grid still works.
    await page.setViewportSize({ width: 400, height: 800 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.equal(overflow, 0, 'no horizontal overflow at 400 px');
    await page.locator('#grid-block').scrollIntoViewIfNeeded();
    await shot(page, '6-narrow-grid', false);
    await page.locator('#report-block').scrollIntoViewIfNeeded();
    await shot(page, '6-narrow-report', false);

    // Nothing left the page, no inline styles, no CSP violation, no error.
    const origin = new URL(server.url).origin;
    for (const r of requests) assert.equal(new URL(r.url).origin, origin, r.url);
    assert.ok(requests.every((r) => r.method === 'GET'));
    // (Playwright's full-page screenshots leave an empty style="" on inputs; the page writes none.)
    assert.deepEqual(await page.$$eval('[style]:not(input[style=""])', (els) => els.map((e) => e.outerHTML.slice(0, 120))), []);
    assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('after an edit, the problems filter and the per-code filters follow: a fixed row leaves, a broken one joins', { timeout: 90_000 }, async () => {
  const { page, errors, close } = await open();
  const loaded = () => page.waitForFunction(() => document.getElementById('grid').dataset.loading === 'false', undefined, { polling: 50 });
  const sources = async () => (await gridRows(page)).map((r) => r.source);
  const optionCount = (code) => page.$eval(`#grid-filter option[value="${code}"]`, (o) => Number(/\((\d+)\)$/.exec(o.textContent)[1])).catch(() => 0);
  /** Edits the cell of the shown row whose row number is `source`, in column `col`. */
  async function edit(source, col, value) {
    const index = (await sources()).indexOf(String(source));
    assert.ok(index >= 0, `row ${source} is shown`);
    await page.click(`#grid-table tbody tr:nth-child(${index + 1}) td[data-col="${col}"]`);
    await page.locator('#grid-table input.grid-input').fill(value);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => !document.querySelector('#grid-table input') && document.getElementById('grid').dataset.saving === 'false', undefined, { polling: 50 });
    await loaded();
  }
  try {
    const text = 'name,email\nAnn Smith,ann@gmial.com\nBob Lee,not-an-email\nCid Wu,cid@example.com\nDee Ho,dee@example.com\n';
    await page.setInputFiles('#file', { name: 'emails.csv', mimeType: 'text/csv', buffer: Buffer.from(text) });
    await page.waitForFunction(() => document.body.dataset.state === 'ready');
    await page.click('#steps-run');
    assert.equal(await waitRun(page, 1), 'done');

    // Rows with problems: Ann (a domain typo) and Bob (no @).
    await page.selectOption('#grid-filter', '*');
    await page.waitForFunction(() => document.getElementById('grid').dataset.total === '2');
    await loaded();
    assert.deepEqual(await sources(), ['1', '2']);
    // Fix Bob's email in the filtered view: he leaves it at once.
    await edit(2, 1, 'bob.lee@example.com');
    assert.deepEqual(await sources(), ['1'], 'the fixed row left "rows with problems"');
    assert.equal(await page.getAttribute('#grid', 'data-total'), '1');

    // One code: Ann is the only email.domain_typo; fixing her email empties that view.
    await page.selectOption('#grid-filter', 'email.domain_typo');
    await page.waitForFunction(() => document.getElementById('grid').dataset.total === '1');
    assert.deepEqual(await sources(), ['1']);
    await edit(1, 1, 'ann@gmail.com');
    assert.equal(await page.getAttribute('#grid', 'data-total'), '0');
    assert.equal(await page.textContent('#grid-status'), 'No rows to show.');
    // Once the downloads are rebuilt the code has no issue left, but the menu still names what is shown.
    await page.waitForFunction(() => document.body.dataset.exporting !== 'true', undefined, { polling: 50 });
    assert.equal(await page.inputValue('#grid-filter'), 'email.domain_typo');
    assert.equal(await optionCount('email.domain_typo'), 0);

    // A newly broken row joins: break Cid's email while every row is shown, then filter.
    await page.selectOption('#grid-filter', '');
    await page.waitForFunction(() => document.getElementById('grid').dataset.total === '4');
    await loaded();
    await edit(4, 1, 'cid-at-example');
    await page.selectOption('#grid-filter', 'email.missing_at');
    await loaded();
    assert.deepEqual(await sources(), ['4'], 'only Cid has no @ now');
    // …and in the problems view, with the filter menu's counts updated once the downloads are rebuilt.
    await page.waitForFunction(() => document.body.dataset.exporting !== 'true', undefined, { polling: 50 });
    assert.equal(await optionCount('email.missing_at'), 1);
    assert.equal(await optionCount('email.domain_typo'), 0, 'no domain typo left: the code is gone from the menu');
    assert.equal(await page.inputValue('#grid-filter'), 'email.missing_at', 'the chosen filter stays chosen');
    await page.selectOption('#grid-filter', '*');
    await loaded();
    assert.deepEqual(await sources(), ['4'], 'the broken row joined "rows with problems", the fixed ones left');

    // While a filter is shown, breaking a row that is in it keeps it; fixing the last problem of the view empties it.
    await page.selectOption('#grid-filter', 'email.missing_at');
    await loaded();
    await edit(4, 1, 'cid@example.com');
    assert.equal(await page.getAttribute('#grid', 'data-total'), '0');
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('the big downloads get their URLs from the worker, and still download after that worker stops', { timeout: 90_000 }, async () => {
  const { page, errors, close } = await open();
  try {
    await page.setInputFiles('#file', mixedFile());
    await page.waitForFunction(() => document.body.dataset.state === 'ready');
    await page.click('#steps-run');
    assert.equal(await waitRun(page, 1), 'done');
    const before = await page.getAttribute('#download', 'href');
    assert.match(before, /^blob:/);
    const first = (await downloadText(page, '#download')).text;
    assert.match(first, /bob lee|Bob Lee/i);

    // The finished run's worker fails: the page stops it (its URLs die with it) and makes its own.
    const [worker] = page.workers();
    assert.ok(worker, 'the finished run keeps its worker');
    await worker.evaluate(() => setTimeout(() => {
      throw new Error('a test stops the worker');
    }));
    await page.waitForFunction(() => document.getElementById('error').textContent !== '');
    assert.match(await page.textContent('#error'), /stopped while showing the rows/);
    await page.waitForFunction((old) => document.getElementById('download').getAttribute('href') !== old, before);
    const deadline = Date.now() + 5000;
    while (page.workers().length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.equal(page.workers().length, 0, 'the worker is gone');
    assert.equal((await downloadText(page, '#download')).text, first, 'the cleaned file still downloads, whole');
    assert.match((await downloadText(page, '#download-issues')).text, /^\uFEFF?source_row,/);
    assert.ok((await downloadText(page, '#download-profile')).text.includes('"columns"'), 'the profile still downloads');
    assert.ok((await downloadText(page, '#download-clusters')).text.length > 0, 'the deduplication downloads too');
    assert.deepEqual(errors.filter((e) => !/a test stops the worker/.test(e)), []);
  } finally {
    await close();
  }
});

test('the grid scrolls 200,000 rows with a dozen rows in the DOM', { timeout: 90_000 }, async () => {
  const n = 200_000;
  const lines = ['id,email,city'];
  for (let i = 1; i <= n; i++) lines.push(`${i},${i % 1000 === 0 ? 'broken' : `user${i}@example.com`},Paris`);
  const { page, errors, close } = await open();
  try {
    await page.setInputFiles('#file', { name: 'many.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n') + '\n') });
    await page.waitForFunction(() => document.body.dataset.state === 'ready');
    await page.click('#steps-run');
    assert.equal(await waitRun(page, 1), 'done');
    assert.equal(await page.getAttribute('#grid', 'data-total'), String(n));
    assert.ok((await page.locator('#grid-table tr').count()) <= 14, 'only the visible rows are in the DOM');

    // Keyboard: Ctrl+End goes to the last row.
    await page.focus('#grid-table tbody td[data-col="0"]');
    await page.keyboard.press('Control+End');
    await page.waitForFunction(() => document.getElementById('grid').dataset.loading === 'false');
    let rows = await gridRows(page);
    assert.equal(rows.at(-1).cells[0].text, String(n));
    // The scrollbar (a range input) jumps to the middle.
    await page.$eval('#grid-scrollbar', (el) => {
      el.value = '100000';
      el.dispatchEvent(new Event('input'));
    });
    await page.waitForFunction(() => document.getElementById('grid').dataset.loading === 'false');
    rows = await gridRows(page);
    assert.equal(rows[0].cells[0].text, '100001');
    // The wheel scrolls by rows.
    await page.hover('#grid-table tbody');
    await page.mouse.wheel(0, 360);
    await page.waitForFunction(() => document.getElementById('grid').dataset.top !== '100000' && document.getElementById('grid').dataset.loading === 'false');
    assert.ok(Number(await page.getAttribute('#grid', 'data-top')) > 100000);
    // Rows with problems: every 1000th.
    await page.selectOption('#grid-filter', '*');
    await page.waitForFunction((k) => document.getElementById('grid').dataset.total === String(k), n / 1000);
    rows = await gridRows(page);
    assert.deepEqual(rows.slice(0, 3).map((r) => r.cells[0].text), ['1000', '2000', '3000']);
    await shot(page, '7-grid-200k', false);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('progress shows rows, rows/s and time left; Cancel stops the worker and the page stays usable', { timeout: 90_000 }, async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'crm-cleaner-ui-'));
  const bigPath = path.join(dir, 'big.csv');
  await writeFile(bigPath, 'a,b\n' + ' 1 ,2\n'.repeat(10_000_000));
  const { page, errors, close } = await open();
  try {
    await page.setInputFiles('#file', bigPath);
    await page.waitForFunction(() => document.body.dataset.state === 'ready');
    assert.match(await page.textContent('#steps-note'), /first 1 MB/);
    await page.click('#steps-run');
    await page.waitForFunction(() => /rows\/s/.test(document.getElementById('status-detail').textContent), undefined, { timeout: 20_000 });
    assert.match(await page.textContent('#status'), /^Reading — /);
    await shot(page, '8-progress', false);
    await page.click('#cancel');
    assert.equal(await page.getAttribute('body', 'data-state'), 'idle');
    assert.ok(await page.isHidden('#progress-area'));
    const deadline = Date.now() + 5000;
    while (page.workers().length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.equal(page.workers().length, 0, 'the cancelled worker is gone');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'drop', 'focus back on the file picker');

    // Still usable: the next file runs to the end.
    await page.setInputFiles('#file', mixedFile());
    await page.waitForFunction(() => document.body.dataset.state === 'ready');
    await page.click('#steps-run');
    assert.equal(await waitRun(page, 2), 'done');
    assert.deepEqual(errors, []);
  } finally {
    await close();
    await rm(dir, { recursive: true, force: true });
  }
});
