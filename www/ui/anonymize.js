// Anonymization on the page: the "Personal data" choice of each column in
// the steps (with the options that matter), the quasi-identifiers, k and its
// enforcement, the key (generated, entered or derived from a passphrase), and
// the results' "Anonymization" part.
//
// The choices live in this module's memory and are written into the profile
// a run uses (anonymizeProfile) and into a profile saved by the user. The key
// is never written anywhere: it goes to the worker with the run (anonymizeKey),
// which calls cleaner.setKey; a generated key is shown once, as hex, until
// the run starts.

import { t, fmt, staticText } from './i18n.js';

/** Transforms offered, in menu order. */
const TRANSFORMS = ['keep', 'mask', 'pseudonym', 'generalize', 'date_shift', 'fake', 'redact', 'drop'];
/** Transforms that cannot run without the key. */
const KEYED = new Set(['pseudonym', 'date_shift', 'fake']);
const PHONES = new Set(['phone', 'mobile', 'landline']);
const NAMES = new Set(['full_name', 'given_name', 'family_name']);
const DATES = new Set(['date', 'datetime']);

/** The transforms that make sense for a column type. */
function transformsFor(type) {
  return TRANSFORMS.filter((tr) => {
    if (tr === 'date_shift') return DATES.has(type);
    if (tr === 'fake') return NAMES.has(type) || PHONES.has(type) || type === 'email';
    return true;
  });
}

/** The generalization levels that make sense for a column type; the first is the default. */
function levelsFor(type) {
  if (DATES.has(type)) return ['year', 'month', 'age_band'];
  if (type === 'number' || type === 'currency') return ['range'];
  if (type === 'address') return ['city', 'province'];
  return ['prefix'];
}

/** Mask defaults by type (the core's): [keep_first, keep_last], or null when the mask takes no counts. */
function maskCounts(type) {
  if (PHONES.has(type)) return [3, 4];
  if (type === 'email') return [1, null];
  if (type === 'cn_id') return [10, 0];
  if (NAMES.has(type) || type === 'address') return null;
  return [1, 0];
}

const state = {
  /** The steps these choices belong to (the page's pending steps object). */
  token: null,
  /** The file the steps are for: choices only apply to runs of this file. */
  file: null,
  /** Column names of the steps, in order. */
  names: [],
  /** name → { transform, keep_first, keep_last, mask_domain, prefix, to, width, digits } */
  columns: new Map(),
  qi: new Set(),
  k: 5,
  enforce: 'suppress',
  person: '',
  maxDays: 180,
  /** The profile's salt (hex), or one generated for a passphrase. */
  salt: null,
  /** The key for this tab: { bytes: Uint8Array, how: 'generated'|'entered' } | { passphrase } | null. */
  key: null,
  mode: 'generate',
  /** A generated key's hex, shown until the run starts (then never again). */
  shownHex: '',
  /** Why the last "Start cleaning" was refused: '', 'key' or 'person'. */
  message: '',
};

/** Column types by name, read from the steps' type menus. */
function typeOf(tbody, name) {
  const select = [...tbody.querySelectorAll('select[data-column]')].find((s) => s.dataset.column === name);
  return select ? select.value : 'text';
}

/** Loads the choices of a profile's anonymize section (when the steps are for a new file). */
function loadSection(section, names) {
  state.columns = new Map();
  state.qi = new Set();
  state.k = 5;
  state.enforce = 'suppress';
  state.person = '';
  state.maxDays = 180;
  state.message = '';
  if (section && typeof section === 'object') {
    for (const [name, tr] of Object.entries(section.columns ?? {})) {
      if (names.includes(name) && tr && TRANSFORMS.includes(tr.transform)) state.columns.set(name, { ...tr });
    }
    for (const name of section.quasi_identifiers ?? []) if (names.includes(name)) state.qi.add(name);
    if (section.k >= 2) state.k = section.k;
    if (['off', 'suppress', 'generalize'].includes(section.enforce_k) && state.qi.size) state.enforce = section.enforce_k;
    if (section.date_shift?.person && names.includes(section.date_shift.person)) state.person = section.date_shift.person;
    if (section.date_shift?.max_days > 0) state.maxDays = section.date_shift.max_days;
    if (typeof section.salt === 'string' && section.salt) state.salt = section.salt;
  }
}

const chosen = (name) => state.columns.get(name)?.transform ?? 'keep';
const needsKey = () => state.names.some((n) => KEYED.has(chosen(n)));
const anyChosen = () => state.names.some((n) => chosen(n) !== 'keep') || state.qi.size > 0;

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'class') node.className = v;
    else if (k === 'dataset') Object.assign(node.dataset, v);
    else if (k in node && typeof v !== 'string') node[k] = v;
    else if (k in node && !k.startsWith('aria')) node[k] = v;
    else node.setAttribute(k, v);
  }
  node.append(...children.filter((c) => c !== null && c !== undefined && c !== false));
  return node;
}

let uid = 0;
/** A small labelled input. */
function field(labelText, input) {
  input.id ||= `anon-f${++uid}`;
  return el('span', { class: 'anon-field' }, el('label', { htmlFor: input.id }, labelText), input);
}

function numberInput(value, placeholder, min, onInput, label) {
  const input = el('input', { type: 'number', min: String(min), step: '1', class: 'anon-num', inputMode: 'numeric' });
  if (value !== undefined && value !== null && value !== '') input.value = String(value);
  if (placeholder !== null && placeholder !== undefined) input.placeholder = String(placeholder);
  if (label) input.setAttribute('aria-label', label);
  input.addEventListener('input', () => onInput(input.value === '' ? undefined : Math.max(min, Math.floor(Number(input.value)))));
  return input;
}

/**
 * Adds the "Personal data" cell to each row of the steps table and renders
 * the panel under it. `token` identifies the file's steps: a new one loads the
 * choices from `section` (the profile's anonymize section), the same one keeps
 * what was chosen (a language switch redraws the steps).
 */
export function anonymizeSteps(tbody, panel, { token, file = null, section, onChange = () => {} } = {}) {
  const names = [...tbody.querySelectorAll('tr[data-column]')].map((tr) => tr.dataset.column);
  if (token !== state.token) {
    state.token = token;
    loadSection(section, names);
  }
  state.names = names;
  state.file = file;
  const redraw = () => {
    renderPanel(tbody, panel);
    onChange();
  };
  for (const tr of tbody.querySelectorAll('tr[data-column]')) {
    const name = tr.dataset.column;
    const td = el('td', { class: 'anon-cell' });
    tr.append(td);
    const typeSelect = tr.querySelector('select[data-column]');
    const draw = () => {
      drawCell(td, name, typeSelect ? typeSelect.value : 'text', redraw);
      tr.classList.toggle('is-anonymized', chosen(name) !== 'keep');
    };
    typeSelect?.addEventListener('change', () => {
      draw();
      redraw();
    });
    draw();
  }
  renderPanel(tbody, panel);
}

function drawCell(td, name, type, redraw) {
  const allowed = transformsFor(type);
  let current = state.columns.get(name);
  if (current && !allowed.includes(current.transform)) {
    state.columns.delete(name);
    current = undefined;
  }
  const select = el('select', { class: 'anon-transform', dataset: { anonColumn: name } });
  select.setAttribute('aria-label', t('anon.choice', { column: name }));
  for (const tr of allowed) select.append(new Option(t(`anon.t.${tr}`), tr));
  select.value = current?.transform ?? 'keep';
  select.addEventListener('change', () => {
    const tr = select.value;
    if (tr === 'keep') state.columns.delete(name);
    else state.columns.set(name, defaults(tr, type));
    if (tr === 'drop') state.qi.delete(name);
    if (tr === 'date_shift' && !state.person) {
      // Who a date belongs to: the first record id or email column, until the user picks another.
      const tbody = td.closest('tbody');
      state.person = state.names.find((n) => n !== name && ['record_id', 'email'].includes(typeOf(tbody, n)) && chosen(n) !== 'drop') ?? '';
    }
    if (tr === 'drop' && state.person === name) state.person = '';
    state.message = '';
    drawCell(td, name, type, redraw);
    td.closest('tr')?.classList.toggle('is-anonymized', tr !== 'keep');
    redraw();
    td.querySelector('.anon-transform')?.focus();
  });
  const opts = el('span', { class: 'anon-opts' });
  const c = state.columns.get(name);
  if (c?.transform === 'mask') {
    const counts = maskCounts(type);
    if (counts) {
      const unit = PHONES.has(type) ? t('anon.digits') : t('anon.chars');
      opts.append(field(t('anon.keepFirst', { unit }), numberInput(c.keep_first, counts[0], 0, (v) => setOpt(c, 'keep_first', v), `${t('anon.keepFirst', { unit })}: ${name}`)));
      if (counts[1] !== null) {
        opts.append(field(t('anon.keepLast', { unit }), numberInput(c.keep_last, counts[1], 0, (v) => setOpt(c, 'keep_last', v), `${t('anon.keepLast', { unit })}: ${name}`)));
      }
    }
    if (type === 'email') {
      const box = el('input', { type: 'checkbox', checked: Boolean(c.mask_domain) });
      box.addEventListener('change', () => (c.mask_domain = box.checked));
      opts.append(el('label', { class: 'anon-check' }, box, t('anon.maskDomain')));
    }
    opts.append(el('span', { class: 'anon-example' }, maskExample(type, c)));
  } else if (c?.transform === 'pseudonym') {
    const prefix = el('input', { type: 'text', class: 'anon-text', value: c.prefix ?? '', placeholder: t('anon.prefix.placeholder'), spellcheck: false, autocomplete: 'off' });
    prefix.addEventListener('input', () => (c.prefix = prefix.value));
    opts.append(field(t('anon.prefix'), prefix));
  } else if (c?.transform === 'generalize') {
    const levels = levelsFor(type);
    if (!levels.includes(c.to)) c.to = levels[0];
    if (levels.length > 1) {
      const to = el('select', { class: 'anon-to' });
      for (const level of levels) to.append(new Option(t(`anon.to.${level}`), level));
      to.value = c.to;
      to.addEventListener('change', () => {
        c.to = to.value;
        drawCell(td, name, type, redraw);
        td.querySelector('.anon-to')?.focus();
      });
      opts.append(field(t('anon.to'), to));
    } else {
      opts.append(el('span', { class: 'anon-example' }, t(`anon.to.${c.to}`)));
    }
    if (c.to === 'age_band' || c.to === 'range') {
      opts.append(field(t('anon.width'), numberInput(c.width, c.to === 'range' ? 1000 : 10, 1, (v) => setOpt(c, 'width', v))));
    } else if (c.to === 'prefix') {
      opts.append(field(t('anon.keepChars'), numberInput(c.digits, 3, 0, (v) => setOpt(c, 'digits', v))));
    }
  } else if (c?.transform === 'redact') {
    opts.append(el('span', { class: 'anon-example' }, '[REDACTED]'));
  } else if (c && KEYED.has(c.transform)) {
    opts.append(el('span', { class: 'anon-example' }, t(`anon.hint.${c.transform}`)));
  }
  const qi = el('input', { type: 'checkbox', class: 'anon-qi', checked: state.qi.has(name), disabled: chosen(name) === 'drop', dataset: { anonColumn: name } });
  qi.addEventListener('change', () => {
    if (qi.checked) state.qi.add(name);
    else state.qi.delete(name);
    redraw();
  });
  const qiLabel = el('label', { class: 'anon-check anon-qi-label', title: t('anon.qi.title') }, qi, t('anon.qi'));
  td.replaceChildren(select, opts.childElementCount ? opts : '', qiLabel);
}

function setOpt(c, key, value) {
  if (value === undefined || Number.isNaN(value)) delete c[key];
  else c[key] = value;
}

function defaults(transform, type) {
  if (transform === 'generalize') return { transform, to: levelsFor(type)[0] };
  if (transform === 'pseudonym') return { transform, prefix: '' };
  return { transform };
}

function maskExample(type, c) {
  if (PHONES.has(type)) return '+86 138****5678';
  if (type === 'email') return c.mask_domain ? 'z***@***.com' : 'z***@qq.com';
  if (NAMES.has(type)) return '张*, J*** S****';
  if (type === 'address') return '浙江省杭州市';
  if (type === 'cn_id') return '1101011990********';
  return 's*****';
}

// ---------------------------------------------------------------- the panel under the steps

function renderPanel(tbody, panel) {
  panel.hidden = false;
  const parts = [];
  const chosenCount = state.names.filter((n) => chosen(n) !== 'keep').length;
  parts.push(el('h3', { class: 'anon-title' }, t('anon.panel')));
  parts.push(
    el('p', { class: 'block-hint anon-summary', dataset: { count: String(chosenCount) } },
      chosenCount || state.qi.size ? t('anon.summary', { n: fmt(chosenCount), q: fmt(state.qi.size) }) : t('anon.none')),
  );

  if (state.qi.size) {
    const k = numberInput(state.k, 5, 2, (v) => (state.k = v ?? 5));
    k.id = 'anon-k';
    k.classList.add('anon-k');
    const enforce = el('select', { id: 'anon-enforce' });
    for (const e of ['off', 'suppress', 'generalize']) enforce.append(new Option(t(`anon.enforce.${e}`), e));
    enforce.value = state.enforce;
    enforce.addEventListener('change', () => (state.enforce = enforce.value));
    parts.push(
      el('fieldset', { class: 'anon-group anon-risk-set' },
        el('legend', {}, t('anon.risk')),
        el('p', { class: 'block-hint' }, t('anon.risk.hint', { columns: [...state.qi].join(', ') })),
        el('div', { class: 'anon-row' }, field(t('anon.k'), k), field(t('anon.enforce'), enforce)),
      ),
    );
  }

  if (state.names.some((n) => chosen(n) === 'date_shift')) {
    const person = el('select', { id: 'anon-person' });
    person.append(new Option(t('anon.person.choose'), ''));
    for (const n of state.names) if (chosen(n) !== 'drop' && chosen(n) !== 'date_shift') person.append(new Option(n, n));
    person.value = state.person;
    person.addEventListener('change', () => {
      state.person = person.value;
      if (state.message === 'person' && state.person) {
        state.message = '';
        document.getElementById('anon-message').textContent = '';
      }
    });
    parts.push(
      el('fieldset', { class: 'anon-group' },
        el('legend', {}, t('anon.t.date_shift')),
        el('p', { class: 'block-hint' }, t('anon.person.hint')),
        el('div', { class: 'anon-row' }, field(t('anon.person'), person)),
      ),
    );
  }

  if (needsKey()) parts.push(keyFieldset(tbody, panel));
  parts.push(el('p', { class: 'anon-message', id: 'anon-message', role: 'alert' }, blockedText()));
  panel.replaceChildren(...parts);
}

function keyFieldset(tbody, panel) {
  const redraw = () => renderPanel(tbody, panel);
  const modes = el('div', { class: 'anon-modes', role: 'radiogroup', 'aria-label': t('anon.key') });
  for (const mode of ['generate', 'enter', 'passphrase']) {
    const radio = el('input', { type: 'radio', name: 'anon-key-mode', value: mode, id: `anon-mode-${mode}`, checked: state.mode === mode });
    radio.addEventListener('change', () => {
      state.mode = mode;
      if (mode === 'passphrase' && !state.salt) state.salt = randomHex(16);
      redraw();
      document.getElementById(`anon-mode-${mode}`)?.focus();
    });
    modes.append(el('label', { class: 'anon-check', htmlFor: radio.id }, radio, t(`anon.mode.${mode}`)));
  }
  const body = el('div', { class: 'anon-key-body' });
  if (state.mode === 'generate') {
    const button = el('button', { type: 'button', class: 'button button-quiet', id: 'anon-generate' }, t(state.key?.how === 'generated' ? 'anon.generate.again' : 'anon.generate'));
    button.addEventListener('click', () => {
      const bytes = crypto.getRandomValues(new Uint8Array(32));
      state.key = { bytes, how: 'generated' };
      state.shownHex = toHex(bytes);
      state.message = '';
      redraw();
      document.getElementById('anon-key-hex')?.select();
    });
    body.append(button);
    if (state.shownHex) {
      const hex = el('input', { type: 'text', id: 'anon-key-hex', class: 'anon-hex', readOnly: true, value: state.shownHex, spellcheck: false, autocomplete: 'off' });
      hex.setAttribute('aria-describedby', 'anon-key-warning');
      const copy = el('button', { type: 'button', class: 'button button-quiet', id: 'anon-copy' }, t('anon.copy'));
      copy.addEventListener('click', async () => {
        hex.select();
        try {
          await navigator.clipboard.writeText(hex.value);
          copy.textContent = t('anon.copied');
        } catch {
          copy.textContent = t('anon.copy.select');
        }
      });
      body.append(
        el('div', { class: 'anon-hex-row' }, field(t('anon.key.hex'), hex), copy),
        el('p', { class: 'anon-warning', id: 'anon-key-warning' }, t('anon.key.warning')),
      );
    }
  } else if (state.mode === 'enter') {
    const input = el('input', { type: 'password', id: 'anon-key-input', class: 'anon-hex', autocomplete: 'off', spellcheck: false, placeholder: t('anon.key.placeholder') });
    // A key entered earlier stays (masked) rather than an empty field next to "key set".
    if (state.key?.how === 'entered') input.value = toHex(state.key.bytes);
    input.addEventListener('input', () => {
      const v = input.value.trim().replace(/\s+/g, '');
      const status = document.getElementById('anon-key-status');
      if (/^[0-9a-fA-F]{64}$/.test(v)) {
        state.key = { bytes: fromHex(v), how: 'entered' };
        state.shownHex = '';
        clearBlocked();
        if (status) status.textContent = t('anon.key.set.entered');
      } else {
        if (state.key?.how === 'entered') state.key = null;
        if (status) status.textContent = v ? t('anon.key.bad', { n: fmt(v.length) }) : t('anon.key.none');
      }
    });
    body.append(field(t('anon.key.enter'), input));
  } else {
    const input = el('input', { type: 'password', id: 'anon-passphrase', class: 'anon-hex', autocomplete: 'off', spellcheck: false });
    if (state.key?.passphrase !== undefined) input.value = state.key.passphrase;
    input.addEventListener('input', () => {
      const status = document.getElementById('anon-key-status');
      if (input.value.length >= 8) {
        state.key = { passphrase: input.value };
        state.shownHex = '';
        clearBlocked();
        if (status) status.textContent = t('anon.key.set.passphrase');
      } else {
        if (state.key?.passphrase !== undefined) state.key = null;
        if (status) status.textContent = input.value ? t('anon.passphrase.short') : t('anon.key.none');
      }
    });
    body.append(field(t('anon.passphrase'), input), el('p', { class: 'block-hint' }, t('anon.passphrase.hint', { salt: state.salt ?? '' })));
  }
  return el('fieldset', { class: 'anon-group anon-key' },
    el('legend', {}, t('anon.key')),
    el('p', { class: 'block-hint' }, t('anon.key.hint')),
    modes,
    body,
    el('p', { class: 'anon-key-status', id: 'anon-key-status', 'aria-live': 'polite' }, keyStatus()),
  );
}

function keyStatus() {
  if (!state.key) return t('anon.key.none');
  if (state.key.passphrase !== undefined) return t('anon.key.set.passphrase');
  return t(state.key.how === 'entered' ? 'anon.key.set.entered' : 'anon.key.set.generated');
}

function randomHex(n) {
  return toHex(crypto.getRandomValues(new Uint8Array(n)));
}

function toHex(bytes) {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function fromHex(hex) {
  return Uint8Array.from(hex.match(/../g), (h) => parseInt(h, 16));
}

/**
 * Why the run cannot start yet ('' when it can): a keyed transform without a
 * key, a date shift without its person column. Shows the reason in the panel
 * and focuses what to fix.
 */
export function anonymizeBlocked() {
  let focus = null;
  if (needsKey() && !usableKey()) {
    state.message = 'key';
    focus = document.getElementById('anon-generate') ?? document.getElementById('anon-key-input') ?? document.getElementById('anon-passphrase');
  } else if (state.names.some((n) => chosen(n) === 'date_shift') && !state.person) {
    state.message = 'person';
    focus = document.getElementById('anon-person');
  } else {
    state.message = '';
  }
  const message = blockedText();
  const shown = document.getElementById('anon-message');
  if (shown) shown.textContent = message;
  focus?.focus();
  return message;
}

function clearBlocked() {
  state.message = '';
  const shown = document.getElementById('anon-message');
  if (shown) shown.textContent = '';
}

/** The reason shown for a blocked run, in the page's current language. */
function blockedText() {
  if (state.message === 'key') return t('anon.blocked.key', { columns: state.names.filter((n) => KEYED.has(chosen(n))).join(', ') });
  if (state.message === 'person') return t('anon.blocked.person');
  return '';
}

function usableKey() {
  return Boolean(state.key && (state.key.bytes?.length === 32 || state.key.passphrase));
}

/**
 * Writes the choices into `profile.anonymize` (or removes the section when
 * nothing is chosen and the profile had none). Never the key. A run of
 * another file than the steps' (its steps were skipped) keeps the profile's
 * own section. Returns `profile`.
 */
export function anonymizeProfile(profile, file = state.file) {
  const had = profile.anonymize && typeof profile.anonymize === 'object';
  if (!state.names.length || file !== state.file) return profile;
  if (!anyChosen() && !(had && state.salt)) {
    delete profile.anonymize;
    return profile;
  }
  const columns = {};
  for (const name of state.names) {
    const c = state.columns.get(name);
    if (!c || c.transform === 'keep') continue;
    const out = { transform: c.transform };
    if (c.transform === 'mask') {
      for (const key of ['keep_first', 'keep_last']) if (Number.isFinite(c[key])) out[key] = c[key];
      if (c.mask_domain) out.mask_domain = true;
    } else if (c.transform === 'pseudonym') {
      if (c.prefix) out.prefix = c.prefix;
      if (Number.isFinite(c.length)) out.length = c.length;
    } else if (c.transform === 'generalize') {
      out.to = c.to;
      if ((c.to === 'age_band' || c.to === 'range') && Number.isFinite(c.width)) out.width = c.width;
      if (c.to === 'prefix' && Number.isFinite(c.digits)) out.digits = c.digits;
    } else if (c.transform === 'redact' && typeof c.text === 'string') {
      out.text = c.text;
    }
    columns[name] = out;
  }
  const section = { columns, quasi_identifiers: [...state.qi].filter((n) => state.names.includes(n)) };
  if (section.quasi_identifiers.length) {
    section.k = Math.max(2, state.k | 0);
    section.enforce_k = state.enforce;
  }
  if (Object.values(columns).some((c) => c.transform === 'date_shift')) {
    section.date_shift = { person: state.person, max_days: state.maxDays };
  }
  if (state.salt) section.salt = state.salt;
  profile.anonymize = section;
  return profile;
}

/**
 * The key for the worker: { bytes } or { passphrase, salt }, or null when
 * none was set. A generated key's hex is not shown again after this.
 */
export function anonymizeKey() {
  state.shownHex = '';
  // Shown once: off the page as soon as the run starts.
  const hex = document.getElementById('anon-key-hex');
  if (hex) {
    hex.value = '';
    hex.closest('.anon-hex-row')?.remove();
    document.getElementById('anon-key-warning')?.remove();
  }
  // Given whenever there is one: a run whose steps were skipped may use a loaded profile's keyed transforms.
  if (!usableKey()) return null;
  if (state.key.bytes) return { bytes: state.key.bytes.slice() };
  return { passphrase: state.key.passphrase, salt: state.salt };
}

// ---------------------------------------------------------------- results

/** Fills `block` with what anonymization did; hides it when the run had none. */
export function renderAnonymization(block, summary) {
  const a = summary?.anonymization;
  block.hidden = !a;
  if (!a) {
    block.replaceChildren();
    return;
  }
  const parts = [el('h3', { id: 'anon-title' }, t('anon.results'))];
  const columns = a.columns ?? [];
  if (columns.length) {
    const rows = columns.map((c) =>
      el('tr', { dataset: { column: c.name, transform: c.transform } },
        el('th', { scope: 'row' }, c.name),
        el('td', {}, t(`anon.t.${c.transform}`)),
        el('td', { class: 'num' }, c.transform === 'drop' ? '—' : fmt(c.cells_changed)),
        el('td', { class: `num${c.cells_unreadable ? ' is-warning' : ''}` }, c.transform === 'drop' ? '—' : fmt(c.cells_unreadable)),
      ),
    );
    parts.push(
      el('div', { class: 'table-wrap' },
        el('table', { class: 'data-table anon-table' },
          el('thead', {}, el('tr', {},
            el('th', { scope: 'col' }, staticText('th.column', 'Column')),
            el('th', { scope: 'col' }, t('anon.th.transform')),
            el('th', { scope: 'col', class: 'num' }, t('anon.th.changed')),
            el('th', { scope: 'col', class: 'num' }, t('anon.th.unreadable')),
          )),
          el('tbody', {}, ...rows),
        ),
      ),
    );
  }
  const blanked = (a.issue_values_blanked ?? 0) + (a.change_values_blanked ?? 0);
  if (blanked || a.rejected_fields_removed) {
    parts.push(el('p', { class: 'block-hint' }, t('anon.blanked', {
      issues: fmt(a.issue_values_blanked ?? 0), changes: fmt(a.change_values_blanked ?? 0), rejected: fmt(a.rejected_fields_removed ?? 0),
    })));
  }
  const r = a.risk;
  if (r) {
    const empty = r.after.classes === 0;
    const ok = !empty && r.after.rows_below_k === 0 && r.after.k >= r.k_target;
    // Before → after in one stat; data-before / data-after for the tests.
    const stat = (key, label, before, after, warn) =>
      el('div', { class: 'stat', dataset: { anon: key } }, el('dt', {}, label),
        el('dd', { class: warn ? 'is-warning' : '', dataset: { before: String(before), after: String(after) } },
          before === null ? fmt(after) : `${fmt(before)} → ${fmt(after)}`));
    parts.push(
      el('h4', { class: 'anon-subtitle' }, t('anon.risk')),
      el('p', { class: 'block-hint' }, t('anon.risk.of', { columns: r.quasi_identifiers.join(', '), k: fmt(r.k_target), enforce: lowerFirst(t(`anon.enforce.${r.enforce_k}`)) })),
      el('dl', { class: 'stats anon-stats' },
        stat('k', t('anon.k.stat'), r.before.k, r.after.k, r.after.k < r.k_target),
        stat('below', t('anon.below'), r.before.rows_below_k, r.after.rows_below_k, r.after.rows_below_k > 0),
        stat('suppressed', t('anon.suppressed'), null, r.rows_suppressed ?? 0, false),
        stat('classes', t('anon.classes'), null, r.after.classes, false),
      ),
      el('p', { class: `anon-verdict ${ok ? 'is-ok' : 'is-warning'}`, id: 'anon-verdict' },
        empty
          ? t('anon.verdict.empty', { target: fmt(r.k_target) })
          : ok
          ? t('anon.verdict.ok', { k: fmt(r.after.k), target: fmt(r.k_target) })
          : t('anon.verdict.bad', { n: fmt(r.after.rows_below_k), target: fmt(r.k_target) })),
    );
    if (r.generalized?.length) {
      parts.push(el('p', { class: 'block-hint' }, t('anon.generalized', { list: r.generalized.map((g) => `${g.column} (${fmt(g.steps)})`).join(', ') })));
    }
    if (r.rows_suppressed > 0) {
      parts.push(el('p', { class: 'anon-warning', id: 'anon-suppressed-note' }, t(r.rows_suppressed === 1 ? 'anon.suppressed.one' : 'anon.suppressed.note', { n: fmt(r.rows_suppressed) })));
    }
    const smallest = r.after.smallest ?? [];
    if (smallest.length) {
      parts.push(
        el('p', { class: 'block-hint' }, t('anon.smallest')),
        el('div', { class: 'table-wrap' },
          el('table', { class: 'data-table anon-smallest' },
            el('thead', {}, el('tr', {}, ...r.quasi_identifiers.map((q) => el('th', { scope: 'col' }, q)), el('th', { scope: 'col', class: 'num' }, t('anon.th.rows')))),
            el('tbody', {}, ...smallest.map((cls) => el('tr', { class: cls.rows < r.k_target ? 'is-below' : '' },
              ...cls.values.map((v) => el('td', {}, v === '' ? '—' : v)),
              el('td', { class: 'num' }, fmt(cls.rows)),
            ))),
          ),
        ),
      );
    }
  }
  block.replaceChildren(...parts);
}

function lowerFirst(text) {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
