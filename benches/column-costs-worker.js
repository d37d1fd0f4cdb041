// Worker of benches/column-costs.mjs: cleans a file with the page's wasm
// build (one part of one: every column, in the profile's order) and times
// each column from the validation stage's progress reports, which count
// `rows` per profile column, every 8,192 rows (src/validate/column.rs).
import init, { Cleaner } from '../www/pkg/crm_cleaner.js';

self.onmessage = async ({ data: { url, profile } }) => {
  await init();
  const bytes = new Uint8Array(await (await fetch(url, { cache: 'no-store' })).arrayBuffer());
  const reports = [];
  const cleaner = new Cleaner(profile, (p) => {
    if (p.stage === 'validate' || p.stage === 'infer') reports.push({ stage: p.stage, done: p.done, at: performance.now() });
  });
  const t0 = performance.now();
  for (let at = 0; at < bytes.length; at += 1 << 20) cleaner.push(bytes.subarray(at, at + (1 << 20)));
  const read = performance.now() - t0;
  const rows = cleaner.rowsIn;
  cleaner.startPart(0, 1);
  // A column's time: from the report before its first to its last (the first column's from inference's end).
  const ends = new Map();
  let start = reports.filter((r) => r.stage === 'infer').at(-1)?.at ?? t0;
  for (const r of reports) if (r.stage === 'validate' && r.done > 0) ends.set(Math.ceil(r.done / rows) - 1, r.at);
  const header = new TextDecoder().decode(bytes.subarray(0, bytes.indexOf(10))).split(',');
  const columns = [];
  for (const [column, end] of [...ends].sort((a, b) => a[0] - b[0])) {
    columns.push({ column, name: header[column] ?? String(column), ms: end - start });
    start = end;
  }
  cleaner.free();
  self.postMessage({ read, rows, columns });
};
