// node run.mjs PKG_DIR FILE [RUNS] [hint]: times read() of the wasm read benchmark
// (built by ../wasm.sh into PKG_DIR) on FILE, in 1 MiB chunks, and prints the
// best and median CPU time of the process per run (user+system), and how much
// the wasm memory grew during the first read.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const [pkg, file, runs = '7', hint = ''] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const wasm = require(path.resolve(pkg, 'read_micro_wasm.js'));
const bytes = readFileSync(file);
wasm.load(bytes);
const loaded = wasm.memory_bytes();
wasm.read(1 << 20, hint === 'hint'); // warm up
const grown = wasm.memory_bytes() - loaded;
const times = [];
let rows = 0;
for (let i = 0; i < Number(runs); i++) {
  const before = process.cpuUsage();
  rows = wasm.read(1 << 20, hint === 'hint');
  const used = process.cpuUsage(before);
  times.push((used.user + used.system) / 1000);
}
times.sort((a, b) => a - b);
const best = times[0];
const median = times[Math.floor(times.length / 2)];
const mb = bytes.length / 1e6;
console.log(`wasm memory grown by the first read: ${(grown / 1048576).toFixed(1)} MiB`);
console.log(`rows ${rows}  cpu best ${best.toFixed(1)} ms (${(mb / best * 1000).toFixed(1)} MB/s)  median ${median.toFixed(1)} ms`);
