// crm-cleaner page: UI thread only. Every file is cleaned in a fresh module
// worker (worker.js), which is terminated when the job ends, fails or is
// cancelled: a wasm instance that trapped must never be reused.

import { t, tn, fmt, lang, setLang, apply as applyI18n, onLangChange, staticText } from './ui/i18n.js';
import { coreMessage } from './ui/messages.js';
import { Grid } from './ui/grid.js';
import { renderReport, reportHtml, reportJson } from './ui/report.js';
import { ProgressTracker, detail as progressDetail } from './ui/progress.js';
import { renderSteps, COLUMN_TYPES as TYPE_IDS } from './ui/steps.js';
// anonymization: the steps' personal data choices, the key, the results' part.
import { anonymizeSteps, anonymizeBlocked, anonymizeProfile, anonymizeKey, renderAnonymization } from './ui/anonymize.js';
// dedupe panel (ui/review.js, with link mode in ui/link.js)
import { initReview, renderDedupe, clearDedupe, relinkDedupe } from './ui/review.js';
import { prepareHelper, workersFor } from './ui/split.js';

const $ = (id) => document.getElementById(id);

const ui = {
  body: document.body,
  drop: $('drop'),
  file: $('file'),
  options: $('options'),
  optEncoding: $('opt-encoding'),
  optDelimiter: $('opt-delimiter'),
  optHeader: $('opt-header'),
  optSheet: $('opt-sheet'),
  optRegion: $('opt-region'),
  optDateOrder: $('opt-date-order'),
  optDedupe: $('opt-dedupe'),
  profileLoad: $('profile-load'),
  profileClear: $('profile-clear'),
  profileFile: $('profile-file'),
  profileStatus: $('profile-status'),
  again: $('again'),
  progressArea: $('progress-area'),
  fileName: $('file-name'),
  cancel: $('cancel'),
  progress: $('progress'),
  status: $('status'),
  error: $('error'),
  announce: $('announce'),
  summary: $('summary'),
  summaryName: $('summary-name'),
  summaryMeta: $('summary-meta'),
  download: $('download'),
  downloadRejected: $('download-rejected'),
  downloadRejectedDesc: $('download-rejected-desc'),
  downloadIssues: $('download-issues'),
  downloadIssuesDesc: $('download-issues-desc'),
  downloadChanges: $('download-changes'),
  downloadChangesDesc: $('download-changes-desc'),
  downloadProfile: $('download-profile'),
  downloadNote: $('download-note'),
  issuesBlock: $('issues-block'),
  issuesCount: $('issues-count'),
  issuesSummary: $('issues-summary'),
  issues: $('issues'),
  columnsBlock: $('columns-block'),
  columns: $('columns'),
  columnsExtra: $('columns-extra'),
  columnsAgain: $('columns-again'),
  columnsChanged: $('columns-changed'),
  noticesBlock: $('notices-block'),
  notices: $('notices'),
  headerFixesBlock: $('header-fixes-block'),
  headerFixes: $('header-fixes'),
  rejectedNote: $('rejected-note'),
  problemsBlock: $('problems-block'),
  problems: $('problems'),
  problemsCount: $('problems-count'),
  problemsMore: $('problems-more'),
  allGood: $('all-good'),
  lang: $('lang'),
  statusDetail: $('status-detail'),
  steps: $('steps'),
  stepsTitle: $('steps-title'),
  stepsName: $('steps-name'),
  stepsColumns: $('steps-columns'),
  stepsNote: $('steps-note'),
  stepsRun: $('steps-run'),
  stepsSave: $('steps-save'),
  stepsChanged: $('steps-changed'),
  reportBlock: $('report-block'),
  report: $('report'),
  downloadReportHtml: $('download-report-html'),
  downloadReportJson: $('download-report-json'),
  gridBlock: $('grid-block'),
  gridFilter: $('grid-filter'),
  gridEdits: $('grid-edits'),
  gridInfoText: () => $('grid-info').textContent,
};

/** How many problems are listed on the page; the count shows them all. */
const MAX_PROBLEMS_SHOWN = 200;

/** What each cleaning stage of the core is called on the page. */
const stageName = (stage) => {
  const name = t(`stage.${stage}`);
  return name === `stage.${stage}` ? capitalize(stage || 'working') : name;
};

/** The column types of the core, in the order the type menus list them, with their names. */
const columnTypes = () => TYPE_IDS.map((id) => [id, t(`type.${id}`)]);

/** Column names longer than this are cut short on the page (a whole line can be one name). */
const MAX_NAME_SHOWN = 200;

/** A loaded profile larger than this is surely not one. */
const MAX_PROFILE_BYTES = 5 * 1024 * 1024;


/** How long the main thread spent on each part of showing a result, in ms (read by benches/longtask.mjs). */
window.__crmTimings = [];
function timed(name, f) {
  const t0 = performance.now();
  try {
    return f();
  } finally {
    window.__crmTimings.push({ name, at: Math.round(t0), ms: Math.round(performance.now() - t0) });
  }
}

/** Progress messages received since the page loaded (read by the tests). */
window.__crmProgressCount = 0;

let job = null; // { worker, helper, file, started, run, profile, input, fromLoaded }
let runs = 0;
let lastFile = null;
/** The last finished run: { file, input (reading options as JSON), profile (as run) }. */
let lastRun = null;
/** A profile loaded from a file, used for every run until removed: { name, profile }. */
let loadedProfile = null;
/** The worker checking a profile being loaded, if any. */
let profileCheck = null;
/** The names of the columns in the column table, by row. */
let shownColumns = [];
/** Object URLs of the current downloads, revoked when replaced. */
let downloadUrls = [];
/** The sampling worker of a file whose steps are being prepared: { worker, file }. */
let sampler = null;
/**
 * The workers that sampled the file whose steps are shown, kept to clean it:
 * { file, worker, helper } (helper: null for a file one worker cleans).
 * Sampling runs the cleaner over the file's first MiB, which has V8 compile
 * the hot functions with its optimizing tier while the cores are free;
 * fresh workers compile them only once the run is under way, with both
 * cores busy, and ran the phone column 1.4× slower (BENCHMARKS.md).
 */
let warm = null;
/** The file whose steps are shown, waiting for "Start cleaning": { file, columns, rows, partial }. */
let pendingSteps = null;
/** The finished run's worker, kept for the grid: { worker, file, asks, nextId, edits, ... }. */
let session = null;
/** What the results show, for re-rendering in another language or after edits. */
let shown = null;
/** The error shown: { message, hint }, functions of the language, so that switching the language rewrites it. */
let shownError = null;

// ---------------------------------------------------------------- choosing

ui.file.addEventListener('change', () => {
  const file = ui.file.files && ui.file.files[0];
  if (file) prepare(file);
  // Reset so that choosing the same file again fires 'change' again.
  ui.file.value = '';
});

ui.drop.addEventListener('click', () => ui.file.click());
ui.drop.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' || event.key === ' ') {
    event.preventDefault();
    ui.file.click();
  }
});

// Dropping a file anywhere on the page must never make the browser open it.
for (const type of ['dragover', 'drop']) {
  window.addEventListener(type, (event) => event.preventDefault());
}
let dragDepth = 0;
ui.drop.addEventListener('dragenter', (event) => {
  event.preventDefault();
  dragDepth += 1;
  ui.drop.classList.add('is-dragging');
});
ui.drop.addEventListener('dragover', (event) => {
  event.preventDefault();
  if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
});
ui.drop.addEventListener('dragleave', () => {
  dragDepth = Math.max(0, dragDepth - 1);
  if (dragDepth === 0) ui.drop.classList.remove('is-dragging');
});
ui.drop.addEventListener('drop', (event) => {
  event.preventDefault();
  dragDepth = 0;
  ui.drop.classList.remove('is-dragging');
  const files = event.dataTransfer ? [...event.dataTransfer.files] : [];
  if (files.length === 0) {
    showError(() => t('error.nothingDropped'));
    return;
  }
  if (files.length > 1) {
    announce(t('announce.dropped', { n: fmt(files.length), name: files[0].name }));
  }
  prepare(files[0]);
});

ui.cancel.addEventListener('click', () => {
  if (!job && !sampler) return;
  const name = (job ?? sampler).file.name;
  stopJob();
  stopSampler();
  stopWarm();
  setState('idle');
  ui.progressArea.hidden = true;
  ui.steps.hidden = true;
  announce(t('progress.cancelled', { name }));
  ui.drop.focus();
});

ui.again.addEventListener('click', cleanAgain);
ui.columnsAgain.addEventListener('click', cleanAgain);
for (const control of [ui.optEncoding, ui.optDelimiter, ui.optHeader, ui.optSheet, ui.optRegion, ui.optDateOrder, ui.optDedupe]) {
  control.addEventListener('change', updateAgain);
}

// With the steps shown, a changed reading option may change the columns: look at the file again.
// Only if it differs from what the steps were made with: a text field's `change` also fires when
// it loses focus, as when "Start cleaning" is pressed after editing it before the file was chosen,
// and looking again then swallowed that press.
for (const control of [ui.optEncoding, ui.optDelimiter, ui.optHeader, ui.optSheet]) {
  control.addEventListener('change', () => {
    const changed = JSON.stringify(readingOptions()) !== pendingSteps?.readingOptions;
    if (pendingSteps && !ui.steps.hidden && changed) prepare(pendingSteps.file);
  });
}

function cleanAgain() {
  if (lastFile) start(lastFile, { again: true });
}

// dedupe panel (ui/review.js): a review decision or a new threshold cleans the file again.
initReview({
  rerun: (patch) => lastFile && start(lastFile, { again: true, dedupe: patch }),
  announce,
  makeWorker: () => new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name: 'crm-cleaner-link' }),
});

/** The reading options chosen on the page, as profile.input keys (unset ones left out). */
function readingOptions() {
  const input = {};
  if (ui.optEncoding.value) input.encoding = ui.optEncoding.value;
  if (ui.optDelimiter.value) input.delimiter = ui.optDelimiter.value === 'tab' ? '\t' : ui.optDelimiter.value;
  if (ui.optHeader.value) input.has_header = ui.optHeader.value === 'yes';
  const sheet = ui.optSheet.value.trim();
  if (sheet) input.sheet = sheet;
  return input;
}

const READING_KEYS = ['encoding', 'delimiter', 'has_header', 'sheet'];

/**
 * The cleaning profile for the next run. Cleaning the same file again starts
 * from the profile the last run used (every column's type filled in) with the
 * types chosen in the column table, unless the reading options changed, which
 * may change the columns. Otherwise it starts from the loaded profile, if any.
 * The options on the page then override what they show.
 */
function composeProfile(again, types = null) {
  const input = readingOptions();
  const reuse = again && lastRun && lastRun.file === lastFile && lastRun.input === JSON.stringify(input);
  let profile;
  if (reuse) {
    profile = structuredClone(lastRun.profile);
    const columns = Array.isArray(profile.columns) ? profile.columns : (profile.columns = []);
    for (const select of ui.columns.querySelectorAll('select[data-index]')) {
      const name = shownColumns[Number(select.dataset.index)];
      const column = columns.find((c) => c && c.name === name);
      if (column) {
        if (column.type !== select.value) {
          column.type = select.value;
          delete column.confidence; // the detector's, for another type
        }
      } else if (select.value !== select.dataset.original) {
        columns.push({ name, type: select.value });
      }
    }
  } else if (loadedProfile) {
    profile = structuredClone(loadedProfile.profile);
  } else {
    profile = {};
  }
  profile.version ??= 1;
  profile.input = isPlainObject(profile.input) ? profile.input : {};
  for (const key of READING_KEYS) {
    if (key in input) profile.input[key] = input[key];
    else delete profile.input[key];
  }
  profile.validate = isPlainObject(profile.validate) ? profile.validate : {};
  if (ui.optRegion.value) profile.validate.default_region = ui.optRegion.value;
  else delete profile.validate.default_region;
  profile.validate.date_order = ui.optDateOrder.value;
  profile.dedupe = { ...(isPlainObject(profile.dedupe) ? profile.dedupe : {}), enabled: ui.optDedupe.checked };
  // Types chosen in the steps (only those changed: the rest are detected from the whole file).
  if (types && types.size) {
    const columns = Array.isArray(profile.columns) ? profile.columns : (profile.columns = []);
    for (const [name, type] of types) {
      const column = columns.find((c) => c && c.name === name);
      if (column) {
        column.type = type;
        delete column.confidence;
      } else columns.push({ name, type });
    }
  }
  // Cleaning again after this run fails keeps the types chosen for it.
  if (reuse) lastRun.profile = structuredClone(profile);
  return { profile, input, fromLoaded: !reuse && Boolean(loadedProfile) };
}

function updateAgain() {
  ui.again.hidden = !lastFile;
  if (lastFile) ui.again.textContent = t('again', { name: lastFile.name });
}

// ---------------------------------------------------------------- profiles

ui.profileLoad.addEventListener('click', () => ui.profileFile.click());
ui.profileFile.addEventListener('change', () => {
  const file = ui.profileFile.files && ui.profileFile.files[0];
  ui.profileFile.value = '';
  if (file) loadProfile(file);
});
ui.profileClear.addEventListener('click', () => {
  const name = loadedProfile?.name;
  loadedProfile = null;
  lastRun = null; // cleaning again now starts from detection
  showProfileStatus();
  announce(t('profile.cleared', { name: name ?? '' }));
  ui.profileLoad.focus();
});

/** Reads a profile file (locally: File.text, never the network) and has a worker check it. */
async function loadProfile(file) {
  clearError();
  if (profileCheck) profileCheck.terminate();
  profileCheck = null;
  let profile;
  try {
    if (file.size > MAX_PROFILE_BYTES) throw new PageError(() => t('profile.tooLarge', { size: formatBytes(file.size) }));
    const text = await file.text();
    try {
      profile = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch (err) {
      // The browser's parser message is English; in Chinese only its line and column are kept.
      const at = /line (\d+) column (\d+)/.exec(messageOf(err));
      throw new PageError(() => t('profile.notJson', { detail: messageOf(err), where: at ? `(第 ${at[1]} 行第 ${at[2]} 列)` : '' }));
    }
    if (!isPlainObject(profile)) {
      throw new PageError(() => t('profile.notObject'));
    }
  } catch (err) {
    refuseProfile(file.name, err instanceof PageError ? err.text : messageOf(err));
    return;
  }

  ui.profileStatus.textContent = t('profile.checking', { name: file.name });
  let worker;
  try {
    worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name: 'crm-cleaner-profile' });
  } catch (err) {
    refuseProfile(file.name, () => t('profile.noWorker', { detail: messageOf(err) }));
    return;
  }
  profileCheck = worker;
  const done = (error, asRead) => {
    if (profileCheck !== worker) return;
    worker.terminate();
    profileCheck = null;
    if (error) {
      refuseProfile(file.name, error);
      return;
    }
    // Kept as the core reads it, so the options on the page can be merged in
    // whatever form it came in (a Table Schema, say).
    loadedProfile = { name: file.name, profile: isPlainObject(asRead) ? asRead : profile };
    lastRun = null; // cleaning again now starts from this profile
    applyProfileOptions(profile);
    showProfileStatus();
    updateAgain();
    announce(lastFile ? t('profile.loadedAgain', { name: file.name, file: lastFile.name }) : t('profile.loaded', { name: file.name }));
  };
  worker.addEventListener('message', (event) => {
    const msg = event.data || {};
    if (msg.type === 'checked') done(null, msg.profile);
    else if (msg.type === 'error') done(msg.message);
  });
  worker.addEventListener('error', (event) => {
    event.preventDefault();
    done(() => t('profile.workerStopped', { detail: event.message ? ` (${event.message})` : '' }));
  });
  worker.postMessage({ type: 'check', profile });
}

/** `reason`: a core message (English, translated by ui/messages.js) or a function giving the page's own, in the page's language. */
function refuseProfile(name, reason) {
  showProfileStatus();
  const why = () => (typeof reason === 'function' ? reason() : coreMessage(reason));
  showError(() => t('error.profileNotLoaded', { name, reason: why() }), () => t('error.profileNotLoaded.hint'));
}

function showProfileStatus() {
  ui.profileClear.hidden = !loadedProfile;
  if (!loadedProfile) {
    ui.profileStatus.textContent = t('profile.none');
    return;
  }
  const columns = Array.isArray(loadedProfile.profile.columns) ? loadedProfile.profile.columns.length : 0;
  // The profile's name in bold inside the sentence: the sentence is split at the name.
  const text = columns ? tn('profile.usingColumns', columns, { name: '\u0000' }) : t('profile.using', { name: '\u0000' });
  const [before, after = ''] = text.split('\u0000');
  ui.profileStatus.replaceChildren(before, strong(loadedProfile.name), after);
}

/** Shows a loaded profile's reading and checking settings in the option controls. */
function applyProfileOptions(profile) {
  const input = isPlainObject(profile.input) ? profile.input : {};
  const validate = isPlainObject(profile.validate) ? profile.validate : {};
  setSelect(ui.optEncoding, input.encoding ?? '');
  setSelect(ui.optDelimiter, input.delimiter === '\t' ? 'tab' : input.delimiter ?? '');
  setSelect(ui.optHeader, input.has_header === true ? 'yes' : input.has_header === false ? 'no' : '');
  ui.optSheet.value = typeof input.sheet === 'string' ? input.sheet : '';
  setSelect(ui.optRegion, typeof validate.default_region === 'string' ? validate.default_region.toUpperCase() : '');
  setSelect(ui.optDateOrder, validate.date_order ?? 'day_first');
  ui.optDedupe.checked = !isPlainObject(profile.dedupe) || profile.dedupe.enabled !== false;
}

/** Selects `value`, adding it as an option first if the menu lacks it. */
function setSelect(select, value) {
  value = String(value);
  if (![...select.options].some((o) => o.value === value)) {
    const option = document.createElement('option');
    option.value = value;
    option.textContent = t('profile.option', { value });
    select.append(option);
  }
  select.value = value;
}

// ---------------------------------------------------------------- one job

function start(file, { again = false, types = null, dedupe = null } = {}) {
  const started = performance.now();
  stopJob();
  stopSampler();
  stopSession();
  const sampled = takeWarm(file);
  ui.steps.hidden = true;
  runs += 1;
  const run = runs;
  if (file !== lastFile) lastRun = null; // its columns belong to another file
  lastFile = file;
  const { profile, input, fromLoaded } = composeProfile(again, types);
  anonymizeProfile(profile, file); // anonymization: the steps' choices (never the key)
  const anonKey = anonymizeKey(); // anonymization: { bytes } | { passphrase, salt } | null, for cleaner.setKey
  if (dedupe) profile.dedupe = { ...(isPlainObject(profile.dedupe) ? profile.dedupe : {}), ...dedupe }; // dedupe panel
  updateAgain();

  clearError();
  clearSummary();
  ui.body.dataset.run = String(run);
  setState('working');
  ui.progressArea.hidden = false;
  ui.fileName.textContent = `${file.name} · ${formatBytes(file.size)}`;
  ui.progress.max = 1;
  ui.progress.value = 0;
  ui.status.textContent = t('status.starting');
  ui.statusDetail.textContent = '';
  announce(t('announce.cleaning', { name: file.name }));

  let worker = sampled?.worker;
  try {
    worker ??= new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name: 'crm-cleaner' });
  } catch (err) {
    sampled?.helper?.terminate();
    fail(() => t('error.start', { reason: coreMessage(messageOf(err)) }));
    return;
  }
  // A big file: a second worker validates part of the columns (ui/split.js).
  const helper = workersFor(file) > 1
    ? prepareHelper({
      makeWorker: () => new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name: 'crm-cleaner-helper' }),
      worker: sampled?.helper ?? null,
      main: worker,
      file,
      profile,
    })
    : null;
  if (!helper) sampled?.helper?.terminate();
  job = { worker, helper, file, started, run, profile, input, fromLoaded, tracker: new ProgressTracker() };

  worker.addEventListener('message', (event) => {
    if (session && session.worker === worker) {
      onSessionMessage(event.data || {});
      return;
    }
    if (!job || job.worker !== worker) return; // a stale message from a replaced job
    const msg = event.data || {};
    if (msg.type === 'progress') job.helper?.start(); // the main worker's module is loaded (ui/split.js)
    if (msg.type === 'progress') onProgress(msg);
    else if (msg.type === 'done') timed('done (sync part)', () => onDone(msg));
    else if (msg.type === 'error' && msg.profile && job.fromLoaded) {
      // The loaded profile passed its check, so this is rare; stop using it.
      const name = loadedProfile?.name ?? 'profile';
      loadedProfile = null;
      showProfileStatus();
      fail(() => t('error.profileRefused', { profile: name, name: file.name, reason: coreMessage(msg.message) }), () => t('error.profileRefused.hint'));
    } else if (msg.type === 'error') fail(() => t('error.clean', { name: file.name, reason: coreMessage(msg.message) }));
  });
  worker.addEventListener('error', (event) => {
    if (session && session.worker === worker) {
      event.preventDefault();
      stopSession();
      relinkDownloads(); // the worker's URLs died with it; the Blobs did not
      relinkDedupe();
      showError(() => t('error.sessionStopped', { name: file.name }), () => t('error.sessionStopped.hint'));
      return;
    }
    if (!job || job.worker !== worker) return;
    event.preventDefault();
    const detail = event.message ? ` (${event.message})` : '';
    fail(() => t('error.crashed', { name: file.name, detail }));
  });
  worker.addEventListener('messageerror', () => {
    if (!job || job.worker !== worker) return;
    fail(() => t('error.unreadable'));
  });

  const helpers = helper ? [helper.port] : [];
  const claims = helper?.claims ?? null;
  worker.postMessage({ type: 'clean', file, profile, key: anonKey, helpers, claims }, claims ? [...helpers, claims] : helpers);
}

function onProgress(msg) {
  window.__crmProgressCount += 1;
  if (msg.stage !== window.__crmLastStage) {
    window.__crmLastStage = msg.stage;
    window.__crmTimings.push({ name: `stage ${msg.stage}`, at: Math.round(performance.now()), ms: 0 });
  }
  const { stage, done, total } = msg;
  const fraction = total > 0 ? Math.min(1, done / total) : 0;
  const pct = `${Math.floor(fraction * 100)} %`;
  if (total > 0) {
    ui.progress.max = 1;
    ui.progress.value = fraction;
  } else {
    ui.progress.removeAttribute('value'); // indeterminate
  }
  let text;
  if (stage === 'clean') {
    text = t('status.clean', { rows: fmt(msg.rows ?? 0) });
  } else if (!(total > 0)) {
    text = `${stageName(stage)}…`;
  } else if (stage === 'read') {
    text = t('status.readingBytes', { done: formatBytes(done), total: formatBytes(total), rows: fmt(msg.rows ?? 0), pct });
  } else if (!(done > 0)) {
    text = `${stageName(stage)}…`;
  } else {
    // Cleaning stages count in their own units (columns, cells, rows): the
    // share done here, rows, rows/s and the time left on the detail line.
    text = `${stageName(stage)} — ${pct}`;
  }
  ui.status.textContent = text;
  if (job?.tracker && stage !== 'clean') ui.statusDetail.textContent = progressDetail(job.tracker.update(msg));
}

function onDone(msg) {
  showDone(msg);
}

/** Lets the browser breathe: the rest runs in a new task, so no main-thread task grows long. */
const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * Runs `steps` ([name, f]) one task each, each in a task of its own (not the
 * one that called: that one received the worker's message, and copying the
 * message in is work enough for it); stops if `current()` turns false (the
 * run was replaced).
 */
async function inTasks(steps, current) {
  for (const [name, f] of steps) {
    await nextTask();
    if (!current()) return false;
    await timed(name, f); // a step may wait for the worker (the report files): the thread does not
  }
  return current();
}

/** The report block's width as its ResizeObserver last saw it (null before it was ever shown). */
let reportWidth = null;
const drawReport = () => renderReport(ui.report, shown.summary.quality, shown.summary, { kinds: shown.kinds, width: reportWidth ?? undefined });

/** The parts of the results that depend on the summary (and the language), one task each. */
function resultSteps() {
  return [
    ['summary', () => renderSummary(shown.summary, shown.file, shown.elapsed, shown.version, shown.profile)],
    ['issues', () => renderIssues(shown.summary, shown.kinds, shown.profile)],
    ['download notes', () => {
      renderDownloadDescs(shown.summary);
      if (shown.cleaned) renderDownloadNote(shown.cleaned, shown.summary, shown.profile);
      if (session?.edits) ui.gridEdits.textContent = t(session.edits === 1 ? 'grid.edits.one' : 'grid.edits', { n: fmt(session.edits) });
    }],
    ['report', () => {
      ui.reportBlock.hidden = !shown.summary.quality;
      if (shown.summary.quality) drawReport();
    }],
    ['report html', setReportHtml],
    ['report json', setReportJson],
    ['anonymization', () => renderAnonymization($('anon-block'), shown.summary)], // anonymization
  ];
}

async function showDone(msg) {
  const { file, started, run, input, worker, helper } = job;
  const elapsed = performance.now() - started;
  helper?.stop(); // done already, unless its part was not needed
  job = null; // the worker stays, holding the cleaned table for the grid
  session = { worker, file, asks: new Map(), nextId: 1, edits: 0, exportTimer: 0, exporting: null };

  const { summary } = msg;
  lastRun = { file, input: JSON.stringify(input), profile: msg.profile };
  revokeDownloads();
  const base = baseName(file.name);
  const cleaned = { bom: msg.bom };
  const outName = `${base}.cleaned.csv`;
  const urls = msg.urls ?? {};
  const size = setDownload(ui.download, [msg.cleaned], 'text/csv;charset=utf-8', outName, urls.cleaned);
  ui.download.textContent = t('dl.cleaned', { name: outName, size: formatBytes(size) });
  ui.download.setAttribute('aria-label', t('dl.cleaned.aria', { name: outName, size: formatBytes(size) }));

  const rejected = summary.rows_rejected ?? 0;
  if (rejected > 0) {
    setDownload(ui.downloadRejected, [msg.rejected], 'text/csv;charset=utf-8', `${base}.rejected.csv`, urls.rejected);
  } else {
    disableDownload(ui.downloadRejected);
  }
  setDownload(ui.downloadIssues, [msg.issues], 'text/csv;charset=utf-8', `${base}.issues.csv`, urls.issues);
  setDownload(ui.downloadChanges, [msg.changes], 'text/csv;charset=utf-8', `${base}.changes.csv`, urls.changes);
  // The profile file is written by the worker too: even a small URL made here waits
  // behind the big files' (272 ms in one run on the 1M-row file).
  setDownload(ui.downloadProfile, [msg.profileFile ?? JSON.stringify(msg.profile, null, 2) + '\n'], 'application/json;charset=utf-8', `${base}.profile.json`, urls.profile);

  ui.progress.max = 1;
  ui.progress.value = 1;
  ui.status.textContent = t('status.done', { rows: fmt(summary.rows_in), time: formatDuration(elapsed) });
  ui.statusDetail.textContent = '';
  ui.progressArea.hidden = true;

  shown = { summary, file, elapsed, version: msg.version, profile: msg.profile, kinds: msg.issueKinds || {}, cleaned, rejected: rejected > 0 ? msg.rejected : null, rejectedUrl: urls.rejected, profileFile: msg.profileFile, profileUrl: urls.profile };
  ui.gridEdits.textContent = '';
  ui.summary.hidden = false;
  const s0 = session;
  const steps = [
    ...resultSteps(),
    ['columns', () => renderColumns(summary, msg.profile)],
    ['dedupe', () => renderDedupe(msg, file)], // dedupe panel
    ['grid', () => {
      grid.setData((summary.column_types ?? []).slice(0, summary.columns).map((c) => c.name), msg.rowCount ?? summary.rows_out);
      renderGridFilter();
      ui.gridBlock.hidden = !(summary.columns > 0);
    }],
  ];
  if (!(await inTasks(steps, () => session === s0))) return;
  ui.body.dataset.run = String(run);
  setState('done');
  announce(
    t('announce.finished', {
      name: file.name, out: fmt(summary.rows_out), in: fmt(summary.rows_in), rejected: fmt(summary.rows_rejected),
      changed: fmt(summary.cells_changed), issues: fmt(summary.issues ?? 0),
    }),
  );
}

/**
 * Points a download link at a new blob; returns the blob's size. The worker
 * sends its files as Blobs (made there, so the main thread never copies a
 * file's bytes); a single Blob part of the right type is used as it is.
 */
function setDownload(link, parts, type, name, workerUrl = null) {
  const whole = parts.length === 1 && parts[0] instanceof Blob && parts[0].type === type;
  const blob = whole ? parts[0] : new Blob(parts, { type });
  let url = whole && workerUrl;
  if (url) {
    workerLinks.set(link, blob); // the worker owns the URL: see relinkDownloads()
  } else {
    url = timed(`url ${link.id} (${Math.round(blob.size / 1e6)} MB)`, () => URL.createObjectURL(blob));
    downloadUrls.push(url);
    workerLinks.delete(link);
  }
  link.href = url;
  link.download = name;
  link.removeAttribute('aria-disabled');
  link.dataset.size = String(blob.size);
  if (link.dataset.label) {
    link.textContent = `${labelOf(link)} · ${formatBytes(blob.size)}`;
    link.setAttribute('aria-label', t('dl.aria', { name, size: formatBytes(blob.size) }));
  }
  return blob.size;
}

/** A download link's label in the page's language. */
function labelOf(link) {
  const key = { 'download-rejected': 'dl.rejected', 'download-issues': 'dl.issues', 'download-changes': 'dl.changes',
    'download-profile': 'dl.profile', 'download-report-html': 'dl.reportHtml', 'download-report-json': 'dl.reportJson' }[link.id];
  return key ? staticText(key, link.dataset.label) : link.dataset.label;
}

function disableDownload(link) {
  link.removeAttribute('href');
  if (link.dataset.label) link.textContent = labelOf(link);
  link.removeAttribute('aria-label');
  link.setAttribute('aria-disabled', 'true');
  delete link.dataset.size;
}

function revokeDownloads() {
  for (const url of downloadUrls) URL.revokeObjectURL(url);
  downloadUrls = [];
  workerLinks.clear();
}

/**
 * The links whose URL the finished run's worker made (its big files), with
 * their Blobs. Such a URL dies with the worker: if the worker stops while the
 * results are shown, the page makes its own URLs from the Blobs, one a task.
 */
const workerLinks = new Map();

async function relinkDownloads() {
  const links = [...workerLinks];
  workerLinks.clear();
  for (const [link, blob] of links) {
    await nextTask();
    const url = URL.createObjectURL(blob);
    downloadUrls.push(url);
    link.href = url;
  }
}

/** What the cleaned file's first bytes and formula prefixes mean for Excel users. */
function renderDownloadNote(cleaned, summary, profile) {
  const bom = Boolean(cleaned.bom);
  const setting = profile?.output?.bom ?? 'auto';
  const parts = [];
  if (setting !== 'auto') {
    parts.push(
      bom
        ? 'The cleaned CSV starts with a UTF-8 byte order mark (BOM), as the profile asks, so that Excel shows ' +
            'Chinese and accented letters correctly.'
        : 'The cleaned CSV has no UTF-8 byte order mark (BOM), as the profile asks; Excel may show Chinese or ' +
            'accented letters garbled unless you import it as UTF-8.',
    );
  } else {
    parts.push(
      bom
        ? 'The cleaned CSV starts with a UTF-8 byte order mark (BOM) because it holds non-ASCII text, such as ' +
            'Chinese or accented letters: Excel needs it to show them correctly. Other programs ignore it.'
        : 'The cleaned CSV holds only ASCII text, so it has no UTF-8 byte order mark (BOM). One is added ' +
            'when a file holds non-ASCII text, such as Chinese, so that Excel shows it correctly.',
    );
  }
  const n = summary.formula_cells_neutralized ?? 0;
  parts.push(
    profile?.output?.neutralize_formulas === false
      ? 'Cells that look like spreadsheet formulas were left as they are, as the profile asks: a spreadsheet ' +
          'program may run them as formulas.'
      : n > 0
      ? `${plural(n, 'cell')} that started with =, +, - or @ ${n === 1 ? 'was' : 'were'} prefixed with an ` +
          'apostrophe (\') so that spreadsheet programs show the text instead of running it as a formula.'
      : 'No cell looked like a spreadsheet formula, so none was prefixed with an apostrophe (\').',
  );
  if (lang() === 'zh') {
    parts.length = 0;
    parts.push(
      bom
        ? '清洗后的 CSV 以 UTF-8 字节顺序标记(BOM)开头,这样 Excel 能正确显示中文和重音字母;其他程序会忽略它。'
        : '清洗后的 CSV 没有 UTF-8 字节顺序标记(BOM);如果其中有中文,Excel 可能需要以 UTF-8 导入才能正确显示。',
      profile?.output?.neutralize_formulas === false
        ? '按配置要求,看起来像公式的单元格保持原样:电子表格程序可能会把它们当作公式执行。'
        : n > 0
        ? `${fmt(n)} 个以 =、+、- 或 @ 开头的单元格前加了撇号('),电子表格程序会把它们显示为文本而不是执行公式。`
        : '没有单元格看起来像电子表格公式,因此没有加撇号(\')。',
    );
  }
  ui.downloadNote.textContent = parts.join(' ');
  ui.downloadNote.dataset.bom = String(bom);
}

function fail(message, hint) {
  stopJob();
  ui.progressArea.hidden = true;
  showError(message, hint);
  setState('error');
}

/** Terminates the current worker, if any. Never reused: each job gets a new one. */
function stopJob() {
  if (job) {
    job.helper?.stop();
    job.worker.terminate();
    job = null;
  }
}

/** Terminates the finished run's worker (the grid's rows go with it). */
function stopSession() {
  if (session) {
    clearTimeout(session.exportTimer);
    session.worker.terminate();
    for (const { reject } of session.asks.values()) reject(new Error('the run was replaced'));
    session = null;
    ui.body.dataset.exporting = 'false';
  }
}

function stopSampler() {
  if (sampler) {
    sampler.worker.terminate();
    sampler = null;
  }
}

/** Terminates the sampled workers that no run took. */
function stopWarm() {
  if (warm) {
    warm.worker.terminate();
    warm.helper?.terminate();
    warm = null;
  }
}

/** The sampled workers of `file` ({ worker, helper }), for its run; null if there are none (others are terminated). */
function takeWarm(file) {
  const taken = warm?.file === file ? warm : null;
  if (taken) warm = null;
  else stopWarm();
  return taken;
}

/**
 * For a file two workers clean: the helper-to-be, started once the sampling
 * worker is done (not beside it: two workers compiling the module at once
 * kept the page's thread waiting for a core) and warmed up by sampling the
 * file too (its answer is not needed). A helper that fails here is dropped;
 * the run then starts a fresh one.
 */
function startWarmHelper(file, profile) {
  if (workersFor(file) < 2) return null;
  let helper;
  try {
    helper = new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name: 'crm-cleaner-helper' });
  } catch {
    return null;
  }
  helper.addEventListener('error', (event) => {
    event.preventDefault();
    helper.terminate();
    if (warm?.helper === helper) warm.helper = null;
  });
  helper.postMessage({ type: 'sample', file, profile });
  return helper;
}

// ---------------------------------------------------------------- steps

/**
 * A file was chosen: a short-lived worker infers the column types from the
 * start of the file, and the steps (types and planned actions, changeable)
 * are shown until "Start cleaning". If sampling fails, the file is cleaned at
 * once, so the run reports the problem with the file in full.
 */
function prepare(file) {
  pendingSteps = null;
  stopJob();
  stopSampler();
  stopWarm();
  stopSession();
  if (file !== lastFile) lastRun = null;
  lastFile = file;
  updateAgain();
  clearError();
  clearSummary();
  ui.steps.hidden = true;
  const { profile } = composeProfile(false);
  const sampledWith = JSON.stringify(readingOptions());
  const anonSection = profile.anonymize; // anonymization: shown in the steps; not run on the sample
  delete profile.anonymize;
  let worker;
  try {
    worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name: 'crm-cleaner-sample' });
  } catch {
    start(file);
    return;
  }
  sampler = { worker, file };
  setState('sampling');
  ui.progressArea.hidden = false;
  ui.fileName.textContent = `${file.name} · ${formatBytes(file.size)}`;
  ui.progress.removeAttribute('value');
  ui.status.textContent = t('status.sampling', { name: file.name });
  ui.statusDetail.textContent = '';
  const done = (msg) => {
    if (!sampler || sampler.worker !== worker) return;
    // Kept for the run (see warm); a worker whose sampling failed is not.
    if (msg) {
      sampler = null;
      warm = { file, worker, helper: startWarmHelper(file, profile) };
    } else {
      stopSampler();
    }
    if (!msg || !msg.profile || !Array.isArray(msg.columns) || !(msg.width > 0)) {
      start(file);
      return;
    }
    pendingSteps = { file, columns: msg.columns.slice(0, msg.width), rows: msg.rows ?? [], partial: msg.partial, chosen: new Map(), anonSection, readingOptions: sampledWith };
    showSteps();
  };
  worker.addEventListener('message', (event) => {
    const msg = event.data || {};
    if (msg.type === 'sampled') done(msg);
    else if (msg.type === 'error') done(null);
  });
  worker.addEventListener('error', (event) => {
    event.preventDefault();
    done(null);
  });
  worker.postMessage({ type: 'sample', file, profile });
}

function showSteps({ focus = true } = {}) {
  const p = pendingSteps;
  ui.progressArea.hidden = true;
  ui.stepsName.textContent = t('steps.for', { name: p.file.name });
  renderSteps(ui.stepsColumns, p.columns, p.rows, p.chosen, updateStepsChanged);
  anonymizeSteps(ui.stepsColumns, $('anon-panel'), { token: p, file: p.file, section: p.anonSection }); // anonymization
  ui.stepsNote.textContent = p.partial ? t('steps.partial', { size: '1 MB' }) : '';
  ui.stepsNote.hidden = !p.partial;
  updateStepsChanged();
  ui.steps.hidden = false;
  setState('ready');
  // Focus (which scrolls the button into view) after the steps are first laid out, in a task
  // of its own: focusing at once forces that layout of the whole page into this task.
  if (focus) requestAnimationFrame(() => setTimeout(() => pendingSteps === p && !ui.steps.hidden && ui.stepsRun.focus()));
  announce(t('steps.for', { name: p.file.name }));
}

/** The types changed in the steps: Map name → type. */
function stepTypes() {
  const types = new Map();
  for (const select of ui.stepsColumns.querySelectorAll('select[data-column]')) {
    if (select.value !== select.dataset.original) types.set(select.dataset.column, select.value);
  }
  return types;
}

function updateStepsChanged() {
  if (pendingSteps) pendingSteps.chosen = stepTypes();
  const n = pendingSteps?.chosen.size ?? 0;
  ui.stepsChanged.textContent = n ? t(n === 1 ? 'steps.changed.one' : 'steps.changed', { n }) : '';
}

ui.stepsRun.addEventListener('click', () => {
  if (!pendingSteps) return;
  if (anonymizeBlocked()) return; // anonymization: a keyed transform needs a key first
  const { file } = pendingSteps;
  const types = stepTypes();
  pendingSteps = null;
  start(file, { types });
});

/** Saves the settings and the steps' types as a profile (only on this explicit action). */
ui.stepsSave.addEventListener('click', () => {
  if (!pendingSteps) return;
  const { profile } = composeProfile(false, null);
  const columns = Array.isArray(profile.columns) ? profile.columns : (profile.columns = []);
  for (const select of ui.stepsColumns.querySelectorAll('select[data-column]')) {
    const name = select.dataset.column;
    const column = columns.find((c) => c && c.name === name);
    if (column) column.type = select.value;
    else columns.push({ name, type: select.value });
  }
  anonymizeProfile(profile); // anonymization: the choices and salt, never the key
  saveFile(`${baseName(pendingSteps.file.name)}.profile.json`, JSON.stringify(profile, null, 2) + '\n', 'application/json;charset=utf-8');
});

/** Offers `text` as a download named `name` (a temporary link, clicked once). */
function saveFile(name, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

// ---------------------------------------------------------------- the finished run: grid, edits, report

/** Asks the finished run's worker; resolves with its answer. */
function ask(message) {
  if (!session) return Promise.reject(new Error('no finished run'));
  const s = session;
  const id = s.nextId++;
  return new Promise((resolve, reject) => {
    s.asks.set(id, { resolve, reject });
    s.worker.postMessage({ ...message, id });
  });
}

function onSessionMessage(msg) {
  const pending = session?.asks.get(msg.id);
  if (!pending) return;
  session.asks.delete(msg.id);
  if (msg.type === 'error') pending.reject(new Error(msg.message));
  else timed(`answer ${msg.type}`, () => pending.resolve(msg));
}

const grid = new Grid({
  root: $('grid'),
  table: $('grid-table'),
  scrollbar: $('grid-scrollbar'),
  status: $('grid-status'),
  info: $('grid-info'),
  request: (start, count, filter) => ask({ type: 'rows', start, count, filter }),
  edit: async (row, column, value) => {
    try {
      return await ask({ type: 'edit', row, column, value });
    } catch (err) {
      showError(() => t('error.edit', { reason: coreMessage(messageOf(err)) }));
      return null;
    }
  },
  onEdited: ({ valid, message, column, row }) => {
    if (!session || !row) return;
    session.edits += 1;
    ui.gridEdits.textContent = t(session.edits === 1 ? 'grid.edits.one' : 'grid.edits', { n: fmt(session.edits) });
    announce(valid ? t('grid.saved', { column, row: fmt(row.source_row), value: row.cells[grid.columns.indexOf(column)] }) : t('grid.invalid', { message }));
    scheduleExport();
  },
});

ui.gridFilter.addEventListener('change', () => grid.setFilter(ui.gridFilter.value));

function renderGridFilter() {
  const s = shown?.summary ?? {};
  const current = ui.gridFilter.value;
  const options = [new Option(t('grid.all'), ''), new Option(t('grid.problems'), '*')];
  const codes = Object.entries(s.issues_by_code ?? {}).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  for (const [code, count] of codes) options.push(new Option(`${t('grid.code', { code })} (${fmt(count)})`, code));
  // The code shown may have no issue left after edits: it stays in the menu, at 0,
  // so that the menu still says what the grid shows.
  if (current && current !== '*' && !codes.some(([code]) => code === current)) {
    options.push(new Option(`${t('grid.code', { code: current })} (${fmt(0)})`, current));
  }
  ui.gridFilter.replaceChildren(...options);
  ui.gridFilter.value = [...ui.gridFilter.options].some((o) => o.value === current) ? current : '';
}

/** After edits, the downloads, counts and report are rebuilt in the worker (debounced). */
function scheduleExport() {
  const s = session;
  ui.body.dataset.exporting = 'true';
  clearTimeout(s.exportTimer);
  const seq = (s.exportSeq = (s.exportSeq ?? 0) + 1);
  s.exportTimer = setTimeout(async () => {
    if (session !== s) return;
    try {
      const msg = await ask({ type: 'export' });
      if (session !== s) return;
      const base = baseName(s.file.name);
      timed('revoke', revokeDownloads);
      const cleaned = { bom: msg.bom };
      const outName = `${base}.cleaned.csv`;
      const urls = msg.urls ?? {};
      const size = setDownload(ui.download, [msg.cleaned], 'text/csv;charset=utf-8', outName, urls.cleaned);
      ui.download.textContent = t('dl.cleaned', { name: outName, size: formatBytes(size) });
      setDownload(ui.downloadIssues, [msg.issues], 'text/csv;charset=utf-8', `${base}.issues.csv`, urls.issues);
      setDownload(ui.downloadChanges, [msg.changes], 'text/csv;charset=utf-8', `${base}.changes.csv`, urls.changes);
      if (shown.profileFile) setDownload(ui.downloadProfile, [shown.profileFile], 'application/json;charset=utf-8', `${base}.profile.json`, shown.profileUrl);
      else setDownload(ui.downloadProfile, [JSON.stringify(shown.profile, null, 2) + '\n'], 'application/json;charset=utf-8', `${base}.profile.json`);
      if (shown.rejected) setDownload(ui.downloadRejected, [shown.rejected], 'text/csv;charset=utf-8', `${base}.rejected.csv`, shown.rejectedUrl);
      // Keep counts the page shows in step with the downloads.
      shown.summary = { ...shown.summary, ...msg.summary, formula_cells_neutralized: msg.summary.formula_cells_neutralized };
      shown.cleaned = cleaned;
      await inTasks([...resultSteps(), ['filter', renderGridFilter]], () => session === s);
    } catch {
      // The run was replaced; nothing to update.
    } finally {
      if (session === s && s.exportSeq === seq) ui.body.dataset.exporting = 'false';
    }
  }, 250);
}

/** All the parts of the results at once (after a language switch). */
function renderResults() {
  if (!shown) return;
  for (const [, f] of resultSteps()) f();
}

/** What each download holds, in words. */
function renderDownloadDescs(summary) {
  const rejected = summary.rows_rejected ?? 0;
  ui.downloadRejectedDesc.textContent = rejected > 0 ? tn('dl.rejected.desc', rejected) : t('dl.none.rejected');
  ui.downloadIssuesDesc.textContent = summary.issues > 0 ? tn('dl.issues.desc', summary.issues) : t('dl.issues.none');
  ui.downloadChangesDesc.textContent = tn('dl.changes.desc', summary.cells_changed ?? 0);
}

/** The report downloads, one a task: each builds a file's whole text. */
function setReportHtml() {
  setReportDownload(ui.downloadReportHtml, reportHtml, 'text/html;charset=utf-8', 'report.html');
}

function setReportJson() {
  setReportDownload(ui.downloadReportJson, reportJson, 'application/json;charset=utf-8', 'report.json');
}

/**
 * The report file's text is written here (it needs the DOM and the language);
 * its Blob and URL are made by the finished run's worker: on this thread,
 * making even a small Blob waited up to 200 ms on the browser, busy with the
 * big files (measured in benches/longtask.mjs's trace, 8 ms of it CPU).
 */
async function setReportDownload(link, make, type, suffix) {
  if (!shown?.summary?.quality) {
    disableDownload(link);
    return;
  }
  const args = { fileName: shown.file.name, version: shown.version, summary: shown.summary, quality: shown.summary.quality, kinds: shown.kinds };
  const text = make(args);
  const name = `${baseName(shown.file.name)}.${suffix}`;
  const s = session;
  if (s) {
    try {
      const msg = await ask({ type: 'file', name: link.id, text, mime: type });
      if (session === s) setDownload(link, [msg.blob], type, name, msg.url);
      return;
    } catch {
      if (session !== s) return; // replaced by another run
    }
  }
  setDownload(link, [text], type, name); // no worker: made here
}

// The report's charts are drawn at the report's width: redraw when it changes (a phone turned, a window resized).
// The observer's entry gives the width without forcing a layout; it is kept for the next drawing.
new ResizeObserver((entries) => {
  const width = Math.round(entries.at(-1).contentRect.width);
  if (width > 0) reportWidth = width;
  if (!shown?.summary?.quality || ui.reportBlock.hidden || !(width > 0)) return;
  if (Math.abs(Math.min(880, width) - Number(ui.report.dataset.width || 0)) < 24) return;
  drawReport();
}).observe(ui.report);

// ---------------------------------------------------------------- language

ui.lang.value = lang();
ui.lang.addEventListener('change', () => setLang(ui.lang.value));
onLangChange(() => {
  ui.lang.value = lang();
  renderError();
  showProfileStatus();
  updateAgain();
  if (pendingSteps && !ui.steps.hidden) showSteps({ focus: false });
  if (shown) {
    const chosen = [...ui.columns.querySelectorAll('select[data-index]')].map((sel) => sel.value);
    renderResults();
    renderColumns(shown.summary, shown.profile);
    ui.columns.querySelectorAll('select[data-index]').forEach((sel, i) => {
      if (chosen[i]) {
        sel.value = chosen[i];
        sel.dispatchEvent(new Event('change'));
      }
    });
    for (const link of [ui.download, ui.downloadRejected, ui.downloadIssues, ui.downloadChanges, ui.downloadProfile, ui.downloadReportHtml, ui.downloadReportJson]) {
      if (!link.dataset.label) continue;
      // A disabled link (nothing to download) has a label but no size.
      link.textContent = link.dataset.size ? `${labelOf(link)} · ${formatBytes(Number(link.dataset.size))}` : labelOf(link);
      if (link.dataset.size) link.setAttribute('aria-label', t('dl.aria', { name: link.download, size: formatBytes(Number(link.dataset.size)) }));
    }
    if (ui.download.dataset.size) ui.download.setAttribute('aria-label', t('dl.cleaned.aria', { name: ui.download.download, size: formatBytes(Number(ui.download.dataset.size)) }));
    const size = ui.download.dataset.size;
    if (size) ui.download.textContent = t('dl.cleaned', { name: ui.download.download, size: formatBytes(Number(size)) });
    renderGridFilter();
    grid.build();
    grid.render();
    if (ui.gridInfoText()) grid.showInfo();
  }
});
setLang(lang());

// ---------------------------------------------------------------- rendering

function renderSummary(s, file, elapsed, version, profile) {
  ui.summaryName.textContent = file.name;
  const format = s.format && s.format !== 'csv' ? s.format.toUpperCase() : 'CSV';
  // The size apart from the format ("CSV · 20 KB"): "20 KB CSV" reads as an English phrase in Chinese.
  const meta = [format];
  if (s.sheet) meta.push(t('summary.sheetMeta', { sheet: s.sheet }));
  meta.push(formatBytes(file.size));
  if (!s.format || s.format === 'csv') meta.push(t('delimited', { name: delimiterName(s.delimiter) }));
  meta.push(t(s.has_header === false ? 'summary.noHeader' : 'summary.header'));
  if (version) meta.push(`crm-cleaner ${version}`);
  ui.summaryMeta.textContent = meta.join(' · ');

  setField('rows_in', s.rows_in);
  setField('rows_out', s.rows_out);
  setField('rows_rejected', s.rows_rejected);
  setField('columns', s.columns);
  setField('cells_changed', s.cells_changed);
  setField('issues', s.issues ?? 0);
  setField('rows_stale', s.rows_stale ?? 0);
  setField('formula_cells_neutralized', s.formula_cells_neutralized ?? 0);
  setField('format', s.format || 'csv', format);
  const formatField = field('format');
  if (s.sheet) {
    const sheet = document.createElement('span');
    sheet.className = 'sub';
    sheet.textContent = t('summary.sheet', { sheet: s.sheet });
    formatField.append(sheet);
    formatField.dataset.sheet = s.sheet;
  } else {
    delete formatField.dataset.sheet;
  }
  setField('encoding', s.encoding || '—', s.encoding || '—');
  setField('table_bytes', s.table_bytes ?? 0, formatMegabytes(s.table_bytes ?? 0));
  field('table_bytes').title = t('summary.memory.title', { bytes: fmt(s.table_bytes ?? 0) });
  setField('time', Math.round(elapsed), formatDuration(elapsed));
  field('rows_rejected').classList.toggle('is-warning', s.rows_rejected > 0);
  field('issues').classList.toggle('is-warning', (s.issue_errors ?? 0) > 0);
  field('rows_stale').classList.toggle('is-warning', (s.rows_stale ?? 0) > 0);

  // Notices: the core's, then what the page can add from the summary.
  // The core's notices are English phrases; ui/messages.js shows them in the page's language.
  const notices = (s.notices || []).map(coreMessage);
  const auto = profile?.input ?? {};
  if (!auto.encoding && s.encoding && !/^UTF-(8|16LE|16BE)$/i.test(s.encoding)) {
    notices.push(t('notice.encoding', { encoding: s.encoding }));
  }
  if (auto.has_header === undefined && s.has_header === false) {
    notices.push(t('notice.header'));
  }
  ui.notices.replaceChildren(...notices.map((text) => li(text)));
  ui.noticesBlock.hidden = notices.length === 0;

  ui.headerFixes.replaceChildren(
    ...(s.header_fixes || []).map((fix) => {
      const item = document.createElement('li');
      item.append(t('header.fix', { n: fmt(fix.column + 1) }));
      if (fix.before === '') {
        item.append(t('blank'));
      } else {
        item.append(rawText(fix.before));
      }
      item.append(' → ');
      const after = document.createElement('strong');
      after.textContent = fix.after;
      item.append(after);
      return item;
    }),
  );
  ui.headerFixesBlock.hidden = ui.headerFixes.childElementCount === 0;

  ui.rejectedNote.hidden = !(s.rows_rejected > 0);
  ui.rejectedNote.textContent = `${tn('rejected.note', s.rows_rejected ?? 0)} ${t('rejected.where')}`;

  // Entries on line 0 are not problems but say how many more of a kind were left out.
  const problems = (s.problems || []).filter((p) => p.line > 0);
  const unlisted = (s.problems || []).filter((p) => !(p.line > 0));
  ui.problems.replaceChildren(
    ...problems.slice(0, MAX_PROBLEMS_SHOWN).map((p) => {
      const item = document.createElement('li');
      item.dataset.line = String(p.line);
      item.dataset.kind = p.kind;
      const line = document.createElement('span');
      line.className = 'line';
      line.textContent = t('problem.line', { n: fmt(p.line) });
      const body = document.createElement('div');
      body.className = 'problem-body';
      const message = document.createElement('p');
      message.textContent = coreMessage(p.message);
      body.append(message);
      if (p.raw) body.append(rawText(p.raw, 'raw raw-block'));
      item.append(line, body);
      return item;
    }),
  );
  ui.problemsCount.textContent = problems.length ? `(${fmt(problems.length)}${unlisted.length ? '+' : ''})` : '';
  ui.problemsBlock.hidden = problems.length === 0;
  const more = unlisted.map((p) => coreMessage(p.message));
  if (problems.length > MAX_PROBLEMS_SHOWN) more.unshift(t('problems.more', { n: fmt(problems.length - MAX_PROBLEMS_SHOWN) }));
  ui.problemsMore.hidden = more.length === 0;
  ui.problemsMore.textContent = more.join(' ');

  ui.allGood.hidden = !(problems.length === 0 && s.rows_rejected === 0 && s.rows_in > 0 && !(s.issues > 0));
}

/** The issues found, by code: most frequent first, errors marked apart from warnings. */
function renderIssues(s, kinds, profile) {
  const total = s.issues ?? 0;
  const errors = s.issue_errors ?? 0;
  const warnings = Math.max(0, total - errors);
  const byCode = Object.entries(s.issues_by_code ?? {}).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  ui.issues.replaceChildren(
    ...byCode.map(([code, count]) => {
      const kind = kinds[code] ?? {};
      const severity = kind.severity === 'error' || kind.severity === 'warning' ? kind.severity : '';
      const row = document.createElement('tr');
      row.dataset.code = code;
      row.dataset.count = String(count);
      if (severity) row.dataset.severity = severity;
      const what = document.createElement('td');
      const codeEl = document.createElement('code');
      codeEl.className = 'issue-code';
      codeEl.textContent = code;
      what.append(codeEl);
      if (kind.example) {
        const example = document.createElement('span');
        example.className = 'issue-example';
        example.textContent = t('example', { text: sentence(lang() === 'zh' && kind.example_zh ? kind.example_zh : kind.example) });
        what.append(example);
      }
      const sev = document.createElement('td');
      const badge = document.createElement('span');
      badge.className = `badge badge-${severity || 'unknown'}`;
      badge.textContent = severity ? t(`severity.${severity}`) : '—';
      sev.append(badge);
      const num = document.createElement('td');
      num.className = 'num';
      num.textContent = fmt(count);
      row.append(what, sev, num);
      return row;
    }),
  );
  ui.issuesCount.textContent = total ? `(${fmt(total)})` : '';
  const parts = [t('issues.summary', { errors: tn('issues.errors', errors), warnings: tn('issues.warnings', warnings) })];
  const stale = s.rows_stale ?? 0;
  if (stale > 0) {
    const months = profile?.validate?.stale_after_months;
    parts.push(months ? tn('issues.stale', stale, { months: fmt(months) }) : tn('issues.staleUnset', stale));
  }
  ui.issuesSummary.textContent = parts.join(' ');
  ui.issuesBlock.hidden = total === 0 && stale === 0;
}

/** Each column with its type (a menu, to correct it), the detector's confidence and its warnings. */
function renderColumns(s, profile) {
  const types = s.column_types ?? [];
  const inFile = types.slice(0, s.columns ?? types.length);
  const extra = types.slice(inFile.length);
  const known = new Set(TYPE_IDS);
  shownColumns = inFile.map((col) => col.name);
  ui.columns.replaceChildren(
    ...inFile.map((col, i) => {
      const shown = col.name === '' ? t('blank') : shorten(col.name, MAX_NAME_SHOWN);
      const row = document.createElement('tr');
      row.dataset.column = shorten(col.name, MAX_NAME_SHOWN);
      row.dataset.type = col.type;
      const name = document.createElement('th');
      name.scope = 'row';
      name.className = 'column-name';
      name.textContent = shown;

      const typeCell = document.createElement('td');
      const id = `column-type-${i}`;
      const label = document.createElement('label');
      label.className = 'visually-hidden';
      label.htmlFor = id;
      label.textContent = t('columns.typeOf', { name: col.name ? shown : fmt(i + 1) });
      const select = document.createElement('select');
      select.id = id;
      select.dataset.index = String(i);
      select.dataset.column = row.dataset.column;
      select.dataset.original = col.type;
      for (const [value, text] of columnTypes()) select.append(new Option(text, value));
      if (!known.has(col.type)) select.append(new Option(col.type, col.type));
      select.value = col.type;
      select.addEventListener('change', () => {
        row.classList.toggle('is-changed', select.value !== select.dataset.original);
        updateColumnsChanged();
      });
      typeCell.append(label, select);

      const confidence = document.createElement('td');
      confidence.className = 'confidence';
      if (col.confidence === null || col.confidence === undefined) {
        confidence.textContent = t('confidence.set');
        confidence.title = t('confidence.set.title');
        confidence.dataset.value = 'set';
      } else {
        const pct = Math.round(col.confidence * 100);
        confidence.dataset.value = String(col.confidence);
        const meter = document.createElement('span');
        meter.className = `confidence-bar${pct < 60 ? ' is-low' : ''}`;
        meter.setAttribute('aria-hidden', 'true');
        const fill = document.createElement('span');
        fill.className = `confidence-fill w${Math.round(pct / 10) * 10}`;
        meter.append(fill);
        confidence.append(`${pct} %`, meter);
      }

      const notes = document.createElement('td');
      notes.className = 'column-notes';
      const warnings = col.warnings ?? [];
      if (warnings.length) {
        const list = document.createElement('ul');
        list.className = 'column-warnings';
        list.append(...warnings.map((w) => li(coreMessage(w))));
        notes.append(list);
      }
      row.append(name, typeCell, confidence, notes);
      return row;
    }),
  );
  ui.columns.closest('table').classList.toggle('has-notes', inFile.some((c) => (c.warnings ?? []).length > 0));
  ui.columnsExtra.hidden = extra.length === 0;
  ui.columnsExtra.textContent = extra.length
    ? tn('columns.extra', extra.length, { names: extra.map((c) => `“${shorten(c.name, MAX_NAME_SHOWN)}”`).join(lang() === 'zh' ? '、' : ', ') })
    : '';
  ui.columnsBlock.hidden = inFile.length === 0;
  updateColumnsChanged();
}

function updateColumnsChanged() {
  const changed = [...ui.columns.querySelectorAll('select[data-index]')].filter(
    (select) => select.value !== select.dataset.original,
  ).length;
  ui.columnsAgain.textContent = changed ? t(changed === 1 ? 'columns.againNew' : 'columns.againNews') : t('columns.again');
  ui.columnsChanged.textContent = changed ? tn('columns.changed', changed) : '';
}

/** Text from the file, shown as typed (spaces visible). */
function rawText(text, className = 'raw') {
  const code = document.createElement('code');
  code.className = className;
  code.textContent = text;
  return code;
}

function field(name) {
  return ui.summary.querySelector(`[data-field="${name}"]`);
}

function setField(name, value, text = fmt(value)) {
  const el = field(name);
  el.dataset.value = String(value);
  el.textContent = text;
}

function clearSummary() {
  ui.summary.hidden = true;
  shown = null;
  ui.reportBlock.hidden = true;
  ui.gridBlock.hidden = true;
  for (const el of ui.summary.querySelectorAll('[data-field]')) {
    el.textContent = '–';
    delete el.dataset.value;
  }
  for (const link of [ui.download, ui.downloadRejected, ui.downloadIssues, ui.downloadChanges, ui.downloadProfile, ui.downloadReportHtml, ui.downloadReportJson]) {
    link.removeAttribute('href');
  }
  revokeDownloads();
  clearDedupe(); // dedupe panel
  ui.issues.replaceChildren();
  ui.columns.replaceChildren();
  shownColumns = [];
}

/**
 * Shows an error. `message` and `hint` are functions that return the text in
 * the page's language (a plain string is shown as it is).
 */
function showError(message, hint = () => t('error.hint')) {
  shownError = { message, hint };
  renderError();
}

function renderError() {
  ui.error.replaceChildren();
  if (!shownError) return;
  const text = (v) => (typeof v === 'function' ? v() : v);
  const title = document.createElement('strong');
  // Chinese sentences follow each other without a space.
  const space = lang() === 'zh' ? '' : ' ';
  title.textContent = `${t('error.title')}${space}`;
  ui.error.append(title, text(shownError.message), space);
  const hint = document.createElement('span');
  hint.className = 'error-hint';
  hint.textContent = text(shownError.hint);
  ui.error.append(hint);
}

function clearError() {
  shownError = null;
  ui.error.replaceChildren();
}

/** An error whose text is the page's own, in the page's language (`text()`). */
class PageError extends Error {
  constructor(text) {
    super(text());
    this.text = text;
  }
}

function announce(text) {
  ui.announce.textContent = text;
}

function setState(state) {
  ui.body.dataset.state = state;
  ui.drop.setAttribute('aria-busy', String(state === 'working'));
}

function strong(text) {
  const el = document.createElement('strong');
  el.textContent = text;
  return el;
}

function isPlainObject(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function li(text) {
  const item = document.createElement('li');
  item.textContent = text;
  return item;
}

// ---------------------------------------------------------------- formatting

/** `contacts.xlsx` → `contacts`, the stem of every download's name. */
function baseName(name) {
  return name.replace(/\.(csv|tsv|txt|xlsx|xlsm|xlsb|xls|ods)$/i, '') || 'file';
}

function plural(n, word) {
  return `${fmt(n)} ${n === 1 ? word : `${word}s`}`;
}

/** Memory in MB (or KB for small tables), as the summary shows it. */
function formatMegabytes(n) {
  if (n < 100 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  const mb = n / (1024 * 1024);
  return `${mb.toFixed(mb < 10 ? 2 : mb < 100 ? 1 : 0)} MB`;
}

function delimiterName(d) {
  return [',', ';', '\t', '|'].includes(d) ? t(`delimiter.${d}`) : `“${d}”`;
}

function formatBytes(n) {
  if (n < 1024) return `${fmt(n)} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = n / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

function formatDuration(ms) {
  if (ms < 1000) return `${Math.max(1, Math.round(ms))} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}

function shorten(text, max) {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function capitalize(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The core's messages are lower-case phrases; show them as sentences. */
function sentence(text) {
  const t = String(text ?? '').trim();
  if (!t) return 'unknown error.';
  return /[.!?…]$/.test(t) ? t : `${t}.`;
}

function messageOf(err) {
  return err && err.message ? err.message : String(err);
}
