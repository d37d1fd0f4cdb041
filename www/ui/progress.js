// Progress of a run: each stage's name, rows done, rows per second and the
// time left, from the worker's { stage, done, total, rows } messages.
//
// Stages count in their own units (bytes for reading, cells for checking,
// rows for writing); the share done times the rows read gives rows done.

import { t, fmt } from './i18n.js';

export function formatDuration(ms) {
  if (ms < 1000) return `${Math.max(1, Math.round(ms))} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}

export class ProgressTracker {
  constructor(now = () => performance.now()) {
    this.now = now;
    this.stage = '';
    this.stageStart = 0;
  }

  /**
   * Takes one progress message; returns { stage, name, fraction (null if
   * unknown), rowsDone, rowsTotal, rate (rows/s or null), eta (ms or null) }.
   */
  update(msg) {
    const now = this.now();
    if (msg.stage !== this.stage) {
      this.stage = msg.stage;
      this.stageStart = now;
    }
    const { stage, done = 0, total = 0 } = msg;
    const fraction = total > 0 ? Math.min(1, done / total) : null;
    let rowsDone = null;
    let rowsTotal = null;
    if (stage === 'read') {
      rowsDone = msg.rows ?? null;
      // Rows expected: rows read so far scaled by the bytes left.
      rowsTotal = fraction && rowsDone ? Math.round(rowsDone / fraction) : null;
    } else if (msg.rows !== undefined && fraction !== null) {
      rowsTotal = msg.rows;
      rowsDone = Math.round(msg.rows * fraction);
    }
    const elapsed = now - this.stageStart;
    let rate = null;
    let eta = null;
    if (elapsed > 250 && rowsDone) rate = (rowsDone / elapsed) * 1000;
    if (elapsed > 250 && fraction && fraction > 0.01 && fraction < 1) eta = (elapsed * (1 - fraction)) / fraction;
    return { stage, name: t(`stage.${stage}`), fraction, rowsDone, rowsTotal, rate, eta };
  }
}

/** The detail line: "400,000 of 1,000,000 rows · 210,000 rows/s · about 3 s left". */
export function detail(p) {
  const parts = [];
  if (p.rowsDone !== null && p.rowsTotal !== null && p.stage !== 'read') parts.push(t('progress.rows', { done: fmt(p.rowsDone), total: fmt(p.rowsTotal) }));
  if (p.rate) parts.push(t('progress.rate', { rate: fmt(Math.round(p.rate)) }));
  if (p.eta !== null) parts.push(t('progress.eta', { time: formatDuration(p.eta) }));
  return parts.join(' · ');
}
