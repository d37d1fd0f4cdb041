#!/usr/bin/env node
// Native benchmark: the release CLI on the same file.
//
//   node benches/native-bench.mjs [--file benches/data/crm-1m.csv] [--runs 3] [--out FILE.json]
//
// Times `crm-cleaner convert FILE --out /dev/null` and
// `crm-cleaner clean FILE --out /dev/null`, `runs` times each, alternating,
// wall clock measured around the process (node's hrtime), and the maximum
// resident set size from `/usr/bin/time -v` when it is installed.

import { spawnSync } from 'node:child_process';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(ROOT, 'target/release/crm-cleaner');
const TIME = '/usr/bin/time';

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n === 0 ? NaN : n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
};

function runOnce(args) {
  const useTime = existsSync(TIME);
  const [cmd, argv] = useTime ? [TIME, ['-v', CLI, ...args]] : [CLI, args];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, argv, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${CLI} ${args.join(' ')} exited with ${r.status}: ${r.stderr}`);
  const rss = /Maximum resident set size \(kbytes\):\s*(\d+)/.exec(r.stderr ?? '');
  const user = /User time \(seconds\):\s*([\d.]+)/.exec(r.stderr ?? '');
  const sys = /System time \(seconds\):\s*([\d.]+)/.exec(r.stderr ?? '');
  const summary = (r.stderr ?? '').split('\n').find((l) => l.startsWith('crm-cleaner:')) ?? '';
  return { ms, cpu_ms: user && sys ? (Number(user[1]) + Number(sys[1])) * 1000 : null, max_rss_bytes: rss ? Number(rss[1]) * 1024 : null, summary };
}

export function nativeBench({ file, runs = 3, log = console.log }) {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run make build`);
  const abs = path.resolve(file);
  const bytes = statSync(abs).size;
  const commands = {
    convert: ['convert', abs, '--out', '/dev/null'],
    clean: ['clean', abs, '--out', '/dev/null', '--no-dedupe'], // issue 4's pipeline; dedupe is measured on its own
  };
  const results = { convert: [], clean: [] };
  for (let i = 0; i < runs; i++) {
    for (const name of Object.keys(commands)) {
      const r = runOnce(commands[name]);
      results[name].push(r);
      log(`native: run ${i + 1} ${name.padEnd(7)} ${r.ms.toFixed(0)} ms  ${(bytes / 1e3 / r.ms).toFixed(1)} MB/s  CPU ${r.cpu_ms != null ? (r.cpu_ms / 1000).toFixed(2) + ' s' : 'n/a'}  max RSS ${r.max_rss_bytes ? (r.max_rss_bytes / 1e6).toFixed(0) + ' MB' : 'n/a'}`);
    }
  }
  const out = { file_bytes: bytes, time_v: existsSync(TIME), load_average: os.loadavg() };
  for (const [name, rs] of Object.entries(results)) {
    const ms = median(rs.map((r) => r.ms));
    const rss = rs.map((r) => r.max_rss_bytes).filter((x) => x != null);
    out[name] = {
      command: `target/release/crm-cleaner ${commands[name].map((a) => (a === abs ? path.relative(ROOT, abs) : a)).join(' ')}`,
      median_ms: ms,
      mb_per_s: bytes / 1e6 / (ms / 1000),
      runs_ms: rs.map((r) => r.ms),
      cpu_ms: rs.map((r) => r.cpu_ms),
      max_rss_bytes: rss.length ? Math.max(...rss) : null,
      max_rss_x_file: rss.length ? Math.max(...rss) / bytes : null,
      summary: rs[0].summary,
    };
  }
  return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = { file: 'benches/data/crm-1m.csv', runs: 3, out: null };
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--file') args.file = argv[++i];
    else if (argv[i] === '--runs') args.runs = Number(argv[++i]);
    else if (argv[i] === '--out') args.out = argv[++i];
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  const result = nativeBench(args);
  const json = JSON.stringify(result, null, 2);
  if (args.out) writeFileSync(args.out, json + '\n');
  else console.log(json);
}
