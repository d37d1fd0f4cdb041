#!/usr/bin/env node
// Browser benchmark: crm-cleaner's wasm reader vs PapaParse, in the same page,
// on the same bytes, in Debian's Chromium driven by playwright-core.
//
//   node benches/browser-bench.mjs [--file benches/data/crm-1m.csv] [--runs 3]
//                                  [--thread worker|main] [--out FILE.json]
//                                  [--skip-clean] [--skip-memory]   (quick read-only reruns)
//
// It serves the repository root on 127.0.0.1 (node:http, .wasm as
// application/wasm, COOP same-origin + COEP require-corp so the page is
// cross-origin isolated and performance.measureUserAgentSpecificMemory() works)
// and opens benches/bench.html.
//
// 1. Timing, ONE page load: fetch the file once (not timed), then `runs`
//    rounds of crm read and PapaParse, alternating which goes first; then
//    `runs` full cleans (push + finish()). Median and every run are reported.
// 2. Peak memory, each in a FRESH browser: load the bytes, collect garbage,
//    note the renderer's RSS, reset its peak (/proc/<pid>/clear_refs = 5), run
//    the operation once, read VmHWM. The renderer is the one holding the file
//    (the renderer below this Node process with the bench's DedicatedWorker
//    thread, or the one that grew most while loading the file).

import { createServer } from 'node:http';
import { createReadStream, readdirSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(ROOT, 'tests/browser/package.json'));
const { chromium } = require('playwright-core');

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--enable-precise-memory-info',
  // BENCH_JS_FLAGS adds V8 flags for an experiment (e.g. --no-wasm-dynamic-tiering).
  `--js-flags=--expose-gc${process.env.BENCH_JS_FLAGS ? ' ' + process.env.BENCH_JS_FLAGS : ''}`,
  // Resolve measureUserAgentSpecificMemory() at once instead of at the next
  // natural GC (which can take a minute on an idle page).
  '--enable-blink-features=ForceEagerMeasureMemory',
];

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.csv': 'text/csv; charset=utf-8',
  '.svg': 'image/svg+xml',
};

// ---------------------------------------------------------------- server

/** Serves ROOT on 127.0.0.1 (a free port); GET/HEAD only; never outside ROOT. */
export async function serveRoot(root = ROOT) {
  const server = createServer((req, res) => {
    const headers = {
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
      'Cross-Origin-Resource-Policy': 'same-origin',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return res.writeHead(405, headers).end();
    let file;
    try {
      const pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname);
      file = path.resolve(root, '.' + path.posix.normalize('/' + pathname));
    } catch {
      return res.writeHead(400, headers).end();
    }
    if (file !== root && !file.startsWith(root + path.sep)) return res.writeHead(403, headers).end();
    let info;
    try {
      info = statSync(file);
    } catch {
      return res.writeHead(404, headers).end('not found\n');
    }
    if (!info.isFile()) return res.writeHead(404, headers).end('not found\n');
    res.writeHead(200, {
      ...headers,
      'Content-Type': MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': info.size,
    });
    if (req.method === 'HEAD') return res.end();
    createReadStream(file).pipe(res);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

// ---------------------------------------------------------------- /proc

export function procStatus(pid) {
  const out = {};
  try {
    for (const line of readFileSync(`/proc/${pid}/status`, 'utf8').split('\n')) {
      const m = /^(VmRSS|VmHWM|VmSize|VmPeak):\s+(\d+)\s+kB/.exec(line);
      if (m) out[m[1]] = Number(m[2]) * 1024;
    }
  } catch {
    return null;
  }
  return out;
}

/**
 * Chromium's browser process below `rootPid`: the first descendant without a
 * `--type=` switch. It holds the page's Blobs (Chromium's blob storage), so a
 * benchmark that makes large Blobs reports it beside the renderer.
 */
export function browserPid(rootPid) {
  const lines = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8', maxBuffer: 16 << 20 }).split('\n');
  const rows = lines.map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line)).filter(Boolean);
  const below = new Set([rootPid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [, pid, ppid] of rows) {
      if (below.has(Number(ppid)) && !below.has(Number(pid))) [grew] = [true, below.add(Number(pid))];
    }
  }
  const browser = rows.find(([, pid, , args]) => Number(pid) !== rootPid && below.has(Number(pid)) && /chrom/i.test(args) && !args.includes('--type='));
  return browser ? Number(browser[1]) : null;
}

/** Renderer processes below `rootPid` (Chromium: browser → zygote → renderers). */
function rendererPids(rootPid) {
  const lines = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8', maxBuffer: 16 << 20 }).split('\n');
  const children = new Map();
  const args = new Map();
  for (const line of lines) {
    const m = /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line);
    if (!m) continue;
    const [pid, ppid] = [Number(m[1]), Number(m[2])];
    args.set(pid, m[3]);
    if (!children.has(ppid)) children.set(ppid, []);
    children.get(ppid).push(pid);
  }
  const found = [];
  const stack = [rootPid];
  while (stack.length) {
    const pid = stack.pop();
    for (const child of children.get(pid) ?? []) {
      if ((args.get(child) ?? '').includes('--type=renderer')) found.push(child);
      stack.push(child);
    }
  }
  return found;
}

function hasWorkerThread(pid) {
  try {
    return readdirSync(`/proc/${pid}/task`).some((tid) => readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').startsWith('DedicatedWorker'));
  } catch {
    return false;
  }
}

/** RSS of every renderer below `rootPid`, by pid. */
export function rendererRss(rootPid) {
  return new Map(rendererPids(rootPid).map((pid) => [pid, procStatus(pid)?.VmRSS ?? 0]));
}

/**
 * The renderer running the bench page: in worker mode the only renderer with
 * a DedicatedWorker thread; otherwise (or if that is ambiguous) the one whose
 * RSS grew most since `before` (a map from rendererRss taken before the file
 * was loaded), else the largest.
 */
export function pageRenderer(rootPid, thread, before = null) {
  const pids = rendererPids(rootPid);
  if (thread !== 'main') {
    const withWorker = pids.filter(hasWorkerThread);
    if (withWorker.length === 1) return { pid: withWorker[0], status: procStatus(withWorker[0]) };
  }
  let best = null;
  for (const pid of pids) {
    const status = procStatus(pid);
    if (!status) continue;
    const score = before ? status.VmRSS - (before.get(pid) ?? status.VmRSS) : status.VmRSS;
    if (!best || score > best.score) best = { pid, status, score };
  }
  return best;
}

/** CPU time (user + system) of a process, all its threads, in ms. */
function cpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[11] = utime, fields[12] = stime (clock ticks; 100 per second on Linux)
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return null;
  }
}

/** CPU time of the thread that runs the benchmark: the worker's thread
 *  ("DedicatedWorker...") or, on the main thread, the renderer's main thread. */
export function benchThreadCpuMs(pid, thread) {
  try {
    if (thread === 'main') return cpuMs(`${pid}/task/${pid}`);
    let total = null;
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const comm = readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
      if (comm.startsWith('DedicatedWorker')) total = (total ?? 0) + cpuMs(`${pid}/task/${tid}`);
    }
    return total;
  } catch {
    return null;
  }
}

export function resetPeak(pid) {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------- helpers

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n === 0 ? NaN : n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
};

/**
 * A bench script's `--name value` arguments over `defaults` (a number
 * default takes a number); an unknown argument throws.
 */
export function benchArgs(defaults, argv = process.argv.slice(2)) {
  const args = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i].replace(/^--/, '');
    if (!argv[i].startsWith('--') || !(name in defaults)) throw new Error(`unknown argument ${argv[i]}`);
    args[name] = typeof defaults[name] === 'number' ? Number(argv[++i]) : argv[++i];
  }
  return args;
}

export async function launch() {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(`console ${m.type()}: ${m.text()} ${m.location()?.url ?? ''}`);
  });
  page.on('worker', (w) => w.on('console', (m) => m.type() === 'error' && errors.push(`worker: ${m.text()}`)));
  return { browser, page, errors };
}

export async function openBench(page, base, thread) {
  await page.goto(`${base}benches/bench.html?thread=${thread}`);
  await page.evaluate(() => window.bench.ready);
  return (op, args) => page.evaluate(([op, args]) => window.bench.call(op, args), [op, args]);
}

async function measureMemory(page) {
  let timer;
  const timeout = new Promise((resolve) => {
    timer = setTimeout(() => resolve({ available: false, timeout: true }), 60_000);
  });
  try {
    return await Promise.race([page.evaluate(() => window.bench.measureMemory()), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

// ---------------------------------------------------------------- phases

async function timingPhase({ base, dataUrl, runs, thread, clean: doClean = true, log }) {
  const { browser, page, errors } = await launch();
  try {
    const call = await openBench(page, base, thread);
    const setup = await call('setup', { dataUrl });
    setup.chromium_version = browser.version();
    log(`browser: Chromium ${setup.chromium_version}`);
    log(`browser: file loaded in page (${(setup.bytes / 1e6).toFixed(1)} MB, fetch ${setup.fetch_ms.toFixed(0)} ms, not timed); thread=${thread}, gc=${setup.has_gc}, crossOriginIsolated=${setup.cross_origin_isolated}`);
    // The renderer's CPU time around each operation: a second view of the
    // cost that the wall clock cannot give on a busy machine (other processes
    // delay the wall clock, not the CPU time; GC helper threads add to it).
    const renderer = pageRenderer(process.pid, thread)?.pid ?? null;
    // The benchmark thread's own CPU time is the best estimate here of the
    // wall time on an idle machine (it leaves out GC helper threads, which
    // an idle machine runs in parallel, and time spent waiting for a CPU).
    const timed = async (op) => {
      const c0 = renderer ? cpuMs(renderer) : null;
      const t0 = renderer ? benchThreadCpuMs(renderer, thread) : null;
      const r = await call(op);
      const c1 = renderer ? cpuMs(renderer) : null;
      const t1 = renderer ? benchThreadCpuMs(renderer, thread) : null;
      r.renderer_cpu_ms = c0 != null && c1 != null ? c1 - c0 : null;
      r.thread_cpu_ms = t0 != null && t1 != null ? t1 - t0 : null;
      return r;
    };
    const loadBefore = os.loadavg();
    const crm = [];
    const papa = [];
    const clean = [];
    for (let i = 0; i < runs; i++) {
      const order = i % 2 === 0 ? ['crm', 'papa'] : ['papa', 'crm'];
      for (const which of order) {
        if (which === 'crm') {
          const r = await timed('crmRead');
          crm.push(r);
          log(`browser: run ${i + 1} crm read   ${r.ms.toFixed(0)} ms  ${(setup.bytes / 1e3 / r.ms).toFixed(1)} MB/s  rows ${r.rows}, renderer CPU ${(r.renderer_cpu_ms / 1000).toFixed(2)} s, thread CPU ${(r.thread_cpu_ms / 1000).toFixed(2)} s`);
        } else {
          const r = await timed('papaParse');
          papa.push(r);
          log(`browser: run ${i + 1} PapaParse  ${r.ms.toFixed(0)} ms  ${(setup.bytes / 1e3 / r.ms).toFixed(1)} MB/s  rows ${r.rows} (decode ${r.decode_ms.toFixed(0)} ms + parse ${r.parse_ms.toFixed(0)} ms), renderer CPU ${(r.renderer_cpu_ms / 1000).toFixed(2)} s, thread CPU ${(r.thread_cpu_ms / 1000).toFixed(2)} s`);
        }
        await call('release');
      }
    }
    for (let i = 0; doClean && i < runs; i++) {
      const r = await timed('crmClean');
      clean.push(r);
      log(`browser: run ${i + 1} crm clean  ${r.ms.toFixed(0)} ms  ${(setup.bytes / 1e3 / r.ms).toFixed(1)} MB/s  rows out ${r.rows_out}, ${r.out_bytes} bytes out; pipeline (read, infer, validate + normalize) ${r.pipeline_ms.toFixed(0)} ms ${(setup.bytes / 1e3 / r.pipeline_ms).toFixed(1)} MB/s, report ${r.report_ms.toFixed(0)} ms, write ${r.write_ms.toFixed(0)} ms`);
      await call('release');
    }
    return { setup, crm, papa, clean, errors, load_average: { before: loadBefore, after: os.loadavg() } };
  } finally {
    await browser.close();
  }
}

/** One operation in a fresh browser, with the renderer's peak RSS around it. */
async function memoryPhase({ base, dataUrl, thread, op, log }) {
  const { browser, page, errors } = await launch();
  try {
    const call = await openBench(page, base, thread);
    // playwright-core starts Chromium as a child of this Node process.
    const browserPid = process.pid;
    await sleep(300);
    const beforeLoad = rendererRss(browserPid);
    const setup = await call('setup', { dataUrl, papa: op === 'papaParse' });
    await call('release');
    await sleep(500);
    const renderer = pageRenderer(browserPid, thread, beforeLoad);
    if (!renderer) throw new Error('could not find the renderer process');
    const pid = renderer.pid;
    const rssBeforeLoad = beforeLoad.get(pid) ?? null;
    const before = procStatus(pid);
    const reset = resetPeak(pid);
    const hwmAfterReset = procStatus(pid).VmHWM;
    const result = await call(op);
    const after = procStatus(pid);
    const uaMemory = await measureMemory(page);
    await call('release');
    const peakOverBaseline = after.VmHWM - before.VmRSS;
    const m = {
      op,
      renderer_pid: pid,
      peak_reset: reset,
      rss_before_file_load: rssBeforeLoad,
      rss_before_op: before.VmRSS,
      hwm_after_reset: hwmAfterReset,
      hwm_after_op: after.VmHWM,
      rss_after_op: after.VmRSS,
      peak_over_baseline: peakOverBaseline,
      peak_over_baseline_x_file: peakOverBaseline / setup.bytes,
      peak_over_page_without_file: rssBeforeLoad ? after.VmHWM - rssBeforeLoad : null,
      peak_over_page_without_file_x_file: rssBeforeLoad ? (after.VmHWM - rssBeforeLoad) / setup.bytes : null,
      wasm_memory_bytes: result.wasm_memory_bytes ?? setup.wasm_memory_bytes,
      wasm_memory_x_file: (result.wasm_memory_bytes ?? setup.wasm_memory_bytes) / setup.bytes,
      measure_user_agent_specific_memory: uaMemory,
      result,
      errors,
    };
    log(
      `browser: memory ${op}: renderer peak +${(peakOverBaseline / 1e6).toFixed(0)} MB over the page with the file loaded ` +
        `(${m.peak_over_baseline_x_file.toFixed(2)}× file)` +
        (m.peak_over_page_without_file ? `, +${(m.peak_over_page_without_file / 1e6).toFixed(0)} MB over the page before the file (${m.peak_over_page_without_file_x_file.toFixed(2)}×)` : '') +
        `; wasm memory ${(m.wasm_memory_bytes / 1e6).toFixed(0)} MB (${m.wasm_memory_x_file.toFixed(2)}×)` +
        (uaMemory.available ? `; measureUserAgentSpecificMemory ${(uaMemory.bytes / 1e6).toFixed(0)} MB with the result alive` : ''),
    );
    return m;
  } finally {
    await browser.close();
  }
}

// ---------------------------------------------------------------- main

export async function browserBench({ file, runs = 3, thread = 'worker', clean = true, memory: measureMem = true, log = console.log }) {
  const abs = path.resolve(file);
  if (!abs.startsWith(ROOT + path.sep)) throw new Error(`the data file must be inside ${ROOT}`);
  const fileBytes = statSync(abs).size;
  const server = await serveRoot();
  const dataUrl = '/' + path.relative(ROOT, abs).split(path.sep).join('/');
  try {
    const started = performance.now();
    const timing = await timingPhase({ base: server.url, dataUrl, runs, thread, clean, log });
    const memory = {};
    for (const op of measureMem ? ['crmRead', 'papaParse', ...(clean ? ['crmClean'] : [])] : []) {
      memory[op] = await memoryPhase({ base: server.url, dataUrl, thread, op, log });
    }
    const mbps = (ms) => fileBytes / 1e6 / (ms / 1000);
    const crmMs = median(timing.crm.map((r) => r.ms));
    const papaMs = median(timing.papa.map((r) => r.ms));
    const cleanMs = median(timing.clean.map((r) => r.ms));
    const crmRows = timing.crm[0]?.rows;
    const papaRows = timing.papa[0]?.rows;
    const chromiumVersion = timing.setup.chromium_version;
    const summary = {
      thread,
      file_bytes: fileBytes,
      chromium: chromiumVersion,
      load_average: timing.load_average,
      crm_read: { median_ms: crmMs, mb_per_s: mbps(crmMs), runs_ms: timing.crm.map((r) => r.ms), cpu_ms: timing.crm.map((r) => r.renderer_cpu_ms), thread_cpu_ms: timing.crm.map((r) => r.thread_cpu_ms), facts: timing.crm[0]?.facts },
      papaparse: {
        median_ms: papaMs,
        mb_per_s: mbps(papaMs),
        runs_ms: timing.papa.map((r) => r.ms),
        cpu_ms: timing.papa.map((r) => r.renderer_cpu_ms),
        thread_cpu_ms: timing.papa.map((r) => r.thread_cpu_ms),
        decode_ms: timing.papa.map((r) => r.decode_ms),
        parse_ms: timing.papa.map((r) => r.parse_ms),
        rows_raw: timing.papa[0]?.rows_raw,
        trailing_empty_rows: timing.papa[0]?.trailing_empty_rows,
        errors: timing.papa[0]?.errors,
        error_codes: timing.papa[0]?.error_codes,
        options: { header: true, skipEmptyLines: false },
      },
      crm_clean: { median_ms: cleanMs, mb_per_s: mbps(cleanMs), runs_ms: timing.clean.map((r) => r.ms), cpu_ms: timing.clean.map((r) => r.renderer_cpu_ms), thread_cpu_ms: timing.clean.map((r) => r.thread_cpu_ms), rows_out: timing.clean[0]?.rows_out, out_bytes: timing.clean[0]?.out_bytes,
        // Read + infer + validate + normalize (until the quality report starts): the pipeline target.
        pipeline_median_ms: median(timing.clean.map((r) => r.pipeline_ms)),
        pipeline_mb_per_s: mbps(median(timing.clean.map((r) => r.pipeline_ms))),
        pipeline_runs_ms: timing.clean.map((r) => r.pipeline_ms),
        write_runs_ms: timing.clean.map((r) => r.write_ms),
        stage_start_ms: timing.clean.map((r) => r.stage_start_ms) },
      ratio_pipeline_over_papa: timing.clean.length ? mbps(median(timing.clean.map((r) => r.pipeline_ms))) / mbps(papaMs) : null,
      ratio_crm_over_papa: mbps(crmMs) / mbps(papaMs),
      ratio_by_thread_cpu: median(timing.papa.map((r) => r.thread_cpu_ms)) / median(timing.crm.map((r) => r.thread_cpu_ms)),
      ratio_by_renderer_cpu: median(timing.papa.map((r) => r.renderer_cpu_ms)) / median(timing.crm.map((r) => r.renderer_cpu_ms)),
      rows_match: crmRows === papaRows,
      rows: { crm: crmRows, papaparse: papaRows },
      table_bytes: timing.crm[0]?.facts?.table_bytes,
      table_bytes_x_file: timing.crm[0]?.facts?.table_bytes / fileBytes,
      memory,
      page_errors: timing.errors,
      elapsed_s: (performance.now() - started) / 1000,
    };
    if (!summary.rows_match) log(`browser: WARNING: row counts differ: crm ${crmRows}, PapaParse ${papaRows}`);
    return summary;
  } finally {
    await server.close();
  }
}

function parseArgs(argv) {
  const args = { file: 'benches/data/crm-1m.csv', runs: 3, thread: 'worker', out: null, clean: true, memory: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--file') args.file = argv[++i];
    else if (a === '--runs') args.runs = Number(argv[++i]);
    else if (a === '--thread') args.thread = argv[++i];
    else if (a === '--out') args.out = argv[++i];
    else if (a === '--skip-clean') args.clean = false;
    else if (a === '--skip-memory') args.memory = false;
    else throw new Error(`unknown argument ${a}`);
  }
  if (!['worker', 'main'].includes(args.thread)) throw new Error('--thread is worker or main');
  return args;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = parseArgs(process.argv.slice(2));
  const result = await browserBench(args);
  const json = JSON.stringify(result, null, 2);
  if (args.out) writeFileSync(args.out, json + '\n');
  else console.log(json);
}
