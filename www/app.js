// crm-cleaner page: UI thread only. Every file is cleaned in a fresh module
// worker (worker.js), which is terminated when the job ends, fails or is
// cancelled: a wasm instance that trapped must never be reused.

const $ = (id) => document.getElementById(id);

const ui = {
  body: document.body,
  drop: $('drop'),
  file: $('file'),
  options: $('options'),
  optEncoding: $('opt-encoding'),
  optDelimiter: $('opt-delimiter'),
  optHeader: $('opt-header'),
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
};

/** How many problems are listed on the page; the count shows them all. */
const MAX_PROBLEMS_SHOWN = 200;

/** What each cleaning stage of the core is called on the page. */
const STAGE_NAMES = { trim: 'Trimming spaces' };

const numberFormat = new Intl.NumberFormat('en');
const fmt = (n) => numberFormat.format(n);

/** Progress messages received since the page loaded (read by the tests). */
window.__crmProgressCount = 0;

let job = null; // { worker, file, started, run, profile }
let runs = 0;
let lastFile = null;
let downloadUrl = null;

// ---------------------------------------------------------------- choosing

ui.file.addEventListener('change', () => {
  const file = ui.file.files && ui.file.files[0];
  if (file) start(file);
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
    showError('Nothing to clean: drop a CSV file (not a folder or a piece of text).');
    return;
  }
  if (files.length > 1) {
    announce(`${files.length} files were dropped; cleaning only the first, ${files[0].name}.`);
  }
  start(files[0]);
});

ui.cancel.addEventListener('click', () => {
  if (!job) return;
  const name = job.file.name;
  stopJob();
  setState('idle');
  ui.progressArea.hidden = true;
  announce(`Cleaning ${name} was cancelled.`);
  ui.drop.focus();
});

ui.again.addEventListener('click', () => {
  if (lastFile) start(lastFile);
});
for (const select of [ui.optEncoding, ui.optDelimiter, ui.optHeader]) {
  select.addEventListener('change', updateAgain);
}

/** The cleaning profile for the reading options chosen, or undefined for all defaults. */
function currentProfile() {
  const input = {};
  if (ui.optEncoding.value) input.encoding = ui.optEncoding.value;
  if (ui.optDelimiter.value) input.delimiter = ui.optDelimiter.value === 'tab' ? '\t' : ui.optDelimiter.value;
  if (ui.optHeader.value) input.has_header = ui.optHeader.value === 'yes';
  return Object.keys(input).length > 0 ? { input } : undefined;
}

function updateAgain() {
  ui.again.hidden = !lastFile;
  if (lastFile) ui.again.textContent = `Clean ${lastFile.name} again with these options`;
}

// ---------------------------------------------------------------- one job

function start(file) {
  const started = performance.now();
  stopJob();
  runs += 1;
  const run = runs;
  const profile = currentProfile();
  lastFile = file;
  updateAgain();

  clearError();
  clearSummary();
  ui.body.dataset.run = String(run);
  setState('working');
  ui.progressArea.hidden = false;
  ui.fileName.textContent = `${file.name} · ${formatBytes(file.size)}`;
  ui.progress.max = 1;
  ui.progress.value = 0;
  ui.status.textContent = 'Starting the cleaner…';
  announce(`Cleaning ${file.name}.`);

  let worker;
  try {
    worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name: 'crm-cleaner' });
  } catch (err) {
    fail(`Could not start the cleaner: ${messageOf(err)}`);
    return;
  }
  job = { worker, file, started, run, profile };

  worker.addEventListener('message', (event) => {
    if (!job || job.worker !== worker) return; // a stale message from a replaced job
    const msg = event.data || {};
    if (msg.type === 'progress') onProgress(msg);
    else if (msg.type === 'done') onDone(msg);
    else if (msg.type === 'error') fail(`Could not clean “${file.name}”: ${sentence(msg.message)}`);
  });
  worker.addEventListener('error', (event) => {
    if (!job || job.worker !== worker) return;
    event.preventDefault();
    const detail = event.message ? ` (${event.message})` : '';
    fail(
      `The cleaner stopped unexpectedly while working on “${file.name}”${detail}. ` +
        'Please try again; if it keeps happening, reload the page.',
    );
  });
  worker.addEventListener('messageerror', () => {
    if (!job || job.worker !== worker) return;
    fail('The cleaner sent back a result the page could not read. Please try again.');
  });

  worker.postMessage({ type: 'clean', file, profile });
}

function onProgress(msg) {
  window.__crmProgressCount += 1;
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
    text = `Cleaning ${fmt(msg.rows ?? 0)} rows…`;
  } else if (!(total > 0)) {
    text = stage === 'read' ? 'Reading…' : `${STAGE_NAMES[stage] ?? capitalize(stage || 'working')}…`;
  } else if (stage === 'read') {
    text = `Reading — ${formatBytes(done)} of ${formatBytes(total)} · ${fmt(msg.rows ?? 0)} rows · ${pct}`;
  } else {
    // Cleaning stages count in their own units (cells, rows) and the core
    // does not say which, so only the share done is shown.
    text = `${STAGE_NAMES[stage] ?? capitalize(stage || 'working')} — ${pct}`;
  }
  ui.status.textContent = text;
}

function onDone(msg) {
  const { file, started, run, profile } = job;
  const elapsed = performance.now() - started;
  stopJob();

  const { summary } = msg;
  const blob = new Blob([msg.cleaned], { type: 'text/csv;charset=utf-8' });
  if (downloadUrl) URL.revokeObjectURL(downloadUrl);
  downloadUrl = URL.createObjectURL(blob);
  const outName = cleanedName(file.name);
  ui.download.href = downloadUrl;
  ui.download.download = outName;
  ui.download.textContent = `Download ${outName} (${formatBytes(blob.size)})`;
  ui.download.setAttribute('aria-label', `Download the cleaned file, ${outName}, ${formatBytes(blob.size)}`);

  ui.progress.max = 1;
  ui.progress.value = 1;
  ui.status.textContent = `Done — ${fmt(summary.rows_in)} rows read in ${formatDuration(elapsed)}.`;
  ui.progressArea.hidden = true;

  renderSummary(summary, file, elapsed, msg.version, profile);
  ui.summary.hidden = false;
  ui.body.dataset.run = String(run);
  setState('done');
  announce(
    `Finished cleaning ${file.name}: ${fmt(summary.rows_out)} rows out of ${fmt(summary.rows_in)}, ` +
      `${fmt(summary.rows_rejected)} rejected, ${fmt(summary.cells_changed)} cells changed. The download link is ready.`,
  );
}

function fail(message) {
  stopJob();
  ui.progressArea.hidden = true;
  showError(message);
  setState('error');
}

/** Terminates the current worker, if any. Never reused: each job gets a new one. */
function stopJob() {
  if (job) {
    job.worker.terminate();
    job = null;
  }
}

// ---------------------------------------------------------------- rendering

function renderSummary(s, file, elapsed, version, profile) {
  ui.summaryName.textContent = file.name;
  const format = s.format && s.format !== 'csv' ? s.format.toUpperCase() : 'CSV';
  const meta = [`${formatBytes(file.size)} ${format}`];
  if (s.sheet) meta.push(`sheet “${s.sheet}”`);
  if (!s.format || s.format === 'csv') meta.push(`${delimiterName(s.delimiter)}-separated`);
  meta.push(s.has_header === false ? 'no header row' : 'first row holds the column names');
  if (version) meta.push(`crm-cleaner ${version}`);
  ui.summaryMeta.textContent = meta.join(' · ');

  setField('rows_in', s.rows_in);
  setField('rows_out', s.rows_out);
  setField('rows_rejected', s.rows_rejected);
  setField('columns', s.columns);
  setField('cells_changed', s.cells_changed);
  setField('formula_cells_neutralized', s.formula_cells_neutralized ?? 0);
  setField('encoding', s.encoding || '—', s.encoding || '—');
  setField('time', Math.round(elapsed), formatDuration(elapsed));
  field('rows_rejected').classList.toggle('is-warning', s.rows_rejected > 0);

  // Notices: the core's, then what the page can add from the summary.
  const notices = (s.notices || []).map((text) => capitalize(sentence(text)));
  const auto = profile?.input ?? {};
  if (!auto.encoding && s.encoding && !/^UTF-(8|16LE|16BE)$/i.test(s.encoding)) {
    notices.push(
      `The encoding was detected as ${s.encoding}. If accented or Chinese letters look wrong in the result, ` +
        'choose the right encoding under Reading options and clean the file again.',
    );
  }
  if (auto.has_header === undefined && s.has_header === false) {
    notices.push(
      'The first row looked like data, so it was kept as a row and the columns were named column_1, column_2, … ' +
        'If it holds column names, choose “First row: holds the column names” under Reading options.',
    );
  }
  if (s.formula_cells_neutralized > 0) {
    const n = s.formula_cells_neutralized;
    notices.push(
      `${fmt(n)} ${n === 1 ? 'cell starts' : 'cells start'} with =, +, - or @ and ${n === 1 ? 'was' : 'were'} prefixed ` +
        'with an apostrophe, so spreadsheet programs show the text instead of running it as a formula.',
    );
  }
  ui.notices.replaceChildren(...notices.map((text) => li(text)));
  ui.noticesBlock.hidden = notices.length === 0;

  ui.headerFixes.replaceChildren(
    ...(s.header_fixes || []).map((fix) => {
      const item = document.createElement('li');
      item.append(`Column ${fix.column + 1}: `);
      if (fix.before === '') {
        item.append('(blank)');
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
  ui.rejectedNote.textContent =
    s.rows_rejected === 1
      ? '1 row could not be used and is not in the cleaned file.'
      : `${fmt(s.rows_rejected)} rows could not be used and are not in the cleaned file.`;

  const problems = s.problems || [];
  ui.problems.replaceChildren(
    ...problems.slice(0, MAX_PROBLEMS_SHOWN).map((p) => {
      const item = document.createElement('li');
      item.dataset.line = String(p.line);
      item.dataset.kind = p.kind;
      const line = document.createElement('span');
      line.className = 'line';
      line.textContent = `Line ${fmt(p.line)}`;
      const body = document.createElement('div');
      body.className = 'problem-body';
      const message = document.createElement('p');
      message.textContent = capitalize(sentence(p.message));
      body.append(message);
      if (p.raw) body.append(rawText(p.raw, 'raw raw-block'));
      item.append(line, body);
      return item;
    }),
  );
  ui.problemsCount.textContent = problems.length ? `(${fmt(problems.length)})` : '';
  ui.problemsBlock.hidden = problems.length === 0;
  ui.problemsMore.hidden = problems.length <= MAX_PROBLEMS_SHOWN;
  ui.problemsMore.textContent = `…and ${fmt(problems.length - MAX_PROBLEMS_SHOWN)} more.`;

  ui.allGood.hidden = !(problems.length === 0 && s.rows_rejected === 0 && s.rows_in > 0);
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
  for (const el of ui.summary.querySelectorAll('[data-field]')) {
    el.textContent = '–';
    delete el.dataset.value;
  }
  ui.download.removeAttribute('href');
  if (downloadUrl) {
    URL.revokeObjectURL(downloadUrl);
    downloadUrl = null;
  }
}

function showError(message) {
  ui.error.replaceChildren();
  const title = document.createElement('strong');
  title.textContent = 'Something went wrong. ';
  ui.error.append(title, message, ' ');
  const hint = document.createElement('span');
  hint.className = 'error-hint';
  hint.textContent = 'You can choose another file at any time.';
  ui.error.append(hint);
}

function clearError() {
  ui.error.replaceChildren();
}

function announce(text) {
  ui.announce.textContent = text;
}

function setState(state) {
  ui.body.dataset.state = state;
  ui.drop.setAttribute('aria-busy', String(state === 'working'));
}

function li(text) {
  const item = document.createElement('li');
  item.textContent = text;
  return item;
}

// ---------------------------------------------------------------- formatting

/** `contacts.csv` → `contacts.cleaned.csv`; other names just get `.cleaned.csv`. */
function cleanedName(name) {
  const base = name.replace(/\.(csv|txt|tsv)$/i, '') || 'file';
  return `${base}.cleaned.csv`;
}

function delimiterName(d) {
  return { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' }[d] ?? `“${d}”`;
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
