#!/usr/bin/env node
// How fast could issue 4's pipeline be with the columns split over two
// workers? An upper bound, measured rather than estimated: the file's
// columns are split into two files beforehand (not timed), and two workers,
// each with its own copy of the wasm module, clean one half each at the same
// time, dedupe off. No worker reads the columns it does not validate, and
// nothing is sent back or merged, so a real two-worker cleaner would be
// slower than this by at least its transfers and its merge.
//
//   node benches/two-worker-bound.mjs [--file benches/data/crm-1m.csv] [--runs 3]
//
// Each round, in one page load: PapaParse on the whole file, the one-worker
// pipeline on the whole file (as browser-bench.mjs measures it), then both
// halves at once. "pipeline" is read + infer + validate + normalize, until
// the quality report starts; the two-worker figure is the slower half's.

import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveRoot, launch, median, benchArgs } from './browser-bench.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(ROOT, 'tests/browser/package.json'));
const Papa = require('papaparse');

// The split, balanced by the native per-column validation times of
// BENCHMARKS.md (session 6): the phones go with the country column they read.
const HALF_A = ['id', 'full_name', 'given_name', 'family_name', 'email', 'company', 'job_title', 'street_address', 'created_at'];
const HALF_B = ['mobile', 'city', 'province_state', 'postal_code', 'country', 'last_contact', 'notes'];

const args = benchArgs({ file: 'benches/data/crm-1m.csv', runs: 3 });

/** Writes the two halves of `file` next to it (once), quoting as needed. */
async function split(file) {
  const out = (half) => file.replace(/\.csv$/, `.half-${half}.csv`);
  if (existsSync(out('a')) && existsSync(out('b'))) return [out('a'), out('b')];
  const writers = { a: createWriteStream(out('a') + '.tmp'), b: createWriteStream(out('b') + '.tmp') };
  const line = (names, row) => Papa.unparse([names.map((n) => row[n] ?? '')], { newline: '\n' }) + '\n';
  writers.a.write(HALF_A.join(',') + '\n');
  writers.b.write(HALF_B.join(',') + '\n');
  await new Promise((resolve, reject) => {
    Papa.parse(createReadStream(file), {
      header: true,
      skipEmptyLines: true,
      step: ({ data }) => {
        writers.a.write(line(HALF_A, data));
        writers.b.write(line(HALF_B, data));
      },
      complete: resolve,
      error: reject,
    });
  });
  for (const half of ['a', 'b']) {
    await new Promise((resolve) => writers[half].end(resolve));
    await import('node:fs/promises').then((fs) => fs.rename(out(half) + '.tmp', out(half)));
  }
  return [out('a'), out('b')];
}

const file = path.resolve(ROOT, args.file);
const [halfA, halfB] = await split(file);
const url = (p) => '/' + path.relative(ROOT, p).split(path.sep).join('/');
const server = await serveRoot(ROOT);
const { browser, page, errors } = await launch();
try {
  await page.goto(`${server.url}benches/bench.html?thread=worker`);
  await page.evaluate(() => window.bench.ready);
  const rounds = await page.evaluate(
    async ({ whole, a, b, runs }) => {
      const [first, second, one] = [await window.bench.startWorker(), await window.bench.startWorker(), window.bench.call];
      await first('setup', { dataUrl: a, papa: false });
      await second('setup', { dataUrl: b, papa: false });
      await one('setup', { dataUrl: whole });
      const out = [];
      for (let i = 0; i < runs; i++) {
        const papa = await one('papaParse', {});
        await one('release', {});
        const single = await one('crmClean', {});
        await one('release', {});
        const [ra, rb] = await Promise.all([first('crmClean', {}), second('crmClean', {})]);
        await first('release', {});
        await second('release', {});
        out.push({
          papa_ms: papa.ms,
          one_worker_pipeline_ms: single.pipeline_ms,
          half_a_pipeline_ms: ra.pipeline_ms,
          half_b_pipeline_ms: rb.pipeline_ms,
          two_worker_pipeline_ms: Math.max(ra.pipeline_ms, rb.pipeline_ms),
          half_a_stages: ra.stage_start_ms,
          half_b_stages: rb.stage_start_ms,
        });
      }
      return out;
    },
    { whole: url(file), a: url(halfA), b: url(halfB), runs: args.runs },
  );
  for (const r of rounds) {
    console.log(
      `PapaParse ${r.papa_ms.toFixed(0)} ms; one worker ${r.one_worker_pipeline_ms.toFixed(0)} ms; ` +
        `two workers ${r.two_worker_pipeline_ms.toFixed(0)} ms (halves ${r.half_a_pipeline_ms.toFixed(0)} / ${r.half_b_pipeline_ms.toFixed(0)})`,
    );
  }
  const m = (key) => median(rounds.map((r) => r[key]));
  console.log(
    `median: PapaParse ${m('papa_ms').toFixed(0)} ms, one-worker pipeline ${m('one_worker_pipeline_ms').toFixed(0)} ms ` +
      `(${(m('papa_ms') / m('one_worker_pipeline_ms')).toFixed(2)}x), two-worker bound ${m('two_worker_pipeline_ms').toFixed(0)} ms ` +
      `(${(m('papa_ms') / m('two_worker_pipeline_ms')).toFixed(2)}x)`,
  );
  if (errors.length) console.log('page errors:', errors);
} finally {
  await browser.close();
  await server.close();
}
