// Link mode: "Match against an existing list". For each row of the file just
// cleaned (the new list), the worker finds the same customer in another file
// the user chooses (the existing list), with the core's link (wasm
// `linkFiles`): both files are cleaned (validation only) and matched; the
// page shows how many rows matched and offers the matches CSV. The link runs
// in its own worker (made by app.js), terminated when done; nothing is kept.

import { t, fmt, onLangChange } from './i18n.js';
import { coreMessage } from './messages.js';

const $ = (id) => document.getElementById(id);

let makeWorker = null;
/** { file, profile, result, existing, url, worker, error } of the run shown. */
let state = null;

/** `opts.makeWorker()` starts a fresh cleaning worker (app.js knows its URL). */
export function initLink(opts) {
  makeWorker = opts.makeWorker ?? null;
  onLangChange(() => {
    if (state) render();
  });
}

/** Offers matching the cleaned `file` against an existing list. */
export function showLink(file, profile) {
  clearLink();
  if (!makeWorker || !$('link-block')) return;
  state = { file, profile, result: null, existing: null, url: null, worker: null, error: null };
  render();
}

export function clearLink() {
  if (state?.worker) state.worker.terminate();
  if (state?.url) URL.revokeObjectURL(state.url);
  state = null;
  const block = $('link-block');
  if (block) {
    block.hidden = true;
    block.replaceChildren();
  }
}

/** The settings the link uses: the run's checking options and dedupe threshold, not its columns (another file's). */
function linkProfile(profile) {
  const p = { version: 1 };
  if (profile && typeof profile.validate === 'object') p.validate = profile.validate;
  if (profile && typeof profile.dedupe === 'object') p.dedupe = { ...profile.dedupe, enabled: true, decisions: [] };
  return p;
}

function start(existing) {
  if (!state) return;
  if (state.worker) state.worker.terminate();
  if (state.url) URL.revokeObjectURL(state.url);
  Object.assign(state, { existing, result: null, url: null, error: null });
  let worker;
  try {
    worker = makeWorker();
  } catch (err) {
    state.error = err && err.message ? err.message : String(err);
    render();
    return;
  }
  state.worker = worker;
  const done = (patch) => {
    if (!state || state.worker !== worker) return;
    worker.terminate();
    state.worker = null;
    Object.assign(state, patch);
    render();
    $('link-result')?.focus();
  };
  worker.addEventListener('message', (event) => {
    const msg = event.data || {};
    if (msg.type === 'linked') done({ result: msg, url: URL.createObjectURL(msg.matches) });
    else if (msg.type === 'error') done({ error: msg.message || 'unknown error' });
  });
  worker.addEventListener('error', (event) => {
    event.preventDefault();
    done({ error: event.message || 'the worker stopped' });
  });
  render();
  worker.postMessage({ type: 'link', existing, file: state.file, profile: linkProfile(state.profile) });
}

function render() {
  const block = $('link-block');
  if (!block || !state) return;
  block.hidden = false;
  const input = h('input', { type: 'file', id: 'link-file', class: 'visually-hidden', tabindex: '-1', 'aria-label': t('link.fileLabel'), accept: '.csv,.tsv,.txt,.xlsx,.xlsm,.xlsb,.xls,.ods,text/csv' });
  const choose = h('button', { type: 'button', class: 'button', id: 'link-choose' }, t(state.result ? 'link.chooseAgain' : 'link.choose'));
  choose.disabled = Boolean(state.worker);
  choose.addEventListener('click', () => input.click());
  input.addEventListener('change', () => {
    const file = input.files && input.files[0];
    input.value = '';
    if (file) start(file);
  });
  const result = h('div', { id: 'link-result', class: 'link-result', tabindex: '-1', 'aria-live': 'polite' });
  if (state.worker) {
    result.append(h('p', { class: 'block-hint' }, t('link.working', { name: state.existing.name })));
    block.setAttribute('aria-busy', 'true');
  } else block.removeAttribute('aria-busy');
  if (state.error) {
    result.append(h('p', { class: 'link-error' }, t('link.failed', { name: state.existing?.name ?? '', reason: coreMessage(state.error) })));
  }
  if (state.result) {
    const s = state.result.summary ?? {};
    const rows = state.result.rows ?? 0;
    const matched = s.matched ?? 0;
    result.dataset.matched = String(matched);
    result.dataset.rows = String(rows);
    result.append(
      h('p', { class: 'link-summary' }, h('strong', {}, t('link.matched', { matched: fmt(matched), rows: fmt(rows), name: state.file.name, existing: state.existing.name }))),
      h('p', { class: 'block-hint' }, t('link.fields', { fields: (s.fields ?? []).join(', ') || '–', threshold: fmt(Math.round((s.threshold ?? 0) * 1000) / 10) })),
    );
    const base = String(state.file.name).replace(/\.(csv|tsv|txt|xlsx|xlsm|xlsb|xls|ods)$/i, '') || 'file';
    const name = `${base}.matches.csv`;
    result.append(h('div', { class: 'block-actions' }, h('a', { id: 'download-matches', class: 'button', href: state.url, download: name }, t('link.download')), h('span', { class: 'download-desc' }, t('link.download.desc'))));
  }
  block.replaceChildren(
    h('h3', { id: 'link-title' }, t('link.title')),
    h('p', { class: 'block-hint' }, t('link.hint', { name: state.file.name })),
    h('div', { class: 'block-actions' }, choose, input),
    result,
  );
}

function h(name, attrs = {}, ...children) {
  const el = document.createElement(name);
  for (const [k, v] of Object.entries(attrs ?? {})) if (v !== null && v !== undefined) el.setAttribute(k, v);
  for (const c of children) if (c !== null && c !== undefined && c !== '') el.append(c);
  return el;
}
