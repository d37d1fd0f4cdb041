#!/usr/bin/env node
// Benchmark of the embeddable validator (www/embed/crm-validate.js) in
// Debian's Chromium, driven by playwright-core.
//
//   make build-embed && node benches/embed-bench.mjs [--loads 5] [--calls 20000]
//        [--warmup 5000] [--batch 100] [--out benches/embed-results.json]
//
// (a) Start-up: `--loads` page loads of benches/embed-bench.html, each in a
//     FRESH browser context, every response Cache-Control: no-store (so no
//     HTTP cache and no V8 wasm code cache): time from import() of
//     crm-validate.js until init() resolves. The page first imports an empty
//     module and times that apart: a page's first dynamic import has a fixed
//     cost that any module pays, which is not the validator's. Median (and every load). Each
//     load also times the first validate() call of each type alone,
//     including the first phone call (the phone metadata is built lazily).
// (b) Steady state: one page, after `--warmup` calls per type, `--calls`
//     validate() calls per type (email, phone CN national, date), each timed
//     alone; then the same number in batches of `--batch`. p50/p99.
//     Timer: the page is cross-origin isolated (COOP same-origin + COEP
//     require-corp), which gives performance.now() a 5 µs resolution in
//     Chromium instead of 100 µs; the measured resolution is reported. A
//     single call takes a few µs, so per-call samples are quantized to the
//     timer step: the per-call p99 is exact enough against a 200 µs budget,
//     and the batched means (100 calls per sample) give the sub-µs picture.
// (c) Size of www/embed/pkg/crm_cleaner_bg.wasm: raw, gzip -9, brotli -11; plus
//     the JS the embed loads; plus where the bytes go (by crate, from the
//     name section of the un-optimized cargo output, if present).
//
// Prints a table and writes benches/embed-results.json.

import { createServer } from 'node:http';
import { copyFileSync, createReadStream, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(ROOT, 'tests/browser/package.json'));
const { chromium } = require('playwright-core');

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const PKG = path.join(ROOT, 'www/embed/pkg');
const CARGO_WASM_SOURCE = path.join(ROOT, 'target/embed/wasm32-unknown-unknown/release/crm_cleaner.wasm');
// Everything is measured on a snapshot of www/pkg taken at the start, so a
// rebuild while the benchmark runs cannot mix two builds.
const SNAPSHOT = mkdtempSync(path.join(os.tmpdir(), 'embed-bench-pkg-'));
const WASM = path.join(SNAPSHOT, 'crm_cleaner_bg.wasm');
const CARGO_WASM = path.join(SNAPSHOT, 'cargo-crm_cleaner.wasm');

function takeSnapshot() {
  if (!existsSync(path.join(PKG, 'crm_cleaner_bg.wasm'))) {
    throw new Error('www/embed/pkg/crm_cleaner_bg.wasm is missing: run `make build-embed` first');
  }
  for (const name of readdirSync(PKG)) copyFileSync(path.join(PKG, name), path.join(SNAPSHOT, name));
  if (existsSync(CARGO_WASM_SOURCE)) copyFileSync(CARGO_WASM_SOURCE, CARGO_WASM);
  // `make build-embed` runs wasm-opt when tests/browser has it, which drops the
  // name section; a name section then means a build caught half-way.
  const named = WebAssembly.Module.customSections(new WebAssembly.Module(readFileSync(WASM)), 'name').length > 0;
  if (named && existsSync(path.join(ROOT, 'tests/browser/node_modules/.bin/wasm-opt'))) {
    return 'www/embed/pkg/crm_cleaner_bg.wasm still has its name section: not yet through wasm-opt (a build in progress?); sizes are too large';
  }
  return null;
}
const BUDGET = { init_ms: 100, validate_p99_ms: 0.2, wasm_gzip_bytes: 600 * 1000 };

// ---------------------------------------------------------------- arguments

function args() {
  const out = { loads: 5, calls: 20000, warmup: 5000, batch: 100, out: path.join(ROOT, 'benches/embed-results.json') };
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i].replace(/^--/, '');
    if (!(key in out)) throw new Error(`unknown option ${argv[i]}`);
    const value = argv[++i];
    out[key] = key === 'out' ? path.resolve(value) : Number(value);
  }
  return out;
}

// ---------------------------------------------------------------- server

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
};

/**
 * Serves the repository root on 127.0.0.1; no-store everywhere; the HTML is
 * cross-origin isolated unless its URL has ?isolated=0.
 */
async function serveRoot() {
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    const headers = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', 'Cross-Origin-Resource-Policy': 'same-origin' };
    if (url.searchParams.get('isolated') !== '0') {
      headers['Cross-Origin-Opener-Policy'] = 'same-origin';
      headers['Cross-Origin-Embedder-Policy'] = 'require-corp';
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return res.writeHead(405, headers).end();
    let file;
    try {
      const clean = path.posix.normalize('/' + decodeURIComponent(url.pathname));
      file = clean.startsWith('/www/embed/pkg/')
        ? path.join(SNAPSHOT, path.posix.basename(clean))
        : path.resolve(ROOT, '.' + clean);
    } catch {
      return res.writeHead(400, headers).end();
    }
    if (!file.startsWith(ROOT + path.sep) && !file.startsWith(SNAPSHOT + path.sep)) return res.writeHead(403, headers).end();
    let info;
    try {
      info = statSync(file);
    } catch {
      return res.writeHead(404, headers).end();
    }
    if (!info.isFile()) return res.writeHead(404, headers).end();
    res.writeHead(200, { ...headers, 'Content-Type': MIME[path.extname(file)] ?? 'application/octet-stream', 'Content-Length': info.size });
    if (req.method === 'HEAD') return res.end();
    createReadStream(file).pipe(res);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    close: () => new Promise((resolve) => (server.closeAllConnections?.(), server.close(() => resolve()))),
  };
}

// ---------------------------------------------------------------- helpers

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n === 0 ? NaN : n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
};
const round = (x, d = 3) => (Number.isFinite(x) ? Number(x.toFixed(d)) : x);
const ms = (x) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x >= 1 ? x.toFixed(2) : x.toFixed(4));
const kB = (n) => `${(n / 1000).toFixed(1)} kB`;

async function openBench(browser, base, query = '') {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  await page.goto(new URL(`benches/embed-bench.html${query}`, base).href);
  await page.waitForSelector('body[data-done="true"]', { timeout: 120_000 }).catch((e) => {
    throw new Error(`${e.message}\n${problems.join('\n')}`);
  });
  return { context, page, problems };
}

// ---------------------------------------------------------------- sizes

function gzipSize(file) {
  try {
    return execFileSync('gzip', ['-9', '-c', file], { maxBuffer: 64 << 20 }).length;
  } catch {
    return zlib.gzipSync(readFileSync(file), { level: 9 }).length;
  }
}

function brotliSize(file) {
  return zlib.brotliCompressSync(readFileSync(file), {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_LGWIN]: 24 },
  }).length;
}

function sizes() {
  const files = {
    wasm: WASM,
    glue: path.join(SNAPSHOT, 'crm_cleaner.js'),
    embed: path.join(ROOT, 'www/embed/crm-validate.js'),
  };
  const out = {};
  for (const [name, file] of Object.entries(files)) {
    out[name] = { file: file.startsWith(SNAPSHOT) ? `www/embed/pkg/${path.basename(file)}` : path.relative(ROOT, file), raw: statSync(file).size, gzip9: gzipSize(file), brotli11: brotliSize(file) };
  }
  out.total = Object.fromEntries(['raw', 'gzip9', 'brotli11'].map((k) => [k, out.wasm[k] + out.glue[k] + out.embed[k]]));
  return out;
}

// ---------------------------------------------------------------- where the bytes go

function leb(buf, pos) {
  let result = 0;
  let shift = 0;
  let byte;
  do {
    byte = buf[pos++];
    result += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return [result, pos];
}

function str(buf, pos) {
  let len;
  [len, pos] = leb(buf, pos);
  return [buf.toString('utf8', pos, pos + len), pos + len];
}

/** The crate a (demangled or legacy-mangled) Rust symbol belongs to. */
function crateOf(name) {
  if (name.startsWith('_ZN')) {
    const m = /^_ZN(\d+)/.exec(name);
    if (m) return name.slice(3 + m[1].length, 3 + m[1].length + Number(m[1])).replace(/^_</, '');
  }
  const m = /([A-Za-z_][A-Za-z0-9_]*)::/.exec(name);
  if (m) return m[1];
  return /^(__wbindgen|__wbg|wasm_bindgen)/.test(name) ? 'wasm_bindgen' : '(other)';
}

/**
 * Code bytes by crate (from the name section) and the data section's size,
 * of the cargo output before wasm-bindgen and wasm-opt (so the sum is larger
 * than the shipped file; the proportions are what matter).
 */
function attribution(file) {
  if (!existsSync(file)) return null;
  const buf = readFileSync(file);
  let pos = 8;
  let imported = 0;
  const bodies = [];
  const names = new Map();
  let data = 0;
  let codeTotal = 0;
  while (pos < buf.length) {
    const id = buf[pos++];
    let size;
    [size, pos] = leb(buf, pos);
    const end = pos + size;
    if (id === 2) {
      let p = pos;
      let count;
      [count, p] = leb(buf, p);
      for (let i = 0; i < count; i++) {
        [, p] = str(buf, p);
        [, p] = str(buf, p);
        const kind = buf[p++];
        if (kind === 0) {
          [, p] = leb(buf, p);
          imported++;
        } else if (kind === 1) {
          p++;
          const flags = buf[p++];
          [, p] = leb(buf, p);
          if (flags & 1) [, p] = leb(buf, p);
        } else if (kind === 2) {
          const flags = buf[p++];
          [, p] = leb(buf, p);
          if (flags & 1) [, p] = leb(buf, p);
        } else if (kind === 3) {
          p += 2;
        } else if (kind === 4) {
          p++;
          [, p] = leb(buf, p);
        }
      }
    } else if (id === 10) {
      codeTotal = size;
      let p = pos;
      let count;
      [count, p] = leb(buf, p);
      for (let i = 0; i < count; i++) {
        let len;
        [len, p] = leb(buf, p);
        bodies.push(len);
        p += len;
      }
    } else if (id === 11) {
      data = size;
    } else if (id === 0) {
      let p;
      let name;
      [name, p] = str(buf, pos);
      if (name === 'name') {
        while (p < end) {
          const sub = buf[p++];
          let subSize;
          [subSize, p] = leb(buf, p);
          const subEnd = p + subSize;
          if (sub === 1) {
            let q = p;
            let count;
            [count, q] = leb(buf, q);
            for (let i = 0; i < count; i++) {
              let idx;
              let fname;
              [idx, q] = leb(buf, q);
              [fname, q] = str(buf, q);
              names.set(idx, fname);
            }
          }
          p = subEnd;
        }
      }
    }
    pos = end;
  }
  if (names.size === 0) return null;
  const byCrate = new Map();
  bodies.forEach((len, i) => {
    const crate = crateOf(names.get(imported + i) ?? '(unnamed)');
    byCrate.set(crate, (byCrate.get(crate) ?? 0) + len);
  });
  const crates = [...byCrate].sort((a, b) => b[1] - a[1]).map(([crate, bytes]) => ({ crate, bytes }));
  return { file: path.relative(ROOT, CARGO_WASM_SOURCE), file_bytes: buf.length, code_bytes: codeTotal, data_bytes: data, code_by_crate: crates.slice(0, 15) };
}

/** Code and data section sizes of a wasm file, raw and gzip -9 on their own. */
function sections(file) {
  const buf = readFileSync(file);
  let pos = 8;
  const out = { code: 0, data: 0, code_gzip9: 0, data_gzip9: 0 };
  while (pos < buf.length) {
    const id = buf[pos++];
    let size;
    [size, pos] = leb(buf, pos);
    const key = id === 10 ? 'code' : id === 11 ? 'data' : null;
    if (key) {
      out[key] = size;
      out[`${key}_gzip9`] = zlib.gzipSync(buf.subarray(pos, pos + size), { level: 9 }).length;
    }
    pos += size;
  }
  return out;
}

/**
 * An estimate of a validate-only module: the shipped .wasm with every export
 * of the batch cleaner (Cleaner) removed, dead code eliminated
 * (binaryen's wasm-metadce) and re-optimized (wasm-opt -O3). An upper bound
 * of what a split build would give: the data section (one linker blob) cannot
 * be pruned this way, so the tables only the reader uses stay in.
 */
function pruneToValidate() {
  const bin = path.join(ROOT, 'tests/browser/node_modules/.bin');
  const metadce = path.join(bin, 'wasm-metadce');
  const wasmOpt = path.join(bin, 'wasm-opt');
  if (!existsSync(metadce) || !existsSync(wasmOpt)) return null;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'embed-bench-'));
  try {
    const mod = new WebAssembly.Module(readFileSync(WASM));
    const exports = WebAssembly.Module.exports(mod).map((e) => e.name);
    const dropped = exports.filter((n) => /cleaner/i.test(n));
    const graph = exports.filter((n) => !dropped.includes(n)).map((n) => ({ name: `export:${n}`, export: n, root: true }));
    writeFileSync(path.join(dir, 'graph.json'), JSON.stringify(graph));
    const features = ['--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-reference-types', '--enable-sign-ext', '--enable-mutable-globals'];
    const dce = path.join(dir, 'dce.wasm');
    const out = path.join(dir, 'validate-only.wasm');
    execFileSync(metadce, [WASM, '--graph-file', path.join(dir, 'graph.json'), '-o', dce, ...features], { stdio: 'ignore' });
    execFileSync(wasmOpt, ['-O3', ...features, dce, '-o', out], { stdio: 'ignore' });
    return {
      method: 'wasm-metadce without the Cleaner exports, then wasm-opt -O3 (data section not prunable: an upper bound)',
      dropped_exports: dropped,
      raw: statSync(out).size,
      gzip9: gzipSize(out),
      brotli11: brotliSize(out),
      sections: sections(out),
      full_sections: sections(WASM),
    };
  } catch (error) {
    return { error: String(error?.message ?? error) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- main

async function main() {
  const opt = args();
  const warning = takeSnapshot();
  if (warning) console.warn(`WARNING: ${warning}`);
  const server = await serveRoot();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const load = os.loadavg();
  try {
    // (a) start-up, cold: each load in a freshly launched browser (no HTTP
    // cache, no V8 wasm code cache, no module left alive in a renderer).
    const loads = [];
    for (let i = 0; i < opt.loads; i++) {
      const fresh = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
      try {
        const { page, problems } = await openBench(fresh, server.url);
        const s = await page.evaluate(() => window.__startup);
        if (problems.length) throw new Error(problems.join('\n'));
        if (!s.phone_ok) throw new Error('the phone check gave an unexpected result');
        loads.push(s);
      } finally {
        await fresh.close();
      }
    }
    const firstKeys = Object.keys(loads[0].first_call_ms);
    const startup = {
      loads: opt.loads,
      cross_origin_isolated: loads[0].crossOriginIsolated,
      median_ms: {
        baseline_import: median(loads.map((l) => l.baseline_import_ms)),
        import: median(loads.map((l) => l.import_ms)),
        init: median(loads.map((l) => l.init_ms)),
        total: median(loads.map((l) => l.total_ms)),
        wasm_fetch: median(loads.map((l) => l.wasm_fetch?.duration_ms ?? NaN)),
        since_navigation: median(loads.map((l) => l.init_resolved_since_navigation_ms)),
      },
      min_ms: {
        total: Math.min(...loads.map((l) => l.total_ms)),
        phone_cn_first: Math.min(...loads.map((l) => l.first_call_ms.phone_cn_first)),
      },
      first_call_median_ms: Object.fromEntries(firstKeys.map((k) => [k, median(loads.map((l) => l.first_call_ms[k]))])),
      every_load: loads,
    };

    // (b) steady state, one warm page.
    const { context, page, problems } = await openBench(browser, server.url);
    const latency = await page.evaluate((o) => window.__latency(o), { calls: opt.calls, warmup: opt.warmup, batch: opt.batch, api: 'embed' });
    const latencyRaw = await page.evaluate((o) => window.__latency(o), { calls: opt.calls, warmup: opt.warmup, batch: opt.batch, api: 'raw' });
    if (problems.length) throw new Error(problems.join('\n'));
    await context.close();
    // The timer without cross-origin isolation, for the record.
    const plain = await openBench(browser, server.url, '?isolated=0');
    const plainResolution = await plain.page.evaluate(() => {
      let best = Infinity;
      for (let i = 0; i < 50; i++) {
        const a = performance.now();
        let b = performance.now();
        while (b === a) b = performance.now();
        best = Math.min(best, b - a);
      }
      return { crossOriginIsolated, resolution_ms: best };
    });
    await plain.context.close();

    // (c) sizes.
    const size = sizes();
    const where = attribution(CARGO_WASM);
    const validateOnly = pruneToValidate();

    const p99 = Math.max(...Object.values(latency.cases).map((c) => c.single.p99));
    const results = {
      date: new Date().toISOString(),
      warning,
      wasm_sha256: createHash('sha256').update(readFileSync(WASM)).digest('hex'),
      chromium: browser.version(),
      node: process.version,
      cpu: os.cpus()[0]?.model ?? 'unknown',
      cpus: os.cpus().length,
      loadavg_before: load.map((x) => round(x, 2)),
      loadavg_after: os.loadavg().map((x) => round(x, 2)),
      options: opt,
      startup,
      latency: { embed: latency, raw_wasm: latencyRaw, timer_without_isolation: plainResolution },
      size,
      wasm_code_by_crate: where,
      wasm_validate_only_estimate: validateOnly,
      budget: {
        init_ms: { budget: BUDGET.init_ms, measured: round(startup.median_ms.total, 1), ok: startup.median_ms.total <= BUDGET.init_ms },
        validate_p99_ms: { budget: BUDGET.validate_p99_ms, measured: round(p99, 4), ok: p99 <= BUDGET.validate_p99_ms },
        wasm_gzip_bytes: { budget: BUDGET.wasm_gzip_bytes, measured: size.wasm.gzip9, ok: size.wasm.gzip9 <= BUDGET.wasm_gzip_bytes },
        first_phone_call_ms: { budget: null, measured: round(startup.first_call_median_ms.phone_cn_first, 1) },
      },
    };
    writeFileSync(opt.out, JSON.stringify(results, null, 2) + '\n');
    print(results);
    console.log(`\nwrote ${path.relative(process.cwd(), opt.out)}`);
  } finally {
    await browser.close();
    await server.close();
    rmSync(SNAPSHOT, { recursive: true, force: true });
  }
}

function print(r) {
  const s = r.startup;
  if (r.warning) console.log(`WARNING: ${r.warning}`);
  console.log(`crm-validate embed benchmark: Chromium ${r.chromium}, ${r.cpu} x${r.cpus}, load average ${r.loadavg_before.join(' ')}`);
  console.log(`\n(a) start-up, ${s.loads} cold loads (fresh browser, no-store), median ms`);
  console.log(`  first import of an empty module ${ms(s.median_ms.baseline_import)}   (the page's fixed cost, before the validator; not counted below)`);
  console.log(`  import crm-validate.js          ${ms(s.median_ms.import)}`);
  console.log(`  init() (glue, wasm fetch+compile, instantiate) ${ms(s.median_ms.init)}   (wasm fetch ${ms(s.median_ms.wasm_fetch)})`);
  console.log(`  import -> init resolved         ${ms(s.median_ms.total)}   min ${ms(s.min_ms.total)}; every load: ${s.every_load.map((l) => ms(l.total_ms)).join(', ')}`);
  console.log(`  first validate() calls, each alone (median of the loads):`);
  for (const [k, v] of Object.entries(s.first_call_median_ms)) console.log(`    ${k.padEnd(18)} ${ms(v)}`);

  const e = r.latency.embed;
  console.log(
    `\n(b) validate() after init: ${e.warmup} warm-up + ${e.calls} calls per type; timer step ${(e.timer_resolution_ms * 1000).toFixed(1)} µs ` +
      `(cross-origin isolated; ${(r.latency.timer_without_isolation.resolution_ms * 1000).toFixed(0)} µs without)`,
  );
  console.log('  type    api    per call p50   p99      p99.9    max      | batch-of-100 mean p50  p99     | calls/s');
  for (const [label, run] of [['embed', e], ['raw', r.latency.raw_wasm]]) {
    for (const [name, c] of Object.entries(run.cases)) {
      console.log(
        `  ${name.padEnd(7)} ${label.padEnd(6)} ${ms(c.single.p50).padStart(8)} ${ms(c.single.p99).padStart(8)} ${ms(c.single.p999).padStart(8)} ${ms(c.single.max).padStart(8)} |` +
          `        ${ms(c.batched.p50).padStart(8)} ${ms(c.batched.p99).padStart(8)} | ${Math.round(c.throughput_per_s).toLocaleString('en')}`,
      );
    }
  }

  const z = r.size;
  console.log('\n(c) size                 raw          gzip -9      brotli 11');
  for (const k of ['wasm', 'glue', 'embed', 'total']) {
    const v = z[k];
    console.log(`  ${(v.file ?? 'total (what a form loads)').padEnd(32).slice(0, 32)} ${kB(v.raw).padStart(10)} ${kB(v.gzip9).padStart(12)} ${kB(v.brotli11).padStart(12)}`);
  }
  if (r.wasm_code_by_crate) {
    const w = r.wasm_code_by_crate;
    console.log(`  where the bytes go (${w.file}, before wasm-opt: code ${kB(w.code_bytes)}, data ${kB(w.data_bytes)}):`);
    console.log('    ' + w.code_by_crate.slice(0, 10).map((c) => `${c.crate} ${kB(c.bytes)}`).join(', '));
  }

  const v = r.wasm_validate_only_estimate;
  if (v && !v.error) {
    const f = v.full_sections;
    console.log(`  shipped wasm: code ${kB(f.code)} (gzip ${kB(f.code_gzip9)}), data ${kB(f.data)} (gzip ${kB(f.data_gzip9)})`);
    console.log(
      `  validate-only estimate (Cleaner exports pruned, DCE, -O3): ${kB(v.raw)} raw, ${kB(v.gzip9)} gzip -9, ${kB(v.brotli11)} brotli; ` +
        `code ${kB(v.sections.code)} (gzip ${kB(v.sections.code_gzip9)}), data unchanged`,
    );
  }

  console.log('\nbudget');
  for (const [k, v] of Object.entries(r.budget)) {
    if (v.budget == null) console.log(`  ${k.padEnd(20)} ${v.measured} (no budget)`);
    else console.log(`  ${k.padEnd(20)} ${String(v.measured).padStart(10)}  budget ${v.budget}  ${v.ok ? 'OK' : 'OVER'}`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
