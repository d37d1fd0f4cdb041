// The benchmark's operations, shared by the Worker (bench-worker.js, the
// default: the real page cleans in a worker too) and the main thread
// (bench.js with ?thread=main). Every operation works on the SAME bytes,
// fetched once by `setup`; fetching is never timed.
//
// Each timed operation keeps its result alive (`held`) until `release` is
// called, so the driver can look at the renderer's memory while the result
// still exists, then frees it and runs the garbage collector (Chromium is
// started with --js-flags=--expose-gc).

// The wasm package: the page's own build, unless ?pkg= names another one
// (benches/profile.mjs uses a build that keeps function names).
const PKG = new URL(import.meta.url).searchParams.get('pkg') ?? new URL(self.location.href).searchParams.get('pkg') ?? '/www/pkg/crm_cleaner.js';
if (!PKG.startsWith('/www/pkg/') && !PKG.startsWith('/benches/data/')) throw new Error(`pkg ${PKG} is not allowed`);
const { default: init, Cleaner } = await import(PKG);

/** Bytes pushed into the cleaner per call, as the page's worker does. */
const CHUNK = 1 << 20;

let wasm = null;
let bytes = null;
let held = null;

const now = () => performance.now();
const collect = () => {
  if (typeof globalThis.gc === 'function') globalThis.gc();
};

/** Loads PapaParse (a UMD script) into this global scope, in a page or a module worker alike. */
async function loadPapa() {
  if (globalThis.Papa) return;
  const source = await (await fetch('/tests/browser/node_modules/papaparse/papaparse.min.js')).text();
  // Indirect eval runs as a classic script in the global scope, so the UMD
  // wrapper sees `this === globalThis` and sets globalThis.Papa.
  (0, eval)(source);
  if (!globalThis.Papa) throw new Error('PapaParse did not load');
}

function wasmMemory() {
  return wasm ? wasm.memory.buffer.byteLength : 0;
}

export const ops = {
  /** Loads the wasm module, PapaParse and the file bytes (not timed as part of any run). */
  async setup({ dataUrl, papa = true }) {
    const t0 = now();
    wasm = await init();
    const initMs = now() - t0;
    if (papa) await loadPapa();
    const t1 = now();
    const response = await fetch(dataUrl, { cache: 'no-store' });
    if (!response.ok) throw new Error(`fetch ${dataUrl}: ${response.status}`);
    bytes = new Uint8Array(await response.arrayBuffer());
    const fetchMs = now() - t1;
    collect();
    return {
      bytes: bytes.length,
      init_ms: initMs,
      fetch_ms: fetchMs,
      wasm_memory_bytes: wasmMemory(),
      has_gc: typeof globalThis.gc === 'function',
      cross_origin_isolated: globalThis.crossOriginIsolated === true,
      papa_loaded: typeof globalThis.Papa?.parse === 'function',
      user_agent: navigator.userAgent,
    };
  },

  /** (a) crm-cleaner read: push the bytes in 1 MiB subarrays, finishRead(). */
  crmRead() {
    const memBefore = wasmMemory();
    const t0 = now();
    const cleaner = new Cleaner(undefined, undefined);
    for (let start = 0; start < bytes.length; start += CHUNK) {
      cleaner.push(bytes.subarray(start, Math.min(start + CHUNK, bytes.length)));
    }
    const facts = cleaner.finishRead();
    const ms = now() - t0;
    cleaner.free();
    return {
      ms,
      rows: facts.rows_in - facts.rows_rejected,
      facts,
      wasm_memory_before: memBefore,
      wasm_memory_bytes: wasmMemory(),
    };
  },

  /** (b) PapaParse: TextDecoder().decode(bytes) + Papa.parse(text, { header: true }), timed together. */
  papaParse() {
    const t0 = now();
    const text = new TextDecoder().decode(bytes);
    const tDecoded = now();
    const result = globalThis.Papa.parse(text, { header: true });
    const ms = now() - t0;
    const data = result.data;
    // With the default skipEmptyLines: false, the file's final LF makes Papa
    // emit one more "row": a single empty field (and a TooFewFields error).
    // That is not a data row; count it out rather than pay for skipEmptyLines.
    let trailingEmpty = 0;
    if (data.length) {
      const last = data[data.length - 1];
      const keys = Object.keys(last);
      const empty = keys.every((k) => last[k] === '' || last[k] === undefined || (Array.isArray(last[k]) && last[k].every((v) => v === '')));
      if (empty) trailingEmpty = 1;
    }
    const errorCodes = {};
    for (const e of result.errors) errorCodes[e.code] = (errorCodes[e.code] ?? 0) + 1;
    held = { text, result };
    return {
      ms,
      decode_ms: tDecoded - t0,
      parse_ms: ms - (tDecoded - t0),
      rows_raw: data.length,
      trailing_empty_rows: trailingEmpty,
      rows: data.length - trailingEmpty,
      fields: result.meta.fields?.length ?? 0,
      delimiter: result.meta.delimiter,
      errors: result.errors.length,
      error_codes: errorCodes,
      text_length: text.length,
    };
  },

  /**
   * Full clean in the page: push + finish(). The progress callback stamps
   * when each stage starts, so the run splits into the pipeline proper
   * (read, infer, validate + normalize: until the quality report starts),
   * the report, and writing the four output files.
   */
  crmClean() {
    const t0 = now();
    const stageStart = {};
    const onProgress = ({ stage }) => {
      if (!(stage in stageStart)) stageStart[stage] = now() - t0;
    };
    // Deduplication off: this measures issue 4's pipeline (read, infer,
    // validate, normalize); the dedupe stage has its own benchmark.
    const cleaner = new Cleaner({ version: 1, dedupe: { enabled: false } }, onProgress);
    for (let start = 0; start < bytes.length; start += CHUNK) {
      cleaner.push(bytes.subarray(start, Math.min(start + CHUNK, bytes.length)));
    }
    const { summary, cleaned } = cleaner.finish();
    const ms = now() - t0;
    cleaner.free();
    held = { cleaned };
    const writeStart = stageStart.write ?? ms;
    const pipelineMs = stageStart.report ?? writeStart;
    return {
      ms,
      pipeline_ms: pipelineMs,
      report_ms: writeStart - pipelineMs,
      write_ms: ms - writeStart,
      stage_start_ms: stageStart,
      rows_in: summary.rows_in,
      rows_out: summary.rows_out,
      rows_rejected: summary.rows_rejected,
      cells_changed: summary.cells_changed,
      out_bytes: cleaned.size,
      wasm_memory_bytes: wasmMemory(),
    };
  },

  /**
   * Full clean with deduplication on (the profile's defaults), for
   * benches/dedupe-browser.mjs: the time, every stage's start, and the gaps
   * between progress calls (the page needs one at least every 250 ms).
   */
  crmDedupe() {
    const t0 = now();
    const stageStart = {};
    let calls = 0;
    let last = t0;
    let maxGap = 0;
    let maxGapStage = null;
    const gaps = [];
    // Where wasm memory grows: it never shrinks, so its last growth is the peak.
    const growth = [];
    let memory = wasmMemory();
    // The report before each gap, to say where in a stage it was.
    let previous = null;
    const onProgress = ({ stage, done, total }) => {
      const t = now();
      const bytes = wasmMemory();
      if (bytes !== memory) {
        growth.push({ stage, at_ms: Math.round(t - t0), mb: Math.round(bytes / 1e6) });
        memory = bytes;
      }
      if (!(stage in stageStart)) stageStart[stage] = t - t0;
      if (t - last > maxGap) [maxGap, maxGapStage] = [t - last, stage];
      if (t - last > 150) gaps.push({ stage, done, total, at_ms: t - t0, gap_ms: t - last, after: previous });
      previous = { stage, done, total };
      last = t;
      calls += 1;
    };
    const cleaner = new Cleaner({ version: 1 }, onProgress);
    // The page's worker reports after each chunk it pushes (www/worker.js):
    // so does this, or the reading would show as one long gap.
    for (let start = 0; start < bytes.length; start += CHUNK) {
      cleaner.push(bytes.subarray(start, Math.min(start + CHUNK, bytes.length)));
      onProgress({ stage: 'read', done: start, total: bytes.length });
    }
    const { summary, cleaned } = cleaner.finish();
    const ms = now() - t0;
    const tailGap = now() - last;
    cleaner.free();
    held = { cleaned };
    return {
      ms,
      stage_start_ms: stageStart,
      progress_calls: calls,
      max_progress_gap_ms: Math.max(maxGap, tailGap),
      max_progress_gap_before_stage: maxGap >= tailGap ? maxGapStage : '(end)',
      // Gaps over 150 ms (to see what comes near the page's 250 ms), and the count over 250.
      gaps_over_150_ms: gaps.slice(0, 50),
      gaps_over_250_ms_count: gaps.filter((g) => g.gap_ms > 250).length,
      wasm_memory_growth: growth,
      rows_in: summary.rows_in,
      rows_out: summary.rows_out,
      rows_merged: summary.rows_merged,
      dedupe: summary.dedupe ? { ...summary.dedupe, model: undefined } : null,
      out_bytes: cleaned.size,
      wasm_memory_bytes: wasmMemory(),
    };
  },

  /**
   * Reads the file into a cleaner and keeps it, untimed, for `crmValidate`
   * (benches/profile.mjs --prep crmPrepare --op crmValidate profiles
   * validation alone).
   */
  crmPrepare({ profile } = {}) {
    const cleaner = new Cleaner(profile ?? { version: 1, dedupe: { enabled: false } }, undefined);
    for (let start = 0; start < bytes.length; start += CHUNK) {
      cleaner.push(bytes.subarray(start, Math.min(start + CHUNK, bytes.length)));
    }
    held = { cleaner };
    return { ms: 0 };
  },

  /** Infers and validates every column of the cleaner `crmPrepare` kept (one part of one). */
  crmValidate() {
    const cleaner = held?.cleaner;
    if (!cleaner) throw new Error('crmValidate needs crmPrepare first');
    const t0 = now();
    cleaner.startPart(0, 1);
    const ms = now() - t0;
    cleaner.free();
    held = null;
    return { ms };
  },

  /** Frees whatever the last operation kept and collects garbage. */
  release() {
    held = null;
    collect();
    return { wasm_memory_bytes: wasmMemory() };
  },

  wasmMemory() {
    return { wasm_memory_bytes: wasmMemory() };
  },

  /** Which wasm package is in use. */
  pkg() {
    return { pkg: PKG };
  },
};
