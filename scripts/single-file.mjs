#!/usr/bin/env node
// Builds dist/crm-cleaner.html: the whole page in one file that works from
// file://, with the network off. No dependencies beyond Node itself.
//
//   node scripts/single-file.mjs [out.html]     (or: make single-file)
//
// What goes in, from www/ (www/pkg/ must be built: make build-wasm):
//   index.html          the page, with its CSP replaced (below)
//   style.css           an inline <style>
//   icon.svg            data: URLs wherever the page uses it
//   app.js              an inline module script, with the modules it imports
//                       (www/ui/*.js) inlined ahead of it by inlineModules()
//   worker.js + pkg/crm_cleaner.js
//                       one classic worker script, held in a non-executed
//                       <script type="text/plain"> and started from a Blob URL
//   pkg/*.wasm          base64 in another non-executed block; decoded and
//                       compiled once when the page starts
//   register-sw.js      left out: service workers do not exist on file://
//
// How the worker gets its code and the wasm without fetching anything:
// app.js starts workers with `new Worker(new URL('./worker.js', import.meta.url))`.
// Rather than edit app.js (any edit would have to be redone whenever it
// changes), a small bootstrap script, run before app.js, replaces the global
// Worker with a subclass that starts the Blob URL instead and posts the
// compiled WebAssembly.Module as the worker's first message. In the worker,
// the wasm-bindgen glue (an ES module that would otherwise fetch
// `new URL('crm_cleaner_bg.wasm', import.meta.url)`) is wrapped in a
// function, and worker.js's `import init, { … } from './pkg/crm_cleaner.js'`
// becomes bindings to it, `init` waiting for that Module. The worker is a
// classic script, not a module: a module worker from a blob: URL of a file://
// page (an opaque origin) is not loaded by every browser, and nothing is
// left to import anyway.
//
// The Content-Security-Policy still allows no network at all:
//   default-src 'none'            nothing not listed below
//   script-src 'sha256-…' x2      exactly the bootstrap and app.js, by hash; no
//                                 'unsafe-inline' (the two other <script>s are
//                                 data, never run, so not covered by CSP)
//   'wasm-unsafe-eval'            compiling the wasm, as on the served page
//   worker-src blob:              the one worker, from its Blob URL
//   style-src 'sha256-…'          exactly the inline stylesheet
//   img-src data: blob:           the icon
//   connect-src 'none'            no fetch, XHR, WebSocket, beacon, EventSource
//   object-src, base-uri, form-action 'none'
// A blob: worker inherits this policy, so the worker cannot connect anywhere either.
//
// Anything this script does not know how to inline (another script, a
// stylesheet url(), an import form inlineModules() does not know) stops the build with a message,
// rather than produce a file that would quietly try to load it.

import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const WWW = path.join(REPO, 'www');
export const OUT = path.join(REPO, 'dist', 'crm-cleaner.html');

const MIME = { '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.jpg': 'image/jpeg', '.webp': 'image/webp' };

function fail(message) {
  throw new Error(`single-file: ${message}`);
}

const sha256 = (text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** Script text safe inside <script>…</script>: the HTML parser must not see an end tag or a comment opener. */
function scriptText(js, name) {
  if (/<!--/.test(js)) fail(`${name} contains "<!--", which would confuse the HTML parser inside <script>`);
  // `<\/script` means the same as `</script` in JS strings, templates and regexes.
  return js.replace(/<\/(script)/gi, '<\\/$1');
}

/**
 * A module's code with its top-level `export` keywords removed, and the
 * object literal members (`name` or `exported: local`) that rebuild its
 * exports. Handles the forms this project writes: `export function|class|
 * const|let|var name` and `export { a, b as c }`; anything else fails.
 */
function unexport(source, name) {
  const exported = [];
  let js = source.replace(/^export\s+((?:async\s+)?function\*?|class|const|let|var)\s+([\w$]+)/gm, (_, kind, id) => {
    exported.push(id);
    return `${kind} ${id}`;
  });
  js = js.replace(/^export\s*\{([^}]*)\};?[ \t]*$/gm, (_, list) => {
    for (const item of list.split(',').map((s) => s.trim()).filter(Boolean)) {
      const [local, as = local] = item.split(/\s+as\s+/);
      exported.push(as === local ? local : `${as}: ${local}`);
    }
    return '';
  });
  // Top-level exports start a line; an indented `export(` is a method (Cleaner.export).
  if (/^export\b/m.test(js)) fail(`${name} has an export this script does not understand`);
  return { js, exported };
}

/**
 * The wasm-bindgen glue (an ES module) as a script that defines
 * `const __crmGlue = { default: __wbg_init, initSync, Cleaner, … }`.
 */
function wrapGlue(glue) {
  if (/^\s*import\b/m.test(glue)) fail('pkg/crm_cleaner.js imports other modules (wasm-bindgen snippets?); inline them first');
  let { js, exported } = unexport(glue, 'pkg/crm_cleaner.js');
  // Only reached when init() gets no wasm, which never happens here; but
  // import.meta is a syntax error outside modules.
  js = js.replaceAll('import.meta.url', 'self.location.href');
  return `const __crmGlue = (() => {\n${js}\nreturn { ${exported.join(', ')} };\n})();\n`;
}

/** `import { a, b as c } from './x.js';` lines: the specifier and the bindings as a destructuring pattern. */
const STATIC_IMPORT = /^import\s*\{([^}]*)\}\s*from\s*['"](\.\.?\/[^'"]+)['"];?[ \t]*$/gm;

function importPattern(list) {
  return list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((item) => {
      const [imported, local = imported] = item.split(/\s+as\s+/);
      return imported === local ? imported : `${imported}: ${local}`;
    })
    .join(', ');
}

/**
 * The page's entry module with every module it imports (relative
 * `import { … } from './ui/x.js'`, recursively) inlined: each dependency
 * becomes a function scope that returns its exports, emitted once, before
 * the modules that need it, and each import line becomes a destructuring of
 * that object. A tiny bundler for the restricted ES module style of www/
 * (named imports and exports only); any other import form fails the build.
 */
async function inlineModules(read, entry) {
  const order = [];
  const ids = new Map();
  const visiting = new Set();
  const rewrite = async (rel, source) => {
    let js = source;
    for (const [line, list, spec] of [...source.matchAll(STATIC_IMPORT)]) {
      const dep = path.posix.normalize(path.posix.join(path.posix.dirname(rel), spec));
      const id = await visit(dep);
      js = js.replace(line, () => `const { ${importPattern(list)} } = ${id};`);
    }
    if (/^\s*import\b|\bimport\s*\(/m.test(js)) fail(`${rel} has an import form this script cannot inline`);
    // The entry stays a module at the page's URL, so its import.meta.url is
    // right; a dependency's would name the page, not the dependency.
    if (rel !== entry && /import\.meta/.test(js)) fail(`${rel} uses import.meta, which inlining would change`);
    return js;
  };
  const visit = async (rel) => {
    if (ids.has(rel)) return ids.get(rel);
    if (visiting.has(rel)) fail(`modules import each other in a cycle at ${rel}`);
    visiting.add(rel);
    const { js, exported } = unexport(await rewrite(rel, await read(rel)), rel);
    const id = `__crmModule${ids.size}`;
    ids.set(rel, id);
    order.push(`// ${rel}\nconst ${id} = (() => {\n${js}\nreturn { ${exported.join(', ')} };\n})();\n`);
    return id;
  };
  // The entry's own import lines are rewritten after its dependencies exist.
  const main = await rewrite(entry, await read(entry));
  return `${order.join('\n')}\n// ${entry}\n${main}`;
}

/** worker.js with its import of the glue turned into bindings to __crmGlue. */
function unimportWorker(worker) {
  const re = /^import\s+(?:([\w$]+)\s*,?\s*)?(?:\{([^}]*)\})?\s*from\s*['"]\.\/pkg\/crm_cleaner\.js['"];?[ \t]*$/m;
  const m = worker.match(re);
  if (!m) fail("worker.js no longer imports './pkg/crm_cleaner.js' the way this script expects");
  const [, defaultName, named = ''] = m;
  const lines = [];
  if (defaultName) {
    // init() resolves once the page has sent the compiled module; its
    // arguments (a URL to fetch) are ignored on purpose.
    lines.push(`const ${defaultName} = () => __crmWasm.then((module) => __crmGlue.default({ module_or_path: module }));`);
  }
  const bindings = named
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((item) => {
      const [name, as = name] = item.split(/\s+as\s+/);
      if (name === 'initSync') fail('worker.js imports initSync; teach scripts/single-file.mjs to pass it the module');
      return as === name ? name : `${name}: ${as}`;
    });
  if (bindings.length) lines.push(`const { ${bindings.join(', ')} } = __crmGlue;`);
  const js = worker.replace(re, lines.join('\n'));
  if (/^\s*(import|export)\b|\bimport\s*\(|import\.meta/m.test(js)) fail('worker.js has an import, export or import.meta this script cannot inline');
  return js;
}

/** The worker's own first lines: wait for the Module the page posts first. */
const WORKER_PRELUDE = `'use strict';
// crm-cleaner worker for the single-file page: worker.js and the wasm-bindgen
// glue in one classic script (see scripts/single-file.mjs).
const __crmWasm = new Promise((resolve, reject) => {
  self.addEventListener('message', function wasmMessage(event) {
    if (!event.data || event.data.type !== 'crm-wasm') return;
    event.stopImmediatePropagation(); // not a message for worker.js
    self.removeEventListener('message', wasmMessage);
    if (event.data.module) resolve(event.data.module);
    else reject(new Error(event.data.error || 'the page could not compile the wasm'));
  });
});
`;

/** Runs before app.js: decodes and compiles the wasm, and points app.js's workers at the Blob URL. */
const BOOTSTRAP = `// crm-cleaner single file: the wasm and the worker are in this page (see scripts/single-file.mjs).
const take = (id) => {
  const el = document.getElementById(id);
  const text = el.textContent;
  el.remove();
  return text;
};
const decode = (base64) =>
  Uint8Array.fromBase64 ? Uint8Array.fromBase64(base64) : Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
// Compiled once here; each worker (one per file) only instantiates it. No
// variable keeps the base64 text or the bytes, so both can be freed.
const compiled = WebAssembly.compile(decode(take('crm-wasm').trim()));
compiled.catch(() => {}); // reported by each worker that needs it
const workerUrl = URL.createObjectURL(new Blob([take('crm-worker')], { type: 'text/javascript' }));
const PageWorker = globalThis.Worker;
globalThis.Worker = class CrmWorker extends PageWorker {
  constructor(url, options = {}) {
    if (!String(url).endsWith('/worker.js')) throw new Error(\`the single-file page has no worker \${url}\`);
    super(workerUrl, { ...options, type: 'classic' });
    compiled.then(
      (module) => this.postMessage({ type: 'crm-wasm', module }),
      (err) => this.postMessage({ type: 'crm-wasm', error: String(err && err.message ? err.message : err) }),
    );
  }
};
`;

export async function buildSingleFile({ www = WWW, out = OUT } = {}) {
  const read = (rel, enc = 'utf8') =>
    readFile(path.join(www, rel), enc).catch((err) => {
      if (err.code === 'ENOENT') fail(`${path.join(www, rel)} is missing${rel.startsWith('pkg/') ? ' (make build-wasm)' : ''}`);
      throw err;
    });
  const [html0, app, worker, glue, wasm] = await Promise.all([
    read('index.html'),
    inlineModules(read, 'app.js'),
    read('worker.js'),
    read('pkg/crm_cleaner.js'),
    read('pkg/crm_cleaner_bg.wasm', null),
  ]);
  const version = (await readFile(path.join(REPO, 'Cargo.toml'), 'utf8')).match(/^version\s*=\s*"([^"]+)"/m)?.[1] ?? '?';


  const dataUrl = async (rel) => {
    const type = MIME[path.extname(rel).toLowerCase()] ?? fail(`cannot inline ${rel} (unknown type)`);
    return `data:${type};base64,${(await read(rel, null)).toString('base64')}`;
  };
  const local = (url) => !/^(data:|blob:|#|[a-z][a-z0-9+.-]*:)/i.test(url);

  const styles = [];
  const scripts = [];
  let html = html0;

  // Stylesheets: inline, each url() inside as a data: URL.
  const stylesheets = [...html.matchAll(/<link\b[^>]*\brel="stylesheet"[^>]*>/g)];
  for (const [tag] of stylesheets) {
    const href = tag.match(/\bhref="([^"]+)"/)?.[1];
    if (!href || !local(href)) fail(`cannot inline stylesheet ${tag}`);
    let css = await read(href);
    if (/@import/.test(css)) fail(`${href} uses @import`);
    for (const [whole, , url] of [...css.matchAll(/url\((['"]?)([^'")]+)\1\)/g)]) {
      if (!local(url)) continue;
      const inlined = await dataUrl(path.posix.join(path.posix.dirname(href), url));
      css = css.replace(whole, () => `url("${inlined}")`);
    }
    if (/<\/style/i.test(css)) fail(`${href} contains </style`);
    styles.push(css);
    html = html.replace(tag, () => `<style>${css}</style>`);
  }

  // Scripts: app.js inline after the bootstrap; the service worker is left out.
  for (const [tag] of [...html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"[^>]*><\/script>/g)]) {
    const src = tag.match(/\bsrc="([^"]+)"/)[1];
    if (src === 'register-sw.js') {
      html = html.replace(tag, '<!-- register-sw.js left out: no service worker (nor need for one) on file:// -->');
    } else if (src === 'app.js' && /\btype="module"/.test(tag)) {
      const boot = scriptText(BOOTSTRAP, 'the bootstrap');
      const main = scriptText(app, 'app.js');
      scripts.push(boot, main);
      html = html.replace(tag, () => `<script type="module">${boot}</script>\n  <script type="module">${main}</script>`);
    } else {
      fail(`does not know how to inline ${tag}`);
    }
  }

  // Images and icons: data: URLs.
  for (const [tag, attr, url] of [...html.matchAll(/<(?:img|link)\b[^>]*\b(src|href)="([^"]+)"[^>]*>/g)]) {
    if (!local(url)) continue;
    if (/^<link\b/.test(tag) && !/\brel="(icon|apple-touch-icon|shortcut icon)"/.test(tag)) fail(`does not know how to inline ${tag}`);
    const inlined = await dataUrl(url);
    html = html.replace(tag, () => tag.replace(`${attr}="${url}"`, `${attr}="${inlined}"`));
  }

  // Whatever still points at a file would be a request (or a dead link).
  for (const [tag] of html.matchAll(/<(?!a\b)[a-z]+\b[^>]*\b(?:src|href|srcset|poster|data)="[^"]*"[^>]*>/g)) {
    for (const [, url] of tag.matchAll(/\b(?:src|href|srcset|poster|data)="([^"]*)"/g)) {
      if (local(url)) fail(`${tag} would load ${url}`);
    }
  }
  for (const [, url] of html.matchAll(/<a\b[^>]*\bhref="([^"]*)"/g)) {
    if (local(url)) console.warn(`single-file: the link to ${url} leads nowhere in the single file`);
  }

  const csp = [
    "default-src 'none'",
    `script-src ${scripts.map(sha256).join(' ')} 'wasm-unsafe-eval'`,
    'worker-src blob:',
    `style-src ${styles.map(sha256).join(' ') || "'none'"}`,
    'img-src data: blob:',
    "connect-src 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const cspTag = /<meta http-equiv="Content-Security-Policy" content="[^"]*">/;
  if (!cspTag.test(html)) fail('index.html has no CSP meta tag to replace');
  html = html.replace(cspTag, () => `<meta http-equiv="Content-Security-Policy" content="${csp}">`);

  // The worker source and the wasm, as data blocks the browser never runs.
  const workerJs = scriptText(WORKER_PRELUDE + wrapGlue(glue) + unimportWorker(worker), 'the worker');
  const blocks =
    `<script type="text/plain" id="crm-worker">${workerJs}</script>\n` +
    `<script type="application/octet-stream" id="crm-wasm">${wasm.toString('base64')}</script>\n`;
  // The last </body>: the inlined scripts may hold the text "</body>" (the
  // report's HTML download is built from a template string).
  const bodyEnd = html.lastIndexOf('</body>');
  if (bodyEnd < 0) fail('index.html has no </body>');
  html = `${html.slice(0, bodyEnd)}${blocks}${html.slice(bodyEnd)}`;
  html = html.replace(
    /^<!doctype html>\n?/i,
    (d) => `${d.trim()}\n<!-- crm-cleaner ${version}, the whole page in one file: built from www/ by scripts/single-file.mjs. -->\n`,
  );

  await mkdir(path.dirname(out), { recursive: true });
  await writeFile(out, html);
  return { out, bytes: Buffer.byteLength(html), wasmBytes: wasm.length, csp };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const out = process.argv[2] ? path.resolve(process.argv[2]) : OUT;
  const r = await buildSingleFile({ out });
  console.log(`${path.relative(process.cwd(), r.out)}: ${r.bytes} bytes (wasm ${r.wasmBytes} bytes as base64)`);
}
