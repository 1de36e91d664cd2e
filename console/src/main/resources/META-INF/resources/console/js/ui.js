// DOM helpers. Text is always set as text (never parsed as HTML): log entries and user names come from
// identity providers.

/** Creates an element: h('p', {class: 'hint'}, 'text', child, ...). Attributes named on* become listeners. */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2).toLowerCase(), value);
    } else if (name === 'dataset') {
      Object.assign(element.dataset, value);
    } else if (value === true) {
      element.setAttribute(name, '');
    } else {
      element.setAttribute(name, String(value));
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) {
      continue;
    }
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function clear(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

let unique = 0;
export const newId = (prefix) => `${prefix}-${++unique}`;

/** Tells screen readers about a change that has no focus of its own. */
export function announce(message) {
  const announcer = document.getElementById('announcer');
  announcer.textContent = '';
  window.setTimeout(() => { announcer.textContent = message; }, 30);
}

/** The header of a tenant's page: where it sits in Settings, its title, and what it is for, naming the tenant. */
export function tenantPageHeader({ breadcrumb, title, slug, lead }) {
  return h('div', { class: 'page-header' },
    h('p', { class: 'breadcrumb' }, breadcrumb),
    h('h1', {}, title),
    h('p', { class: 'lead' }, 'Tenant ', h('strong', {}, slug), `. ${lead}`));
}

/** A banner: kind is error, warning, success or info. Errors and warnings are alerts. */
export function banner(kind, ...content) {
  const role = kind === 'error' || kind === 'warning' ? 'alert' : 'status';
  return h('div', { class: `banner ${kind}`, role }, ...content);
}

/** The message of a failure, for a banner. */
export function errorBanner(error, prefix) {
  const message = error && error.message ? error.message : 'Something went wrong.';
  return banner('error', h('p', {}, prefix ? `${prefix}: ${message}` : message));
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'long', timeZone: 'UTC' });
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

/** "2 Dec 2026, 10:15:03 (3 minutes ago)"; "never" for null. */
export function when(instant, never = 'Never') {
  if (!instant) {
    return never;
  }
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) {
    return String(instant);
  }
  return `${dateTime.format(date)} (${ago(date)})`;
}

export function ago(date) {
  const seconds = Math.round((date.getTime() - Date.now()) / 1000);
  const steps = [[60, 'second'], [60, 'minute'], [24, 'hour'], [30, 'day'], [12, 'month'], [Infinity, 'year']];
  let value = seconds;
  for (const [size, unit] of steps) {
    if (Math.abs(value) < size) {
      return relative.format(Math.trunc(value), unit);
    }
    value /= size;
  }
  return '';
}

export function day(isoDate) {
  if (!isoDate) {
    return '';
  }
  const date = new Date(`${isoDate}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? String(isoDate) : dateOnly.format(date);
}

export const PROVIDERS = {
  MICROSOFT_ENTRA_ID: { label: 'Microsoft Entra ID', badge: 'entra' },
  OKTA: { label: 'Okta', badge: 'okta' },
  OTHER_SCIM_CLIENT: { label: 'SCIM', badge: 'scim', long: 'Other SCIM client' },
};

export function providerBadge(provider) {
  const known = PROVIDERS[provider] || { label: provider || 'Unknown', badge: 'scim' };
  return h('span', { class: `badge ${known.badge}`, title: known.long || known.label }, known.label);
}

/**
 * Copies text; falls back to selecting it in {@code field} when the clipboard is not available, and says
 * what happened in {@code status}.
 */
export async function copy(text, status, field) {
  let copied = false;
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      copied = true;
    }
  } catch {
    copied = false;
  }
  if (!copied && field) {
    field.focus();
    field.select();
    try {
      copied = document.execCommand('copy');
    } catch {
      copied = false;
    }
  }
  const message = copied ? 'Copied to the clipboard.' : 'Could not copy: the text is selected, press Ctrl+C (⌘C on a Mac).';
  if (status) {
    status.textContent = message;
  }
  announce(message);
  return copied;
}

/**
 * A read-only value with a Copy button and a place to say it was copied. The value wraps (a text area as tall as its
 * content), so a token or an endpoint URL is whole on a phone too.
 */
export function copyField(label, value, { id = newId('copy'), name } = {}) {
  const input = h('textarea', { id, class: 'copy-value', readonly: true, rows: 1, spellcheck: 'false',
    autocomplete: 'off', name });
  input.value = value;
  const status = h('p', { class: 'copy-status', role: 'status' });
  const button = h('button', { type: 'button', class: 'button' }, 'Copy');
  button.setAttribute('aria-label', `Copy ${label.toLowerCase()}`);
  button.addEventListener('click', () => copy(input.value, status, input));
  return {
    element: h('div', { class: 'field' },
      h('label', { for: id }, label),
      h('div', { class: 'inline' }, input, button),
      status),
    input,
    button,
  };
}

/**
 * A modal dialog. Resolves with the value of the button that closed it ('cancel' for Escape). The element is
 * removed afterwards, with whatever it showed. With {@code confirmDismiss}, Escape does not close it at once: the
 * dialog stays until confirmDismiss() resolves true (it asks the admin), and closes then.
 */
export function dialog({ title, body, actions, initialFocus, labelledBy, confirmDismiss }) {
  const titleId = labelledBy || newId('dialog-title');
  const element = h('dialog', { 'aria-labelledby': titleId },
    h('div', { class: 'dialog-body' }, h('h2', { id: titleId }, title), body),
    h('div', { class: 'dialog-actions' }, actions.map((action) => {
      const button = h('button', {
        type: 'button', class: `button ${action.kind || ''}`.trim(), value: action.value, dataset: action.dataset,
      }, action.label);
      button.addEventListener('click', () => element.close(action.value));
      return button;
    })));
  document.body.append(element);
  if (confirmDismiss) {
    let asking = false;
    const ask = async () => {
      if (asking) {
        return;
      }
      asking = true;
      try {
        if (await confirmDismiss()) {
          element.close('cancel');
        }
      } finally {
        asking = false;
      }
    };
    // Escape asks first; stopping the key (not only the cancel event) keeps a second Escape from closing it anyway
    element.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        ask();
      }
    });
    element.addEventListener('cancel', (event) => {
      event.preventDefault();
      ask();
    });
  }
  return new Promise((resolve) => {
    element.addEventListener('close', () => {
      const value = element.returnValue || 'cancel';
      element.remove();
      resolve(value);
    }, { once: true });
    element.showModal();
    const focus = initialFocus ? element.querySelector(initialFocus) : null;
    if (focus) {
      focus.focus();
    }
  });
}

/** Asks before something that cannot be undone. Resolves true when confirmed. */
export async function confirm({ title, message, confirmLabel, danger = true, cancelLabel = 'Cancel' }) {
  const answer = await dialog({
    title,
    body: Array.isArray(message) ? message.map((line) => h('p', {}, line)) : h('p', {}, message),
    actions: [
      { label: cancelLabel, value: 'cancel' },
      { label: confirmLabel, value: 'confirm', kind: danger ? 'danger' : 'primary' },
    ],
    initialFocus: 'button[value="cancel"]',
  });
  return answer === 'confirm';
}

/** Runs {@code work} with the button marked busy, so a double click does not send twice. */
export async function busy(button, work) {
  if (button.getAttribute('aria-busy') === 'true') {
    return undefined;
  }
  button.setAttribute('aria-busy', 'true');
  button.disabled = true;
  try {
    return await work();
  } finally {
    button.removeAttribute('aria-busy');
    button.disabled = false;
  }
}

/** A table that becomes stacked cards on narrow screens; cells carry their column's label. */
export function dataTable({ caption, columns, rows, rowClass, empty }) {
  const table = h('table', { class: 'data stack' },
    caption ? h('caption', { class: 'visually-hidden' }, caption) : null,
    h('thead', {}, h('tr', {}, columns.map((column) => h('th', { scope: 'col' }, column.label)))),
    h('tbody', {}, rows.length === 0
      ? h('tr', {}, h('td', { colspan: columns.length, class: 'empty' }, empty || 'Nothing to show.'))
      : rows.map((row) => h('tr', { class: rowClass ? rowClass(row) : null },
        columns.map((column) => h('td', { 'data-label': column.label, class: column.className || null },
          column.cell(row)))))));
  return h('div', { class: 'table-wrap' }, table);
}
