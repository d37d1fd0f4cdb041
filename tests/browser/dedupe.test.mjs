// End-to-end tests of the page's deduplication panel (www/ui/review.js): the
// numbers, the duplicates and clusters downloads, the threshold slider, the
// review queue (accept, and the merged output), export and import of the
// decisions, both languages, the narrow layout. Screenshots go to
// target/screenshots/dedupe-*.png.
//
//   cd tests/browser && node --test --test-concurrency=1 dedupe.test.mjs

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { serve } from './server.mjs';
import { launch, openPage, recordCspViolations } from './browser.mjs';
import { parseCsv, csvObjects } from './csv.mjs';
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

async function open(options) {
  const session = await openPage(browser, options);
  await recordCspViolations(session.page);
  await session.page.goto(server.url);
  await session.page.waitForFunction(() => typeof window.__crmProgressCount === 'number');
  return session;
}

const shot = (target, name) => target.screenshot({ path: path.join(SCREENSHOTS, `dedupe-${name}.png`) });

const dedupeFile = () => ({ name: 'contacts.csv', mimeType: 'text/csv', buffer: Buffer.from(dedupeCsv(), 'utf8') });



async function downloadText(page, selector) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  return { name: dl.suggestedFilename(), text: (await readFile(await dl.path())).toString('utf8') };
}

async function waitRun(page, run) {
  await page.waitForFunction(
    (n) => Number(document.body.dataset.run) === n && ['done', 'error'].includes(document.body.dataset.state),
    run,
    { polling: 50, timeout: 60_000 },
  );
  return page.getAttribute('body', 'data-state');
}

/** Chooses the file and starts the run from the steps. */
async function clean(page) {
  await page.setInputFiles('#file', dedupeFile());
  await page.waitForFunction(() => document.body.dataset.state === 'ready');
  await page.click('#steps-run');
  assert.equal(await waitRun(page, 1), 'done', await page.textContent('#error'));
  await page.waitForSelector('#dedupe-block:not([hidden])');
}

const stat = (page, key) => page.textContent(`#dedupe-stats [data-dedupe="${key}"]`);
const reviewRows = (page) => page.$$eval('#dedupe-review .review-pair', (lis) => lis.map((li) => li.dataset.rows));

test('dedupe panel: numbers, downloads, slider, review queue, accept, export', { timeout: 120_000 }, async () => {
  const { page, requests, errors, close } = await open();
  try {
    await clean(page);

    // The numbers: the sure duplicate (row 25 of row 1) was merged.
    assert.equal(await stat(page, 'rows_merged'), '3');
    assert.equal(await stat(page, 'clusters'), '3');
    assert.match(await stat(page, 'reduction_ratio'), /%$/);
    assert.ok(Number((await stat(page, 'candidate_pairs')).replace(/,/g, '')) >= 2);

    // The downloads sit with the others; the duplicates file names the survivor.
    const dups = await downloadText(page, '#download-duplicates');
    assert.equal(dups.name, 'contacts.duplicates.csv');
    const merged = csvObjects(dups.text);
    assert.deepEqual(merged.map((r) => [r.source_row, r.survivor_row]), [['45', '1'], ['46', '10'], ['47', '18']]);
    const clusters = await downloadText(page, '#download-clusters');
    assert.equal(clusters.name, 'contacts.clusters.csv');
    const clusterRows = csvObjects(clusters.text);
    assert.equal(clusterRows.length, 49, 'one line per row');
    const cleanedBefore = parseCsv((await downloadText(page, '#download')).text);
    assert.equal(cleanedBefore.length, 1 + 46, 'header and 46 rows: 49 in, 3 merged');

    // The review queue holds the uncertain pair, side by side, the differing phone marked.
    assert.deepEqual(await reviewRows(page), ['48,49']);
    const pair = page.locator('#dedupe-review .review-pair[data-rows="48,49"]');
    const headers = await pair.locator('.review-table thead th').allTextContents();
    assert.deepEqual(headers.slice(1).map((h) => h.replace(/ \(differs\)$/, '')), ['name', 'company', 'email', 'phone', 'city']);
    const differing = await pair.locator('.review-table thead th.is-differing').allTextContents();
    assert.deepEqual(differing.map((h) => h.replace(/ \(differs\)$/, '')), ['phone']);
    assert.equal(await pair.locator('.review-table tbody tr').count(), 2);
    assert.equal(await pair.locator('.review-table tbody td.is-differing').count(), 2);
    const probability = Number(await pair.locator('.review-probability').getAttribute('data-probability'));
    assert.ok(probability >= 0.5 && probability < 0.99, `in the review band: ${probability}`);
    const why = await pair.locator('.review-why tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.querySelector('th').textContent, tr.querySelector('.num').textContent]));
    assert.ok(why.length >= 2, JSON.stringify(why));
    for (const [, w] of why) assert.match(w, /^[+−±]\d+\.\d$/);
    // Buttons are labelled and reachable by keyboard.
    const accept = pair.locator('button[data-decision="accept"]');
    assert.equal(await accept.getAttribute('aria-label'), 'Rows 48 and 49 are the same customer: merge them');
    await shot(page.locator('#dedupe-block'), '1-panel');

    // The slider: each position shows its own cluster count, without a run.
    const slider = page.locator('#dedupe-threshold');
    const out = page.locator('#dedupe-threshold-out');
    assert.equal(await out.getAttribute('data-clusters'), '3');
    assert.ok(await page.isDisabled('#dedupe-threshold-apply'), 'nothing to apply at the current threshold');
    await slider.focus();
    await page.keyboard.press('Home');
    assert.equal(await slider.inputValue(), '0');
    assert.match(await out.textContent(), /^50%/);
    assert.equal(await out.getAttribute('data-clusters'), '4', 'at 50 % the uncertain pair is merged too');
    assert.match(await out.textContent(), /4 groups, 4 rows merged/);
    assert.ok(await page.isEnabled('#dedupe-threshold-apply'));
    assert.equal(await page.getAttribute('body', 'data-run'), '1', 'sliding does not clean again');
    await shot(page.locator('.dedupe-threshold'), '2-slider');
    await page.keyboard.press('End');
    assert.match(await out.textContent(), /^99\.9%/);

    // Accept the pair: the file is cleaned again with the decision, the pair is merged.
    await accept.focus();
    await page.keyboard.press('Enter');
    assert.equal(await waitRun(page, 2), 'done', await page.textContent('#error'));
    await page.waitForSelector('#dedupe-block:not([hidden])');
    // Keyboard users land back in the panel (the queue is empty now: its heading).
    assert.ok(await page.evaluate(() => document.getElementById('dedupe-block').contains(document.activeElement)), await page.evaluate(() => document.activeElement.outerHTML.slice(0, 200)));
    assert.equal(await page.evaluate(() => document.activeElement.id), 'dedupe-review-title');
    assert.equal(await stat(page, 'rows_merged'), '4');
    assert.equal(await stat(page, 'clusters'), '4');
    assert.deepEqual(await reviewRows(page), [], 'the decided pair left the queue');
    assert.ok(await page.isVisible('#dedupe-review-empty'));
    const cleanedAfter = parseCsv((await downloadText(page, '#download')).text);
    assert.equal(cleanedAfter.length, cleanedBefore.length - 1, 'one row fewer');
    assert.equal(cleanedAfter.filter((r) => r[0] === 'Sophie Turnbull').length, 1);
    const merged2 = csvObjects((await downloadText(page, '#download-duplicates')).text);
    const sophie = merged2.find((r) => r.source_row === '48' || r.source_row === '49');
    assert.ok(sophie, JSON.stringify(merged2));
    assert.deepEqual([sophie.source_row, sophie.survivor_row].sort(), ['48', '49'], 'the survivor is named');
    assert.match(await page.textContent('#dedupe-decisions-count'), /^1 decision in this run \(1 merged, 0 kept apart\)/);

    // Export the decisions: the JSON the CLI's --decisions and the profile take.
    const exported = await downloadText(page, '#dedupe-export');
    assert.equal(exported.name, 'contacts.decisions.json');
    assert.deepEqual(JSON.parse(exported.text), { decisions: [{ rows: [48, 49], decision: 'accept' }] });
    // The profile download carries them too.
    const profile = JSON.parse((await downloadText(page, '#download-profile')).text);
    assert.deepEqual(profile.dedupe.decisions, [{ rows: [48, 49], decision: 'accept' }]);
    await page.locator('#dedupe-block').scrollIntoViewIfNeeded();
    await shot(page.locator('#dedupe-block'), '3-accepted');

    // Chinese.
    await page.selectOption('#lang', 'zh');
    assert.equal(await page.textContent('#dedupe-title'), '重复记录');
    assert.match(await page.textContent('#dedupe-stats'), /合并的行/);
    assert.match(await page.textContent('#download-duplicates'), /被合并的行/);
    await shot(page.locator('#dedupe-block'), '4-zh');
    await page.selectOption('#lang', 'en');

    // Narrow: nothing overflows sideways.
    await page.setViewportSize({ width: 400, height: 800 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.equal(overflow, 0, 'no horizontal overflow at 400 px');
    await page.locator('#dedupe-block').scrollIntoViewIfNeeded();
    await shot(page, '5-narrow');

    const origin = new URL(server.url).origin;
    for (const r of requests) assert.equal(new URL(r.url).origin, origin, r.url);
    assert.ok(requests.every((r) => r.method === 'GET'));
    assert.deepEqual(await page.$$eval('[style]:not(input[style=""])', (els) => els.map((e) => e.outerHTML.slice(0, 120))), []);
    assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('dedupe panel: imported decisions and a new threshold are applied by cleaning again', { timeout: 120_000 }, async () => {
  const { page, requests, errors, close } = await open();
  try {
    await clean(page);
    assert.deepEqual(await reviewRows(page), ['48,49']);
    // Keyboard: from Accept, Tab reaches Reject.
    await page.focus('#dedupe-review button[data-decision="accept"]');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.dataset.decision), 'reject');
    // Narrow, with a pair shown: the pair scrolls inside its card, the page does not.
    await page.setViewportSize({ width: 400, height: 900 });
    const wide = await page.evaluate(() => [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1).slice(0, 5).map((e) => `${e.tagName}#${e.id}.${e.className}`));
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), 0, `no horizontal overflow at 400 px: ${wide.join(' ')}`);
    await page.locator('#dedupe-review .review-pair').scrollIntoViewIfNeeded();
    await shot(page, '7-narrow-pair');
    await page.setViewportSize({ width: 1280, height: 800 });

    // Import a decision file: the pair is kept apart from now on.
    await page.setInputFiles('#dedupe-import-file', {
      name: 'contacts.decisions.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify({ decisions: [{ rows: [49, 48], decision: 'reject' }] })),
    });
    assert.equal(await waitRun(page, 2), 'done', await page.textContent('#error'));
    await page.waitForSelector('#dedupe-block:not([hidden])');
    assert.deepEqual(await reviewRows(page), [], 'a rejected pair is not asked again');
    assert.equal(await stat(page, 'rows_merged'), '3');
    assert.match(await page.textContent('#dedupe-decisions-count'), /\(0 merged, 1 kept apart\)/);

    // A file that is not a decision list is refused with a message, and nothing runs.
    await page.setInputFiles('#dedupe-import-file', { name: 'x.json', mimeType: 'application/json', buffer: Buffer.from('{"rows": 3}') });
    await page.waitForFunction(() => document.getElementById('dedupe-import-status').textContent !== '');
    assert.match(await page.textContent('#dedupe-import-status'), /“x\.json” was not imported/);
    assert.equal(await page.getAttribute('body', 'data-run'), '2');

    // Apply the lowest threshold: still kept apart (the decision holds), the rest as the slider said.
    await page.locator('#dedupe-threshold').focus();
    await page.keyboard.press('Home');
    const expected = await page.getAttribute('#dedupe-threshold-out', 'data-merged');
    await page.click('#dedupe-threshold-apply');
    assert.equal(await waitRun(page, 3), 'done', await page.textContent('#error'));
    await page.waitForSelector('#dedupe-block:not([hidden])');
    const profile = JSON.parse((await downloadText(page, '#download-profile')).text);
    assert.equal(profile.dedupe.threshold, 0.5);
    assert.deepEqual(profile.dedupe.decisions, [{ rows: [48, 49], decision: 'reject' }]);
    assert.equal(await stat(page, 'rows_merged'), expected);
    assert.ok(await page.isDisabled('#dedupe-threshold-apply'));

    const origin = new URL(server.url).origin;
    for (const r of requests) assert.equal(new URL(r.url).origin, origin, r.url);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('link mode: the cleaned file is matched against an existing list', { timeout: 120_000 }, async () => {
  const { page, requests, errors, close } = await open();
  try {
    // The new list: two customers of the existing list (one with another email), one new customer.
    const newCsv = [
      'Full name,E-mail,Telephone',
      'OLIVER WALKER,oliver.walker@example0.com,+44 20 7946 1000',
      'Zara Newcombe,zara@newcomer.io,+44 161 496 0123',
      'Rosie Baker,rosie.b@home.net,+44 20 7946 1333',
    ].join('\n') + '\n';
    await page.setInputFiles('#file', { name: 'new.csv', mimeType: 'text/csv', buffer: Buffer.from(newCsv) });
    await page.waitForFunction(() => document.body.dataset.state === 'ready');
    await page.click('#steps-run');
    assert.equal(await waitRun(page, 1), 'done', await page.textContent('#error'));
    await page.waitForSelector('#link-block:not([hidden])');
    assert.equal(await page.textContent('#link-title'), 'Match against an existing list');

    await page.setInputFiles('#link-file', dedupeFile());
    await page.waitForSelector('#link-result[data-matched]', { timeout: 60_000 });
    assert.equal(await page.getAttribute('#link-result', 'data-rows'), '3');
    assert.equal(await page.getAttribute('#link-result', 'data-matched'), '2');
    assert.match(await page.textContent('#link-result'), /2 of 3 rows of new\.csv match a customer in contacts\.csv/);
    const matches = await downloadText(page, '#download-matches');
    assert.equal(matches.name, 'new.matches.csv');
    const rows = csvObjects(matches.text);
    assert.deepEqual(rows.map((r) => [r.source_row_new, r.source_row_existing]), [['1', '1'], ['2', ''], ['3', '10']]);
    assert.match(rows[0].explanation, /email/);
    await page.locator('#link-block').scrollIntoViewIfNeeded();
    await shot(page.locator('#link-block'), '6-link');

    const origin = new URL(server.url).origin;
    for (const r of requests) assert.equal(new URL(r.url).origin, origin, r.url);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});
