#!/usr/bin/env node
// A/B of two builds of the wasm package in one browser: one page per build,
// the same operation on the same bytes, alternating which build goes first
// each round, so a machine that slows down or speeds up affects both alike.
//
//   node benches/ab.mjs --a /benches/data/pkg-head/crm_cleaner.js --b /www/pkg/crm_cleaner.js
//                       [--op crmRead|crmClean] [--file benches/data/crm-1m.csv] [--runs 5]
//                       [--time ms|pipeline_ms]
//
// `--time pipeline_ms` compares crmClean's read + infer + validate + normalize
// (up to the report stage) instead of the whole operation.
//
// The operations are bench-ops.js's, run in each page's Worker. Not part of
// `make bench`: it compares builds while working on speed.

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { serveRoot, median, CHROMIUM, CHROMIUM_ARGS } from './browser-bench.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(ROOT, 'tests/browser/package.json'));
const { chromium } = require('playwright-core');

const args = { a: null, b: '/www/pkg/crm_cleaner.js', op: 'crmRead', file: 'benches/data/crm-1m.csv', runs: 5, time: 'ms' };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const key = argv[i].replace(/^--/, '');
  if (!(key in args) || i + 1 >= argv.length) throw new Error(`unknown argument ${argv[i]}`);
  args[key] = key === 'runs' ? Number(argv[++i]) : argv[++i];
}
if (!args.a) throw new Error('--a PKG is required');

const server = await serveRoot();
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
try {
  const dataUrl = '/' + path.relative(ROOT, path.resolve(args.file)).split(path.sep).join('/');
  const open = async (pkg) => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${server.url}benches/bench.html?thread=worker&pkg=${encodeURIComponent(pkg)}`);
    await page.evaluate(() => window.bench.ready);
    const call = (op, a) => page.evaluate(([op, a]) => window.bench.call(op, a), [op, a]);
    await call('setup', { dataUrl });
    await call(args.op); // warm-up: tier-up of wasm and JS
    await call('release');
    return call;
  };
  const builds = { a: await open(args.a), b: await open(args.b) };
  const times = { a: [], b: [] };
  for (let round = 0; round < args.runs; round++) {
    const order = round % 2 === 0 ? ['a', 'b'] : ['b', 'a'];
    for (const which of order) {
      const result = await builds[which](args.op);
      await builds[which]('release');
      if (typeof result[args.time] !== 'number') throw new Error(`${args.op} gives no ${args.time}`);
      times[which].push(result[args.time]);
    }
    console.log(`round ${round + 1}: a ${times.a.at(-1).toFixed(0)} ms, b ${times.b.at(-1).toFixed(0)} ms`);
  }
  const [a, b] = [median(times.a), median(times.b)];
  console.log(`${args.op} ${args.time} median: a ${a.toFixed(0)} ms (${args.a}), b ${b.toFixed(0)} ms (${args.b}); b/a ${(b / a).toFixed(3)}`);
} finally {
  await browser.close();
  await server.close();
}
