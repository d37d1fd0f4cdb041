// Shared by offline.test.mjs, single-file.test.mjs and privacy.test.mjs:
// a generated CSV whose cleaned output is known, the steps to clean it on the
// page and download the result, and a dump of everything the page could have
// stored in the browser.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';

const FIRST = ['Ann', 'James', 'Mary', 'Robert', 'Linda', 'Oliver', 'Grace', 'Henry'];
const LAST = ['Smith', 'Brown', 'Taylor', 'Wilson', 'Evans', 'Walker'];
const ZH = ['王芳', '李伟', '张敏', '刘静', '陈强'];
const CITIES = ['London', 'Paris', 'Berlin', '北京', '上海'];

/**
 * `rows` contacts with padded cells and a note holding a token made fresh for
 * this run, so no static file can contain it by chance. Returns the input
 * file, the cleaned CSV the page must produce (cells trimmed, LF line ends, a
 * BOM because of the Chinese text) and the secrets: every distinctive cell.
 */
export function contactsCase(rows = 300) {
  const token = randomBytes(6).toString('hex');
  const header = ['id', 'name', 'email', 'city', 'note'];
  const input = [];
  const output = [];
  const secrets = new Set();
  for (let i = 1; i <= rows; i++) {
    const zh = i % 3 === 0;
    const name = zh ? ZH[i % ZH.length] : `${FIRST[i % FIRST.length]} ${LAST[i % LAST.length]}`;
    const email = `contact${i}.${token}@example.com`;
    const city = CITIES[i % CITIES.length];
    const note = `private note ${token}-${i}`;
    input.push([String(i), `  ${name} `, ` ${email}`, `${city}  `, `\t${note}`]);
    output.push([String(i), name, email, city, note]);
    secrets.add(email).add(note).add(`${token}-${i}`);
  }
  const csv = (table, eol) => table.map((r) => r.join(',') + eol).join('');
  return {
    token,
    file: { name: 'private-contacts.csv', mimeType: 'text/csv', buffer: Buffer.from(csv([header, ...input], '\r\n'), 'utf8') },
    expected: `\uFEFF${csv([header, ...output], '\n')}`,
    secrets,
  };
}

/** Chooses `file` in #file and waits for that run to end; returns the state and error shown. */
export async function runFile(page, file, { timeout = 60_000 } = {}) {
  const run = Number(await page.getAttribute('body', 'data-run'));
  await page.setInputFiles('#file', file);
  // The page shows the steps first (state 'ready'); start the run from there.
  await page.waitForFunction(
    (n) => {
      const b = document.body;
      return b.dataset.state === 'ready' || (Number(b.dataset.run) === n && ['working', 'done', 'error'].includes(b.dataset.state));
    },
    run + 1,
    { timeout, polling: 50 },
  );
  if ((await page.getAttribute('body', 'data-state')) === 'ready') await page.click('#steps-run');
  await page.waitForFunction(
    (n) => {
      const b = document.body;
      return Number(b.dataset.run) === n && (b.dataset.state === 'done' || b.dataset.state === 'error');
    },
    run + 1,
    { timeout, polling: 50 },
  );
  return page.evaluate(() => ({
    state: document.body.dataset.state,
    error: document.getElementById('error').textContent.trim(),
    rowsIn: document.querySelector('#summary [data-field="rows_in"]')?.dataset.value,
  }));
}

/** Clicks the cleaned CSV's download link; returns { name, text }. */
export async function downloadCleaned(page) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
  return { name: dl.suggestedFilename(), text: (await readFile(await dl.path())).toString('utf8') };
}

/** Cleans `c.file` on `page` and checks the download is exactly `c.expected`. */
export async function cleanAndCheck(page, c) {
  const result = await runFile(page, c.file);
  assert.equal(result.state, 'done', result.error);
  assert.equal(result.error, '');
  const { name, text } = await downloadCleaned(page);
  assert.equal(name, 'private-contacts.cleaned.csv');
  if (text !== c.expected) {
    const got = text.split('\n');
    const want = c.expected.split('\n');
    const i = got.findIndex((l, k) => l !== want[k]);
    assert.fail(`cleaned CSV differs at line ${i + 1}:\n  got  ${JSON.stringify(got[i])}\n  want ${JSON.stringify(want[i])}`);
  }
}

/**
 * Everything the page's origin holds in the browser, read from inside the
 * page: Web Storage, every IndexedDB record, Cache Storage (each cached URL
 * with its body's SHA-256), the origin-private file system and cookies.
 * Binary values are decoded as UTF-8 text so a search for a cell finds them.
 */
export function dumpStorage(page) {
  return page.evaluate(async () => {
    const text = (v) => {
      if (v instanceof Blob) return v.text();
      if (v instanceof ArrayBuffer || ArrayBuffer.isView(v)) return new TextDecoder().decode(v);
      return JSON.stringify(v) ?? String(v);
    };
    const webStorage = (s) => Object.fromEntries(Object.keys(s).map((k) => [k, s.getItem(k)]));

    const indexedDB = {};
    for (const { name } of (await globalThis.indexedDB.databases?.()) ?? []) {
      const db = await new Promise((resolve, reject) => {
        const open = globalThis.indexedDB.open(name);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const stores = {};
      for (const store of db.objectStoreNames) {
        const all = await new Promise((resolve, reject) => {
          const req = db.transaction(store).objectStore(store).getAll();
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => reject(req.error);
        });
        stores[store] = await Promise.all(all.map(text));
      }
      db.close();
      indexedDB[name] = stores;
    }

    const cacheStorage = {};
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      cacheStorage[name] = [];
      for (const request of await cache.keys()) {
        const body = await (await cache.match(request)).arrayBuffer();
        const digest = await crypto.subtle.digest('SHA-256', body);
        const sha256 = btoa(String.fromCharCode(...new Uint8Array(digest)));
        cacheStorage[name].push({ url: request.url, integrity: `sha256-${sha256}`, text: new TextDecoder().decode(body) });
      }
    }

    const opfs = [];
    try {
      const root = await navigator.storage.getDirectory();
      for await (const name of root.keys()) opfs.push(name);
    } catch {
      // no OPFS in this browser: nothing can be stored there either
    }

    return {
      localStorage: webStorage(localStorage),
      sessionStorage: webStorage(sessionStorage),
      indexedDB,
      cacheStorage,
      opfs,
      cookie: document.cookie,
    };
  });
}

/** Asserts no string of `secrets` occurs in `haystack`, naming where. */
export function assertNoSecrets(haystack, secrets, where) {
  for (const secret of secrets) assert.ok(!haystack.includes(secret), `${JSON.stringify(secret)} found in ${where}`);
}
