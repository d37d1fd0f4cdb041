#!/usr/bin/env node
// Each column's validation time in Chromium, with the page's wasm build
// (timed from the validation stage's progress reports; a column's time is
// found by its place in the inferred profile, which for a profile without
// columns is the file's column order):
//
//   node benches/column-costs.mjs [--file benches/data/crm-1m.csv] [--runs 3]
//
// The times of src/validate/split.rs's `cell_cost` come from native runs
// (`column_timing` in its tests); this says how far Chromium's differ, per
// column, which is what the two workers' balance depends on.

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveRoot, launch, median, benchArgs } from './browser-bench.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = benchArgs({ file: 'benches/data/crm-1m.csv', runs: 3 });
const url = '/' + path.relative(ROOT, path.resolve(ROOT, args.file)).split(path.sep).join('/');
const server = await serveRoot(ROOT);
const { browser, page } = await launch();
try {
  await page.goto(`${server.url}benches/bench.html`);
  const runs = [];
  for (let run = 0; run < args.runs; run++) {
    runs.push(await page.evaluate((url) => new Promise((resolve, reject) => {
      const worker = new Worker('/benches/column-costs-worker.js', { type: 'module' });
      worker.onmessage = (e) => { worker.terminate(); resolve(e.data); };
      worker.onerror = (e) => reject(new Error(e.message));
      worker.postMessage({ url, profile: { version: 1, dedupe: { enabled: false } } });
    }), url));
    console.log(`run ${run + 1}: read ${runs.at(-1).read.toFixed(0)} ms, ` + runs.at(-1).columns.map((c) => `${c.name} ${c.ms.toFixed(0)}`).join(', '));
  }
  console.log('median per column (ms):');
  for (const [i, c] of runs[0].columns.entries()) {
    console.log(`  ${c.name.padEnd(16)} ${median(runs.map((r) => r.columns[i].ms)).toFixed(0)}`);
  }
} finally {
  await browser.close();
  server.close();
}
