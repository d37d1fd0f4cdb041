// Nothing of the user's file persists in the browser: after a full run (with
// the service worker installed, as a real visitor has it), Web Storage,
// IndexedDB, Cache Storage, the origin-private file system and cookies hold
// no cell of the input. The service worker's precache is allowed, but only
// as the static files themselves, byte for byte.
//
//   cd tests/browser && node --test --test-concurrency=1 privacy.test.mjs

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { serve } from './server.mjs';
import { launch, openPage, recordCspViolations } from './browser.mjs';
import { assertNoSecrets, cleanAndCheck, contactsCase, downloadCleaned, dumpStorage } from './privacy-helpers.mjs';
import { writeManifest } from '../../scripts/sw-manifest.mjs';

let server;
let browser;
let manifest;

before(async () => {
  manifest = await writeManifest();
  server = await serve();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Checks a storage dump: no secret anywhere, the only cache is the precache of static files. */
function assertNothingKept(dump, secrets, when) {
  assert.deepEqual(dump.localStorage, {}, `localStorage ${when}`);
  assert.deepEqual(dump.sessionStorage, {}, `sessionStorage ${when}`);
  assertNoSecrets(JSON.stringify(dump.indexedDB), secrets, `IndexedDB ${when}`);
  assert.deepEqual(dump.opfs, [], `origin-private file system ${when}`);
  assert.equal(dump.cookie, '', `cookies ${when}`);

  const listed = new Map(manifest.files.map(([rel, integrity]) => [new URL(rel, server.url).href, integrity]));
  for (const [name, entries] of Object.entries(dump.cacheStorage)) {
    if (name === `crm-cleaner-precache-${manifest.version}`) {
      // A static file, identical to the one in www/, cannot hold user data.
      for (const e of entries) assert.equal(e.integrity, listed.get(e.url), `${e.url} in ${name} is not a static file ${when}`);
    } else {
      assert.fail(`unexpected cache ${name} ${when}: ${entries.map((e) => e.url).join(' ')}`);
    }
    for (const e of entries) assertNoSecrets(e.text, secrets, `cache ${name} ${e.url} ${when}`);
  }
}

test('after a full run nothing of the file is stored in the browser', { timeout: 120_000 }, async () => {
  const { context, page, requests, errors, close } = await openPage(browser, { serviceWorkers: 'allow' });
  try {
    await recordCspViolations(page);
    await page.goto(server.url);
    await page.waitForFunction(() => typeof window.__crmProgressCount === 'number');
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);

    const c = contactsCase();
    await cleanAndCheck(page, c);
    // Every other download too, so every output has been made and handed over.
    for (const id of ['#download-rejected', '#download-issues', '#download-changes', '#download-profile']) {
      if (!(await page.getAttribute(id, 'href'))) continue; // nothing to download (no rejected rows…)
      const [dl] = await Promise.all([page.waitForEvent('download'), page.click(id)]);
      await dl.path();
    }
    // And the same file once more, as "clean again" would.
    await cleanAndCheck(page, c);
    await downloadCleaned(page);

    assertNothingKept(await dumpStorage(page), c.secrets, 'after the run');
    assert.deepEqual(await context.cookies(), []);

    // A new visit in the same browser finds nothing either, and shows no trace of the file.
    await page.reload();
    await page.waitForFunction(() => typeof window.__crmProgressCount === 'number');
    assertNothingKept(await dumpStorage(page), c.secrets, 'after a reload');
    assertNoSecrets(await page.content(), c.secrets, 'the reloaded page');
    assert.equal(await page.getAttribute('body', 'data-state'), 'idle');

    // No request carried a cell value either.
    for (const r of requests) assertNoSecrets(decodeURIComponent(r.url) + (r.postData?.toString('utf8') ?? ''), c.secrets, `request ${r.url}`);
    assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});
