// The provisioning log: every SCIM request's outcome, newest first; refreshes while the first page is open. Successful
// reads are counted, not listed: a line per minute says how many there were.
import { admin } from '../api.js';
import { busy, clear, dataTable, errorBanner, h, providerBadge, tenantPageHeader, when } from '../ui.js';
import { photoRefusalsSection } from './photo-refusals.js';

const REFRESH_EVERY_MS = 5000;
export const OPERATIONS = {
  CREATE_USER: 'Create user', GET_USER: 'Get user', LIST_USERS: 'Find users', REPLACE_USER: 'Replace user',
  UPDATE_USER: 'Update user', DELETE_USER: 'Delete user', CREATE_GROUP: 'Create group', GET_GROUP: 'Get group',
  LIST_GROUPS: 'Find groups', REPLACE_GROUP: 'Replace group', UPDATE_GROUP: 'Update group', DELETE_GROUP: 'Delete group',
  DISCOVERY: 'Discovery', OTHER: 'Other request',
};

export async function render({ main, slug, isCurrent }) {
  const messages = h('div', { id: 'page-messages' });
  const failuresOnly = h('input', { type: 'checkbox', role: 'switch', class: 'switch', id: 'failures-only' });
  const pageSize = h('select', { id: 'log-page-size' },
    [25, 50, 100, 200].map((size) => h('option', { value: size, selected: size === 50 }, String(size))));
  const results = h('div', { id: 'log-results' });
  const pager = h('nav', { class: 'pager', 'aria-label': 'Pages of the provisioning log' });
  const updated = h('p', { class: 'muted', id: 'log-updated', 'aria-live': 'off' });
  const photos = photoRefusalsSection(slug);

  main.append(
    tenantPageHeader({ breadcrumb: 'Settings › User Provisioning', title: 'Provisioning log', slug,
      lead: 'Every SCIM request your identity provider sent, '
        + 'newest first, with its outcome; successful reads are counted per minute. Kept 30 days; it never holds a '
        + 'token, a password or a request body.' }),
    messages,
    h('div', { class: 'toolbar' },
      h('div', { class: 'switch-row' }, failuresOnly, h('label', { for: 'failures-only' }, 'Failures only')),
      h('div', { class: 'field' }, h('label', { for: 'log-page-size' }, 'Entries per page'), pageSize)),
    updated,
    results,
    pager,
    photos.section);

  const newest = h('button', { type: 'button', class: 'button small', id: 'log-newest', disabled: true }, 'Newest');
  const newer = h('button', { type: 'button', class: 'button small', id: 'log-newer', disabled: true }, 'Newer entries');
  const older = h('button', { type: 'button', class: 'button small', id: 'log-older', disabled: true }, 'Older entries');
  const pageLabel = h('span', { class: 'muted' }, 'Page 1');
  pager.append(newest, newer, pageLabel, older);
  newest.addEventListener('click', () => busy(newest, () => go(0, 'log-older')));
  newer.addEventListener('click', () => busy(newer, () => go(page - 1, 'log-newer')));
  older.addEventListener('click', () => busy(older, () => {
    cursors[page + 1] = next;
    return go(page + 1, 'log-older');
  }));

  function updatePager() {
    newest.disabled = page === 0;
    newer.disabled = page === 0;
    older.disabled = next == null;
    pageLabel.textContent = `Page ${page + 1}`;
  }

  // the cursors of the pages shown so far: cursors[i] is the "before" of page i (null: the newest)
  let cursors = [null];
  let page = 0;
  let next = null;

  let loads = 0;
  async function load() {
    const attempt = ++loads;
    let logPage;
    try {
      logPage = await admin.provisioningLog(slug, {
        before: cursors[page], failuresOnly: failuresOnly.checked, limit: Number(pageSize.value),
      });
    } catch (error) {
      if (isCurrent() && attempt === loads) {
        clear(messages, errorBanner(error, 'The provisioning log could not be read'));
      }
      return;
    }
    if (!isCurrent() || attempt !== loads) {
      return; // a newer request (another page, the switch) answers instead
    }
    clear(messages);
    if (page === 0) {
      photos.reload();
    }
    next = logPage.before;
    show(withReads(logPage.entries || [], logPage.reads || []));
  }

  const readsCell = (column, cell) => (entry) => (entry.reads ? column(entry) : cell(entry));
  const none = () => h('span', { class: 'muted' }, '—');

  function show(entries) {
    clear(results, dataTable({
      caption: 'Provisioning log entries',
      columns: [
        { label: 'Time', cell: readsCell((minute) => h('time', { datetime: minute.minute }, when(minute.minute)),
          (entry) => h('time', { datetime: entry.at }, when(entry.at))) },
        { label: 'Status', cell: readsCell(() => h('span', { class: 'badge success' }, 'Success'),
          (entry) => [h('span', { class: `badge ${entry.result === 'SUCCESS' ? 'success' : 'failure'}` },
            entry.result === 'SUCCESS' ? 'Success' : 'Failure'), ' ', h('span', { class: 'mono' }, String(entry.status))]) },
        { label: 'Operation', cell: readsCell((minute) => [
          h('strong', {}, `${minute.reads} successful read${minute.reads === 1 ? '' : 's'}`), h('br'),
          h('span', { class: 'muted' }, minute.operations.map(([operation, reads]) =>
            `${OPERATIONS[operation] || operation} ${reads}`).join(' · '))],
        (entry) => [OPERATIONS[entry.operation] || entry.operation,
          entry.query ? [h('br'), h('span', { class: 'muted mono' }, entry.query)] : null]) },
        { label: 'User', cell: readsCell(none, (entry) => (entry.userName || entry.userId
          ? [entry.userName ? h('span', { class: 'user-name' }, entry.userName) : null,
            entry.userId ? [entry.userName ? h('br') : null, h('span', { class: 'muted mono' }, entry.userId)] : null]
          : h('span', { class: 'muted' }, '—'))) },
        { label: 'Identity provider', cell: readsCell((minute) => minute.identityProviders.map(providerBadge),
          (entry) => providerBadge(entry.identityProvider)) },
        { label: 'Error detail', className: 'detail', cell: readsCell(none, (entry) => (entry.result === 'SUCCESS' && !entry.detail
          ? h('span', { class: 'muted' }, '—')
          : [entry.scimType ? h('strong', { class: 'mono' }, `${entry.scimType}: `) : null, entry.detail || '—'])) },
        { label: 'Duration', cell: readsCell(none, (entry) => `${entry.durationMs} ms`) },
      ],
      rows: entries,
      rowClass: (entry) => (entry.reads ? 'log-reads success'
        : entry.result === 'SUCCESS' ? 'log-entry success' : 'log-entry failure'),
      empty: failuresOnly.checked ? 'No failed request in the log.' : 'No SCIM request yet.',
    }));
    updatePager();
    updated.textContent = page === 0
      ? `Updated ${new Date().toLocaleTimeString()}; refreshes every ${REFRESH_EVERY_MS / 1000} seconds while open.`
      : 'Showing older entries: go back to the newest page to follow new requests.';
  }

  /**
   * The entries with a line per minute of counted reads among them, newest first: a minute's line goes before the
   * first entry older than its last read.
   */
  function withReads(entries, reads) {
    const minutes = new Map();
    for (const read of reads) {
      const minute = minutes.get(read.minute) || { minute: read.minute, at: read.lastAt, reads: 0,
        operations: new Map(), identityProviders: new Set() };
      minute.reads += read.reads;
      minute.at = read.lastAt > minute.at ? read.lastAt : minute.at;
      minute.operations.set(read.operation, (minute.operations.get(read.operation) || 0) + read.reads);
      minute.identityProviders.add(read.identityProvider);
      minutes.set(read.minute, minute);
    }
    const lines = [...minutes.values()]
      .map((minute) => ({ ...minute, operations: [...minute.operations], identityProviders: [...minute.identityProviders] }))
      .sort((one, other) => Date.parse(other.at) - Date.parse(one.at));
    const merged = [];
    for (const entry of entries) {
      while (lines.length > 0 && Date.parse(lines[0].at) > Date.parse(entry.at)) {
        merged.push(lines.shift());
      }
      merged.push(entry);
    }
    return merged.concat(lines);
  }

  async function go(target, focusId) {
    page = Math.max(0, target);
    cursors = cursors.slice(0, page + 1);
    await load();
    const button = document.getElementById(focusId);
    // busy() enables the button again after this: focus the one asked for, or the other way through the pages
    window.setTimeout(() => {
      updatePager();
      const target = button && !button.disabled ? button : [older, newer].find((other) => !other.disabled);
      target?.focus();
    }, 0);
  }

  const restart = () => {
    cursors = [null];
    page = 0;
    load();
  };
  failuresOnly.addEventListener('change', restart);
  pageSize.addEventListener('change', restart);

  clear(results, h('p', { class: 'loading' }, 'Loading the provisioning log…'));
  await load();
  const timer = window.setInterval(() => {
    if (page === 0 && document.visibilityState === 'visible') {
      load();
    }
  }, REFRESH_EVERY_MS);
  return () => window.clearInterval(timer);
}
