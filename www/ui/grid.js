// The preview grid: the whole cleaned table, a fixed number of rows at a time.
//
// Only the visible rows are in the DOM (VISIBLE <tr>s, reused); the rows come
// from the worker in pages of PAGE rows and are cached. The grid scrolls by
// wheel, touch, keyboard and a range input used as its scrollbar, so a table of
// a million rows scrolls like one of a hundred and no element ever needs an
// inline style (the page's CSP allows none). Cells with an issue are marked,
// with the message on hover (title) and on focus (the info line); changed
// cells show before → after; a cell is edited in place with Enter, F2 or a click.

import { t, fmt, lang } from './i18n.js';

const VISIBLE = 12;
const PAGE = 100;
const CACHE_PAGES = 40;

export class Grid {
  /**
   * @param {object} o
   * @param {HTMLElement} o.root        the grid's frame
   * @param {HTMLTableElement} o.table
   * @param {HTMLInputElement} o.scrollbar  a range input
   * @param {HTMLElement} o.status      "Rows 1–12 of 1,000"
   * @param {HTMLElement} o.info        the focused cell's message
   * @param {(start:number, count:number, filter:string) => Promise<{total:number, rows:object[]}>} o.request
   * @param {(row:number, column:number, value:string) => Promise<{valid:boolean, row:object}>} o.edit
   */
  constructor(o) {
    Object.assign(this, o);
    this.columns = [];
    this.total = 0;
    this.filter = '';
    this.top = 0;
    this.pages = new Map(); // page number → rows | Promise
    this.active = { row: 0, col: 0 }; // row: index in the view (0..total-1); col: column index
    this.editing = null;
    this.generation = 0;
    this.build();
    this.listen();
  }

  /** A new table: its column names and row count. */
  setData(columns, total) {
    this.columns = columns;
    this.filter = '';
    this.resetRows(total);
    this.build();
    this.render();
  }

  /** Shows only the rows with any issue ('*'), with one code, or all (''). */
  async setFilter(filter) {
    this.filter = filter;
    this.generation += 1;
    this.pages.clear();
    // Until the new view's first page is here, the rows shown are the old
    // view's: no edit starts on them, and the grid says it is loading.
    const call = (this.filterCalls = (this.filterCalls ?? 0) + 1);
    this.switching = true;
    this.root.dataset.loading = 'true';
    const first = await this.fetchPage(0);
    if (call !== this.filterCalls) return; // a later filter took over
    this.switching = false;
    if (first) this.resetRows(first.total, true);
    this.render();
  }

  resetRows(total, keepPages = false) {
    this.top = 0;
    this.active = { row: 0, col: Math.min(this.active.col, Math.max(0, this.columns.length - 1)) };
    if (!keepPages) {
      this.generation += 1;
      this.pages.clear();
    }
    this.setTotal(total);
  }

  /** A new row count: the scrollbar's range follows, the view stays where it was if it can. */
  setTotal(total) {
    this.total = total;
    this.top = this.clampTop(this.top);
    this.active.row = Math.max(0, Math.min(this.active.row, total - 1));
    this.scrollbar.min = '0';
    this.scrollbar.max = String(Math.max(0, total - VISIBLE));
    this.scrollbar.value = String(this.top);
    this.scrollbar.disabled = total <= VISIBLE;
    this.root.classList.toggle('is-full', total >= VISIBLE);
  }

  /**
   * After an edit, a filtered view is out of date: a fixed row no longer has
   * a problem, a newly broken one now has. The worker forgets its row lists on
   * every edit; here the filtered rows are fetched again, staying at the same
   * place in the list (the edited row leaves the view if it left the filter).
   */
  async refilter() {
    if (!this.filter) return;
    this.generation += 1;
    this.pages.clear();
    const first = await this.fetchPage(Math.floor(this.top / PAGE));
    if (!first) return;
    this.setTotal(first.total);
    this.render();
  }

  build() {
    const head = document.createElement('thead');
    const hr = document.createElement('tr');
    const corner = document.createElement('th');
    corner.scope = 'col';
    corner.className = 'grid-rownum';
    corner.textContent = t('grid.row');
    hr.append(corner);
    this.columns.forEach((name, i) => {
      const th = document.createElement('th');
      th.scope = 'col';
      th.textContent = name || t('blank');
      th.setAttribute('aria-colindex', String(i + 2));
      hr.append(th);
    });
    head.append(hr);
    const body = document.createElement('tbody');
    this.rowsEl = [];
    for (let r = 0; r < VISIBLE; r++) {
      const tr = document.createElement('tr');
      const th = document.createElement('th');
      th.scope = 'row';
      th.className = 'grid-rownum';
      tr.append(th);
      this.columns.forEach((_, c) => {
        const td = document.createElement('td');
        td.tabIndex = -1;
        td.dataset.col = String(c);
        td.setAttribute('aria-colindex', String(c + 2));
        tr.append(td);
      });
      body.append(tr);
      this.rowsEl.push(tr);
    }
    // Fixed column widths (col width attributes, not styles: the CSP allows none), so the
    // columns do not change width as rows scroll by, and a scroll never re-measures the table.
    const cols = document.createElement('colgroup');
    const rowWidth = 64;
    const colWidth = 220;
    cols.append(Object.assign(document.createElement('col'), { width: String(rowWidth) }));
    for (let i = 0; i < this.columns.length; i++) cols.append(Object.assign(document.createElement('col'), { width: String(colWidth) }));
    this.table.setAttribute('width', String(rowWidth + colWidth * this.columns.length));
    this.table.replaceChildren(cols, head, body);
    this.table.setAttribute('aria-colcount', String(this.columns.length + 1));
  }

  listen() {
    this.root.addEventListener(
      'wheel',
      (e) => {
        if (this.total <= VISIBLE || e.ctrlKey) return;
        if (Math.abs(e.deltaX) > Math.abs(e.deltaY)) return; // horizontal: the native scroller
        const unit = e.deltaMode === 1 ? 1 : e.deltaMode === 2 ? VISIBLE : 1 / 36;
        const rows = Math.sign(e.deltaY) * Math.max(1, Math.round(Math.abs(e.deltaY) * unit));
        const next = this.clampTop(this.top + rows);
        if (next === this.top) return; // at an end: let the page scroll
        e.preventDefault();
        this.scrollTo(next);
      },
      { passive: false },
    );
    let touchY = null;
    this.root.addEventListener('touchstart', (e) => (touchY = e.touches[0]?.clientY ?? null), { passive: true });
    this.root.addEventListener(
      'touchmove',
      (e) => {
        if (touchY === null || this.total <= VISIBLE) return;
        const y = e.touches[0].clientY;
        const rows = Math.trunc((touchY - y) / 32);
        if (rows === 0) return;
        const next = this.clampTop(this.top + rows);
        if (next === this.top) return;
        e.preventDefault();
        touchY = y;
        this.scrollTo(next);
      },
      { passive: false },
    );
    this.scrollbar.addEventListener('input', () => this.scrollTo(Number(this.scrollbar.value)));
    this.table.addEventListener('click', (e) => {
      const td = e.target.closest('td[data-col]');
      if (!td || this.editing) return;
      const r = this.rowsEl.indexOf(td.parentElement);
      if (r < 0 || this.top + r >= this.total) return;
      this.active = { row: this.top + r, col: Number(td.dataset.col) };
      this.focusActive();
      this.startEdit();
    });
    this.table.addEventListener('focusin', (e) => {
      const td = e.target.closest('td[data-col]');
      if (!td) return;
      const r = this.rowsEl.indexOf(td.parentElement);
      if (r >= 0) {
        this.active = { row: this.top + r, col: Number(td.dataset.col) };
        this.showInfo();
      }
    });
    this.table.addEventListener('keydown', (e) => this.onKey(e));
  }

  clampTop(top) {
    return Math.max(0, Math.min(top, Math.max(0, this.total - VISIBLE)));
  }

  scrollTo(top) {
    top = this.clampTop(Math.round(top));
    if (top === this.top) return;
    this.top = top;
    this.scrollbar.value = String(top);
    if (this.active.row < top) this.active.row = top;
    if (this.active.row >= top + VISIBLE) this.active.row = top + VISIBLE - 1;
    this.render();
  }

  onKey(e) {
    if (this.editing) return;
    const { row, col } = this.active;
    const last = this.columns.length - 1;
    let next = null;
    switch (e.key) {
      case 'ArrowDown': next = { row: row + 1, col }; break;
      case 'ArrowUp': next = { row: row - 1, col }; break;
      case 'ArrowRight': next = { row, col: Math.min(last, col + 1) }; break;
      case 'ArrowLeft': next = { row, col: Math.max(0, col - 1) }; break;
      case 'PageDown': next = { row: row + VISIBLE, col }; break;
      case 'PageUp': next = { row: row - VISIBLE, col }; break;
      case 'Home': next = e.ctrlKey ? { row: 0, col: 0 } : { row, col: 0 }; break;
      case 'End': next = e.ctrlKey ? { row: this.total - 1, col: last } : { row, col: last }; break;
      case 'Enter':
      case 'F2':
        e.preventDefault();
        this.startEdit();
        return;
      default:
        return;
    }
    e.preventDefault();
    next.row = Math.max(0, Math.min(this.total - 1, next.row));
    this.active = next;
    if (next.row < this.top) this.scrollTo(next.row);
    else if (next.row >= this.top + VISIBLE) this.scrollTo(next.row - VISIBLE + 1);
    this.focusActive();
  }

  activeCell() {
    const r = this.active.row - this.top;
    return this.rowsEl[r]?.querySelector(`td[data-col="${this.active.col}"]`) ?? null;
  }

  focusActive() {
    for (const td of this.table.querySelectorAll('td[tabindex="0"]')) td.tabIndex = -1;
    const td = this.activeCell();
    if (td) {
      td.tabIndex = 0;
      td.focus({ preventScroll: false });
      this.showInfo();
    }
  }

  /** The focused cell's problem or change, in words (also read out by screen readers). */
  showInfo() {
    const row = this.rowAt(this.active.row);
    if (!row) {
      this.info.textContent = '';
      return;
    }
    const col = this.active.col;
    const parts = [`${this.columns[col]} · ${t('grid.row')} ${fmt(row.source_row)}`];
    for (const i of row.issues.filter((i) => i.column === col || i.column === null)) parts.push(message(i));
    const change = row.changes.find((c) => c.column === col);
    if (change) parts.push(t('grid.changed', { rule: change.rule, before: show(change.before), after: show(row.cells[col]) }));
    this.info.textContent = parts.join(' — ');
  }

  rowAt(index) {
    const page = this.pages.get(Math.floor(index / PAGE));
    return Array.isArray(page?.rows) ? page.rows[index % PAGE] : null;
  }

  /** Fetches page `n` (rows n*PAGE…) if not cached; resolves to { total, rows } or null. */
  fetchPage(n) {
    const cached = this.pages.get(n);
    if (cached) return cached instanceof Promise ? cached : Promise.resolve(cached);
    const generation = this.generation;
    const p = this.request(n * PAGE, PAGE, this.filter)
      .then((result) => {
        if (generation !== this.generation) return null;
        this.pages.set(n, result);
        if (this.pages.size > CACHE_PAGES) {
          for (const key of this.pages.keys()) {
            if (Math.abs(key - n) > CACHE_PAGES / 2) this.pages.delete(key);
          }
        }
        return result;
      })
      .catch(() => {
        if (generation === this.generation) this.pages.delete(n);
        return null;
      });
    this.pages.set(n, p);
    return p;
  }

  render() {
    const wanted = new Set([Math.floor(this.top / PAGE), Math.floor((this.top + VISIBLE - 1) / PAGE)]);
    let missing = false;
    for (const n of wanted) {
      const page = this.pages.get(n);
      if (!page || page instanceof Promise) {
        missing = true;
        const top = this.top;
        this.fetchPage(n).then((r) => {
          if (r && this.top === top) this.render();
        });
      }
    }
    const focusedInside = this.table.contains(document.activeElement);
    this.rowsEl.forEach((tr, r) => {
      const index = this.top + r;
      const row = index < this.total ? this.rowAt(index) : null;
      tr.hidden = index >= this.total;
      tr.setAttribute('aria-rowindex', String(index + 2));
      tr.classList.toggle('is-loading', !row && index < this.total);
      const th = tr.firstElementChild;
      th.textContent = row ? fmt(row.source_row) : '';
      const cells = tr.querySelectorAll('td');
      cells.forEach((td, c) => {
        td.tabIndex = index === this.active.row && c === this.active.col ? 0 : -1;
        // A page arriving while a cell is edited must not wipe its input.
        if (this.editing?.td !== td) fillCell(td, row, c);
      });
      tr.classList.toggle('has-issues', Boolean(row && row.issues.length));
    });
    if (this.total > 0 && !this.table.querySelector('td[tabindex="0"]')) {
      const first = this.rowsEl[0]?.querySelector('td');
      if (first) first.tabIndex = 0;
    }
    if (focusedInside && !this.editing) this.activeCell()?.focus({ preventScroll: true });
    this.status.textContent =
      this.total === 0
        ? t('grid.empty')
        : t('grid.position', { from: fmt(this.top + 1), to: fmt(Math.min(this.total, this.top + VISIBLE)), total: fmt(this.total) });
    this.table.setAttribute('aria-rowcount', String(this.total + 1));
    this.root.dataset.loading = String(missing);
    this.root.dataset.top = String(this.top);
    this.root.dataset.total = String(this.total);
  }

  startEdit() {
    const td = this.activeCell();
    const row = this.rowAt(this.active.row);
    if (!td || !row || this.editing || this.switching) return;
    const col = this.active.col;
    const input = document.createElement('input');
    input.type = 'text';
    input.className = 'grid-input';
    input.value = row.cells[col];
    input.spellcheck = false;
    input.setAttribute('aria-label', t('grid.edit', { column: this.columns[col], row: fmt(row.source_row) }));
    input.title = t('grid.editHint');
    this.editing = { td, row, col, input };
    td.classList.add('is-editing');
    td.replaceChildren(input);
    input.focus();
    input.select();
    let done = false;
    const finish = async (save) => {
      if (done) return;
      done = true;
      const value = input.value;
      this.editing = null;
      td.classList.remove('is-editing');
      if (!save || value === row.cells[col]) {
        fillCell(td, row, col);
        td.focus();
        return;
      }
      td.classList.add('is-saving');
      this.root.dataset.saving = 'true'; // until the row and the filtered view are up to date (read by the tests)
      try {
        const result = await this.edit(row.row, col, value);
        if (result?.row) this.replaceRow(result.row);
        this.render();
        await this.refilter();
        this.activeCell()?.focus();
        const problem = result?.row?.issues.find((i) => i.column === col);
        this.onEdited?.({ valid: result?.valid, message: problem ? message(problem) : null, column: this.columns[col], row: result?.row });
      } finally {
        td.classList.remove('is-saving');
        this.root.dataset.saving = 'false';
      }
    };
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        finish(true);
      } else if (e.key === 'Escape') {
        e.preventDefault();
        finish(false);
      }
      e.stopPropagation();
    });
    input.addEventListener('blur', () => finish(true));
  }

  /** Puts an edited row into every cached page that holds it. */
  replaceRow(updated) {
    for (const page of this.pages.values()) {
      if (!Array.isArray(page?.rows)) continue;
      const i = page.rows.findIndex((r) => r.row === updated.row);
      if (i >= 0) page.rows[i] = updated;
    }
  }

  /** Drops the cached rows (after an edit may have changed what a filter shows). */
  refresh() {
    this.generation += 1;
    this.pages.clear();
    this.render();
  }
}

function message(issue) {
  const text = lang() === 'zh' ? issue.zh || issue.en : issue.en;
  return `${issue.code}: ${text}${issue.suggestion ? ` → ${issue.suggestion}` : ''}`;
}

function show(s) {
  return s === '' ? '∅' : s;
}

function fillCell(td, row, c) {
  if (!row) {
    td.replaceChildren();
    td.className = '';
    td.removeAttribute('title');
    return;
  }
  const value = row.cells[c] ?? '';
  const issues = row.issues.filter((i) => i.column === c);
  const change = row.changes.find((ch) => ch.column === c);
  td.className = issues.some((i) => i.severity === 'error') ? 'is-error' : issues.length ? 'is-warning' : change ? 'is-changed' : '';
  if (change) {
    const before = document.createElement('del');
    before.textContent = show(change.before);
    const after = document.createElement('ins');
    after.textContent = show(value);
    // In a line of its own (flex): when the cell is too narrow, the old value
    // is cut short first, so the new value, the one in the file, stays readable.
    const line = document.createElement('span');
    line.className = 'grid-change';
    line.append(before, ' → ', after);
    td.replaceChildren(line);
  } else {
    td.replaceChildren(value);
  }
  const tips = issues.map(message);
  if (change) tips.push(t('grid.changed', { rule: change.rule, before: show(change.before), after: show(value) }));
  if (tips.length) td.title = tips.join('\n');
  else td.removeAttribute('title');
}
