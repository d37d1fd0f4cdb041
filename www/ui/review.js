// The page side of deduplication: the dedupe numbers, the duplicates and
// clusters downloads, the threshold slider over the score histogram and the
// review queue (accept / reject, export / import decisions).
//
// Everything here works on the result of one run ({ summary, profile,
// duplicates, clusters, dedupe } of the worker's 'done' message). A decision
// or a new threshold is applied by cleaning the file again: `rerun(patch)`
// (given by app.js) starts a run with `profile.dedupe` updated by `patch`.
// Nothing is stored: decisions live in the profile of the run, and leave the
// page only through "Export decisions", a download the user asks for.

import { t, fmt, lang, onLangChange } from './i18n.js';
import { levelLabel } from './messages.js';
import { histogram } from './charts.js';
import { initLink, showLink, clearLink } from './link.js';

const $ = (id) => document.getElementById(id);
const NS = 'http://www.w3.org/2000/svg';

/** Review pairs shown at once (the queue can hold up to review_limit). */
const SHOWN_PAIRS = 20;

let options = { rerun: () => {}, announce: () => {} };
/** The run shown: { file, summary, profile, dedupe, duplicates, clusters, slider }. */
let state = null;
let urls = [];
/** What to focus once the next result is shown, after a decision or a new threshold. */
let refocus = null;

/** `rerun(patch)` cleans the file again with `profile.dedupe` updated by `patch`; `announce(text)` speaks;
 *  `makeWorker()` starts a fresh worker, for link mode (ui/link.js). */
export function initReview(opts) {
  options = { ...options, ...opts };
  initLink({ makeWorker: opts.makeWorker }); // link mode, if app.js can start a worker
  onLangChange(() => {
    if (state) render();
  });
}

/** Shows the dedupe results of a finished run (hides the panel when dedupe was off). */
export function renderDedupe(msg, file) {
  clearDedupe();
  state = {
    file,
    summary: msg.summary,
    profile: msg.profile,
    dedupe: msg.dedupe ?? null,
    duplicates: msg.duplicates ?? null,
    clusters: msg.clusters ?? null,
    // Object URLs the worker made for these files (see www/worker.js makeUrls): none made here.
    workerUrls: msg.urls ?? {},
    slider: null,
  };
  render();
  showLink(file, msg.profile);
  if (refocus) {
    const target = refocus();
    refocus = null;
    if (target) target.focus();
  }
}

/** The worker that made the download URLs stopped (its URLs died with it): the page makes its own. */
export function relinkDedupe() {
  if (!state) return;
  const mine = new Set(urls);
  for (const [key, url] of Object.entries(state.workerUrls)) if (!mine.has(url)) delete state.workerUrls[key];
  renderDownloads();
}

/** Hides the panel and drops its downloads (a new run starts). */
export function clearDedupe() {
  clearLink();
  for (const url of urls) URL.revokeObjectURL(url);
  urls = [];
  for (const li of document.querySelectorAll('#downloads [data-slot="dedupe"]')) li.remove();
  const block = $('dedupe-block');
  if (block) {
    block.hidden = true;
    block.replaceChildren();
  }
  state = null;
}

// ---------------------------------------------------------------- rendering

function render() {
  const block = $('dedupe-block');
  if (!block || !state) return;
  renderDownloads();
  const s = state.summary?.dedupe;
  if (!s) {
    block.hidden = true;
    block.replaceChildren();
    return;
  }
  block.hidden = false;
  block.replaceChildren(
    h('h3', { id: 'dedupe-title', tabindex: '-1' }, t('dd.title')),
    stats(s),
    ...(s.notice ? [h('p', { class: 'block-hint dedupe-notice' }, /^no duplicates looked for/.test(s.notice) ? t('notice.noDedupeKey') : s.notice)] : []),
    ...(state.dedupe ? [slider(s), queue(s), decisionsBar()] : []),
  );
}

function renderDownloads() {
  for (const li of document.querySelectorAll('#downloads [data-slot="dedupe"]')) li.remove();
  const list = $('downloads');
  if (!list || !state.summary?.dedupe) return;
  const base = baseName(state.file.name);
  const merged = state.summary.dedupe.rows_merged ?? 0;
  const clusters = state.summary.dedupe.clusters ?? 0;
  const items = [
    ['duplicates', 'download-duplicates', `${base}.duplicates.csv`, t('dd.dl.duplicates'), merged ? t(merged === 1 ? 'dd.dl.duplicates.desc.one' : 'dd.dl.duplicates.desc', { n: fmt(merged) }) : t('dd.dl.duplicates.none')],
    ['clusters', 'download-clusters', `${base}.clusters.csv`, t('dd.dl.clusters'), clusters ? t(clusters === 1 ? 'dd.dl.clusters.desc.one' : 'dd.dl.clusters.desc', { n: fmt(clusters) }) : t('dd.dl.clusters.none')],
  ];
  const note = $('download-note');
  for (const [key, id, name, label, desc] of items) {
    const blob = state[key];
    if (!(blob instanceof Blob)) continue;
    let url = state.workerUrls[key];
    if (!url) {
      url = URL.createObjectURL(blob);
      urls.push(url);
      state.workerUrls[key] = url; // made once, kept across a language switch
    }
    const link = h('a', { id, class: 'button', href: url, download: name, 'aria-label': `${label}, ${name}, ${size(blob.size)}` }, `${label} · ${size(blob.size)}`);
    const li = h('li', { 'data-slot': 'dedupe' }, link, h('span', { class: 'download-desc' }, desc));
    if (note && note.parentElement === list) list.insertBefore(li, note);
    else list.append(li);
  }
}

function stats(s) {
  const b = s.blocking ?? {};
  const items = [
    ['rows_merged', t('dd.stat.merged'), fmt(s.rows_merged ?? 0)],
    ['clusters', t('dd.stat.clusters'), fmt(s.clusters ?? 0)],
    ['candidate_pairs', t('dd.stat.pairs'), fmt(b.candidate_pairs ?? 0)],
    ['reduction_ratio', t('dd.stat.reduction'), percent(b.reduction_ratio ?? 0, 2)],
    ['splits', t('dd.stat.splits'), fmt(s.splits ?? 0)],
    ['review_pairs', t('dd.stat.review'), fmt(s.review_pairs ?? 0)],
  ];
  const dl = h('dl', { class: 'stats dedupe-stats', id: 'dedupe-stats' });
  for (const [key, label, value] of items) {
    dl.append(h('div', { class: 'stat' }, h('dt', {}, label), h('dd', { 'data-dedupe': key }, value)));
  }
  const frag = document.createDocumentFragment();
  frag.append(dl);
  const hint = t('dd.hint', {
    pairs: fmt(b.candidate_pairs ?? 0),
    possible: fmt(b.possible_pairs ?? 0),
    threshold: percent(s.threshold ?? 0, 1),
  });
  frag.append(h('p', { class: 'block-hint' }, hint));
  if ((s.decisions_applied ?? 0) > 0) frag.append(h('p', { class: 'block-hint' }, t('dd.decisionsApplied', { n: fmt(s.decisions_applied) })));
  return frag;
}

/** The threshold slider over the histogram of pair scores. */
function slider(s) {
  const d = state.dedupe;
  const stops = [...(d.thresholds ?? [])].sort((a, b) => a.probability - b.probability);
  const wrap = h('div', { class: 'dedupe-threshold', role: 'group', 'aria-labelledby': 'dedupe-threshold-title' });
  wrap.append(h('h4', { id: 'dedupe-threshold-title' }, t('dd.threshold.title')));
  if (stops.length === 0 || !d.histogram || !(d.histogram.counts ?? []).some((c) => c > 0)) {
    wrap.append(h('p', { class: 'block-hint' }, t('dd.threshold.none')));
    return wrap;
  }
  const current = s.threshold ?? 0.99;
  let index = state.slider;
  if (index === null || index >= stops.length) {
    index = nearest(stops, current);
    state.slider = index;
  }
  const hist = d.histogram;
  const chartBox = h('div', { class: 'dedupe-histogram' });
  const input = h('input', {
    type: 'range',
    id: 'dedupe-threshold',
    min: '0',
    max: String(stops.length - 1),
    step: '1',
    value: String(index),
    'aria-describedby': 'dedupe-threshold-out',
  });
  const label = h('label', { for: 'dedupe-threshold' }, t('dd.threshold.label'));
  const out = h('output', { id: 'dedupe-threshold-out', for: 'dedupe-threshold', class: 'dedupe-threshold-out', 'aria-live': 'polite' });
  const apply = h('button', { type: 'button', class: 'button button-primary', id: 'dedupe-threshold-apply' }, t('dd.threshold.apply'));
  const update = () => {
    const stop = stops[index];
    state.slider = index;
    input.setAttribute('aria-valuetext', percent(stop.probability, 1));
    out.replaceChildren(
      h('strong', {}, percent(stop.probability, 1)),
      ' — ',
      t('dd.threshold.at', { clusters: fmt(stop.clusters), merged: fmt(stop.rows_merged) }),
      Math.abs(stop.probability - current) < 1e-9 ? ` ${t('dd.threshold.current')}` : '',
    );
    out.dataset.clusters = String(stop.clusters);
    out.dataset.merged = String(stop.rows_merged);
    apply.disabled = Math.abs(stop.probability - current) < 1e-9;
    chartBox.replaceChildren(chart(hist, stop.probability, current));
  };
  input.addEventListener('input', () => {
    index = Number(input.value);
    update();
  });
  apply.addEventListener('click', () => {
    const probability = stops[index].probability;
    refocus = () => $('dedupe-threshold');
    options.announce(t('dd.threshold.applying', { p: percent(probability, 1) }));
    options.rerun({ threshold: probability });
  });
  update();
  wrap.append(
    h('p', { class: 'block-hint' }, t('dd.threshold.hint')),
    chartBox,
    h('div', { class: 'dedupe-slider' }, label, input),
    h('div', { class: 'dedupe-apply' }, out, apply),
  );
  return wrap;
}

/** The histogram with the chosen threshold (and the current one) marked. */
function chart(hist, probability, current) {
  const width = 640;
  const height = 120;
  const svg = histogram([], { counts: hist.counts, min: hist.min, max: hist.max, width, height, label: t('dd.histogram.label'), format: (v) => v.toFixed(1) });
  const lo = hist.min;
  const hi = hist.max > hist.min ? hist.max : hist.min + 1;
  const x = (p) => Math.max(0, Math.min(width, ((weightOf(p) - lo) / (hi - lo)) * width));
  if (Math.abs(probability - current) > 1e-9) svg.append(mark(x(current), height, 'dedupe-mark-current'));
  svg.append(mark(x(probability), height, 'dedupe-mark'));
  const axis = document.createElementNS(NS, 'text');
  axis.setAttribute('x', String(width / 2));
  axis.setAttribute('y', String(height + 16));
  axis.setAttribute('text-anchor', 'middle');
  axis.setAttribute('class', 'chart-value chart-muted');
  axis.textContent = t('dd.histogram.axis');
  svg.append(axis);
  return svg;
}

function mark(x, height, cls) {
  const line = document.createElementNS(NS, 'line');
  for (const [k, v] of Object.entries({ x1: x.toFixed(1), x2: x.toFixed(1), y1: '0', y2: String(height), class: cls })) line.setAttribute(k, v);
  return line;
}

/** A match probability as a match weight in bits (the histogram's axis). */
function weightOf(p) {
  const c = Math.min(1 - 1e-12, Math.max(1e-12, p));
  return Math.log2(c / (1 - c));
}

function nearest(stops, p) {
  let best = 0;
  stops.forEach((s, i) => {
    if (Math.abs(s.probability - p) < Math.abs(stops[best].probability - p)) best = i;
  });
  return best;
}

/** The review queue: each uncertain pair side by side, with why, and the two buttons. */
function queue(s) {
  const pairs = state.dedupe.review ?? [];
  const total = s.review_pairs ?? pairs.length;
  const wrap = h('div', { class: 'dedupe-review', role: 'region', 'aria-labelledby': 'dedupe-review-title' });
  wrap.append(h('h4', { id: 'dedupe-review-title', tabindex: '-1' }, t('dd.review.title'), ' ', h('span', { class: 'count' }, fmt(total))));
  if (pairs.length === 0) {
    wrap.append(h('p', { class: 'block-hint', id: 'dedupe-review-empty' }, t('dd.review.empty')));
    return wrap;
  }
  wrap.append(h('p', { class: 'block-hint' }, t('dd.review.hint', { from: percent(state.profile?.dedupe?.review_from ?? 0.5, 0), to: percent(s.threshold ?? 0.99, 1) })));
  const headers = (state.summary.column_types ?? []).slice(0, state.summary.columns).map((c) => c.name);
  const list = h('ol', { class: 'review-list', id: 'dedupe-review' });
  pairs.slice(0, SHOWN_PAIRS).forEach((pair, i) => list.append(pairCard(pair, i, headers)));
  wrap.append(list);
  if (total > Math.min(pairs.length, SHOWN_PAIRS)) {
    wrap.append(h('p', { class: 'block-hint' }, t('dd.review.more', { shown: fmt(Math.min(pairs.length, SHOWN_PAIRS)), total: fmt(total) })));
  }
  return wrap;
}

function pairCard(pair, index, headers) {
  const [a, b] = pair.rows;
  const ex = pair.explanation ?? { fields: [] };
  const differing = new Set(pair.differing ?? []);
  const titleId = `review-pair-${index}`;
  const card = h('li', { class: 'review-pair', 'data-rows': `${a},${b}`, 'aria-labelledby': titleId });
  card.append(
    h('div', { class: 'review-head' },
      h('h5', { id: titleId }, t('dd.pair.title', { a: fmt(a), b: fmt(b) })),
      h('span', { class: 'review-probability', 'data-probability': String(ex.probability) }, t('dd.pair.probability', { p: percent(ex.probability ?? 0, 1) })),
    ),
  );
  // The two rows side by side, the columns that differ marked.
  const width = Math.max(headers.length, ...pair.values.map((v) => v.length));
  const names = Array.from({ length: width }, (_, i) => headers[i] ?? `#${i + 1}`);
  const table = h('table', { class: 'data-table review-table' });
  table.append(h('caption', { class: 'visually-hidden' }, t('dd.pair.caption', { a: fmt(a), b: fmt(b) })));
  const headRow = h('tr', {}, h('th', { scope: 'col' }, t('dd.pair.row')));
  for (const name of names) {
    headRow.append(h('th', { scope: 'col', class: differing.has(name) ? 'is-differing' : null }, name, differing.has(name) ? h('span', { class: 'visually-hidden' }, ` (${t('dd.pair.differs')})`) : null));
  }
  const body = h('tbody');
  pair.values.forEach((cells, k) => {
    const tr = h('tr', {}, h('th', { scope: 'row' }, fmt(pair.rows[k])));
    names.forEach((name, i) => {
      const value = cells[i] ?? '';
      tr.append(h('td', { class: [differing.has(name) ? 'is-differing' : '', value === '' ? 'is-empty' : ''].join(' ').trim() || null }, value === '' ? '—' : value));
    });
    body.append(tr);
  });
  table.append(h('thead', {}, headRow), body);
  card.append(h('div', { class: 'table-wrap' }, table));

  // Why: each field's part of the score.
  const fields = [...(ex.fields ?? [])];
  const top = Math.max(1, ...fields.map((f) => Math.abs(f.weight)), Math.abs((ex.weight ?? 0) - fields.reduce((sum, f) => sum + (Number(f.weight) || 0), 0)));
  const why = h('table', { class: 'data-table review-why' });
  why.append(
    h('caption', {}, t('dd.why.caption', { w: signed(ex.weight ?? 0) })),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('dd.why.field')), h('th', { scope: 'col' }, t('dd.why.level')), h('th', { scope: 'col', class: 'num' }, t('dd.why.weight')), h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, t('dd.why.bar'))))),
  );
  const whyBody = h('tbody');
  // The total also holds the weight before any field is compared (how common duplicates are in this file).
  const prior = (ex.weight ?? 0) - fields.reduce((sum, f) => sum + (Number(f.weight) || 0), 0);
  if (Math.abs(prior) >= 0.05) fields.unshift({ field: t('dd.why.prior'), label: t('dd.why.prior.label'), weight: prior, prior: true });
  for (const f of fields) {
    whyBody.append(
      h('tr', { class: [f.weight > 0 ? 'is-for' : f.weight < 0 ? 'is-against' : 'is-neutral', f.prior ? 'is-prior' : ''].join(' ').trim() },
        h('th', { scope: 'row' }, f.field),
        h('td', {}, f.label ? levelLabel(f.label) : f.level === null ? t('dd.why.missing') : ''),
        h('td', { class: 'num' }, signed(f.weight)),
        h('td', { class: 'review-bar-cell', 'aria-hidden': 'true' }, weightBar(f.weight, top)),
      ),
    );
  }
  why.append(whyBody);
  card.append(h('div', { class: 'table-wrap review-why-wrap' }, why));

  const accept = h('button', { type: 'button', class: 'button button-primary', 'data-decision': 'accept', 'aria-label': t('dd.accept.aria', { a: a, b: b }) }, t('dd.accept'));
  const reject = h('button', { type: 'button', class: 'button', 'data-decision': 'reject', 'aria-label': t('dd.reject.aria', { a: a, b: b }) }, t('dd.reject'));
  for (const button of [accept, reject]) {
    button.addEventListener('click', () => decide([a, b], button.dataset.decision, index));
  }
  card.append(h('div', { class: 'block-actions review-actions' }, accept, reject));
  return card;
}

/** A small diverging bar: right of the middle for a match, left against. */
function weightBar(weight, top) {
  const width = 120;
  const mid = width / 2;
  const svg = document.createElementNS(NS, 'svg');
  for (const [k, v] of Object.entries({ viewBox: `0 0 ${width} 10`, width: String(width), height: '10', class: 'review-bar', focusable: 'false' })) svg.setAttribute(k, v);
  const w = (Math.min(1, Math.abs(weight) / top) * (mid - 1));
  const rect = document.createElementNS(NS, 'rect');
  for (const [k, v] of Object.entries({ x: (weight >= 0 ? mid : mid - w).toFixed(1), y: '1', width: Math.max(weight === 0 ? 0 : 1, w).toFixed(1), height: '8', rx: '1', class: weight >= 0 ? 'review-bar-for' : 'review-bar-against' })) rect.setAttribute(k, v);
  const axis = document.createElementNS(NS, 'line');
  for (const [k, v] of Object.entries({ x1: String(mid), x2: String(mid), y1: '0', y2: '10', class: 'chart-axis' })) axis.setAttribute(k, v);
  svg.append(rect, axis);
  return svg;
}

function currentDecisions() {
  const list = state?.profile?.dedupe?.decisions;
  return Array.isArray(list) ? list.filter((d) => d && Array.isArray(d.rows) && d.rows.length === 2) : [];
}

const pairKey = (rows) => `${Math.min(rows[0], rows[1])},${Math.max(rows[0], rows[1])}`;

/** Merges `more` into the decisions (a later one for the same pair wins). */
function withDecisions(more) {
  const byPair = new Map(currentDecisions().map((d) => [pairKey(d.rows), d]));
  for (const d of more) {
    const [a, b] = [Number(d.rows[0]), Number(d.rows[1])];
    byPair.set(pairKey(d.rows), { rows: [Math.min(a, b), Math.max(a, b)], decision: d.decision });
  }
  return [...byPair.values()];
}

function decide(rows, decision, index) {
  const decisions = withDecisions([{ rows, decision }]);
  // After the new run, go on with the pair now at this place (or the heading).
  refocus = () => document.querySelectorAll('#dedupe-review .review-pair')[index]?.querySelector('button[data-decision="accept"]') ?? $('dedupe-review-title') ?? $('dedupe-title');
  options.announce(t(decision === 'accept' ? 'dd.accepted' : 'dd.rejected', { a: rows[0], b: rows[1] }));
  options.rerun({ decisions });
}

/** Export / import of the decisions, and how many there are. */
function decisionsBar() {
  const decisions = currentDecisions();
  const wrap = h('div', { class: 'dedupe-decisions', role: 'group', 'aria-labelledby': 'dedupe-decisions-title' });
  wrap.append(h('h4', { id: 'dedupe-decisions-title' }, t('dd.decisions.title')));
  const accepted = decisions.filter((d) => d.decision === 'accept').length;
  wrap.append(h('p', { class: 'block-hint', id: 'dedupe-decisions-count' }, decisions.length
    ? t(decisions.length === 1 ? 'dd.decisions.count.one' : 'dd.decisions.count', { n: fmt(decisions.length), accepted: fmt(accepted), rejected: fmt(decisions.length - accepted) })
    : t('dd.decisions.none')));
  const exportButton = h('button', { type: 'button', class: 'button', id: 'dedupe-export' }, t('dd.decisions.export'));
  exportButton.disabled = decisions.length === 0;
  exportButton.addEventListener('click', () => {
    const text = JSON.stringify({ decisions }, null, 2) + '\n';
    const url = URL.createObjectURL(new Blob([text], { type: 'application/json;charset=utf-8' }));
    const link = h('a', { href: url, download: `${baseName(state.file.name)}.decisions.json`, hidden: '' });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  });
  const input = h('input', { type: 'file', id: 'dedupe-import-file', accept: '.json,application/json', class: 'visually-hidden', tabindex: '-1', 'aria-label': t('dd.decisions.importLabel') });
  const importButton = h('button', { type: 'button', class: 'button', id: 'dedupe-import' }, t('dd.decisions.import'));
  const status = h('p', { class: 'block-hint', id: 'dedupe-import-status', 'aria-live': 'polite' });
  importButton.addEventListener('click', () => input.click());
  input.addEventListener('change', async () => {
    const file = input.files && input.files[0];
    input.value = '';
    if (!file) return;
    try {
      if (file.size > 16 << 20) throw new Error(t('dd.import.tooLarge'));
      const parsed = JSON.parse((await file.text()).replace(/^\uFEFF/, ''));
      const list = Array.isArray(parsed) ? parsed : parsed && Array.isArray(parsed.decisions) ? parsed.decisions : null;
      if (!list) throw new Error(t('dd.import.shape'));
      for (const d of list) {
        const ok = d && Array.isArray(d.rows) && d.rows.length === 2 && d.rows.every((r) => Number.isInteger(r) && r > 0) && ['accept', 'reject'].includes(d.decision);
        if (!ok) throw new Error(t('dd.import.shape'));
      }
      refocus = () => $('dedupe-decisions-count');
      options.announce(t('dd.import.applying', { n: fmt(list.length) }));
      options.rerun({ decisions: withDecisions(list) });
    } catch (err) {
      status.textContent = t('dd.import.failed', { name: file.name, reason: err && err.message ? err.message : String(err) });
    }
  });
  wrap.append(h('div', { class: 'block-actions' }, exportButton, importButton, input), status);
  return wrap;
}

// ---------------------------------------------------------------- helpers

/** A small element builder: attributes (null ones left out), then children. */
function h(name, attrs = {}, ...children) {
  const el = document.createElement(name);
  for (const [k, v] of Object.entries(attrs ?? {})) if (v !== null && v !== undefined) el.setAttribute(k, v);
  for (const c of children) if (c !== null && c !== undefined && c !== '') el.append(c);
  return el;
}

function percent(p, digits) {
  return new Intl.NumberFormat(lang() === 'zh' ? 'zh-CN' : 'en', { style: 'percent', maximumFractionDigits: digits }).format(p);
}

function signed(w) {
  const v = Number(w) || 0;
  return `${v > 0 ? '+' : v < 0 ? '−' : '±'}${Math.abs(v).toFixed(1)}`;
}

function size(n) {
  if (n < 1024) return `${fmt(n)} B`;
  const [v, unit] = n < 1024 * 1024 ? [n / 1024, 'KB'] : [n / 1024 / 1024, 'MB'];
  return `${v.toFixed(v < 10 ? 1 : 0)} ${unit}`;
}

function baseName(name) {
  return String(name).replace(/\.(csv|tsv|txt|xlsx|xlsm|xlsb|xls|ods)$/i, '') || 'file';
}
