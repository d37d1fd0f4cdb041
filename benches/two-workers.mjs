#!/usr/bin/env node
// Issue 4's pipeline as the page runs it, with one worker and with two
// (www/ui/split.js), against PapaParse's parse-only time, in one page load.
//
//   node benches/two-workers.mjs [--file benches/data/crm-1m.csv] [--runs 3] [--dedupe] [--base /benches/data/www-head/worker.js] [--cold] [--base-cold]
//
// The page's own worker.js does the cleaning, driven with the messages
// app.js sends: 'clean' (and, for two workers, 'part' to a helper with a
// MessageChannel between them), dedupe off. The file is a File held in
// memory, streamed by the worker as the page streams a chosen file. The
// workers are started and their wasm loaded before the clock starts (the
// page starts its workers when the file is chosen), and each samples the
// file first (a clean of its first MiB, as the page's steps do with the
// workers that then clean it, www/app.js): that has V8 compile the hot
// functions with its optimizing tier before the clock starts. --cold skips
// the sampling, as the page did before session 13; --base-cold skips it for
// the --base build only (a build of before session 13 as the page ran it). "pipeline" is read +
// infer + validate + normalize: from posting 'clean' until the worker
// reports the quality report's stage; "total" is until 'done', with the
// output files written.
//
// Each round: PapaParse (TextDecoder + Papa.parse(text, {header: true}) in
// a bench worker, as browser-bench.mjs measures it), one worker, two workers.
// Every clean also records the renderer's peak RSS (VmHWM, reset before the
// run), which holds all the page's workers. --dedupe cleans with
// deduplication on (the page's default) instead. --base URL also runs, in
// every round, two workers of another build (a copy of www/ served from
// under the repository, e.g. `cp -r www benches/data/www-head` before a
// change), so two builds are compared in one page load.

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveRoot, launch, median, pageRenderer, procStatus, resetPeak } from './browser-bench.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const args = { file: 'benches/data/crm-1m.csv', runs: 3, dedupe: false, base: null, warm: true, baseWarm: true };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '--file') args.file = argv[++i];
  else if (argv[i] === '--runs') args.runs = Number(argv[++i]);
  else if (argv[i] === '--dedupe') args.dedupe = true;
  else if (argv[i] === '--base') args.base = argv[++i];
  else if (argv[i] === '--cold') args.warm = args.baseWarm = false;
  else if (argv[i] === '--base-cold') args.baseWarm = false;
  else throw new Error(`unknown argument ${argv[i]}`);
}

const file = path.resolve(ROOT, args.file);
const url = '/' + path.relative(ROOT, file).split(path.sep).join('/');
const server = await serveRoot(ROOT);
const { browser, page, errors } = await launch();
try {
  await page.goto(`${server.url}benches/bench.html?thread=worker`);
  await page.evaluate(() => window.bench.ready);
  await page.evaluate(
    async ({ dataUrl, dedupe }) => {
      await window.bench.call('setup', { dataUrl });
      const bytes = new Uint8Array(await (await fetch(dataUrl, { cache: 'no-store' })).arrayBuffer());
      const file = new File([bytes], dataUrl.split('/').pop(), { type: 'text/csv' });
      const profile = { version: 1, dedupe: { enabled: dedupe } };
      const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

      /** Cleans the file as the page does, with or without a helper; resolves with the timings. */
      window.pageClean = async (withHelper, workerUrl = '/www/worker.js', warm = false) => {
        const start = (name) => new Worker(workerUrl, { type: 'module', name });
        const main = start('bench-main');
        const helper = withHelper ? start('bench-helper') : null;
        // The page's claim arbiter (www/ui/split.js); a build without column claims ignores the ports.
        let t0 = 0;
        const claimed = [];
        const onClaim = (end, answer) => answer && claimed.push(`${end === 'front' ? 'M' : 'H'}${answer.slot}@${Math.round(performance.now() - t0)}`);
        const claims = helper ? (await import('/www/ui/split.js')).claimColumns(onClaim) : null;
        await sleep(1500); // both load their wasm module before the clock starts
        if (warm) {
          // As the page's steps do before a run: the types inferred from the file's first MiB.
          const sampled = (w) => new Promise((resolve) => {
            w.onmessage = (e) => e.data?.type === 'sampled' && resolve();
            w.postMessage({ type: 'sample', file, profile });
          });
          await Promise.all([main, helper].filter(Boolean).map(sampled));
          await sleep(500);
        }
        t0 = performance.now();
        const stages = {};
        let helperDone = null;
        const helpers = [];
        if (helper) {
          const channel = new MessageChannel();
          helper.onmessage = (e) => {
            if (e.data?.type !== 'part-done') return;
            helperDone = performance.now() - t0;
            helper.terminate(); // as the page does (www/ui/split.js): its memory goes now
          };
          const ports = claims ? [channel.port2, claims.helper] : [channel.port2];
          helper.postMessage({ type: 'part', file, profile, part: 1, parts: 2, port: channel.port2, claims: claims?.helper }, ports);
          helpers.push(channel.port1);
        }
        try {
          return await new Promise((resolve, reject) => {
            main.onmessage = (e) => {
              const m = e.data;
              if (m.type === 'progress' && !(m.stage in stages)) stages[m.stage] = performance.now() - t0;
              if (m.type === 'error') reject(new Error(m.message));
              if (m.type === 'done') {
                const ms = performance.now() - t0;
                const { rows_in: rows, issues, cells_changed: changed, rows_merged: merged } = m.summary;
                resolve({ ms, pipeline_ms: stages.report ?? stages.dedupe ?? stages.write, stages, helper_done_ms: helperDone, claimed, rows, issues, changed, merged });
              }
            };
            main.postMessage({ type: 'clean', file, profile, helpers, claims: claims?.main }, claims ? [...helpers, claims.main] : helpers);
          });
        } finally {
          main.terminate();
          helper?.terminate();
          await sleep(500);
        }
      };
    },
    { dataUrl: url, dedupe: args.dedupe },
  );
  const renderer = pageRenderer(process.pid, 'worker');
  if (!renderer) throw new Error('could not find the renderer process');
  /** One clean, with the renderer's peak RSS during it. */
  const measured = async (withHelper, workerUrl) => {
    const before = procStatus(renderer.pid)?.VmRSS ?? 0;
    resetPeak(renderer.pid);
    const warm = workerUrl === args.base ? args.baseWarm : args.warm;
    const run = await page.evaluate(([h, w, warm]) => window.pageClean(h, w, warm), [withHelper, workerUrl, warm]);
    return { ...run, rss_before: before, rss_peak: procStatus(renderer.pid)?.VmHWM ?? null };
  };
  const rounds = [];
  for (let i = 0; i < args.runs; i++) {
    const parse = await page.evaluate(async () => {
      const r = await window.bench.call('papaParse', {});
      await window.bench.call('release', {});
      return r;
    });
    const one = await measured(false);
    // With a base build, which of the two goes first alternates by round.
    const baseFirst = args.base && i % 2 === 1;
    const early = baseFirst ? await measured(true, args.base) : null;
    const two = await measured(true);
    const base = baseFirst ? early : args.base ? await measured(true, args.base) : null;
    rounds.push({ papa_ms: parse.ms, papa_rows: parse.rows, one, two, base });
  }
  for (const r of rounds) {
    console.log(
      `PapaParse ${r.papa_ms.toFixed(0)} ms; one worker pipeline ${r.one.pipeline_ms.toFixed(0)} ms (total ${r.one.ms.toFixed(0)}); ` +
        `two workers pipeline ${r.two.pipeline_ms.toFixed(0)} ms (total ${r.two.ms.toFixed(0)}, helper done at ${r.two.helper_done_ms?.toFixed(0)}) ` +
        `stages ${JSON.stringify(Object.fromEntries(Object.entries(r.two.stages).map(([k, v]) => [k, Math.round(v)])))}; ` +
        `claims ${r.two.claimed?.join(' ')}; renderer peak RSS one ${(r.one.rss_peak / 2 ** 20).toFixed(0)} MiB, two ${(r.two.rss_peak / 2 ** 20).toFixed(0)} MiB` +
        (r.base ? `; base two workers pipeline ${r.base.pipeline_ms.toFixed(0)} ms (total ${r.base.ms.toFixed(0)}, peak RSS ${(r.base.rss_peak / 2 ** 20).toFixed(0)} MiB)` : ''),
    );
    if (r.one.issues !== r.two.issues || r.one.changed !== r.two.changed || r.one.rows !== r.two.rows || r.one.merged !== r.two.merged) {
      throw new Error(`one and two workers disagree: ${JSON.stringify([r.one, r.two])}`);
    }
  }
  const m = (f) => median(rounds.map(f));
  const papaMs = m((r) => r.papa_ms);
  const one = m((r) => r.one.pipeline_ms);
  const two = m((r) => r.two.pipeline_ms);
  console.log(
    `median: PapaParse ${papaMs.toFixed(0)} ms; pipeline one worker ${one.toFixed(0)} ms (${(papaMs / one).toFixed(2)}x), ` +
      `two workers ${two.toFixed(0)} ms (${(papaMs / two).toFixed(2)}x); rows ${rounds[0].one.rows}`,
  );
  // Each round's own ratio, PapaParse and the cleans a few seconds apart: on
  // a machine whose speed drifts, steadier than the ratio of the medians.
  const ratios = (f) => rounds.map((r) => r.papa_ms / f(r)).sort((x, y) => x - y);
  const list = (xs) => xs.map((x) => x.toFixed(2)).join(' / ');
  console.log(
    `per round (sorted): one worker ${list(ratios((r) => r.one.pipeline_ms))}x, two workers ${list(ratios((r) => r.two.pipeline_ms))}x; ` +
      `medians ${median(ratios((r) => r.one.pipeline_ms)).toFixed(2)}x and ${median(ratios((r) => r.two.pipeline_ms)).toFixed(2)}x`,
  );
  if (args.base) {
    const paired = rounds.map((r) => r.base.pipeline_ms - r.two.pipeline_ms).sort((x, y) => x - y);
    console.log(
      `base (${args.base}) two workers: median pipeline ${m((r) => r.base.pipeline_ms).toFixed(0)} ms (${median(ratios((r) => r.base.pipeline_ms)).toFixed(2)}x by round); ` +
        `this build faster by ${paired.map((d) => d.toFixed(0)).join(' / ')} ms per round (sorted)`,
    );
  }
  console.log(JSON.stringify({ file: url, rounds }));
  if (errors.length) console.log('page errors:', errors);
} finally {
  await browser.close();
  await server.close();
}
