// crm-validate.js: validate CRM form fields in the browser with crm-cleaner's
// WebAssembly core, the same rules as the batch cleaner and `crm-cleaner check`.
//
// Hosting. This module imports `./pkg/crm_cleaner.js` (the small validation-only
// build, `make build-embed`), which loads `./pkg/crm_cleaner_bg.wasm` next to itself. Host the three together, in
// this layout (any base path):
//
//   <base>/embed/crm-validate.js      this file (and crm-validate.css, optional)
//   <base>/embed/pkg/crm_cleaner.js   wasm-bindgen glue
//   <base>/embed/pkg/crm_cleaner_bg.wasm  served as Content-Type: application/wasm
//
// Serve the .wasm as `application/wasm`: otherwise the browser cannot compile
// it while it downloads and the glue falls back to a slower path (with a
// console warning). To load the .wasm from somewhere else, pass
// `init({ wasmUrl })`; a relative URL is resolved against the page, as fetch()
// does. Under a Content-Security-Policy, `script-src` needs 'wasm-unsafe-eval'.
//
// Privacy. Nothing is ever sent anywhere: no fetch, XHR, beacon or storage.
// The only network request is the one that loads the .wasm (same origin by
// default).
//
//   import { init, validate, attach } from './embed/crm-validate.js';
//   await init();
//   validate('phone', '138 0013 8000', { region: 'CN' }).normalized; // '+8613800138000'
//   const detach = attach(form, { email: 'email', mobile: { type: 'mobile', regionFrom: 'region' } });
//
// The full API is described in crm-validate.d.ts.

// The glue is imported by init(), not statically: that way its download runs
// at the same time as the .wasm's download and compilation instead of before
// them (one round trip less between import and ready; see BENCHMARKS.md).
const GLUE_URL = './pkg/crm_cleaner.js';
const DEFAULT_WASM_URL = new URL('./pkg/crm_cleaner_bg.wasm', import.meta.url);

// ---------------------------------------------------------------- loading

let initPromise = null;
let ready = false;
/** The glue's validate(), once init() has finished. */
let wasmValidate = null;
/** Set once the wasm instance trapped (a bug in the core): it cannot be trusted again. */
let broken = null;

const INIT_KEYS = new Set(['wasmUrl', 'module']);

/**
 * Loads and instantiates the WebAssembly module. Idempotent: every call
 * returns the same promise (the options of later calls are ignored). If
 * loading fails, the promise rejects and the next call tries again.
 */
export function init(options = {}) {
  if (initPromise) return initPromise;
  checkKeys('init', options, INIT_KEYS);
  const { wasmUrl, module } = options ?? {};
  const promise = load(module !== undefined ? module : compileFrom(wasmUrl ?? DEFAULT_WASM_URL)).then(
    () => {
      ready = true;
    },
    (error) => {
      if (initPromise === promise) initPromise = null;
      throw new Error(
        `crm-validate: could not load the validator (${error?.message ?? error}). ` +
          'Host embed/pkg/crm_cleaner_bg.wasm next to embed/pkg/crm_cleaner.js, serve it as application/wasm, ' +
          "and allow 'wasm-unsafe-eval' in the page's script-src.",
        { cause: error },
      );
    },
  );
  initPromise = promise;
  return promise;
}

/** Imports the glue while `source` (a module, bytes, or a promise of a module) gets ready; instantiates. */
async function load(source) {
  const [glue, module] = await Promise.all([import(GLUE_URL), source]);
  await glue.default({ module_or_path: module });
  wasmValidate = glue.validate;
}

/**
 * Fetches and compiles the .wasm, streaming when it is served as
 * application/wasm; otherwise from its bytes, as the glue would.
 */
async function compileFrom(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  if (typeof WebAssembly.compileStreaming === 'function' && response.headers.get('Content-Type')?.startsWith('application/wasm')) {
    return WebAssembly.compileStreaming(response);
  }
  return WebAssembly.compile(await response.arrayBuffer());
}

/** True once init() has finished (and the validator has not crashed since). */
export function isReady() {
  return ready && !broken;
}

// ---------------------------------------------------------------- validate

const VALIDATE_KEYS = new Set(['lang', 'region', 'profile']);

/** 'zh' for any zh* language tag (zh, zh-CN, zh-Hant-TW), else 'en'. */
function pickLang(lang) {
  let tag = lang;
  if (tag == null || tag === '') tag = globalThis.document?.documentElement?.lang ?? '';
  return String(tag).trim().toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

function checkKeys(where, options, allowed) {
  if (options == null) return;
  if (typeof options !== 'object') throw new TypeError(`crm-validate: ${where}() options must be an object`);
  for (const key of Object.keys(options)) {
    if (!allowed.has(key)) {
      throw new TypeError(`crm-validate: unknown ${where}() option "${key}" (expected one of: ${[...allowed].join(', ')})`);
    }
  }
}

/** Calls the core; turns its errors into clear ones and remembers a crash. */
function callCore(type, value, region, profile) {
  if (broken) throw broken;
  if (!ready) {
    throw new Error('crm-validate: validate() was called before init() finished; `await init()` first.');
  }
  const options = {};
  if (region != null && region !== '') options.region = String(region);
  if (profile != null) options.profile = profile;
  try {
    return wasmValidate(String(type), value == null ? '' : String(value), options);
  } catch (error) {
    if (error instanceof WebAssembly.RuntimeError) {
      broken = new Error('crm-validate: the validator crashed (a bug in crm-cleaner) and is disabled until the page is reloaded.', {
        cause: error,
      });
      throw broken;
    }
    throw new Error(`crm-validate: ${error?.message ?? error}`, { cause: error });
  }
}

function withMessages(raw, lang) {
  return {
    valid: raw.valid,
    normalized: raw.normalized ?? null,
    issues: raw.issues.map((issue) => ({ ...issue, message: lang === 'zh' ? issue.zh : issue.en })),
    suggestion: raw.suggestion ?? null,
  };
}

/**
 * Validates one value. `type` is a column type (`email`, `phone`, `mobile`,
 * `date`, ...); `options` is `{ lang, region, profile }`, all optional.
 * Returns `{ valid, normalized, issues: [{ code, severity, en, zh, message }], suggestion }`.
 * Throws if init() has not finished, for an unknown type or an unknown option.
 */
export function validate(type, value, options = {}) {
  checkKeys('validate', options, VALIDATE_KEYS);
  const { lang, region, profile } = options ?? {};
  return withMessages(callCore(type, value, region, profile), pickLang(lang));
}

// ---------------------------------------------------------------- attach

const TEXT = {
  en: {
    required: 'This field is required.',
    suggest: (s) => `Did you mean ${s}?`,
    hint: (s) => `Will be saved as ${s}`,
  },
  zh: {
    required: '此项为必填项。',
    suggest: (s) => `您是不是要输入 ${s}?`,
    hint: (s) => `将保存为 ${s}`,
  },
};

/** Types whose normalized value is written back into the input on blur by default. */
const NORMALIZE_BY_DEFAULT = new Set(['email', 'phone', 'mobile', 'landline', 'date', 'datetime']);
const PHONE_TYPES = new Set(['phone', 'mobile', 'landline']);

const ATTACH_KEYS = new Set([
  'lang',
  'debounce',
  'normalizeOnBlur',
  'region',
  'profile',
  'noValidate',
  'ariaInvalidOnWarning',
  'warmUp',
]);
const FIELD_KEYS = new Set(['type', 'region', 'regionFrom', 'required', 'normalizeOnBlur', 'profile', 'messageAfter']);

let fieldSeq = 0;
/** Inputs some attach() currently manages (one at a time, or messages would double). */
const attached = new WeakSet();

const isBlank = (s) => /^\s*$/u.test(s);

function requiredIssue() {
  return { code: 'required', severity: 'error', en: TEXT.en.required, zh: TEXT.zh.required };
}

/** Normalizes fieldMap (object, Map or array of [key, spec]) into [key, spec] pairs. */
function entriesOf(fieldMap) {
  if (fieldMap instanceof Map || Array.isArray(fieldMap)) return [...fieldMap];
  if (fieldMap && typeof fieldMap === 'object') return Object.entries(fieldMap);
  throw new TypeError('crm-validate: attach() needs a field map: { name: type | { type, region, regionFrom, required } }');
}

function resolveControl(form, key, what) {
  if (key instanceof Element) return key;
  const found = form.elements.namedItem(String(key)) ?? form.ownerDocument.getElementById(String(key));
  if (found instanceof Element) return found;
  if (found && typeof found.length === 'number' && found[0] instanceof Element) return found[0];
  throw new Error(`crm-validate: attach(): the form has no ${what} named "${key}"`);
}

/**
 * Validates `form`'s fields as the user types (debounced), on blur and on
 * submit. Returns `detach()`, which removes every listener, element and
 * attribute attach() added.
 */
export function attach(form, fieldMap, options = {}) {
  if (typeof form === 'string') form = document.querySelector(form);
  if (!(form instanceof HTMLFormElement)) throw new TypeError('crm-validate: attach() needs a <form> element');
  checkKeys('attach', options, ATTACH_KEYS);
  const settings = {
    lang: options.lang,
    debounce: options.debounce ?? 150,
    normalizeOnBlur: options.normalizeOnBlur,
    region: options.region,
    profile: options.profile,
    noValidate: options.noValidate ?? true,
    ariaInvalidOnWarning: options.ariaInvalidOnWarning ?? true,
    warmUp: options.warmUp ?? true,
  };
  const doc = form.ownerDocument;
  const controller = new AbortController();
  const { signal } = controller;
  const listen = (target, type, fn, opts = {}) => target.addEventListener(type, fn, { ...opts, signal });

  // ------------------------------------------------------------ fields
  const fields = [];
  for (const [key, rawSpec] of entriesOf(fieldMap)) {
    const spec = typeof rawSpec === 'string' ? { type: rawSpec } : { ...rawSpec };
    checkKeys('attach() field', spec, FIELD_KEYS);
    if (typeof spec.type !== 'string' || spec.type === '') {
      throw new TypeError(`crm-validate: attach(): field "${key}" needs a type, e.g. 'email'`);
    }
    const input = resolveControl(form, key, 'field');
    if (!(input instanceof HTMLInputElement || input instanceof HTMLTextAreaElement)) {
      throw new TypeError(`crm-validate: attach(): field "${key}" is not an <input> or <textarea>`);
    }
    if (fields.some((f) => f.input === input)) throw new Error(`crm-validate: attach(): field "${key}" is listed twice`);
    if (attached.has(input)) throw new Error(`crm-validate: attach(): field "${key}" is already attached; detach() it first`);
    const regionControl = spec.regionFrom != null ? resolveControl(form, spec.regionFrom, 'region control') : null;
    fields.push({ input, spec, regionControl });
  }
  // Only now that the whole map is known to be good, touch the DOM.
  fields.forEach((f, i) => {
    fields[i] = makeField(f.input, f.spec, f.regionControl);
    attached.add(f.input);
  });

  function makeField(input, spec, regionControl) {
    const id = `crm-validate-${input.id || input.name || 'field'}-${++fieldSeq}`;
    const box = doc.createElement('div');
    box.id = id;
    box.className = 'crm-validate-message';
    box.setAttribute('aria-live', 'polite');
    const text = doc.createElement('span');
    text.className = 'crm-validate-text';
    const button = doc.createElement('button');
    button.type = 'button';
    button.className = 'crm-validate-suggestion';
    button.hidden = true;
    box.append(text, button);
    // After the input; after a <label> that wraps it (a message and a button
    // inside a label would join the input's name); or where the author says.
    const after =
      typeof spec.messageAfter === 'string' ? doc.getElementById(spec.messageAfter) : spec.messageAfter;
    const anchor = after instanceof Element ? after : input.closest('label') ?? input;
    anchor.after(box);

    const original = {
      describedBy: input.getAttribute('aria-describedby'),
      invalid: input.getAttribute('aria-invalid'),
    };
    input.setAttribute('aria-describedby', [original.describedBy, id].filter(Boolean).join(' '));

    return {
      input,
      spec,
      regionControl,
      box,
      text,
      button,
      original,
      timer: 0,
      /** { issues, suggestion, normalized, hint } as last shown, or null. */
      shown: null,
      status: 'unchecked',
      programmatic: false,
      failed: false,
    };
  }

  const lang = () => pickLang(settings.lang);

  function regionOf(field) {
    if (field.spec.region != null) return field.spec.region;
    if (field.regionControl) return field.regionControl.value;
    return settings.region;
  }

  function normalizeModeOf(field) {
    return field.spec.normalizeOnBlur ?? settings.normalizeOnBlur ?? NORMALIZE_BY_DEFAULT.has(field.spec.type);
  }

  // ------------------------------------------------------------ checking

  let submitted = false;

  /**
   * Validates one field and shows the outcome. `phase` is 'input', 'blur',
   * 'submit', 'region', 'suggestion', 'ready', 'normalized'. Returns the status:
   * 'error' | 'warning' | 'valid' | 'empty' | 'unchecked'.
   */
  function check(field, phase) {
    clearTimeout(field.timer);
    field.timer = 0;
    const { input, spec } = field;
    const value = input.value;
    const required = spec.required ?? input.required;

    if (isBlank(value)) {
      if (required && (phase === 'submit' || submitted)) {
        return show(field, 'error', { issues: [requiredIssue()], suggestion: null, hint: null });
      }
      return show(field, 'empty', null);
    }
    if (!isReady()) return show(field, 'unchecked', null);

    let result;
    try {
      result = callCore(spec.type, value, regionOf(field), spec.profile ?? settings.profile);
    } catch (error) {
      // Fail open: a validator problem must never stop the user.
      if (!field.failed) console.error(error);
      field.failed = true;
      return show(field, 'unchecked', null);
    }

    const mode = normalizeModeOf(field);
    // On blur and on submit, write the normalized value back (never while a suggestion is on offer).
    if ((phase === 'blur' || phase === 'submit') && mode === true && result.valid && result.suggestion == null) {
      const normalized = result.normalized;
      if (normalized != null && normalized !== '' && normalized !== value) {
        setValue(field, normalized);
        return check(field, 'normalized');
      }
    }

    let suggestion = result.suggestion;
    if (suggestion != null && (suggestion === value.trim() || !suggestionValid(field, suggestion))) suggestion = null;

    const hint =
      mode === 'hint' && result.valid && result.issues.length === 0 && result.normalized && result.normalized !== value.trim()
        ? result.normalized
        : null;
    const hasError = result.issues.some((i) => i.severity === 'error') || !result.valid;
    const hasWarning = result.issues.length > 0;
    const status = hasError ? 'error' : hasWarning ? 'warning' : 'valid';
    return show(field, status, { issues: result.issues, suggestion, hint, normalized: result.normalized });
  }

  /** A suggestion is offered only if it is itself valid (the core sometimes suggests an invalid value). */
  function suggestionValid(field, suggestion) {
    try {
      return callCore(field.spec.type, suggestion, regionOf(field), field.spec.profile ?? settings.profile).valid;
    } catch {
      return false;
    }
  }

  function setValue(field, value) {
    field.input.value = value;
    field.programmatic = true;
    try {
      // Let the host page's own listeners (and frameworks) see the change.
      field.input.dispatchEvent(new Event('input', { bubbles: true }));
      field.input.dispatchEvent(new Event('change', { bubbles: true }));
    } finally {
      field.programmatic = false;
    }
  }

  // ------------------------------------------------------------ display

  function show(field, status, outcome) {
    field.status = status;
    field.shown = outcome;
    render(field);
    field.input.dispatchEvent(
      new CustomEvent('crm-validate', {
        bubbles: true,
        detail: {
          status,
          type: field.spec.type,
          issues: outcome?.issues.map((i) => ({ ...i, message: i[lang()] })) ?? [],
          normalized: outcome?.normalized ?? null,
          suggestion: outcome?.suggestion ?? null,
        },
      }),
    );
    return status;
  }

  function render(field) {
    const { input, text, button, box, status, shown } = field;
    const l = lang();
    const issues = shown?.issues ?? [];
    const first = issues.find((i) => i.severity === 'error') ?? issues[0];

    let message = '';
    if (first) message = first[l];
    else if (shown?.hint) message = TEXT[l].hint(shown.hint);
    if (text.textContent !== message) text.textContent = message;
    box.dataset.severity = first ? first.severity : shown?.hint ? 'hint' : '';
    box.classList.toggle('crm-validate-message--error', first?.severity === 'error');
    box.classList.toggle('crm-validate-message--warning', first?.severity === 'warning');
    box.classList.toggle('crm-validate-message--hint', !first && Boolean(shown?.hint));

    if (shown?.suggestion) {
      const label = TEXT[l].suggest(shown.suggestion);
      if (button.textContent !== label) button.textContent = label;
      button.dataset.value = shown.suggestion;
      button.hidden = false;
    } else {
      button.hidden = true;
      button.textContent = '';
      delete button.dataset.value;
    }

    const invalid = status === 'error' || (status === 'warning' && settings.ariaInvalidOnWarning);
    if (invalid) input.setAttribute('aria-invalid', 'true');
    else if (field.original.invalid != null) input.setAttribute('aria-invalid', field.original.invalid);
    else input.removeAttribute('aria-invalid');
    // Errors (not warnings) also make the control :invalid for CSS and checkValidity().
    input.setCustomValidity(status === 'error' && first ? first[l] : '');
    if (status === 'unchecked' || status === 'empty') delete input.dataset.crmValidate;
    else input.dataset.crmValidate = status;
  }

  // ------------------------------------------------------------ events

  for (const field of fields) {
    const { input, button } = field;
    listen(input, 'input', (event) => {
      if (field.programmatic || event.isComposing) return;
      clearTimeout(field.timer);
      field.timer = setTimeout(() => check(field, 'input'), settings.debounce);
    });
    // IME input (pinyin, kana): validate the composed text, not each keystroke.
    listen(input, 'compositionend', () => {
      clearTimeout(field.timer);
      field.timer = setTimeout(() => check(field, 'input'), settings.debounce);
    });
    listen(input, 'blur', () => check(field, 'blur'));
    // mousedown would blur the input first; keep focus so the click lands cleanly.
    listen(button, 'mousedown', (event) => event.preventDefault());
    listen(button, 'click', () => {
      const value = button.dataset.value;
      if (value == null) return;
      setValue(field, value);
      check(field, 'suggestion');
      input.focus();
    });
  }

  const regionControls = new Set(fields.map((f) => f.regionControl).filter(Boolean));
  for (const control of regionControls) {
    listen(control, 'change', () => {
      for (const field of fields) {
        if (field.regionControl !== control) continue;
        if (!isBlank(field.input.value)) check(field, 'region');
        else warmUp(field);
      }
    });
  }

  const originalNoValidate = form.noValidate;
  if (settings.noValidate) form.noValidate = true;

  let bypassSubmit = false;
  listen(
    form,
    'submit',
    (event) => {
      if (bypassSubmit) return;
      submitted = true;
      if (!isReady()) {
        if (broken || !initPromise) return; // fail open
        // Still loading: hold the submission, validate once loaded, then resubmit.
        event.preventDefault();
        event.stopImmediatePropagation();
        const submitter = event.submitter;
        initPromise.then(
          () => {
            if (signal.aborted || !checkAll()) return;
            resubmit(submitter);
          },
          () => {
            if (!signal.aborted) resubmit(submitter); // the validator failed to load: fail open
          },
        );
        return;
      }
      if (!checkAll()) {
        event.preventDefault();
        event.stopImmediatePropagation();
      }
    },
    { capture: true },
  );

  function resubmit(submitter) {
    bypassSubmit = true;
    try {
      form.requestSubmit(submitter?.form === form ? submitter : null);
    } finally {
      bypassSubmit = false;
    }
  }

  /** Validates every field; focuses the first one (in document order) that blocks submission. */
  function checkAll() {
    const ordered = [...fields].sort((a, b) =>
      a.input.compareDocumentPosition(b.input) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1,
    );
    let first = null;
    for (const field of ordered) {
      if (check(field, 'submit') === 'error' && !first) first = field.input;
    }
    // We switched off the browser's own validation: keep it for the other controls.
    if (!first && settings.noValidate && !originalNoValidate) {
      const mine = new Set(fields.map((f) => f.input));
      for (const el of form.elements) {
        if (!mine.has(el) && el.willValidate && !el.checkValidity()) {
          el.reportValidity();
          return false;
        }
      }
    }
    if (first) {
      first.focus();
      return false;
    }
    return true;
  }

  // Re-render the messages when the page's language changes.
  let observer = null;
  if (settings.lang == null && typeof MutationObserver === 'function') {
    observer = new MutationObserver(() => fields.forEach(render));
    observer.observe(doc.documentElement, { attributes: true, attributeFilter: ['lang'] });
  }

  // ------------------------------------------------------------ loading

  const whenReady = () => {
    if (signal.aborted) return;
    for (const field of fields) if (!isBlank(field.input.value)) check(field, 'ready');
    const phone = fields.find((f) => PHONE_TYPES.has(f.spec.type));
    if (phone) warmUp(phone);
  };

  /**
   * The phone metadata is built on the first phone call (hundreds of ms) and
   * each region's patterns on its first number (tens of ms): do that while
   * the page is idle rather than on the user's first keystroke. A 10-digit
   * number gets far enough into the checks of most regions to compile them.
   */
  const warmed = new Set();
  function warmUp(field) {
    if (!settings.warmUp || !PHONE_TYPES.has(field.spec.type) || !isReady()) return;
    const region = regionOf(field) ?? '';
    if (warmed.has(region)) return;
    warmed.add(region);
    const idle = globalThis.requestIdleCallback ?? ((fn) => setTimeout(fn, 200));
    idle(() => {
      if (signal.aborted) return;
      try {
        callCore(field.spec.type, '2345678901', region, null);
      } catch {
        // reported when the field is checked
      }
    });
  }
  if (isReady()) queueMicrotask(whenReady);
  else init().then(whenReady, (error) => console.error(error));

  // ------------------------------------------------------------ detach

  return function detach() {
    if (signal.aborted) return;
    controller.abort();
    observer?.disconnect();
    for (const field of fields) {
      clearTimeout(field.timer);
      const { input, original } = field;
      field.box.remove();
      if (original.describedBy != null) input.setAttribute('aria-describedby', original.describedBy);
      else input.removeAttribute('aria-describedby');
      if (original.invalid != null) input.setAttribute('aria-invalid', original.invalid);
      else input.removeAttribute('aria-invalid');
      input.setCustomValidity('');
      delete input.dataset.crmValidate;
      attached.delete(input);
    }
    form.noValidate = originalNoValidate;
  };
}
