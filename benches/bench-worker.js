// The benchmark in a dedicated module Worker, as the real page cleans files
// (www/worker.js). Messages in: { id, op, args }; out: { id, ok, value | error }.

// Pass ?pkg= on to bench-ops.js (it reads it from its own URL).
const { ops } = await import(`./bench-ops.js${self.location.search}`);

self.addEventListener('message', async (event) => {
  const { id, op, args } = event.data;
  try {
    if (!Object.hasOwn(ops, op)) throw new Error(`unknown op ${op}`);
    const value = await ops[op](args ?? {});
    self.postMessage({ id, ok: true, value });
  } catch (err) {
    self.postMessage({ id, ok: false, error: `${err?.name ?? 'Error'}: ${err?.message ?? err}\n${err?.stack ?? ''}` });
  }
});
self.postMessage({ id: 0, ok: true, value: 'ready' });
