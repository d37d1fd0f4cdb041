// The page works offline: after one visit its service worker (www/sw.js) has
// every file it needs, and a file is cleaned with the network off and the
// server gone.
//
//   cd tests/browser && node --test --test-concurrency=1 offline.test.mjs

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile, cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { serve, WWW } from './server.mjs';
import { launch, openPage, recordCspViolations } from './browser.mjs';
import { cleanAndCheck, contactsCase, dumpStorage } from './privacy-helpers.mjs';
import { writeManifest } from '../../scripts/sw-manifest.mjs';

let server;
let browser;
let manifest;

before(async () => {
  // Regenerated here so the test never runs against a stale list (the
  // Makefile's build does it too; a test may run right after a build of www/pkg).
  manifest = await writeManifest();
  server = await serve();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Opens the page with service workers allowed and waits until one controls it. */
async function openControlled(url) {
  const session = await openPage(browser, { serviceWorkers: 'allow' });
  await recordCspViolations(session.page);
  await session.page.goto(url);
  await session.page.waitForFunction(() => typeof window.__crmProgressCount === 'number');
  // ready: installed (every file precached) and active; controller: clients.claim() ran.
  await session.page.evaluate(() => navigator.serviceWorker.ready);
  await session.page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
  return session;
}

test('after one visit the page cleans a file offline, with the server gone', { timeout: 120_000 }, async () => {
  const { context, page, requests, errors, close } = await openControlled(server.url);
  try {
    const origin = new URL(server.url).origin;

    // The service worker's cache is this version's, and holds exactly the
    // manifest's files, all from this origin, byte for byte as listed.
    const { cacheStorage } = await dumpStorage(page);
    assert.deepEqual(Object.keys(cacheStorage), [`crm-cleaner-precache-${manifest.version}`]);
    const cached = Object.values(cacheStorage)[0];
    const want = new Map(manifest.files.map(([rel, integrity]) => [new URL(rel, server.url).href, integrity]));
    for (const entry of cached) {
      assert.equal(new URL(entry.url).origin, origin, `off-origin URL in the cache: ${entry.url}`);
      assert.equal(entry.integrity, want.get(entry.url), `cached ${entry.url} is not the listed file`);
    }
    assert.deepEqual(cached.map((e) => e.url).sort(), [...want.keys()].sort());
    for (const p of ['/', '/index.html', '/app.js', '/worker.js', '/style.css', '/icon.svg', '/pkg/crm_cleaner.js', '/pkg/crm_cleaner_bg.wasm']) {
      assert.ok(want.has(origin + p), `${p} is precached`);
    }
    // Installing made no request beyond the page's own files.
    for (const r of requests) assert.equal(new URL(r.url).origin, origin, `request to another origin: ${r.url}`);
    // A same-origin file that is not listed goes to the network and is not cached.
    assert.equal(await page.evaluate(() => fetch('pkg/crm_cleaner.d.ts').then((r) => r.status)), 200);
    const after = (await dumpStorage(page)).cacheStorage;
    assert.deepEqual(Object.values(after).flat().map((e) => e.url).sort(), [...want.keys()].sort(), 'the cache is written at install only');

    // Offline, and the server stopped: only the cache can answer now.
    await context.setOffline(true);
    await server.close();
    const before = requests.length;
    await page.reload();
    await page.waitForFunction(() => typeof window.__crmProgressCount === 'number');
    assert.equal(await page.evaluate(() => navigator.onLine), false);
    assert.ok(await page.evaluate(() => navigator.serviceWorker.controller !== null), 'the reloaded page is controlled');

    await cleanAndCheck(page, contactsCase());

    // Whatever was requested while offline was on this origin (and answered by the cache).
    for (const r of requests.slice(before)) assert.equal(new URL(r.url).origin, origin, `request to another origin: ${r.url}`);
    assert.ok(requests.slice(before).some((r) => r.url.endsWith('/pkg/crm_cleaner_bg.wasm')), 'the worker loaded the wasm offline');
    assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

/** Polls `check` (async, returns truthy when done) every 100 ms for up to `ms`. */
async function until(check, what, ms = 30_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check().catch(() => null);
    if (value) return value;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('a new version is installed beside the old one, and replaces it once the old page is closed', { timeout: 120_000 }, async () => {
  // A copy of www/ that this test can change.
  const root = await mkdtemp(path.join(os.tmpdir(), 'crm-www-'));
  let site;
  let session;
  try {
    await cp(WWW, root, { recursive: true, dereference: true });
    const v1 = await writeManifest(root);
    site = await serve(root);
    session = await openControlled(site.url);
    const { context, page, errors } = session;
    const cacheNames = (p) => p.evaluate(() => caches.keys());
    const style = (p) => p.evaluate(() => fetch('style.css').then((r) => r.text()));
    assert.deepEqual(await cacheNames(page), [`crm-cleaner-precache-${v1.version}`]);

    // Deploy: one file changes, and with it the manifest.
    await appendFile(path.join(root, 'style.css'), '\n/* version 2 */\n');
    const v2 = await writeManifest(root);
    assert.notEqual(v2.version, v1.version);
    await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r.update()));
    await until(() => page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r.waiting !== null)), 'the new version to install');

    // While the old page is open it keeps its version, whole: no mix of files.
    assert.deepEqual((await cacheNames(page)).sort(), [`crm-cleaner-precache-${v1.version}`, `crm-cleaner-precache-${v2.version}`].sort());
    assert.ok(!(await style(page)).includes('version 2'), 'the open page still gets the old style.css');
    assert.equal(await readFile(path.join(root, 'style.css'), 'utf8').then((t) => t.includes('version 2')), true);
    assert.deepEqual(errors, []);

    // Once it is closed the new version takes over and deletes the old cache.
    await page.close();
    await until(async () => {
      for (const sw of context.serviceWorkers()) {
        const names = await sw.evaluate(() => caches.keys());
        if (names.length === 1 && names[0] === `crm-cleaner-precache-${v2.version}`) return true;
      }
      return false;
    }, 'the old cache to be deleted');
    const next = await context.newPage();
    await next.goto(site.url);
    await next.waitForFunction(() => navigator.serviceWorker.controller !== null);
    assert.ok((await style(next)).includes('version 2'), 'the next visit gets the new style.css');
    assert.deepEqual(await cacheNames(next), [`crm-cleaner-precache-${v2.version}`]);
  } finally {
    await session?.close();
    await site?.close();
    await rm(root, { recursive: true, force: true });
  }
});
