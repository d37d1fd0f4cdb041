// The steps shown before a run: each column's detected type (changeable) and
// what cleaning will do to it.

import { t } from './i18n.js';

/** The column types of the core, in the order the type menus list them. */
export const COLUMN_TYPES = [
  'full_name', 'given_name', 'family_name', 'email', 'phone', 'mobile', 'landline', 'company', 'job_title',
  'address', 'city', 'province', 'postal_code', 'country', 'date', 'datetime', 'gender', 'url', 'cn_id',
  'number', 'currency', 'category', 'record_id', 'text',
];

/** A <select> of the column types, `value` chosen. */
export function typeSelect(value, id, label) {
  const select = document.createElement('select');
  select.id = id;
  for (const type of COLUMN_TYPES) select.append(new Option(t(`type.${type}`), type));
  if (!COLUMN_TYPES.includes(value)) select.append(new Option(value, value));
  select.value = value;
  select.setAttribute('aria-label', label);
  return select;
}

/** What cleaning will do to a column of `type`. */
export function plannedActions(type, column = {}) {
  const actions = [t('action.trim')];
  actions.push(type === 'text' ? t('action.keep') : t('action.check', { type: t(`type.${type}`) }));
  if (column.last_contact) actions.push(t('action.stale'));
  return actions.join('; ');
}

/**
 * Fills `tbody` with one row per column: name, type menu, sample values,
 * planned actions. `columns` are the summary's column_types ({ name, type,
 * confidence }); `chosen` maps a column name to a type picked earlier.
 * Calls onChange() when a type is changed.
 */
export function renderSteps(tbody, columns, sampleRows, chosen, onChange) {
  tbody.replaceChildren(
    ...columns.map((col, i) => {
      const tr = document.createElement('tr');
      tr.dataset.column = col.name;
      const name = document.createElement('th');
      name.scope = 'row';
      name.textContent = col.name || t('blank');
      const typeCell = document.createElement('td');
      const select = typeSelect(chosen.get(col.name) ?? col.type, `step-type-${i}`, `${t('th.type')}: ${col.name}`);
      select.dataset.column = col.name;
      select.dataset.original = col.type;
      const conf = document.createElement('span');
      conf.className = 'step-confidence';
      const values = sampleRows.map((r) => r[i]).filter((v) => v !== undefined && v !== '').slice(0, 3);
      if (col.confidence === null || col.confidence === undefined) conf.textContent = t('confidence.set');
      else if (values.length === 0 && !(col.confidence > 0)) {
        // "0 %" would read as "surely not this type"; the column is just empty so far.
        conf.textContent = t('steps.empty');
        conf.title = t('steps.empty.title');
      } else conf.textContent = `${Math.round(col.confidence * 100)}\u00a0%`;
      typeCell.append(select, conf);
      const sample = document.createElement('td');
      sample.className = 'step-sample';
      // One value a line, cut with an ellipsis rather than broken inside a word or a number.
      if (values.length) {
        sample.replaceChildren(...values.map((v) => Object.assign(document.createElement('span'), { className: 'step-sample-value', textContent: v, title: v })));
      } else sample.textContent = '—';
      const actions = document.createElement('td');
      actions.className = 'step-actions';
      actions.textContent = plannedActions(select.value, col);
      select.addEventListener('change', () => {
        actions.textContent = plannedActions(select.value, col);
        tr.classList.toggle('is-changed', select.value !== col.type);
        onChange();
      });
      tr.classList.toggle('is-changed', select.value !== col.type);
      tr.append(name, typeCell, sample, actions);
      return tr;
    }),
  );
}
