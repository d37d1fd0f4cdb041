// crm-cleaner worker: cleans one file with the wasm core, off the UI thread.
//
// The page starts a fresh worker for every file and terminates it afterwards,
// so this module only ever handles one job. Messages in:
//   { type: 'clean', file: File, profile?: object }
// Messages out:
//   { type: 'progress', stage: 'read', done, total, rows }   while reading
//   { type: 'progress', stage: 'clean', done: 0, total: 0 }  when reading ends
//   { type: 'progress', stage, done, total }                 while cleaning
//   { type: 'done', summary, cleaned: ArrayBuffer, version } (buffer transferred)
//   { type: 'error', message, internal }

import init, { Cleaner, version } from './pkg/crm_cleaner.js';

/** Minimum time between two progress messages, in ms. */
const PROGRESS_EVERY_MS = 100;
/** Bytes per push. The stream's chunks (whatever size the browser picks) are
 *  regrouped into pushes of exactly this size, the chunk size of the CLI, so
 *  the core samples the same first bytes for encoding and dialect detection in
 *  the page as on the command line, and progress keeps flowing on big files. */
const PUSH_SIZE = 1 << 20;

// Start loading the wasm module at once, but register the message handler
// synchronously so that a message arriving during init is never lost.
const ready = init();
let busy = false;

self.addEventListener('message', (event) => {
  const msg = event.data;
  if (!msg || msg.type !== 'clean') return;
  if (busy) {
    self.postMessage({ type: 'error', message: 'this worker is already cleaning a file', internal: true });
    return;
  }
  busy = true;
  clean(msg.file, msg.profile).catch((err) => {
    // clean() reports its own errors; this is only a last resort.
    postError(err);
  });
});

async function clean(file, profile) {
  try {
    await ready;
  } catch (err) {
    self.postMessage({
      type: 'error',
      message: `the cleaning engine could not be loaded (${messageOf(err)})`,
      internal: true,
    });
    return;
  }

  let cleaner;
  try {
    let last = -Infinity;
    let lastStage = '';
    const post = (stage, done, total, extra, force) => {
      const now = performance.now();
      if (!force && stage === lastStage && now - last < PROGRESS_EVERY_MS) return;
      last = now;
      lastStage = stage;
      self.postMessage({ type: 'progress', stage, done, total, ...extra });
    };

    cleaner = new Cleaner(profile ?? undefined, (p) => {
      post(p.stage, p.done, p.total, undefined, false);
    });

    const total = file.size;
    let done = 0;
    post('read', 0, total, { rows: 0 }, true);

    // Only one PUSH_SIZE buffer is held besides the stream's own chunk.
    const pending = new Uint8Array(Math.min(PUSH_SIZE, Math.max(total, 1)));
    let filled = 0;
    const push = (bytes) => {
      cleaner.push(bytes);
      done += bytes.length;
      post('read', done, total, { rows: cleaner.rowsIn }, false);
    };

    const reader = file.stream().getReader();
    for (;;) {
      let chunk;
      try {
        chunk = await reader.read();
      } catch (err) {
        throw new Error(`the file could not be read (${messageOf(err)}); was it moved or changed?`);
      }
      if (chunk.done) break;
      let bytes = chunk.value;
      while (bytes.length > 0) {
        if (filled === 0 && bytes.length >= pending.length) {
          // A whole push straight from the chunk, without copying.
          push(bytes.subarray(0, pending.length));
          bytes = bytes.subarray(pending.length);
          continue;
        }
        const n = Math.min(pending.length - filled, bytes.length);
        pending.set(bytes.subarray(0, n), filled);
        filled += n;
        bytes = bytes.subarray(n);
        if (filled === pending.length) {
          push(pending);
          filled = 0;
        }
      }
    }
    if (filled > 0) push(pending.subarray(0, filled));
    post('read', done, total, { rows: cleaner.rowsIn }, true);
    // finish() runs the stages in one go; say so before it starts.
    post('clean', 0, 0, { rows: cleaner.rowsIn }, true);

    const result = cleaner.finish();
    const { summary, cleaned } = result;
    // `cleaned` is a fresh Uint8Array (a copy out of wasm memory); transfer
    // its buffer instead of cloning it. Slice only if it is a partial view.
    const buffer =
      cleaned.byteOffset === 0 && cleaned.byteLength === cleaned.buffer.byteLength
        ? cleaned.buffer
        : cleaned.slice().buffer;
    self.postMessage({ type: 'done', summary, cleaned: buffer, version: version() }, [buffer]);
  } catch (err) {
    postError(err);
  } finally {
    try {
      cleaner?.free();
    } catch {
      // A trapped instance may refuse even this; the page terminates the worker anyway.
    }
  }
}

function postError(err) {
  const internal = err instanceof WebAssembly.RuntimeError;
  let message = messageOf(err);
  if (internal) {
    message = `the cleaner stopped on an internal error (${message}). This is a bug in crm-cleaner, not a problem with your file`;
  } else if (err instanceof RangeError && /memory|allocation|array buffer/i.test(message)) {
    message = `the browser ran out of memory while cleaning this file (${message})`;
  }
  self.postMessage({ type: 'error', message, internal });
}

function messageOf(err) {
  if (err && typeof err.message === 'string' && err.message) return err.message;
  return String(err);
}
