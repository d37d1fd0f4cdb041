// Two workers for a big file (www/ui/split.js, src/validate/split.rs): the
// page's results are byte for byte those of one worker, and a helper that
// fails or dies only costs time.
//
//   cd tests/browser && node --test split.test.mjs

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';

import { serve } from './server.mjs';
import { launch, openPage } from './browser.mjs';
import { rng } from './fixtures.mjs';

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


const field = (s) => (/[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);

/** A messy CRM export that exercises every column check (about 2 MB); `middle`, a record put in its middle. */
function messyCsv(rows = 15_000, middle = null) {
  const rand = rng(2026);
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const names = [' 张 伟 ', 'MARY O\'NEIL', 'ludwig van der berg', '王芳', 'Ａｎｎ Lee', '', '李　娜', 'Ã¤Ã¶ garbled'];
  const domains = ['example.com', 'gmial.com', 'QQ.COM', 'qq.con', '163.cm', 'hotmail.com'];
  const phones = ['13800138000', '+86 138 0013 8000', '(415) 555-0100', '020-88889999', '12345', '', '+1 415 555 0100 ext. 12', '07911 123456'];
  const countries = ['CN', 'China', '中国', 'PRC', 'US', 'USA', 'United States', 'GB', 'Atlantis', ''];
  const postal = ['100000', '2134', '02134', 'SW1A 1AA', 'ABC', '', '94105'];
  const dates = ['2024-01-05', '2024/1/5', '05/01/2024', '13/02/2019', '2024年1月5日', 'Jan 5, 2024', '2019-02-30', '', '45000', '2021-06-01T10:00:00'];
  const notes = ['Said "call me"', 'line one\nline two', 'a, b, c', '=HYPERLINK("x")', '-5', 'plain', ''];
  const lines = ['id,full_name,email,mobile,company,country,postal_code,created_at,last_contact,notes'];
  for (let i = 1; i <= rows; i++) {
    const user = `user${Math.floor(rand() * rows)}`;
    const email = rand() < 0.1 ? pick(['not an email', 'a@@b.com', '']) : `${rand() < 0.2 ? user.toUpperCase() : user}@${pick(domains)}`;
    const company = pick(['Acme Inc.', 'Acme Incorporated', '华为技术有限公司', ' Globex Ltd ', '']);
    const id = i % 97 === 0 ? String(i - 1) : String(i);
    lines.push([id, pick(names), email, pick(phones), company, pick(countries), pick(postal), pick(dates), pick(dates), pick(notes)].map(field).join(','));
    if (i % 1013 === 0) lines.push('too,many,fields,1,2,3,4,5,6,7,8,9');
    if (i === rows / 2 && middle) lines.push(middle);
  }
  return Buffer.from(lines.join('\n') + '\n');
}

/**
 * Page script run before the page's own: counts the workers it starts and,
 * when `sabotage` is set, interferes with the helper ('mismatch': it gets
 * another file, so its part does not fit; 'die': it never answers and
 * reports an error event, as a crashed worker does).
 */
function watchWorkers(sabotage) {
  window.__workerNames = [];
  const PageWorker = window.Worker;
  window.Worker = class extends PageWorker {
    constructor(url, options = {}) {
      super(url, options);
      window.__workerNames.push(options.name ?? '');
      // Whether the main worker and its helper read the file in halves (src/read/halves.rs).
      this.addEventListener('message', (event) => {
        if (event.data?.type === 'done') window.__halves = event.data.halves;
      });
      if (options.name !== 'crm-cleaner-helper' || !sabotage) return;
      const post = this.postMessage.bind(this);
      this.postMessage = (msg, transfer) => {
        if (msg?.type !== 'part') return post(msg, transfer);
        if (sabotage === 'mismatch') {
          const file = msg.file.slice(0, Math.floor(msg.file.size / 2));
          return post({ ...msg, file: new File([file], msg.file.name) }, transfer);
        }
        setTimeout(() => this.dispatchEvent(new Event('error')), 200);
        return undefined;
      };
    }
  };
}

/** Cleans `buffer` on the page opened with `query`; returns the downloads' bytes and the workers started. */
async function clean(buffer, query, sabotage = null) {
  const { page, errors, close } = await openPage(browser);
  const warnings = [];
  page.on('console', (m) => {
    if (m.type() === 'warning' && m.text().startsWith('crm-cleaner:')) warnings.push(m.text());
  });
  try {
    await page.addInitScript(watchWorkers, sabotage);
    await page.goto(`${server.url}${query}`);
    await page.waitForFunction(() => typeof window.__crmProgressCount === 'number');
    await page.setInputFiles('#file', { name: 'crm.csv', mimeType: 'text/csv', buffer });
    await page.waitForFunction(() => ['ready', 'done', 'error'].includes(document.body.dataset.state), null, { polling: 50 });
    if ((await page.getAttribute('body', 'data-state')) === 'ready') await page.click('#steps-run');
    await page.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.state), null, { timeout: 120_000, polling: 100 });
    assert.equal(await page.getAttribute('body', 'data-state'), 'done', await page.textContent('#error'));
    const files = {};
    for (const id of ['download', 'download-issues', 'download-changes', 'download-rejected']) {
      const [dl] = await Promise.all([page.waitForEvent('download'), page.click(`#${id}`)]);
      files[id] = await readFile(await dl.path());
    }
    const [workers, halves] = await page.evaluate(() => [window.__workerNames, window.__halves]);
    assert.deepEqual(errors, []);
    return { files, workers, warnings, halves };
  } finally {
    await close();
  }
}

let single;
const input = messyCsv();

test('two workers give byte for byte the downloads of one', { timeout: 240_000 }, async () => {
  single = await clean(input, '?workers=1');
  assert.ok(!single.workers.includes('crm-cleaner-helper'), `one worker: ${single.workers}`);
  assert.ok(single.files['download-issues'].length > 100_000 && single.files['download-changes'].length > 100_000, 'the file exercises the checks');
  assert.ok(single.files['download-rejected'].toString().split('\n').length > 10, 'some rows are rejected');
  const split = await clean(input, '?workers=2');
  assert.equal(split.workers.filter((n) => n === 'crm-cleaner-helper').length, 1, `a helper was started: ${split.workers}`);
  // The workers that sampled the file for the steps clean it, warmed up (www/app.js, `warm`): none is started for the run.
  assert.deepEqual(split.workers, ['crm-cleaner-sample', 'crm-cleaner-helper'], 'the sampling workers clean the file');
  assert.deepEqual(split.warnings, [], 'the helper\'s part was used');
  assert.equal(single.halves, false, 'one worker reads the whole file');
  assert.equal(split.halves, true, 'the two workers read the file in halves');
  for (const [name, bytes] of Object.entries(single.files)) {
    assert.ok(split.files[name].equals(bytes), `${name}: the split run's file differs from one worker's`);
  }
});

test('a helper whose part does not fit, or that dies, only costs time', { timeout: 240_000 }, async () => {
  assert.ok(single, 'the first test ran');
  for (const sabotage of ['mismatch', 'die']) {
    const run = await clean(input, '?workers=2', sabotage);
    assert.ok(run.workers.includes('crm-cleaner-helper'), `${sabotage}: a helper was started`);
    const expected = { mismatch: /a helper's columns were not used \(.*other worker's columns could not be used/, die: /a helper worker stopped/ }[sabotage];
    assert.equal(run.halves, false, `${sabotage}: the main worker read the second half itself`);
    if (sabotage === 'mismatch') assert.ok(run.warnings.some((w) => /half of the file was not used \(it read another file/.test(w)), `${run.warnings}`);
    assert.ok(run.warnings.some((w) => expected.test(w)), `${sabotage}: the main worker validated the helper's columns: ${run.warnings}`);
    for (const [name, bytes] of Object.entries(single.files)) {
      assert.ok(run.files[name].equals(bytes), `${sabotage}: ${name} differs from one worker's`);
    }
  }
});

/**
 * The messy file with a quoted field of `lines` lines (12 bytes each) in
 * its middle, so that the line breaks after the middle end no record.
 */
function withQuotedMiddle(lines) {
  return messyCsv(15_000, `99999,Quoted Middle,q@example.com,13800138000,Acme,CN,100000,2024-01-05,2024-01-05,"${'a long note\n'.repeat(lines)}"`);
}

test('the halves are joined past a quoted field in the middle, or each worker reads on itself: the same results', { timeout: 300_000 }, async () => {
  const cases = {
    // The helper's 64 KiB search from the middle reaches the field's end, so
    // it starts after it (src/read/halves.rs, second_half_start).
    'a quoted field of 120 kB in the middle': [withQuotedMiddle(10_000), true],
    // It does not: the helper starts at a line break in the field, where
    // the main worker's reader is inside it.
    'a quoted field of 240 kB in the middle': [withQuotedMiddle(20_000), false],
    // The helper's half has a quote problem, whose message counts lines from the file's start.
    'an unclosed quote at the end': [Buffer.concat([input, Buffer.from('100001,"never closed,x@example.com\n100002,Ann,ann@example.com\n')]), false],
  };
  for (const [name, [buffer, joined]] of Object.entries(cases)) {
    const one = await clean(buffer, '?workers=1');
    const two = await clean(buffer, '?workers=2');
    assert.equal(two.halves, joined, `${name}: read in halves?`);
    assert.deepEqual(two.warnings, [], `${name}: the helper's columns were used`);
    for (const [file, bytes] of Object.entries(one.files)) {
      assert.ok(two.files[file].equals(bytes), `${name}: ${file} differs from one worker's`);
    }
  }
});

test('a big CSV gets a helper by default; a small or huge one or a spreadsheet does not', { timeout: 30_000 }, async () => {
  const { page, close } = await openPage(browser);
  try {
    await page.goto(server.url);
    const answers = await page.evaluate(async () => {
      const { workersFor, SPLIT_MIN_BYTES, SPLIT_MAX_BYTES } = await import('/ui/split.js');
      const file = (name, size) => ({ name, size });
      return [
        workersFor(file('big.csv', SPLIT_MIN_BYTES), { cores: 2, search: '' }),
        workersFor(file('big.csv', SPLIT_MIN_BYTES), { cores: 1, search: '' }),
        workersFor(file('small.csv', SPLIT_MIN_BYTES - 1), { cores: 8, search: '' }),
        workersFor(file('big.xlsx', SPLIT_MIN_BYTES * 2), { cores: 8, search: '' }),
        workersFor(file('small.csv', 10), { cores: 1, search: '?workers=2' }),
        workersFor(file('big.csv', SPLIT_MIN_BYTES), { cores: 4, search: '?workers=1' }),
        workersFor(file('huge.csv', SPLIT_MAX_BYTES + 1), { cores: 8, search: '' }),
        workersFor(file('huge.csv', SPLIT_MAX_BYTES), { cores: 8, search: '' }),
      ];
    });
    assert.deepEqual(answers, [2, 1, 1, 1, 2, 1, 1, 2]);
  } finally {
    await close();
  }
});

test('the page hands out columns from the two ends of the claim order, never the main worker\'s own to the helper', { timeout: 30_000 }, async () => {
  const { page, close } = await openPage(browser);
  try {
    await page.goto(server.url);
    const runs = await page.evaluate(async () => {
      const { claimColumns } = await import('/ui/split.js');
      /** Claims in the given order of ends ('f' main, 'b' helper) on a fresh arbiter; the answers. */
      const run = async (ends, ask = {}) => {
        const { main, helper } = claimColumns();
        const claim = (port, message) => new Promise((resolve) => {
          port.onmessage = (event) => resolve(event.data);
          port.postMessage(message);
        });
        const answers = [];
        for (const end of ends) {
          const front = end === 'f';
          const message = { end: front ? 'front' : 'back', count: 6, mainOnly: 1, ...(front ? {} : ask) };
          answers.push(await claim(front ? main : helper, message));
        }
        return answers;
      };
      return [
        await run('fbbfbbf'),
        await run('bbbbbb'),
        await run('fb', { count: 5 }),
      ];
    });
    const [shared, helperAlone, mismatch] = runs;
    // Main takes 0, 1; the helper 5, 4, 3, 2; then nothing is left for either.
    assert.deepEqual(shared, [
      { slot: 0, before: 0 }, { slot: 5, before: 1 }, { slot: 4, before: 2 }, { slot: 1, before: 3 },
      { slot: 3, before: 4 }, { slot: 2, before: 5 }, null,
    ]);
    // Alone, the helper stops before slot 0, which only the main worker may take.
    assert.deepEqual(helperAlone.map((a) => a?.slot ?? null), [5, 4, 3, 2, 1, null]);
    // A helper that counts other columns (it inferred another profile) gets none.
    assert.deepEqual(mismatch, [{ slot: 0, before: 0 }, null]);
  } finally {
    await close();
  }
});
