// Charts as inline SVG, made here (no chart library). Colours come from
// style.css classes (.chart-*), so no inline style is ever written.
//
//   barChart(items, options)   horizontal bars: [{ label, value, max?, text?, tone?, title? }]
//   pairChart(items, options)  two bars per item (before / after): [{ label, before, after }]
//   histogram(values|bins, options)  vertical bars over equal bins; the dedupe
//                                    panel's score histogram can reuse it

const NS = 'http://www.w3.org/2000/svg';

function el(name, attrs = {}, text) {
  const node = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

function svg(width, height, label) {
  return el('svg', {
    viewBox: `0 0 ${width} ${height}`,
    width: '100%',
    preserveAspectRatio: 'xMinYMin meet',
    role: 'img',
    'aria-label': label,
    class: 'chart',
    focusable: 'false',
  });
}

function clip(text, max) {
  max = Math.max(6, Math.floor(max));
  text = String(text);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * Horizontal bars, one per item, sorted as given. `value` out of `max`
 * (default: the largest value); `text` is what is written after the bar.
 */
export function barChart(items, { label = '', width = 640, labelWidth = 200, row = 26, tone = 'accent' } = {}) {
  const height = Math.max(row, items.length * row) + 4;
  const root = svg(width, height, label);
  const largest = Math.max(1, ...items.map((i) => i.max ?? i.value));
  const barSpace = width - labelWidth - 90;
  items.forEach((item, n) => {
    const y = n * row + 2;
    const g = el('g', { class: 'chart-row' });
    if (item.title) g.append(el('title', {}, item.title));
    g.append(el('text', { x: labelWidth - 8, y: y + row * 0.68, 'text-anchor': 'end', class: 'chart-label' }, clip(item.label, (labelWidth - 12) / 7.4)));
    const max = item.max ?? largest;
    const w = max > 0 ? Math.max(0, Math.min(1, item.value / max)) * barSpace : 0;
    g.append(el('rect', { x: labelWidth, y: y + 4, width: barSpace, height: row - 10, rx: 3, class: 'chart-track' }));
    g.append(el('rect', { x: labelWidth, y: y + 4, width: w.toFixed(1), height: row - 10, rx: 3, class: `chart-bar chart-${item.tone ?? tone}` }));
    g.append(el('text', { x: labelWidth + barSpace + 8, y: y + row * 0.68, class: 'chart-value' }, item.text ?? String(item.value)));
    root.append(g);
  });
  return root;
}

/** Two thin bars per item: before (muted) and after (accent), both 0–1. */
export function pairChart(items, { label = '', width = 640, labelWidth = 200, row = 34, format = (v) => `${Math.round(v * 100)} %` } = {}) {
  const height = Math.max(row, items.length * row) + 4;
  const root = svg(width, height, label);
  const barSpace = width - labelWidth - 110;
  items.forEach((item, n) => {
    const y = n * row + 2;
    const g = el('g', { class: 'chart-row' });
    if (item.title) g.append(el('title', {}, item.title));
    g.append(el('text', { x: labelWidth - 8, y: y + row * 0.62, 'text-anchor': 'end', class: 'chart-label' }, clip(item.label, (labelWidth - 12) / 7.4)));
    for (const [k, value, cls, dy] of [
      [0, item.before, 'chart-before', 5],
      [1, item.after, 'chart-after', 17],
    ]) {
      const v = value === null || value === undefined ? null : Math.max(0, Math.min(1, value));
      g.append(el('rect', { x: labelWidth, y: y + dy, width: barSpace, height: 10, rx: 2, class: 'chart-track' }));
      if (v !== null) g.append(el('rect', { x: labelWidth, y: y + dy, width: (v * barSpace).toFixed(1), height: 10, rx: 2, class: `chart-bar ${cls}` }));
      g.append(el('text', { x: labelWidth + barSpace + 8, y: y + dy + 9, class: `chart-value${k ? '' : ' chart-muted'}` }, v === null ? '–' : format(v)));
    }
    root.append(g);
  });
  return root;
}

/**
 * A histogram: `values` are binned into `bins` equal bins over [min, max]
 * (or pass `counts` directly). Returns the SVG; bars carry a <title> with their range and count.
 */
export function histogram(values, { bins = 20, min, max, counts, label = '', width = 640, height = 160, format = (v) => v.toFixed(2) } = {}) {
  let lo = min ?? Math.min(...values);
  let hi = max ?? Math.max(...values);
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) lo = hi = 0;
  if (hi === lo) hi = lo + 1;
  const n = counts ? counts.length : bins;
  const tally = counts ? [...counts] : new Array(n).fill(0);
  if (!counts) for (const v of values) tally[Math.min(n - 1, Math.max(0, Math.floor(((v - lo) / (hi - lo)) * n)))] += 1;
  const root = svg(width, height + 20, label);
  const top = Math.max(1, ...tally);
  const w = width / n;
  tally.forEach((count, i) => {
    const h = (count / top) * (height - 4);
    const g = el('g', { class: 'chart-row' });
    const from = lo + ((hi - lo) * i) / n;
    const to = lo + ((hi - lo) * (i + 1)) / n;
    g.append(el('title', {}, `${format(from)}–${format(to)}: ${count}`));
    g.append(el('rect', { x: (i * w + 1).toFixed(1), y: (height - h).toFixed(1), width: Math.max(1, w - 2).toFixed(1), height: h.toFixed(1), class: 'chart-bar chart-accent' }));
    root.append(g);
  });
  root.append(el('line', { x1: 0, y1: height, x2: width, y2: height, class: 'chart-axis' }));
  root.append(el('text', { x: 0, y: height + 16, class: 'chart-value' }, format(lo)));
  root.append(el('text', { x: width, y: height + 16, 'text-anchor': 'end', class: 'chart-value' }, format(hi)));
  return root;
}
