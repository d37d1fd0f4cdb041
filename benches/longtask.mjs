#!/usr/bin/env node
// Main-thread budget of the real page (www/): a PerformanceObserver for
// `longtask` entries (main-thread tasks over 50 ms) records every long task
// while the page cleans the 1,000,000-row file, shows its report and grid,
// and the grid is scrolled (keyboard, scrollbar jump, wheel) and one cell edited.
//
//   node benches/generate.mjs --rows 1000000 --seed 42 --out benches/data/crm-1m.csv --if-missing
//   node benches/longtask.mjs [--file benches/data/crm-1m.csv] [--out benches/longtask-results.json]
//
// Prints and writes { rows, bytes, phases: { name: { count, longest_ms, total_ms } }, run_ms, load }.
// `load` is the machine's 1-minute load average at the start, at the end of the
// run and at the end: the machine is shared, and long tasks grow with the load.
// Chromium's trace of the page's main thread gives, for every task over 50 ms,
// its CPU time next to its wall time (`traced`): on a loaded machine a task can
// take 50 ms of wall time while the thread ran for 10, waiting for a CPU; and
// what the task did (script, style, layout, paint, garbage collection).

import { existsSync, statSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { serve } from '../tests/browser/server.mjs';
import { launch, openPage } from '../tests/browser/browser.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const file = path.resolve(ROOT, arg('file', 'benches/data/crm-1m.csv'));
const out = path.resolve(ROOT, arg('out', 'benches/longtask-results.json'));

if (!existsSync(file)) {
  execFileSync(process.execPath, [path.join(ROOT, 'benches/generate.mjs'), '--rows', '1000000', '--seed', '42', '--out', file, '--if-missing'], { stdio: 'inherit' });
}

const load = { start: os.loadavg()[0] };
const server = await serve();
const browser = await launch();
const { page, errors, close } = await openPage(browser, { viewport: { width: 1280, height: 800 } });
try {
  await page.addInitScript(() => {
    window.__longtasks = [];
    window.__phase = 'load';
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longtasks.push({ phase: window.__phase, start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
  const tracePath = path.join(os.tmpdir(), `crm-longtask-trace-${process.pid}.json`);
  await browser.startTracing(page, { path: tracePath, categories: ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline'] });
  await page.goto(server.url + (process.env.WORKERS ? '?workers=' + process.env.WORKERS : ''));
  await page.waitForFunction(() => typeof window.__crmProgressCount === 'number');
  // console.timeStamp marks each phase's start in the trace.
  const phase = (name) => page.evaluate((n) => {
    window.__phase = n;
    console.timeStamp(`phase:${n}`);
  }, name);

  await phase('steps');
  await page.setInputFiles('#file', file);
  await page.waitForFunction(() => document.body.dataset.state === 'ready', undefined, { timeout: 60_000 });

  await phase('clean');
  const t0 = Date.now();
  await page.click('#steps-run');
  await page.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.state), undefined, { timeout: 15 * 60_000, polling: 500 });
  const runMs = Date.now() - t0;
  load.after_clean = os.loadavg()[0];
  const state = await page.getAttribute('body', 'data-state');
  if (state !== 'done') throw new Error(`the run failed: ${await page.textContent('#error')}`);
  const rows = Number(await page.getAttribute('#grid', 'data-total'));
  await page.waitForTimeout(1000); // the report and the first grid page settle

  await phase('grid');
  await page.focus('#grid-table tbody td[data-col="0"]');
  for (let i = 0; i < 30; i++) await page.keyboard.press('PageDown');
  await page.keyboard.press('Control+End');
  for (const v of [500_000, 250_000, 999_000, 0]) {
    await page.$eval('#grid-scrollbar', (el, value) => {
      el.value = String(value);
      el.dispatchEvent(new Event('input'));
    }, v);
    await page.waitForFunction(() => document.getElementById('grid').dataset.loading === 'false');
  }
  await page.hover('#grid-table tbody');
  for (let i = 0; i < 40; i++) await page.mouse.wheel(0, 400);
  await page.selectOption('#grid-filter', '*');
  await page.waitForFunction(() => document.getElementById('grid').dataset.loading === 'false');
  const gridEnd = Date.now();

  await phase('edit');
  await page.selectOption('#grid-filter', '');
  await page.waitForFunction(() => document.getElementById('grid').dataset.loading === 'false');
  await page.click('#grid-table tbody tr:nth-child(1) td[data-col="3"]');
  await page.locator('#grid-table input.grid-input').fill('someone@example.com');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.body.dataset.exporting === 'false', undefined, { timeout: 5 * 60_000, polling: 500 });
  const editMs = Date.now() - gridEnd;
  await page.waitForTimeout(500);

  load.end = os.loadavg()[0];
  const tasks = await page.evaluate(() => window.__longtasks);
  const phases = {};
  for (const name of ['load', 'steps', 'clean', 'grid', 'edit']) {
    const list = tasks.filter((t) => t.phase === name);
    phases[name] = {
      count: list.length,
      longest_ms: Math.round(Math.max(0, ...list.map((t) => t.duration))),
      total_ms: Math.round(list.reduce((a, t) => a + t.duration, 0)),
    };
  }
  const timings = await page.evaluate(() => window.__crmTimings);
  await browser.stopTracing();
  const traced = longTasksInTrace(JSON.parse(readFileSync(tracePath, 'utf8')));
  rmSync(tracePath, { force: true });
  const result = { file: path.relative(ROOT, file), bytes: statSync(file).size, rows, run_ms: runMs, edit_and_export_ms: editMs, load, phases, traced, timings, tasks, errors };
  writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
  console.log(JSON.stringify(result, null, 2));
} finally {
  await close();
  await browser.close();
  await server.close();
}

/**
 * The page's main-thread tasks of 50 ms or more in a Chromium trace: for each,
 * its phase, wall and CPU time (ms) and the time of what it did, by trace event
 * name (the largest first). Returns [{ phase, wall_ms, cpu_ms, parts }].
 */
function longTasksInTrace(trace) {
  const events = trace.traceEvents ?? trace;
  // The page's main thread is the one its phase marks (console.timeStamp) are on: other
  // renderers (the blank page a context starts with, say) have a CrRendererMain too.
  const isMark = (e) => e.name === 'TimeStamp' && /^phase:/.test(e.args?.data?.message ?? '');
  const main = new Set(events.filter(isMark).map((e) => `${e.pid}:${e.tid}`));
  const onMain = events.filter((e) => main.has(`${e.pid}:${e.tid}`));
  const marks = onMain.filter(isMark).map((e) => ({ ts: e.ts, phase: e.args.data.message.slice(6) })).sort((a, b) => a.ts - b.ts);
  const phaseAt = (ts) => marks.filter((m) => m.ts <= ts).at(-1)?.phase ?? 'load';
  const all = onMain.filter((e) => e.ph === 'X' && /RunTask$/.test(e.name) && e.dur >= 50_000);
  // A task's RunTask events nest (the scheduler's inside the thread's): keep the outermost.
  const tasks = all.filter((e) => !all.some((o) => o !== e && o.ts <= e.ts && o.ts + o.dur >= e.ts + e.dur && (o.ts < e.ts || o.dur > e.dur || all.indexOf(o) < all.indexOf(e))));
  const PARTS = new Set(['FunctionCall', 'EventDispatch', 'TimerFire', 'FireAnimationFrame', 'EvaluateScript', 'v8.evaluateModule', 'UpdateLayoutTree', 'Layout', 'PrePaint', 'Paint', 'Layerize', 'Commit', 'MinorGC', 'MajorGC', 'BlinkGC.AtomicPhase', 'V8.GC_MC_BACKGROUND_MARKING', 'ParseHTML', 'HitTest', 'UpdateLayer', 'RunMicrotasks']);
  return tasks.map((task) => {
    const end = task.ts + task.dur;
    const parts = {};
    for (const e of onMain) {
      if (e.ph !== 'X' || e === task || e.ts < task.ts || e.ts + (e.dur ?? 0) > end || !PARTS.has(e.name)) continue;
      parts[e.name] = (parts[e.name] ?? 0) + e.dur / 1000;
    }
    const top = Object.entries(parts).sort((a, b) => b[1] - a[1]).slice(0, 5).map(([name, ms]) => [name, Math.round(ms)]);
    return { phase: phaseAt(task.ts), wall_ms: Math.round(task.dur / 1000), cpu_ms: task.tdur === undefined ? null : Math.round(task.tdur / 1000), parts: Object.fromEntries(top) };
  });
}
