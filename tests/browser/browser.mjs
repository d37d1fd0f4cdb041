// Launches Debian's Chromium through playwright-core (never a downloaded
// browser) and opens a page that records every request it, or any of its
// workers, makes, plus every console error and uncaught page error.

import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launch() {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/**
 * Opens a page in a fresh context of `browser`; `serviceWorkers: 'allow'` lets
 * the page register its service worker.
 * Returns { context, page, requests, errors, close() }:
 *  - requests: [{ url, method, postData, resourceType, from }] for every
 *    request seen at the context or page level (deduplicated), including
 *    those made by dedicated workers, plus WebSocket connections;
 *  - errors: console errors (page and workers) and uncaught exceptions.
 */
export async function openPage(browser, { viewport = { width: 1280, height: 800 }, serviceWorkers = 'block' } = {}) {
  // Service workers are blocked unless a test asks for them (offline.test.mjs,
  // privacy.test.mjs): with one installed, a test would see cached files
  // instead of the requests it checks.
  const context = await browser.newContext({ acceptDownloads: true, viewport, serviceWorkers });
  const requests = [];
  const seen = new Set();
  const errors = [];

  const record = (from) => (request) => {
    if (seen.has(request)) return;
    seen.add(request);
    let postData = null;
    try {
      postData = request.postDataBuffer();
    } catch {
      postData = null;
    }
    requests.push({
      url: request.url(),
      method: request.method(),
      postData,
      resourceType: request.resourceType(),
      from,
    });
  };
  context.on('request', record('context'));

  const page = await context.newPage();
  page.on('request', record('page'));
  page.on('websocket', (ws) => requests.push({ url: ws.url(), method: 'WEBSOCKET', postData: null, resourceType: 'websocket', from: 'page' }));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('worker', (worker) => {
    worker.on('console', (msg) => {
      if (msg.type() === 'error') errors.push(`worker console: ${msg.text()}`);
    });
  });

  return {
    context,
    page,
    requests,
    errors,
    close: () => context.close(),
  };
}

/** The Content-Security-Policy every page of the site must carry. */
export const PAGE_CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; img-src 'self' data: blob:; " +
  "style-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'";

/** Collects CSP violations on `window.__cspViolations` from the first script on. */
export async function recordCspViolations(page) {
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
}
