// The quality report: shown on the page, and downloadable as a self-contained
// HTML file (inline CSS and SVG, no script, no request) and as JSON. The
// numbers come from the core (src/report.rs) in summary.quality.

import { barChart, pairChart } from './charts.js';
import { t, fmt, lang } from './i18n.js';

export const MEASURES = ['completeness', 'validity', 'uniqueness', 'consistency', 'timeliness'];

// A no-break space: "83.3 %" never breaks across two lines in a narrow column.
const pct = (v) => (v === null || v === undefined ? t('report.na') : `${(v * 100).toFixed(1).replace(/\.0$/, '')}\u00a0%`);

function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') node.className = v;
    else if (k.startsWith('data-')) node.setAttribute(k, v);
    else node.setAttribute(k, v);
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

function scoreTone(score) {
  return score >= 85 ? 'good' : score >= 60 ? 'fair' : 'poor';
}

/** The report's content as DOM nodes (the same for the page and the HTML file). */
export function reportNodes(quality, summary, { kinds = {}, width = 640 } = {}) {
  // Narrow: the labels (column names, issue codes) matter more than the bars' length.
  const labelWidth = Math.round(Math.min(200, Math.max(90, width * (width < 500 ? 0.45 : 0.3))));
  const q = quality ?? {};
  const nodes = [];

  const scores = h('div', { class: 'report-scores' });
  for (const [key, value] of [
    ['report.before', q.score_before],
    ['report.after', q.score_after],
  ]) {
    scores.append(
      h(
        'div',
        { class: `report-score is-${scoreTone(value ?? 0)}`, 'data-score': key.endsWith('after') ? 'after' : 'before', 'data-value': String(value ?? '') },
        h('span', { class: 'report-score-label' }, `${t('report.score')} · ${t(key)}`),
        h('span', { class: 'report-score-value' }, value === undefined || value === null ? '–' : String(value)),
        h('span', { class: 'report-score-max' }, '/ 100'),
      ),
    );
  }
  nodes.push(scores);

  const table = h('table', { class: 'data-table report-table' });
  table.append(
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('report.measure')), h('th', { scope: 'col', class: 'num' }, t('report.before')), h('th', { scope: 'col', class: 'num' }, t('report.after')))),
  );
  const body = h('tbody');
  for (const m of MEASURES) {
    const before = q.before?.[m];
    const after = q.after?.[m];
    const delta = before !== null && after !== null && before !== undefined && after !== undefined ? after - before : 0;
    body.append(
      h(
        'tr',
        { 'data-measure': m },
        h('th', { scope: 'row' }, t(`report.${m}`)),
        h('td', { class: 'num' }, pct(before)),
        h('td', { class: `num${delta > 0.0005 ? ' is-up' : delta < -0.0005 ? ' is-down' : ''}` }, pct(after)),
      ),
    );
  }
  table.append(body);
  nodes.push(h('div', { class: 'table-wrap' }, table));
  nodes.push(h('p', { class: 'block-hint report-formula' }, t('report.formula')));

  const columns = q.columns ?? [];
  if (columns.length) {
    nodes.push(h('h4', {}, t('report.byColumn')));
    nodes.push(
      pairChart(
        columns.map((c) => ({
          label: c.name || t('blank'),
          before: c.score_before / 100,
          after: c.score_after / 100,
          title: `${c.name} (${t(`type.${c.type}`)}): ${MEASURES.map((m) => `${t(`report.${m}`)} ${pct(c.after[m])}`).join(', ')}`,
        })),
        { label: t('report.byColumn'), format: (v) => `${Math.round(v * 100)}`, width, labelWidth },
      ),
    );
    const ct = h('table', { class: 'data-table report-columns' });
    ct.append(
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, t('report.column')),
          h('th', { scope: 'col' }, t('report.type')),
          ...MEASURES.slice(0, 4).map((m) => h('th', { scope: 'col', class: 'num' }, t(`report.${m}`))),
          h('th', { scope: 'col', class: 'num' }, t('report.score.short')),
        ),
      ),
    );
    const cb = h('tbody');
    for (const c of columns) {
      cb.append(
        h(
          'tr',
          { 'data-column': c.name },
          h('th', { scope: 'row' }, c.name || t('blank')),
          h('td', {}, t(`type.${c.type}`)),
          ...MEASURES.slice(0, 4).map((m) => h('td', { class: 'num' }, `${pct(c.before[m])} → ${pct(c.after[m])}`)),
          h('td', { class: 'num' }, `${c.score_before} → ${c.score_after}`),
        ),
      );
    }
    ct.append(cb);
    nodes.push(h('div', { class: 'table-wrap' }, ct));
  }

  const byCode = Object.entries(summary?.issues_by_code ?? {}).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  nodes.push(h('h4', {}, t('report.byCode')));
  if (byCode.length) {
    nodes.push(
      barChart(
        byCode.map(([code, count]) => ({
          label: code,
          value: count,
          text: fmt(count),
          tone: kinds[code]?.severity === 'error' ? 'danger' : 'warn',
          title: `${code}: ${fmt(count)}${kinds[code] ? ` — ${lang() === 'zh' && kinds[code].example_zh ? kinds[code].example_zh : kinds[code].example}` : ''}`,
        })),
        { label: t('report.byCode'), width, labelWidth },
      ),
    );
  } else {
    nodes.push(h('p', { class: 'block-hint' }, t('report.noIssues')));
  }
  return nodes;
}

/**
 * Fills the page's report block; the charts are drawn at the block's width, so
 * their text stays legible. `options.width` is the block's width as last
 * measured (by a ResizeObserver): reading clientWidth here would force a layout
 * of the whole page, grid and all, in the middle of showing a result.
 */
export function renderReport(container, quality, summary, options = {}) {
  const measured = options.width ?? container.clientWidth;
  const width = Math.max(300, Math.min(880, Math.round(measured) || 640));
  container.dataset.width = String(width);
  container.replaceChildren(...reportNodes(quality, summary, { ...options, width }));
}

/** The report as JSON text: the file, the counts and the quality measures. */
export function reportJson({ fileName, version, summary, quality }) {
  const keep = ['rows_in', 'rows_out', 'rows_rejected', 'columns', 'cells_changed', 'issues', 'issue_errors', 'issues_by_code', 'rows_stale', 'format', 'encoding'];
  const counts = Object.fromEntries(keep.filter((k) => summary && k in summary).map((k) => [k, summary[k]]));
  return `${JSON.stringify({ file: fileName, generated: new Date().toISOString(), crm_cleaner: version ?? null, summary: counts, quality }, null, 2)}\n`;
}

const REPORT_CSS = `
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","PingFang SC","Microsoft YaHei",sans-serif;color:#1b2430;background:#fff;max-width:960px;margin:2rem auto;padding:0 1.5rem}
h1{font-size:1.6rem;margin:0 0 .25rem}h2{font-size:1.2rem;margin:2rem 0 .5rem}h4{font-size:1rem;margin:1.5rem 0 .5rem}
.meta,.block-hint{color:#5b6675}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{padding:.35rem .6rem;border-bottom:1px solid #dde3ea;text-align:left}
.num{text-align:right;font-variant-numeric:tabular-nums}.is-up{color:#1c7c4a;font-weight:600}.is-down{color:#b42318;font-weight:600}
.report-scores{display:flex;gap:1rem;flex-wrap:wrap}.report-score{border:1px solid #dde3ea;border-radius:12px;padding:.75rem 1rem;min-width:10rem}
.report-score-label{display:block;color:#5b6675;font-size:.85rem}.report-score-value{font-size:2rem;font-weight:700;margin-right:.25rem}
.report-score.is-good .report-score-value{color:#1c7c4a}.report-score.is-fair .report-score-value{color:#9a5b00}.report-score.is-poor .report-score-value{color:#b42318}
.chart{max-width:100%;height:auto}.chart-label,.chart-value{font-size:12px;fill:#1b2430}.chart-muted{fill:#5b6675}.chart-track{fill:#eef1f5}
.chart-accent,.chart-after{fill:#1f5fbf}.chart-before{fill:#9aa6b4}.chart-danger{fill:#b42318}.chart-warn{fill:#c98200}.chart-axis{stroke:#5b6675}
`;

const escapeHtml = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

/** The report as one HTML file: inline CSS and SVG, no script, and a CSP that forbids any request. */
export function reportHtml({ fileName, version, summary, quality, kinds }) {
  const wrap = document.createElement('div');
  wrap.append(...reportNodes(quality, summary, { kinds }));
  const title = t('report.for', { name: fileName });
  const date = new Date().toISOString().slice(0, 16).replace('T', ' ');
  return `<!doctype html>
<html lang="${lang() === 'zh' ? 'zh-CN' : 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p class="meta">${escapeHtml(t('report.rows', { rows: fmt(summary?.rows_out ?? 0), columns: fmt(summary?.columns ?? 0) }))} · ${escapeHtml(t('report.generated', { version: version ?? '', date }))}</p>
${wrap.innerHTML}
</body>
</html>
`;
}
