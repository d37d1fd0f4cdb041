// The page in Chinese: every flow (load, steps, run, report, grid, edit,
// review, errors) leaves no English sentence for a user to see or hear. The
// check reads the visible text, the screen-reader text (visually hidden text,
// aria-live regions, aria-label, title, placeholder) and fails on any run of
// two English words, or a single word of the page's own English vocabulary
// ("missing", "rows", "error"…), outside the user's own data (cell values,
// file names, raw lines of the file, issue codes). Malformed files make the core report
// every kind of reading problem and error it has, so a core message that
// ui/messages.js does not translate shows up here.
// Screenshots go to target/screenshots/i18n-*.png.
//
//   cd tests/browser && node --test i18n.test.mjs

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { serve } from './server.mjs';
import { launch, openPage } from './browser.mjs';
import { dedupeCsv } from './fixtures.mjs';

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

/** Opens the page and switches it to Chinese. */
async function openZh(options) {
  const session = await openPage(browser, options);
  await session.page.goto(server.url);
  await session.page.waitForFunction(() => typeof window.__crmProgressCount === 'number');
  await session.page.selectOption('#lang', 'zh');
  return session;
}

const shot = (page, name, fullPage = true) => page.screenshot({ path: path.join(SCREENSHOTS, `i18n-${name}.png`), fullPage });

/**
 * English left on the page: every piece of text a user can see or hear with
 * two English words in a row, outside the user's data. Returns
 * [{ where, text }].
 */
function englishLeft(page) {
  return page.evaluate(() => {
    // The user's own data and machine names, shown as they are in any language.
    const DATA = [
      'code', '.raw', '#grid-table td', '#grid-table thead th', '.step-sample', '#summary-name', '#file-name',
      '.review-table td', '.review-table th', '#lang option', '.column-name', '#steps-columns th', '[data-user-text]',
    ].join(', ');
    const WORDS = /[A-Za-z][a-z’']*(?:[ ,;:]+[A-Za-z][a-z’']*)+/;
    // Single English words of the page's own vocabulary that a half-translated label would show.
    const VOCABULARY = /\b(missing|different|same|equal|error|errors|warning|warnings|rows?|columns?|issues?|cleaned|cleaning|download|empty|blank|none|sheet|line|keep|mask|redact|drop|set|unknown|loading|saved|cancel|show|all)\b/i;
    const visible = (el) => {
      if (el.closest('[hidden], template, script, style')) return false;
      const select = el.closest('select');
      if (select) return select.checkVisibility();
      // Visually hidden text (clip, 1 px) is read by screen readers: it counts.
      return el.checkVisibility({ checkVisibilityCSS: true });
    };
    const found = [];
    const check = (where, text) => {
      // File names (mixed.cleaned.csv) and issue codes (email.missing_at) are names, not words.
      // So are the keys and values of a profile the core names in `backticks`.
      const words = (text ?? '').replace(/`[^`]*`/g, ' ').replace(/[\w-]+(?:\.[\w-]+)+/g, ' ');
      const m = WORDS.exec(words) ?? VOCABULARY.exec(words);
      if (m) found.push({ where, text: text.trim().slice(0, 160), words: m[0] });
    };
    const describe = (el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.split(' ')[0]}` : ''}`;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      if (!el || el.closest(DATA) || !visible(el)) continue;
      check(describe(el), node.textContent);
    }
    for (const el of document.querySelectorAll('[aria-label], [title], [placeholder]')) {
      if (el.closest(DATA) || !visible(el)) continue;
      for (const attr of ['aria-label', 'title', 'placeholder']) if (el.hasAttribute(attr)) check(`${describe(el)}[${attr}]`, el.getAttribute(attr));
    }
    // Live regions are read out even when empty-looking or visually hidden.
    for (const el of document.querySelectorAll('[aria-live], [role="status"], [role="alert"]')) {
      if (el.closest('[hidden]')) continue;
      check(`${describe(el)} (live)`, el.textContent);
    }
    return found;
  });
}

async function assertNoEnglish(page, flow) {
  const left = await englishLeft(page);
  assert.deepEqual(left, [], `${flow}: English left on the page in Chinese:\n${left.map((l) => `  ${l.where}: ${l.text}`).join('\n')}`);
}

async function waitRun(page, run) {
  await page.waitForFunction(
    (n) => Number(document.body.dataset.run) === n && ['done', 'error'].includes(document.body.dataset.state),
    run,
    { polling: 50, timeout: 60_000 },
  );
  return page.getAttribute('body', 'data-state');
}

/** Chooses `file`, waits for the steps (or a run that went straight on), then runs it. */
async function chooseAndRun(page, file, run) {
  await page.setInputFiles('#file', file);
  await page.waitForFunction(() => ['ready', 'done', 'error'].includes(document.body.dataset.state), undefined, { polling: 50 });
  if ((await page.getAttribute('body', 'data-state')) === 'ready') await page.click('#steps-run');
  return waitRun(page, run);
}

const csv = (name, text) => ({ name, mimeType: 'text/csv', buffer: Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8') });

const MIXED = [
  'name,email,phone,signup,note,fax',
  'Ann Smith,ann@gmial.com,13800138000,2024/1/5,VIP,',
  'Bob Lee,not-an-email,138 0013 8001,2024年1月5日,call back,',
  ' 王芳 ,wang.fang@example.cn,139 0013 9000,2024-02-03,likes email,',
  'Cid Wu,cid@example.com,13700137000,2024-3-9,n/a,',
].join('\n') + '\n';

/**
 * Every reading problem the core reports on a CSV: too many and too few
 * fields, text after a closing quote, bytes that are not UTF-8, a very long
 * field, a header that names one type over values of another, a blank column,
 * and a quote that is never closed (last, as it swallows the rest).
 */
function malformedCsv() {
  const lines = [
    Buffer.from('name,email,phone,notes\n'),
    Buffer.from('Ann Smith,ann@example.com,13800138000,ok\n'),
    Buffer.from('Bob Lee,bob@example.com,13800138001,one,two,three\n'),
    Buffer.from('Cid Wu,cid@example.com\n'),
    Buffer.from('"Dee" Ho,dee@example.com,13800138002,x\n'),
    Buffer.concat([Buffer.from('Eve,eve@example.com,13800138003,caf'), Buffer.from([0xe9]), Buffer.from('\n')]),
    Buffer.from(`Fay,fay@example.com,13800138004,${'long '.repeat(4000)}\n`),
    Buffer.from('Gus,gus@example.com,13800138005,"never closed\n'),
    Buffer.from('Hal,hal@example.com,13800138006,after\n'),
  ];
  return Buffer.concat(lines);
}

test('in Chinese, the whole flow shows and announces no English: steps, run, report, grid, edit, review', { timeout: 120_000 }, async () => {
  const { page, errors, close } = await openZh();
  try {
    await assertNoEnglish(page, 'load');
    // The language label stays on one line ("语言" once stacked one character a line).
    const label = await page.$eval('label[for="lang"]', (el) => ({ h: el.getBoundingClientRect().height, line: parseFloat(getComputedStyle(el).lineHeight) || parseFloat(getComputedStyle(el).fontSize) * 1.5 }));
    assert.ok(label.h <= label.line * 1.2, JSON.stringify(label));
    await page.click('#options summary');
    await assertNoEnglish(page, 'options');
    await page.click('#options summary');

    // Steps.
    await page.setInputFiles('#file', csv('mixed.csv', MIXED));
    await page.waitForFunction(() => document.body.dataset.state === 'ready');
    await page.selectOption('#steps-columns select[data-column="note"]', 'email');
    await assertNoEnglish(page, 'steps');
    await shot(page, '1-steps-zh');

    // Run: summary, notices, downloads, report, grid, issues, columns; the announcement.
    await page.click('#steps-run');
    assert.equal(await waitRun(page, 1), 'done');
    assert.match(await page.textContent('#announce'), /清洗完成/);
    await assertNoEnglish(page, 'results');
    // Everything shown follows a switch to English and back (disabled downloads, errors, notes…).
    await page.selectOption('#lang', 'en');
    await page.selectOption('#lang', 'zh');
    await assertNoEnglish(page, 'results, after switching to English and back');
    // Narrow, in Chinese: nothing overflows sideways.
    await page.setViewportSize({ width: 400, height: 800 });
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), 0, 'no horizontal overflow at 400 px');
    await page.locator('#summary').scrollIntoViewIfNeeded();
    await shot(page, '1-results-zh-narrow', false);
    await page.setViewportSize({ width: 1280, height: 800 });

    // Grid: filter, focus a cell with a problem, edit it (the announcement says so in Chinese).
    await page.selectOption('#grid-filter', '*');
    await page.waitForFunction(() => document.getElementById('grid').dataset.loading === 'false');
    await page.selectOption('#grid-filter', '');
    await page.waitForFunction(() => document.getElementById('grid').dataset.loading === 'false');
    await page.focus('#grid-table tbody tr:nth-child(2) td[data-col="1"]');
    await page.keyboard.press('Enter');
    await assertNoEnglish(page, 'grid, editing');
    await page.locator('#grid-table input.grid-input').fill('still-wrong');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.body.dataset.exporting === 'false' && /仍有问题/.test(document.getElementById('announce').textContent));
    await assertNoEnglish(page, 'grid, after an edit');
    await page.$eval('#grid-block', (el) => el.scrollIntoView({ block: 'center' }));
    await shot(page, '2-grid-zh', false);

    // Anonymization: choices in the steps, the key panel, a run refused for want of a key, the results.
    await page.setInputFiles('#file', csv('people.csv', MIXED));
    await page.waitForFunction(() => document.body.dataset.state === 'ready');
    const choice = (column) => `#steps-columns select.anon-transform[data-anon-column="${column}"]`;
    await page.selectOption(choice('phone'), 'mask');
    await page.selectOption(choice('email'), 'pseudonym');
    await page.selectOption(choice('signup'), 'generalize');
    await page.check('#steps-columns input.anon-qi[data-anon-column="signup"]');
    await page.click('#steps-run'); // refused: no key yet
    await assertNoEnglish(page, 'anonymization, steps and a refused run');
    await page.click('#anon-panel button:has-text("生成新密钥")');
    await assertNoEnglish(page, 'anonymization, a generated key');
    await page.click('#steps-run');
    assert.equal(await waitRun(page, 2), 'done', await page.textContent('#error'));
    await page.waitForSelector('#anon-block:not([hidden])');
    await assertNoEnglish(page, 'anonymization, results');

    // Review: duplicates, the threshold, a pair to decide.
    await page.setInputFiles('#file', csv('contacts.csv', dedupeCsv()));
    await page.waitForFunction(() => document.body.dataset.state === 'ready');
    await page.click('#steps-run');
    assert.equal(await waitRun(page, 3), 'done');
    await page.waitForSelector('#dedupe-review .review-pair');
    await assertNoEnglish(page, 'review');
    // Every stage the core reported progress for (deduplication's steps included) has a Chinese name.
    const stages = await page.evaluate(async () => {
      const { t } = await import('./ui/i18n.js');
      const seen = new Set(window.__crmTimings.filter((x) => x.name.startsWith('stage ')).map((x) => x.name.slice(6)));
      seen.delete('clean'); // "Cleaning N rows…", a sentence of its own
      return [...seen].map((stage) => [stage, t(`stage.${stage}`)]);
    });
    assert.ok(stages.some(([stage]) => stage.startsWith('dedupe')), JSON.stringify(stages));
    for (const [stage, name] of stages) assert.match(name, /[\u4e00-\u9fff]/, `stage ${stage}: ${name}`);
    await page.locator('#dedupe-block').scrollIntoViewIfNeeded();
    await shot(page, '3-review-zh', false);
    // The check itself finds English where there is English.
    await page.selectOption('#lang', 'en');
    assert.ok((await englishLeft(page)).length > 20, 'the English page has English sentences');
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('in Chinese, the reading problems of a malformed file, the column warnings and the errors are Chinese', { timeout: 120_000 }, async () => {
  const { page, errors, close } = await openZh();
  try {
    let run = 0;
    // Reading problems: every kind, each with its line.
    assert.equal(await chooseAndRun(page, csv('broken.csv', malformedCsv()), ++run), 'done', await page.textContent('#error'));
    const kinds = await page.$$eval('#problems li', (lis) => lis.map((li) => li.dataset.kind));
    // (A row with too many fields is rejected: the note under the summary says so.)
    assert.match(await page.textContent('#rejected-note'), /^\d+ 行无法使用/);
    for (const kind of ['row.too_few_fields', 'quote.text_after_closing', 'quote.unterminated']) {
      assert.ok(kinds.includes(kind), `${kind} in ${kinds}`);
    }
    const problems = await page.$$eval('#problems li .problem-body p', (ps) => ps.map((p) => p.textContent));
    for (const text of problems) assert.match(text, /[\u4e00-\u9fff]/, text);
    assert.ok(problems.some((p) => /第 \d+ 行的引号没有闭合/.test(p)), problems.join('\n'));
    await assertNoEnglish(page, 'reading problems');
    await page.locator('#problems-block').scrollIntoViewIfNeeded();
    await shot(page, '4-problems-zh', false);

    // Bytes that are not UTF-8 in a file that is UTF-8 otherwise.
    const chinese = Buffer.from(['姓名,城市', ...Array.from({ length: 50 }, (_, i) => `张伟${i},北京`)].join('\n') + '\n');
    const bad = Buffer.concat([chinese, Buffer.from('王芳,上'), Buffer.from([0xff, 0xfe]), Buffer.from('海\n')]);
    assert.equal(await chooseAndRun(page, csv('bytes.csv', bad), ++run), 'done', await page.textContent('#error'));
    const encoding = await page.$$eval('#problems li[data-kind="encoding.malformed"] .problem-body p', (ps) => ps.map((p) => p.textContent));
    assert.equal(encoding.length, 1, await page.textContent('#summary'));
    assert.match(encoding[0], /^不是有效 UTF-8 编码的字节已替换为 U\+FFFD/);
    await assertNoEnglish(page, 'encoding problem');

    // Column warnings: a header that says one type over values of another; an empty column.
    const warned = ['email,phone,fax', ...Array.from({ length: 20 }, (_, i) => `1380013${String(8000 + i)},x${i}@example.com,`)].join('\n') + '\n';
    assert.equal(await chooseAndRun(page, csv('swapped.csv', warned), ++run), 'done');
    const notes = await page.$$eval('#columns .column-warnings li', (lis) => lis.map((li) => li.textContent));
    assert.ok(notes.length >= 2, notes.join('\n'));
    for (const text of notes) assert.match(text, /列名看起来是|这一列是空的/, text);
    await assertNoEnglish(page, 'column warnings');

    // A header and no rows: a notice.
    assert.equal(await chooseAndRun(page, csv('header-only.csv', 'name,email\n'), ++run), 'done');
    assert.match(await page.textContent('#notices'), /没有数据行/);
    await assertNoEnglish(page, 'notice');

    // Errors that stop a run: an empty file, an image, a damaged workbook, a profile that is not JSON.
    const failures = [
      [csv('empty.csv', ''), /文件是空的/],
      [{ name: 'photo.csv', mimeType: 'text/csv', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]) }, /二进制文件.PNG 图片./],
      [{ name: 'book.xlsx', mimeType: 'application/octet-stream', buffer: Buffer.from('PK\u0003\u0004 not really a workbook') }, /无法读取电子表格/],
    ];
    for (const [file, expected] of failures) {
      assert.equal(await chooseAndRun(page, file, ++run), 'error', file.name);
      const text = await page.textContent('#error');
      assert.match(text, /^出错了。/, text);
      assert.match(text, expected, text);
      await assertNoEnglish(page, `error: ${file.name}`);
    }
    await page.locator('.picker').screenshot({ path: path.join(SCREENSHOTS, 'i18n-5-error-zh.png') });
    // The error follows a language switch, both ways.
    await page.selectOption('#lang', 'en');
    assert.match(await page.textContent('#error'), /^Something went wrong\. Could not clean “book\.xlsx”: The spreadsheet could not be read/);
    await page.selectOption('#lang', 'zh');
    assert.match(await page.textContent('#error'), /无法读取电子表格/);

    await page.click('#options summary');
    await page.setInputFiles('#profile-file', { name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{ not json') });
    await page.waitForFunction(() => /未加载配置/.test(document.getElementById('error').textContent));
    await assertNoEnglish(page, 'profile error');
    // A profile the core refuses: an unknown key, a value of the wrong type.
    for (const [profile, expected] of [
      [{ version: 1, colums: [] }, /未知的键 `colums`;可用的键:`version`、/],
      [{ version: 1, input: { has_header: 'yes' } }, /类型不对:字符串 "yes",应为布尔值/],
    ]) {
      await page.setInputFiles('#profile-file', { name: 'refused.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(profile)) });
      await page.waitForFunction((re) => new RegExp(re).test(document.getElementById('error').textContent), expected.source);
      await assertNoEnglish(page, `refused profile ${JSON.stringify(profile)}`);
    }
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('messages.js knows every template the core writes (a unit check in the page)', async () => {
  const { page, close } = await openZh();
  try {
    const samples = [
      'the sheet "Chart1" is a chart sheet, which has no cells to read; the worksheets are "Sheet1"',
      'there is no sheet named "Foo"; the sheets are "Sheet1", "Sheet2"',
      'the workbook is password-protected; save a copy without a password and try again',
      'the file is not an XLSX workbook or it is damaged (zip error)',
      'the sheet "Sheet1" is empty',
      'this looks like a binary file (it contains NUL bytes), not a CSV text file',
      'line 7: the text is not valid UTF-8',
      'the column is too large (limit 4 GiB)',
      'a quote opened on line 3 is never closed; the 12 lines after it were rejected as one row',
      '9990 more lines with this problem are not listed',
      'cell B7 holds the spreadsheet error #DIV/0!',
      'the header suggests email, but 85% of the values are phone',
      'the file could not be read (NotReadableError); was it moved or changed?',
      'the browser ran out of memory while cleaning this file (Out of memory)',
      // Refused profiles, as the core words them (serde's detail).
      'invalid cleaning profile: unknown field `colums`, expected one of `version`, `input`, `output`, `normalize`, `validate`, `columns`, `dedupe`, `anonymize`',
      'invalid cleaning profile: invalid type: string "yes", expected a boolean',
      'invalid cleaning profile: unknown variant `sideways`, expected `day_first` or `month_first`',
      'invalid cleaning profile: invalid type: string "high", expected f64',
      'invalid cleaning profile: invalid type: integer `5`, expected a sequence',
      'invalid cleaning profile: version 2 is not supported (this build reads version 1)',
      'invalid cleaning profile: missing field `name` at line 1 column 20',
    ];
    const out = await page.evaluate(async (list) => {
      const { translate } = await import('./ui/messages.js');
      return list.map((m) => [m, translate(m)]);
    }, samples);
    for (const [en, zh] of out) {
      assert.ok(zh, `no Chinese for: ${en}`);
      // Names and values the core quotes stay as they are; so do encodings and formats (UTF-8, XLSX, PNG).
      const words = zh.replace(/“[^”]*”|"[^"]*"|`[^`]*`|\([^)]*\)|\uFF08[^\uFF09]*\uFF09/g, '').replace(/\b(UTF|XLSX|XLS|ODS|XLSB|CSV|PNG|JPEG|GIF|PDF|ZIP|NUL|GiB|DIV|Jaro-Winkler)\b/g, '');
      assert.doesNotMatch(words, /[A-Za-z]{3,}/, `${en} → ${zh}`);
    }
    assert.equal(out.find(([en]) => en.startsWith('the header')).at(1), '列名看起来是“邮箱”,但 85% 的值是“电话”');
    assert.equal(out.find(([en]) => en.includes('expected a boolean')).at(1), '清洗配置无效:类型不对:字符串 "yes",应为布尔值(true 或 false)');
    assert.equal(out.find(([en]) => en.includes('sideways')).at(1), '清洗配置无效:未知的取值 `sideways`;可用的取值:`day_first`、`month_first`');
  } finally {
    await close();
  }
});
