// Two workers for a big file: the page's second core validates part of the columns.
//
// Validation is most of a clean, and it works column by column, so a big
// file is cleaned by two workers at once (src/validate/split.rs). They read
// it in halves (src/read/halves.rs): the main worker from the start to a
// record's end near the middle, the helper from there on; each sends the
// other its rows, so both hold the whole table, and infer the same column
// types from it. The main worker validates its share of the columns while
// the helper validates the rest and sends them back; the main worker merges
// them and runs everything after validation. Which worker validates which
// column is not fixed in advance: both take the columns one at a time from
// the two ends of one list (claimColumns below), so the one that runs faster
// in this run takes more. The results are byte for byte
// those of one worker. A helper that fails or dies, or halves that cannot
// be joined, only cost time: the main worker then reads the rest of the
// file, or validates the helper's columns, itself.
//
// Costs: a second copy of the wasm module and of the table while
// validating (the helper is terminated as soon as it has sent its part).

/** Files smaller than this are cleaned by one worker: a second worker's start and its own read of the file would cost about what it saves. */
export const SPLIT_MIN_BYTES = 16 * 1024 * 1024;

/**
 * Files larger than this are cleaned by one worker: while validating, two
 * workers hold the table twice (on the 1M-row, 200 MB file the tab's peak
 * grew by 157 MiB with deduplication on, more while validating), and past
 * this size memory, not time, is what a tab runs out of.
 */
export const SPLIT_MAX_BYTES = 512 * 1024 * 1024;

/** Spreadsheets are read whole and slowly; reading one twice is not worth it. */
const SPREADSHEET = /\.(xlsx|xlsm|xlsb|xls|ods)$/i;

/**
 * How many workers clean `file`: 2 for a CSV from SPLIT_MIN_BYTES to
 * SPLIT_MAX_BYTES when the machine has at least two cores, else 1.
 * `?workers=1` or `?workers=2` in the page's address overrides it (tests
 * and benchmarks).
 */
export function workersFor(file, { cores = navigator.hardwareConcurrency ?? 1, search = globalThis.location?.search ?? '' } = {}) {
  const forced = new URLSearchParams(search).get('workers');
  if (forced === '1' || forced === '2') return Number(forced);
  if (SPREADSHEET.test(file.name ?? '')) return 1;
  return cores >= 2 && file.size >= SPLIT_MIN_BYTES && file.size <= SPLIT_MAX_BYTES ? 2 : 1;
}

/**
 * The page's side of the column claims: returns `{ main, helper }`, two
 * MessagePorts to hand to the two workers. Each worker asks on its port
 * with `{ end: 'front' | 'back', count, mainOnly }` (count: the columns in
 * its claim order, `cleaner.startClaims()`; mainOnly: how many at its front
 * only the main worker may take, `cleaner.mainOnlyClaims()`) and is
 * answered `{ slot, before }`, the position in that order of the column it
 * is to validate next and how many were claimed before it, or `null` when
 * none is left. The main worker takes from the front, the helper from the
 * back, until they meet (or the helper reaches the main worker's own). The page
 * answers because it is the one thread that is never busy for long: each
 * worker is inside the cleaner for a whole column at a time. Workers that
 * count a different number of columns (they inferred different profiles)
 * do not share: the second to ask is refused every column, and the main
 * worker validates whatever the helper does not send. `onClaim(end, answer)`,
 * if given, sees every answer (benchmarks).
 */
export function claimColumns(onClaim = null) {
  let count = null;
  let mainOnly = 0;
  let front = 0;
  let back = 0;
  const answer = ({ end, count: theirs, mainOnly: kept = 0 } = {}) => {
    if (count === null && Number.isInteger(theirs) && theirs >= 0) [count, back, mainOnly] = [theirs, theirs, kept];
    if (theirs !== count || kept !== mainOnly || front >= back) return null;
    const before = front + (count - back);
    if (end === 'front') return { slot: front++, before };
    if (end === 'back' && back > mainOnly) return { slot: --back, before };
    return null;
  };
  const ports = {};
  for (const side of ['main', 'helper']) {
    const channel = new MessageChannel();
    channel.port1.onmessage = (event) => {
      const answered = answer(event.data ?? {});
      onClaim?.(event.data?.end, answered);
      channel.port1.postMessage(answered);
    };
    ports[side] = channel.port2;
  }
  return ports;
}

/**
 * Prepares a helper worker (`worker`, one started already, else one from
 * `makeWorker()`) that validates part of the columns of `file` and sends
 * them straight to the main worker `main`.
 * Returns `{ port, claims, start, stop }`: `port` and `claims` (its port
 * for claiming columns, see claimColumns) go to the main worker in its
 * 'clean' message (transferred); `start()` starts the helper; `stop()`
 * terminates it. The page starts the helper once the main worker has
 * reported (its wasm module is loaded), not in the task that starts the
 * job: with both started there, that task took 64–72 ms on 2 cores (19 ms
 * of it CPU: the page's thread waited for a core while two workers compiled
 * the module; benches/longtask.mjs, two runs). Started later: no task over
 * 50 ms on an idle machine (one run), one of 53 ms at load 2.3. A helper
 * that cannot start, fails or dies is reported to the main worker, which
 * then validates its columns itself.
 */
export function prepareHelper({ makeWorker, main, file, profile, worker = null }) {
  const channel = new MessageChannel();
  const claims = claimColumns();
  let helper = worker;
  let state = 'waiting'; // 'started', 'stopped'
  const stop = () => {
    state = 'stopped';
    helper?.terminate();
  };
  // A helper that dies without a word (out of memory, a crash) is reported
  // to the main worker, which would otherwise wait for it.
  const died = (event) => {
    event?.preventDefault?.();
    if (state === 'stopped') return;
    stop();
    main.postMessage({ type: 'helper-failed' });
  };
  const start = () => {
    if (state !== 'waiting') return;
    state = 'started';
    try {
      helper ??= makeWorker();
    } catch {
      died();
      return;
    }
    helper.addEventListener('error', died);
    helper.addEventListener('messageerror', died);
    helper.addEventListener('message', (event) => {
      if (event.data?.type === 'part-done') stop();
    });
    const ports = [channel.port2, claims.helper];
    helper.postMessage({ type: 'part', file, profile, part: 1, parts: 2, port: channel.port2, claims: claims.helper }, ports);
  };
  return { port: channel.port1, claims: claims.main, start, stop };
}
