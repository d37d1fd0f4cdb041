#!/usr/bin/env node
// Where does the time go? Samples one operation with Chromium's CPU profiler
// (CDP Profiler, main thread: a page CDP session cannot reach into a worker)
// and prints the functions with the most self time (wasm functions by name).
//
//   node benches/profile.mjs [--op crmRead|papaParse|crmClean] [--file benches/data/crm-1m.csv] [--top 30]
//                            [--pkg /benches/data/pkg-names/crm_cleaner.js] [--prep crmPrepare]
//
// --prep OP runs OP before each profiled call, outside the profile: with
// `--prep crmPrepare --op crmValidate`, validation alone is profiled
// (`--profile JSON`: the cleaning profile crmPrepare uses).
//
// www/pkg is optimized by wasm-opt without names, so wasm functions show as
// wasm-function[N]. For names, build a copy that keeps them (not www/pkg):
// (with SIMD128, as `make build-wasm` builds it):
//   CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-C target-feature=+simd128" \
//     cargo build --lib --release --target wasm32-unknown-unknown --target-dir /tmp/t
//   wasm-bindgen --target web --out-dir benches/data/pkg-names /tmp/t/wasm32-unknown-unknown/release/crm_cleaner.wasm
//   tests/browser/node_modules/.bin/wasm-opt -O3 -g --enable-simd --enable-bulk-memory --enable-nontrapping-float-to-int \
//     --enable-reference-types --enable-sign-ext --enable-mutable-globals \
//     benches/data/pkg-names/crm_cleaner_bg.wasm -o benches/data/pkg-names/crm_cleaner_bg.wasm
//
// Not part of `make bench`; the profiler slows the code down a little, so read
// the shares, not the absolute times.

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { serveRoot, CHROMIUM, CHROMIUM_ARGS } from './browser-bench.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(ROOT, 'tests/browser/package.json'));
const { chromium } = require('playwright-core');

const args = { op: 'crmRead', file: 'benches/data/crm-1m.csv', top: 30, pkg: null, prep: null, profile: null };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '--op') args.op = argv[++i];
  else if (argv[i] === '--file') args.file = argv[++i];
  else if (argv[i] === '--top') args.top = Number(argv[++i]);
  else if (argv[i] === '--pkg') args.pkg = argv[++i];
  else if (argv[i] === '--prep') args.prep = argv[++i];
  else if (argv[i] === '--profile') args.profile = JSON.parse(argv[++i]);
  else throw new Error(`unknown argument ${argv[i]}`);
}

const server = await serveRoot();
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
try {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${server.url}benches/bench.html?thread=main${args.pkg ? `&pkg=${encodeURIComponent(args.pkg)}` : ''}`);
  await page.evaluate(() => window.bench.ready);
  const call = (op, a) => page.evaluate(([op, a]) => window.bench.call(op, a), [op, a]);
  const dataUrl = '/' + path.relative(ROOT, path.resolve(args.file)).split(path.sep).join('/');
  await call('setup', { dataUrl });
  const prepare = () => (args.prep ? call(args.prep, { profile: args.profile ?? undefined }) : null); // untimed, unprofiled
  await prepare();
  await call(args.op); // warm up (tier-up of wasm and JS)
  await call('release');
  await prepare();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  const result = await call(args.op);
  const { profile } = await cdp.send('Profiler.stop');
  await call('release');

  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const dt = profile.timeDeltas;
  for (let i = 0; i < profile.samples.length; i++) {
    const node = byId.get(profile.samples[i]);
    const f = node.callFrame;
    const file = f.url ? f.url.split('/').pop() : '';
    const key = `${f.functionName || '(anonymous)'}${file ? `  [${file}]` : ''}`;
    self.set(key, (self.get(key) ?? 0) + (dt[i + 1] ?? 0));
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  console.log(`${args.op}: ${result.ms.toFixed(0)} ms under the profiler; self time by function:`);
  for (const [name, us] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, args.top)) {
    console.log(`${((100 * us) / total).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(6)} ms  ${name}`);
  }
} finally {
  await browser.close();
  await server.close();
}
