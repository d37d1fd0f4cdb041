// The single-file page (dist/crm-cleaner.html, built by scripts/single-file.mjs)
// cleans a file from file:// with the network off, and makes no request of
// any kind: every request of the page and its worker is routed here and
// recorded, and only the file itself, data: and blob: URLs are allowed.
//
//   cd tests/browser && node --test --test-concurrency=1 single-file.test.mjs

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { launch, openPage, recordCspViolations } from './browser.mjs';
import { cleanAndCheck, contactsCase } from './privacy-helpers.mjs';
import { buildSingleFile, WWW } from '../../scripts/single-file.mjs';

const BUILT = existsSync(path.join(WWW, 'pkg', 'crm_cleaner_bg.wasm'));
const SKIP = BUILT ? false : 'www/pkg is not built (make build-wasm), so there is nothing to put in the single file';

let browser;
let built;

before(async () => {
  if (!BUILT) return;
  built = await buildSingleFile();
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

test('the single file is self-contained and its CSP allows no network', { skip: SKIP }, (t) => {
  const { csp } = built;
  const directives = new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
  assert.deepEqual(directives.get('default-src'), ["'none'"]);
  assert.deepEqual(directives.get('connect-src'), ["'none'"]);
  assert.deepEqual(directives.get('worker-src'), ['blob:']);
  assert.deepEqual(directives.get('img-src'), ['data:', 'blob:']);
  for (const v of directives.get('script-src')) assert.match(v, /^'(sha256-[A-Za-z0-9+/=]+|wasm-unsafe-eval)'$/);
  for (const v of directives.get('style-src')) assert.match(v, /^'sha256-[A-Za-z0-9+/=]+'$/);
  assert.ok(!csp.includes('unsafe-inline') && !csp.includes("'self'") && !/https?:/.test(csp), csp);
  t.diagnostic(`${path.basename(built.out)}: ${built.bytes} bytes (wasm ${built.wasmBytes} bytes)`);
});

test('the single file cleans a file from file:// with the network off and requests nothing', { skip: SKIP, timeout: 120_000 }, async () => {
  const { context, page, errors, close } = await openPage(browser);
  try {
    const pageUrl = pathToFileURL(built.out).href;
    // Every request of any kind, from the page or its worker, passes here.
    const seen = [];
    await context.route('**/*', (route) => {
      const url = route.request().url();
      seen.push(url);
      if (url === pageUrl || /^(data|blob):/.test(url)) return route.continue();
      return route.abort('blockedbyclient');
    });
    context.on('request', (r) => seen.push(r.url()));
    await context.setOffline(true);
    await recordCspViolations(page);

    await page.goto(pageUrl);
    await page.waitForFunction(() => typeof window.__crmProgressCount === 'number');
    await cleanAndCheck(page, contactsCase());
    // A second file in a fresh worker (the page starts one per file): the compiled module is reused.
    await cleanAndCheck(page, contactsCase(50));

    const foreign = seen.filter((url) => url !== pageUrl && !/^(data|blob):/.test(url));
    assert.deepEqual(foreign, [], 'requests beyond the file itself');
    assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
    assert.deepEqual(errors, []);

    // And the CSP really stops a request, from the page and from a worker:
    // back online, a request that got past it would show up in the route.
    await context.setOffline(false);
    const tried = await page.evaluate(async () => {
      const page = await fetch('http://127.0.0.1:9/x').then(() => 'sent', () => 'blocked');
      const worker = await new Promise((resolve) => {
        const src = "fetch('http://127.0.0.1:9/y').then(() => postMessage('sent'), () => postMessage('blocked'))";
        const w = new (Object.getPrototypeOf(Worker))(URL.createObjectURL(new Blob([src])));
        w.onmessage = (e) => resolve(e.data);
        w.onerror = () => resolve('no worker');
      });
      return { page, worker };
    });
    assert.deepEqual(tried, { page: 'blocked', worker: 'blocked' });
    const violations = await page.evaluate(() => window.__cspViolations);
    assert.ok(violations.some((v) => v.startsWith('connect-src http://127.0.0.1:9/x')), violations.join('\n'));
    assert.ok(!seen.some((url) => url.includes('127.0.0.1:9')), 'the blocked requests never reached the network');
  } finally {
    await close();
  }
});
