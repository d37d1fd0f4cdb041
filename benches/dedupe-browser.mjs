#!/usr/bin/env node
// Deduplication of a large file in headless Chromium, in a module Worker as the page does it:
// push 1 MiB chunks into the wasm `Cleaner` with deduplication on, then `finish()`.
//
//   make build-wasm
//   node benches/dedupe-browser.mjs benches/data/crm-1m-dup10.csv [OUT.json]
//
// Records the wall time, the worker thread's CPU time, the gaps between progress calls,
// the pair counts, and the renderer's peak RSS during the clean (VmHWM after resetting it
// through /proc/PID/clear_refs, as benches/browser-bench.mjs does).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { benchThreadCpuMs, browserPid, launch, openBench, pageRenderer, procStatus, rendererRss, resetPeak, serveRoot } from './browser-bench.mjs';

const file = process.argv[2] ?? 'benches/data/crm-1m-dup10.csv';
const out = process.argv[3] ?? 'benches/dedupe-browser-results.json';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const server = await serveRoot();
const { browser, page, errors } = await launch();
try {
  const call = await openBench(page, server.url, 'worker');
  await sleep(300);
  const beforeLoad = rendererRss(process.pid);
  const setup = await call('setup', { dataUrl: '/' + path.relative(process.cwd(), file), papa: false });
  await call('release');
  await sleep(500);
  const renderer = pageRenderer(process.pid, 'worker', beforeLoad);
  if (!renderer) throw new Error('could not find the renderer process');
  const before = procStatus(renderer.pid);
  const peakReset = resetPeak(renderer.pid);
  // The browser process keeps the Blobs the run writes: its growth is reported too.
  const browserProcess = browserPid(process.pid);
  const browserBefore = browserProcess ? procStatus(browserProcess) : null;
  const browserPeakReset = browserProcess ? resetPeak(browserProcess) : false;
  const cpuBefore = benchThreadCpuMs(renderer.pid, 'worker');
  const result = await call('crmDedupe');
  const cpuAfter = benchThreadCpuMs(renderer.pid, 'worker');
  const after = procStatus(renderer.pid);
  const report = {
    file,
    bytes: setup.bytes,
    chromium: browser.version(),
    date: new Date().toISOString(),
    ms: result.ms,
    worker_cpu_ms: cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore,
    renderer_rss_before: before?.VmRSS ?? null,
    renderer_peak_rss: peakReset ? after?.VmHWM ?? null : null,
    renderer_peak_reset: peakReset,
    browser_rss_before: browserBefore?.VmRSS ?? null,
    browser_peak_rss: browserPeakReset ? (browserProcess ? procStatus(browserProcess)?.VmHWM ?? null : null) : null,
    ...result,
    errors,
  };
  writeFileSync(out, JSON.stringify(report, null, 2) + '\n');
  const { dedupe, gaps_over_150_ms: _, ...short } = report;
  console.log(JSON.stringify({ ...short, candidate_pairs: dedupe?.blocking?.candidate_pairs, pairs_above_threshold: dedupe?.pairs_above_threshold }, null, 2));
} finally {
  await browser.close();
  await server.close();
}
