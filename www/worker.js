// crm-cleaner worker: cleans one file with the wasm core, off the UI thread.
//
// The page starts a fresh worker for every file, so this module only ever
// cleans one file. After 'done' the worker keeps the cleaned table for the
// grid until the page terminates it (next file, cancel). Messages in:
//   { type: 'clean', file: File, profile?: object, key?: { bytes } | { passphrase, salt }, helpers?: [MessagePort], claims?: MessagePort }
//        key: anonymization, for setKey; helpers: ports to helper workers validating the other parts of the columns (ui/split.js);
//        claims: with one helper, the port on which this worker claims its columns one at a time (ui/split.js, claimColumns)
//   { type: 'part', file: File, profile?: object, part, parts, port: MessagePort, claims?: MessagePort }   as a helper: reads
//        the file, validates the columns it claims on `claims` (without it, part `part` of `parts` of the columns) and sends
//        { type: 'part', bytes } (or { type: 'failed', message }) on `port`.
//        With two parts the workers read the file in halves (src/read/halves.rs): first, on the same port, the helper
//        sends { type: 'tail', bytes | null } (its rows of the second half) and the main worker { type: 'head', bytes | null }
//   { type: 'helper-failed' }   the page saw a helper worker die: its columns are validated here
//   { type: 'check', profile: object }   only checks that the core accepts a profile
//   { type: 'link', existing: File, file: File, profile }   link mode: best match in `existing` of each row of `file`
//   { type: 'sample', file: File, profile?: object }   infers the column types from the first MiB
//   { type: 'rows', id, start, count, filter }   after 'done': a page of rows; filter: '' all,
//        '*' rows with issues, or an issue code
//   { type: 'edit', id, row, column, value }     after 'done': edit one cell
//   { type: 'export', id }                       after 'done': the downloads with the edits
//   { type: 'file', id, name, text, mime }       after 'done': a Blob and its URL for a file the page wrote
// Messages out:
//   { type: 'progress', stage: 'read', done, total, rows }   while reading
//   { type: 'progress', stage: 'clean', done: 0, total: 0 }  when reading ends
//   { type: 'progress', stage, done, total }                 while cleaning (infer, validate, merge, write)
//        (merge: this worker's columns are done; waiting for the helpers' and taking them in)
//   { type: 'done', summary, profile, cleaned, rejected, issues, changes, duplicates, clusters, profileFile: Blob, urls, bom,
//     dedupe: { review, histogram, thresholds } | null,
//     issueKinds: { code: { severity, example, example_zh } }, version, rowCount, halves }
//        (halves: whether this worker and a helper read the file in halves, see src/read/halves.rs)
//   { type: 'checked', profile }   the profile as the core reads it (or null)
//   { type: 'linked', matches: Blob, summary, rows }   link mode's result
//   { type: 'sampled', profile, columns, rows }   types inferred from the sample, its first rows
//   { type: 'rows', id, total, rows: [{ row, source_row, cells, issues, changes }] }
//   { type: 'edited', id, valid, row }   |   { type: 'exported', id, summary, cleaned, issues, changes, urls }
//   (urls: { name: object URL } of the files, made here; see makeUrls)
//   { type: 'error', message, internal, profile }   profile: true when the profile was refused
//   { type: 'part-done' }   a helper has sent its part (or its failure) and can be terminated

import init, { Cleaner, deriveKey, linkFiles, version } from './pkg/crm_cleaner.js';

/** Minimum time between two progress messages, in ms. */
const PROGRESS_EVERY_MS = 100;
/** Bytes per push. The stream's chunks (whatever size the browser picks) are
 *  regrouped into pushes of exactly this size, the chunk size of the CLI, so
 *  the core samples the same first bytes for encoding and dialect detection in
 *  the page as on the command line, and progress keeps flowing on big files. */
const PUSH_SIZE = 1 << 20;

/** A module of one SIMD instruction (`i8x16.popcnt`), the check
 *  wasm-feature-detect makes: the engine is built with SIMD128 (see the
 *  Makefile), which a browser without it cannot even compile. */
const SIMD_PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11]);

// Start loading the wasm module at once, but register the message handler
// synchronously so that a message arriving during init is never lost.
const ready = WebAssembly.validate(SIMD_PROBE)
  ? init()
  : Promise.reject(new Error('this browser has no WebAssembly SIMD, which the cleaner needs: Chrome or Edge 91, Firefox 89, Safari 16.4 or later'));
let busy = false;

/**
 * Object URLs of the download files, made here rather than on the page: making
 * the URL of a file of hundreds of megabytes that a worker has just written
 * waits for the browser to take in its bytes (45 ms per file on the 1,000,000
 * row file, measured), and on the page's thread that wait is a long task. The
 * URLs live as long as this worker; the page makes its own from the Blobs if
 * the worker dies first. { name: url } of the files of the latest export.
 */
let urls = {};

/**
 * Makes the object URLs of `files` ({ name: Blob }), revoking those they replace.
 * None in a page opened from a file (the single-file build): there this worker's
 * origin is opaque and differs from the page's, which could not download its
 * URLs, so the page makes its own.
 */
function makeUrls(files) {
  const made = {};
  if (self.origin === 'null') return made;
  for (const [name, blob] of Object.entries(files)) {
    if (!(blob instanceof Blob)) continue;
    if (urls[name]) URL.revokeObjectURL(urls[name]);
    made[name] = URL.createObjectURL(blob);
  }
  urls = { ...urls, ...made };
  return made;
}

/** The finished run's Cleaner, kept for the grid. */
let session = null;
/** Row lists of the grid's filters, by filter. */
const matches = new Map();

self.addEventListener('message', (event) => {
  const msg = event.data;
  if (msg && ['rows', 'edit', 'export', 'file'].includes(msg.type)) {
    try {
      if (!session) throw new Error('no cleaned table to show');
      review(msg);
    } catch (err) {
      self.postMessage({ type: 'error', id: msg.id, message: messageOf(err), internal: err instanceof WebAssembly.RuntimeError });
    }
    return;
  }
  if (msg && msg.type === 'link') {
    link(msg); // link mode (ui/link.js), in a worker of its own
    return;
  }
  if (msg && msg.type === 'helper-failed') {
    helperFailed();
    return;
  }
  if (msg && msg.type === 'part') {
    part(msg).finally(() => self.postMessage({ type: 'part-done' }));
    return;
  }
  if (msg && msg.type === 'sample') {
    sample(msg.file, msg.profile).catch(() => self.postMessage({ type: 'sampled', profile: null }));
    return;
  }
  if (!msg || (msg.type !== 'clean' && msg.type !== 'check')) return;
  if (busy) {
    self.postMessage({ type: 'error', message: 'this worker is already cleaning a file', internal: true });
    return;
  }
  busy = true;
  const job = msg.type === 'check' ? check(msg.profile) : clean(msg.file, msg.profile, msg.key, msg.helpers ?? [], msg.claims ?? null);
  job.catch((err) => {
    // clean() reports its own errors; this is only a last resort.
    postError(err);
  });
});

/** Waits for the wasm module; reports and returns false if it failed to load. */
async function engineReady() {
  try {
    await ready;
    return true;
  } catch (err) {
    self.postMessage({
      type: 'error',
      message: `the cleaning engine could not be loaded (${messageOf(err)})`,
      internal: true,
    });
    return false;
  }
}

/** The header of the one-column file a profile is tried on; left out of the profile returned. */
const PROBE_COLUMN = '__crm_cleaner_probe__';

/**
 * Checks that the core takes `profile` (the Cleaner constructor refuses
 * unknown keys, wrong types and bad values with a message naming them) and
 * answers with the profile as the core reads it: every setting filled in, a
 * Frictionless Table Schema turned into a profile. For that the profile is
 * run over a one-cell file whose column is then dropped again.
 */
async function check(profile) {
  if (!(await engineReady())) return;
  let probe;
  try {
    probe = new Cleaner(profile);
  } catch (err) {
    self.postMessage({ type: 'error', message: messageOf(err), internal: false, profile: true });
    return;
  }
  let asRun = null;
  try {
    probe.push(new TextEncoder().encode(`${PROBE_COLUMN}\n`));
    asRun = probe.finish().profile;
    if (Array.isArray(asRun.columns)) asRun.columns = asRun.columns.filter((c) => c.name !== PROBE_COLUMN);
  } catch {
    asRun = null; // the page keeps the profile as given
  } finally {
    try {
      probe.free();
    } catch {
      // ignore
    }
  }
  self.postMessage({ type: 'checked', profile: asRun });
}

/** Answers the grid: a page of rows, an edit, the downloads with the edits. */
function review(msg) {
  if (msg.type === 'rows') {
    const filter = msg.filter || '';
    let list = null;
    if (filter) {
      list = matches.get(filter);
      if (!list) {
        list = session.matchRows(filter === '*' ? undefined : filter);
        matches.set(filter, list);
      }
    }
    const total = list ? list.length : session.rowCount;
    const start = Math.max(0, Math.min(msg.start | 0, total));
    const end = Math.min(total, start + Math.max(0, msg.count | 0));
    const indices = list ? list.subarray(start, end) : Uint32Array.from({ length: end - start }, (_, i) => start + i);
    self.postMessage({ type: 'rows', id: msg.id, filter, start, total, rows: session.rows(indices) });
  } else if (msg.type === 'edit') {
    const result = session.edit(msg.row, msg.column, String(msg.value ?? ''));
    matches.clear(); // the rows with issues may have changed
    self.postMessage({ type: 'edited', id: msg.id, valid: result.valid, row: result.row });
  } else if (msg.type === 'file') {
    // A file the page wrote (the report): its Blob and URL made here, off the page's thread.
    const blob = new Blob([msg.text], { type: msg.mime });
    self.postMessage({ type: 'file', id: msg.id, blob, url: makeUrls({ [msg.name]: blob })[msg.name] });
  } else if (msg.type === 'export') {
    const result = session.export();
    const files = {};
    for (const name of ['cleaned', 'issues', 'changes']) files[name] = csvBlob(result[name]);
    self.postMessage({ type: 'exported', id: msg.id, summary: result.summary, ...files, urls: makeUrls(files), bom: result.bom });
  }
}

/** Link mode: each row of `file` matched against `existing` (both cleaned, validation only). */
async function link({ existing, file, profile }) {
  if (!(await engineReady())) return;
  try {
    const [a, b] = await Promise.all([existing.arrayBuffer(), file.arrayBuffer()]);
    const result = linkFiles(new Uint8Array(a), new Uint8Array(b), profile ?? undefined);
    self.postMessage({ type: 'linked', matches: csvBlob(result.matches), summary: result.summary, rows: result.rows });
  } catch (err) {
    postError(err);
  }
}

/** CSV bytes (or the core's Blob) as a Blob of the type the page's download links use. */
function csvBlob(bytes) {
  if (bytes instanceof Blob && bytes.type === 'text/csv;charset=utf-8') return bytes;
  return new Blob([bytes], { type: 'text/csv;charset=utf-8' });
}

/**
 * Pairs of the review queue sent with the result: the page shows the first
 * SHOWN_PAIRS (20, www/ui/review.js) and counts the rest from the summary; a
 * decision cleans the file again, which sends the next ones. The core keeps up
 * to review_limit (1,000) pairs with both rows' values and the why: over a
 * megabyte that the page's main thread would otherwise copy in one task.
 */
const REVIEW_PAIRS_SENT = 20;

/** Bytes read for the steps shown before a run. */
const SAMPLE_BYTES = 1 << 20;

/**
 * Infers the column types from the start of the file (cut at its last line
 * break; a spreadsheet is read whole), for the steps shown before the run.
 */
async function sample(file, profile) {
  if (!(await engineReady())) return;
  const spreadsheet = /\.(xlsx|xlsm|xlsb|xls|ods)$/i.test(file.name);
  let bytes = new Uint8Array(await (spreadsheet ? file : file.slice(0, SAMPLE_BYTES)).arrayBuffer());
  const partial = !spreadsheet && file.size > SAMPLE_BYTES;
  if (partial) {
    const end = bytes.lastIndexOf(0x0a);
    if (end > 0) bytes = bytes.subarray(0, end + 1);
  }
  const cleaner = new Cleaner(profile ?? undefined);
  try {
    cleaner.push(bytes);
    const result = cleaner.finish();
    const rows = cleaner.rowCount > 0 ? cleaner.rows(Uint32Array.from({ length: Math.min(3, cleaner.rowCount) }, (_, i) => i)) : [];
    self.postMessage({
      type: 'sampled',
      profile: result.profile,
      columns: result.summary.column_types,
      width: result.summary.columns,
      rows: rows.map((r) => r.cells),
      partial,
    });
  } finally {
    cleaner.free();
  }
}

/**
 * Pushes the bytes of `file` (a File, or a slice of one) into `cleaner`,
 * regrouped into PUSH_SIZE pushes; `onPush(bytesSoFar)` after each. `size`
 * is the size of the whole table's file, for the core's size hint (null: no
 * hint, the rows before these had one). Returns the bytes pushed.
 */
async function pushFile(cleaner, file, onPush, size = file.size) {
  // Lets the table reserve room once instead of growing by doubling (less wasm memory).
  if (size !== null) cleaner.sizeHint(size);
  let done = 0;
  // Only one PUSH_SIZE buffer is held besides the stream's own chunk.
  const pending = new Uint8Array(Math.min(PUSH_SIZE, Math.max(file.size, 1)));
  let filled = 0;
  const push = (bytes) => {
    cleaner.push(bytes);
    done += bytes.length;
    onPush(done);
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
  return done;
}

/** Settles the helpers' parts (and the second half) still awaited with null, when the page saw a helper die. */
let helperFailed = () => {};

/**
 * What the helpers on `ports` send: `parts`, a promise of each one's part
 * (its bytes), and `tail`, a promise of the first helper's rows of the
 * second half of the file (`{ bytes, mark }`, see readSecondHalf); each null
 * when the helper sent none or failed (its message, or the page's 'helper-failed').
 */
function awaitParts(ports) {
  const waiting = new Set();
  const awaited = (resolve) => {
    const settle = (bytes) => {
      waiting.delete(settle);
      resolve(bytes);
    };
    waiting.add(settle);
    return settle;
  };
  let settleTail = () => {};
  const tail = ports.length > 0 ? new Promise((resolve) => (settleTail = awaited(resolve))) : Promise.resolve(null);
  const parts = ports.map((port, index) => new Promise((resolve) => {
    const settle = awaited(resolve);
    port.onmessage = (event) => {
      const msg = event.data || {};
      const bytes = msg.bytes instanceof Uint8Array ? msg.bytes : null;
      if (msg.type === 'tail') {
        if (index === 0) settleTail(bytes && { bytes, mark: msg.mark });
        return;
      }
      if (msg.type === 'failed') console.warn(`crm-cleaner: a helper worker failed (${msg.message}); validating its columns here`);
      if (index === 0) settleTail(null);
      settle(msg.type === 'part' ? bytes : null);
      port.close();
    };
  }));
  helperFailed = () => {
    if (waiting.size === 0) return; // everything had arrived already
    console.warn('crm-cleaner: a helper worker stopped; validating its columns here');
    [...waiting].forEach((settle) => settle(null));
  };
  return { parts, tail };
}

/** Bytes around the middle of a file searched for the line break where its second half starts. */
const SPLIT_WINDOW = 64 * 1024;
/** The first bytes of a file, from which the core decides its encoding and layout (its sample's largest size). */
const FILE_START = 1 << 20;

/** The bytes of a Blob, as a Uint8Array. */
async function bytesOf(blob) {
  return new Uint8Array(await blob.arrayBuffer());
}

/**
 * Where the second half of `file` starts, when two workers read it in
 * halves: `{ half, mark, start }`. `half` is just after the first line break
 * from the middle on that ends a record, as far as the bytes near it tell
 * (`cleaner.secondHalfStart`, src/read/halves.rs; null when there is none
 * near). Both workers find the same place; the main worker's reader checks
 * it. `mark` (the size, `half` and a hash of the bytes searched) lets the
 * main worker refuse a half read from another file; `start` is the file's
 * first bytes, which tell how it is laid out.
 */
async function secondHalfStart(cleaner, file) {
  const middle = Math.floor(file.size / 2);
  const [start, near] = await Promise.all([bytesOf(file.slice(0, FILE_START)), bytesOf(file.slice(middle, middle + SPLIT_WINDOW))]);
  const at = cleaner.secondHalfStart(start, near);
  const half = at === undefined || middle + at >= file.size ? null : middle + at;
  let hash = 0x811c9dc5; // FNV-1a
  for (const byte of near) hash = Math.imul(hash ^ byte, 0x01000193);
  return { half, mark: `${file.size}:${half}:${hash >>> 0}`, start };
}

/**
 * As the main worker of a two-worker clean, having read the file up to
 * `half`: sends the helper on `port` the rows read (when a record ends at
 * `half`) and joins the helper's rows of the rest (`tail`). False when the
 * rest is to be read here: the halves could not be joined.
 */
async function joinSecondHalf(cleaner, port, tail, mark) {
  let head = null;
  try {
    if (cleaner.atRecordStart()) head = cleaner.encodeHead();
  } catch (err) {
    if (err instanceof WebAssembly.RuntimeError) throw err;
  }
  port.postMessage({ type: 'head', bytes: head }, head ? [head.buffer] : []);
  const sent = head && (await tail);
  if (!sent) return false;
  if (sent.mark !== mark) {
    console.warn(`crm-cleaner: the helper's half of the file was not used (it read another file: ${sent.mark}, not ${mark}); reading it here`);
    return false;
  }
  const { bytes } = sent;
  try {
    cleaner.joinTail(bytes);
    return true;
  } catch (err) {
    if (err instanceof WebAssembly.RuntimeError) throw err;
    console.warn(`crm-cleaner: the helper's half of the file was not used (${messageOf(err)}); reading it here`);
    return false;
  }
}

/**
 * As the helper of a two-worker clean: reads the second half of `file`,
 * sends its rows to the main worker on `port` and puts the main worker's
 * rows of the first half (`head`, a promise) before them, so that `cleaner`
 * holds what reading the whole file gives. False when it does not: then a
 * fresh cleaner reads the whole file.
 */
async function readSecondHalf(cleaner, file, port, head) {
  const { half, mark, start } = await secondHalfStart(cleaner, file);
  if (half === null) return false; // the main worker does not split either
  let tail = null;
  if (cleaner.resumeFrom(start)) {
    // Sized for the whole file: the first half is put before these rows in place.
    await pushFile(cleaner, file.slice(half), () => {}, file.size);
    try {
      tail = cleaner.encodeTail();
    } catch (err) {
      if (err instanceof WebAssembly.RuntimeError) throw err;
    }
  }
  port.postMessage({ type: 'tail', bytes: tail, mark }, tail ? [tail.buffer] : []);
  const bytes = tail && (await head);
  if (!bytes) return false;
  try {
    cleaner.joinHead(bytes);
    return true;
  } catch (err) {
    if (err instanceof WebAssembly.RuntimeError) throw err;
    console.warn(`crm-cleaner: the main worker's half of the file was not used (${messageOf(err)}); reading the file here`);
    return false;
  }
}

/**
 * Validates the columns this worker claims on `port` (ui/split.js,
 * claimColumns), one at a time, from `end` ('front' for the main worker,
 * 'back' for the helper) of the claim order `cleaner.startClaims()` gives,
 * until none is left. Between two columns the worker waits for the page's
 * answer (a message there and back: well under a millisecond when idle).
 */
async function validateClaimed(cleaner, port, end) {
  const order = cleaner.startClaims();
  const mainOnly = cleaner.mainOnlyClaims();
  const answers = [];
  port.onmessage = (event) => answers.shift()?.(event.data);
  const claim = () => new Promise((resolve) => {
    answers.push(resolve);
    port.postMessage({ end, count: order.length, mainOnly });
  });
  for (let answer = await claim(); answer; answer = await claim()) {
    const index = order[answer.slot];
    if (index !== undefined) cleaner.validateColumn(index, answer.before);
  }
  port.close();
}

/**
 * As a helper: reads the file (with two parts, only its second half; see
 * readSecondHalf), validates the columns it claims on `claims` (without
 * that port, part `part` of `parts` of the columns) and sends the result on `port`.
 */
async function part({ file, profile, part, parts, port, claims = null }) {
  // Listening before anything else, so that the main worker's half is not missed.
  const head = new Promise((resolve) => {
    port.onmessage = (event) => {
      const msg = event.data || {};
      if (msg.type === 'head') resolve(msg.bytes instanceof Uint8Array ? msg.bytes : null);
    };
  });
  let cleaner;
  try {
    if (!(await ready.then(() => true, () => false))) throw new Error('the cleaning engine could not be loaded');
    cleaner = new Cleaner(profile ?? undefined);
    // The main worker reads in halves exactly when it has one helper.
    if (!(parts === 2 && (await readSecondHalf(cleaner, file, port, head)))) {
      cleaner.free();
      cleaner = new Cleaner(profile ?? undefined);
      await pushFile(cleaner, file, () => {});
    }
    let bytes;
    if (claims && parts === 2) {
      await validateClaimed(cleaner, claims, 'back');
      bytes = cleaner.takePart();
    } else {
      bytes = cleaner.validatePart(part, parts);
    }
    port.postMessage({ type: 'part', bytes }, [bytes.buffer]);
  } catch (err) {
    port.postMessage({ type: 'failed', message: messageOf(err) });
  } finally {
    try {
      cleaner?.free();
    } catch {
      // a trapped instance; this worker is terminated next anyway
    }
  }
}

async function clean(file, profile, key = null, helpers = [], claims = null) {
  // Listening before anything else, so that no helper's message is missed.
  const { parts, tail } = awaitParts(helpers);
  if (!(await engineReady())) return;

  let cleaner;
  try {
    let last = -Infinity;
    let lastStage = '';
    let post = (stage, done, total, extra, force) => {
      const now = performance.now();
      if (!force && stage === lastStage && now - last < PROGRESS_EVERY_MS) return;
      last = now;
      lastStage = stage;
      self.postMessage({ type: 'progress', stage, done, total, ...extra });
    };

    try {
      cleaner = new Cleaner(profile ?? undefined, (p) => {
        post(p.stage, p.done, p.total, undefined, false);
      });
    } catch (err) {
      // The constructor only refuses the profile: unknown keys, wrong types, bad values.
      self.postMessage({ type: 'error', message: messageOf(err), internal: false, profile: true });
      return;
    }
    // anonymization: the key, set before anything is read (a passphrase is derived here, off the UI thread).
    if (key) {
      if (key.passphrase) post('key', 0, 0, undefined, true);
      cleaner.setKey(key.bytes ?? deriveKey(key.passphrase, key.salt ?? ''));
    }

    const total = file.size;
    post('read', 0, total, { rows: 0 }, true);
    const reading = (from) => (pushed) => post('read', from + pushed, total, { rows: cleaner.rowsIn }, false);
    // With one helper the file is read in halves, one in each worker (src/read/halves.rs).
    const { half, mark } = helpers.length === 1 ? await secondHalfStart(cleaner, file) : { half: null };
    let halves = false;
    if (half === null) {
      await pushFile(cleaner, file, reading(0));
    } else {
      await pushFile(cleaner, file.slice(0, half), reading(0), total);
      halves = await joinSecondHalf(cleaner, helpers[0], tail, mark);
      if (!halves) await pushFile(cleaner, file.slice(half), reading(half), null);
    }
    post('read', total, total, { rows: cleaner.rowsIn }, true);
    // finish() runs the stages in one go; say so before it starts.
    post('clean', 0, 0, { rows: cleaner.rowsIn }, true);
    // Every stage's progress carries the rows read, for rows/s and the time left.
    const rowsIn = cleaner.rowsIn;
    const inner = post;
    post = (stage, d, t, extra, force) => inner(stage, d, t, { rows: rowsIn, ...extra }, force);

    if (helpers.length > 0) {
      // This worker's share of the columns, then the helpers' (validated
      // meanwhile in their own workers); finish() validates any a helper
      // could not deliver, so a failed helper costs time, never results.
      if (claims && helpers.length === 1) await validateClaimed(cleaner, claims, 'front');
      else cleaner.startPart(0, helpers.length + 1);
      post('merge', 0, 0, undefined, true); // waiting for the helpers, then taking their columns in
      for (const bytes of await Promise.all(parts)) {
        if (!bytes) continue;
        try {
          cleaner.addPart(bytes);
        } catch (err) {
          if (err instanceof WebAssembly.RuntimeError) throw err; // a bug: this instance is done for
          console.warn(`crm-cleaner: a helper's columns were not used (${messageOf(err)}); validating them here`);
        }
      }
    }
    const result = cleaner.finish();
    const { summary } = result;
    const issueKinds = result.issue_kinds ?? {};
    // The files go to the page as Blobs made here: a Blob is passed by
    // reference, so the page's main thread never copies a file's bytes.
    const files = {};
    for (const name of ['cleaned', 'rejected', 'issues', 'changes']) files[name] = csvBlob(result[name]);
    // dedupe (review.js): the duplicates and clusters CSVs, and { review, histogram, thresholds } or null.
    for (const name of ['duplicates', 'clusters']) if (result[name]) files[name] = csvBlob(result[name]);
    files.dedupe = result.dedupe ? { ...result.dedupe, review: (result.dedupe.review ?? []).slice(0, REVIEW_PAIRS_SENT) } : null;
    const bom = result.bom;
    files.profileFile = new Blob([JSON.stringify(result.profile, null, 2) + '\n'], { type: 'application/json;charset=utf-8' });
    const made = makeUrls({
      cleaned: files.cleaned, rejected: files.rejected, issues: files.issues, changes: files.changes,
      profile: files.profileFile, duplicates: files.duplicates, clusters: files.clusters,
    });
    self.postMessage({ type: 'done', summary, profile: result.profile, ...files, urls: made, bom, issueKinds, version: version(), rowCount: cleaner.rowCount, halves });
    session = cleaner; // kept for the grid
    cleaner = null;
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
