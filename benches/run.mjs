#!/usr/bin/env node
// `make bench`: generate the data set (unless it is already there), run the
// browser benchmark and the native benchmark, print a results table and write
// benches/results.json.
//
// Environment: BENCH_ROWS (1000000), BENCH_SEED (42), BENCH_RUNS (3),
// BENCH_THREAD (worker | main; default worker, as the real page).

import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { generate } from './generate.mjs';
import { browserBench, median } from './browser-bench.mjs';
import { nativeBench } from './native-bench.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(ROOT);

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const SEED = Number(process.env.BENCH_SEED ?? 42);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const THREAD = process.env.BENCH_THREAD ?? 'worker';
const FILE = ROWS === 1_000_000 && SEED === 42 ? 'benches/data/crm-1m.csv' : `benches/data/crm-${ROWS}-s${SEED}.csv`;

/** Issue targets. */
const TARGET_READ_RATIO = 3;
const TARGET_PEAK_X_FILE = 2.5;

function sh(cmd, args) {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

function machine() {
  const lscpu = sh('lscpu', []) ?? '';
  return {
    nproc: Number(sh('nproc', [])) || os.cpus().length,
    cpu_model: /^Model name:\s*(.+)$/m.exec(lscpu)?.[1].trim() ?? os.cpus()[0]?.model ?? null,
    memory_bytes: os.totalmem(),
    kernel: os.release(),
    rustc: sh('rustc', ['--version']),
    node: process.version,
    wasm_bindgen: sh('wasm-bindgen', ['--version']),
    git_commit: sh('git', ['rev-parse', '--short', 'HEAD']),
    git_dirty: (sh('git', ['status', '--porcelain', '--', 'src', 'Cargo.toml', 'Cargo.lock']) ?? '') !== '',
  };
}

const MB = (b) => (b / 1e6).toFixed(1);
const f1 = (x) => (x == null || Number.isNaN(x) ? 'n/a' : x.toFixed(1));
const f2 = (x) => (x == null || Number.isNaN(x) ? 'n/a' : x.toFixed(2));
const runsList = (xs) => xs.map((x) => (x / 1000).toFixed(2)).join(' / ');

function table(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  return rows.map((r, ri) => {
    const line = r.map((c, i) => String(c).padEnd(widths[i])).join(' | ');
    return ri === 0 ? `${line}\n${widths.map((w) => '-'.repeat(w)).join('-|-')}` : line;
  }).join('\n');
}

const started = performance.now();
const log = (s) => console.log(s);

log(`bench: ${ROWS} rows, seed ${SEED}, ${RUNS} runs each, browser work on the ${THREAD} thread`);
const data = generate({ rows: ROWS, seed: SEED, out: FILE, ifMissing: true });
const info = machine();
const browser = await browserBench({ file: FILE, runs: RUNS, thread: THREAD, log });
const native = nativeBench({ file: FILE, runs: RUNS, log });

const mem = browser.memory.crmRead;
const readRatio = browser.ratio_crm_over_papa;
const peakX = mem.peak_over_baseline_x_file;
const cpuRatio = browser.ratio_by_thread_cpu;
const readVerdict =
  readRatio >= TARGET_READ_RATIO && !(cpuRatio < TARGET_READ_RATIO) ? 'MET'
  : readRatio < TARGET_READ_RATIO && !(cpuRatio >= TARGET_READ_RATIO) ? 'NOT MET'
  : 'BORDERLINE (wall clock and thread CPU time disagree)';
const targets = {
  read_ratio: {
    target: `>= ${TARGET_READ_RATIO}x PapaParse MB/s`,
    measured: readRatio,
    measured_by_thread_cpu: cpuRatio,
    measured_by_process_cpu: browser.ratio_by_renderer_cpu,
    verdict: readVerdict,
    met: readVerdict === 'MET',
  },
  peak_memory: {
    target: `<= ${TARGET_PEAK_X_FILE}x file size`,
    metric: 'renderer peak RSS (VmHWM) during the crm read, over the RSS just before it (file bytes already loaded)',
    measured: peakX,
    met: peakX <= TARGET_PEAK_X_FILE,
  },
};

const results = {
  generated_at: new Date().toISOString(),
  command: 'make bench',
  machine: { ...info, chromium: browser.chromium },
  data: { file: FILE, rows: data.rows, columns: data.columns, bytes: data.bytes, seed: data.seed, sha256: data.sha256, generator: data.generator },
  browser,
  native,
  targets,
  elapsed_s: (performance.now() - started) / 1000,
};
writeFileSync(path.join(ROOT, 'benches/results.json'), JSON.stringify(results, null, 2) + '\n');

const fb = browser.file_bytes;
const memRow = (label, m) => [
  label,
  `+${MB(m.peak_over_baseline)} MB (${f2(m.peak_over_baseline_x_file)}x)`,
  m.peak_over_page_without_file == null ? 'n/a' : `+${MB(m.peak_over_page_without_file)} MB (${f2(m.peak_over_page_without_file_x_file)}x)`,
  m.op === 'papaParse' ? '-' : `${MB(m.wasm_memory_bytes)} MB (${f2(m.wasm_memory_x_file)}x)`,
];

log('');
log(`data: ${FILE}, ${data.rows} rows x ${data.columns} columns, ${MB(data.bytes)} MB, seed ${data.seed}, sha256 ${data.sha256}`);
log(`machine: ${info.nproc} CPUs (${info.cpu_model}), ${(info.memory_bytes / 2 ** 30).toFixed(1)} GiB, Chromium ${browser.chromium}, ${info.rustc}`);
log('');
const cpu = (xs) => (xs && xs.length && xs.every((x) => x != null) ? f2(median(xs) / 1000) : 'n/a');
const cpuRate = (xs) => (xs && xs.length && xs.every((x) => x != null) ? f1(fb / 1e6 / (median(xs) / 1000)) : 'n/a');
log(table([
  ['what', 'median s', 'MB/s', 'runs (s)', 'thread CPU s', 'MB/s by thread CPU', 'process CPU s'],
  [`browser crm read (push 1 MiB + finishRead, ${THREAD})`, f2(browser.crm_read.median_ms / 1000), f1(browser.crm_read.mb_per_s), runsList(browser.crm_read.runs_ms), cpu(browser.crm_read.thread_cpu_ms), cpuRate(browser.crm_read.thread_cpu_ms), cpu(browser.crm_read.cpu_ms)],
  [`browser PapaParse (TextDecoder + parse, header)`, f2(browser.papaparse.median_ms / 1000), f1(browser.papaparse.mb_per_s), runsList(browser.papaparse.runs_ms), cpu(browser.papaparse.thread_cpu_ms), cpuRate(browser.papaparse.thread_cpu_ms), cpu(browser.papaparse.cpu_ms)],
  [`browser crm clean (push + finish)`, f2(browser.crm_clean.median_ms / 1000), f1(browser.crm_clean.mb_per_s), runsList(browser.crm_clean.runs_ms), cpu(browser.crm_clean.thread_cpu_ms), cpuRate(browser.crm_clean.thread_cpu_ms), cpu(browser.crm_clean.cpu_ms)],
  [`browser crm pipeline (read+infer+validate+normalize)`, f2(browser.crm_clean.pipeline_median_ms / 1000), f1(browser.crm_clean.pipeline_mb_per_s), runsList(browser.crm_clean.pipeline_runs_ms), '-', '-', '-'],
  [`native convert --out /dev/null`, f2(native.convert.median_ms / 1000), f1(native.convert.mb_per_s), runsList(native.convert.runs_ms), '-', cpuRate(native.convert.cpu_ms), cpu(native.convert.cpu_ms)],
  [`native clean --out /dev/null`, f2(native.clean.median_ms / 1000), f1(native.clean.mb_per_s), runsList(native.clean.runs_ms), '-', cpuRate(native.clean.cpu_ms), cpu(native.clean.cpu_ms)],
]));
log('thread CPU: CPU time of the thread running the benchmark (browser) or user+sys of the CLI (native);');
log('            on an idle machine the wall time of single-threaded work comes close to it.');
log(`load average (1 min) during the browser timing: ${f1(browser.load_average.before[0])} -> ${f1(browser.load_average.after[0])} on ${info.nproc} CPUs` +
  (browser.load_average.before[0] > info.nproc ? '  (busy machine: wall times are noisy; CPU times are steadier)' : ''));
log('');
log(table([
  ['peak memory (fresh browser each)', 'renderer peak over RSS before op', 'over page before file load', 'wasm memory'],
  memRow('crm read', browser.memory.crmRead),
  memRow('PapaParse', browser.memory.papaParse),
  memRow('crm clean', browser.memory.crmClean),
]));
log(`table_bytes (finishRead): ${MB(browser.table_bytes)} MB (${f2(browser.table_bytes_x_file)}x file)`);
log(`native max RSS: convert ${MB(native.convert.max_rss_bytes ?? NaN)} MB (${f2(native.convert.max_rss_x_file)}x), clean ${MB(native.clean.max_rss_bytes ?? NaN)} MB (${f2(native.clean.max_rss_x_file)}x)`);
log(`rows: crm ${browser.rows.crm}, PapaParse ${browser.rows.papaparse} (${browser.papaparse.rows_raw} raw, ${browser.papaparse.trailing_empty_rows} trailing empty row from the final LF not counted)${browser.rows_match ? '' : '  MISMATCH'}`);
log('');
log(`target read >= ${TARGET_READ_RATIO}x PapaParse: ${f2(readRatio)}x by wall clock (${f1(browser.crm_read.mb_per_s)} vs ${f1(browser.papaparse.mb_per_s)} MB/s), ` +
  `${f2(cpuRatio)}x by thread CPU time, ${f2(browser.ratio_by_renderer_cpu)}x by process CPU time -> ${readVerdict}`);
log(`target peak memory <= ${TARGET_PEAK_X_FILE}x file: ${f2(peakX)}x (renderer +${MB(mem.peak_over_baseline)} MB during the read of a ${MB(fb)} MB file; wasm memory ${f2(mem.wasm_memory_x_file)}x) -> ${targets.peak_memory.met ? 'MET' : 'NOT MET'}`);
log(`wrote benches/results.json (${results.elapsed_s.toFixed(0)} s)`);
