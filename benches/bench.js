// The benchmark page's module. `?thread=worker` (default) runs every operation
// in a dedicated module Worker (bench-worker.js), like the real page;
// `?thread=main` runs them on the page's main thread. The driver
// (browser-bench.mjs) calls `window.bench.call(op, args)` step by step, so it
// can read the renderer's memory between steps, all in one page load.

const params = new URLSearchParams(location.search);
const thread = params.get('thread') === 'main' ? 'main' : 'worker';
const pkgQuery = params.get('pkg') ? `?pkg=${encodeURIComponent(params.get('pkg'))}` : '';

async function startWorker() {
  const worker = new Worker(new URL(`./bench-worker.js${pkgQuery}`, import.meta.url), { type: 'module' });
  const pending = new Map();
  let next = 1;
  let readyResolve;
  const ready = new Promise((resolve, reject) => {
    readyResolve = resolve;
    worker.addEventListener('error', (e) => reject(new Error(`worker failed to start: ${e.message}`)), { once: true });
  });
  worker.addEventListener('message', (event) => {
    const { id, ok, value, error } = event.data;
    if (id === 0) return readyResolve();
    const p = pending.get(id);
    if (!p) return;
    pending.delete(id);
    if (ok) p.resolve(value);
    else p.reject(new Error(error));
  });
  await ready;
  return (op, args) =>
    new Promise((resolve, reject) => {
      const id = next++;
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, op, args });
    });
}

async function startMain() {
  const { ops } = await import(`./bench-ops.js${pkgQuery}`);
  return async (op, args) => {
    if (!Object.hasOwn(ops, op)) throw new Error(`unknown op ${op}`);
    return ops[op](args ?? {});
  };
}

/** performance.measureUserAgentSpecificMemory(), summarized: total, and by type. */
async function measureMemory() {
  if (!self.crossOriginIsolated || typeof performance.measureUserAgentSpecificMemory !== 'function') {
    return { available: false, cross_origin_isolated: self.crossOriginIsolated === true };
  }
  const t0 = performance.now();
  const m = await performance.measureUserAgentSpecificMemory();
  const byType = {};
  for (const entry of m.breakdown) {
    for (const type of entry.types.length ? entry.types : ['(none)']) {
      byType[type] = (byType[type] ?? 0) + entry.bytes / entry.types.length;
    }
  }
  return { available: true, bytes: m.bytes, by_type: byType, ms: performance.now() - t0 };
}

window.bench = {
  thread,
  ready: (thread === 'main' ? startMain() : startWorker()).then((call) => {
    window.bench.call = call;
    document.getElementById('status').textContent = `ready (${thread} thread)`;
    return thread;
  }),
  measureMemory,
  // One more bench worker with its own wasm module (benches/two-worker-bound.mjs).
  startWorker,
};
