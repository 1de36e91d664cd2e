// Users. The admin API has no user list (it would be GET /admin/tenants/{tenant}/users?q=&startIndex=&count=),
// so this page lists the users that the provisioning log names: every user the identity provider created, changed,
// read or deleted in the log's 30 days, with the badge of the identity provider that sent the request. Photos and
// avatars come from the admin API's photo endpoints.
import { admin } from '../api.js';
import {
  announce, banner, busy, clear, dataTable, errorBanner, h, providerBadge, when,
} from '../ui.js';

const LOG_PAGE = 500;
const MAX_LOG_PAGES = 20;
const PAGE_SIZE = 20;
const USER_OPERATIONS = new Set(['CREATE_USER', 'GET_USER', 'LIST_USERS', 'REPLACE_USER', 'UPDATE_USER', 'DELETE_USER']);
const WRITES = { CREATE_USER: 'Created', REPLACE_USER: 'Replaced', UPDATE_USER: 'Updated', DELETE_USER: 'Deleted' };

/** The users the log names, newest activity first (the log is read newest first). */
function usersOf(entries) {
  const users = new Map();
  for (const entry of entries) {
    if (!entry.userId || entry.result !== 'SUCCESS' || !USER_OPERATIONS.has(entry.operation)) {
      continue;
    }
    let user = users.get(entry.userId);
    if (!user) {
      user = { id: entry.userId, userName: null, source: null, lastWrite: null, lastWriteAt: null, lastSeenAt: entry.at,
        deleted: false };
      users.set(entry.userId, user);
    }
    user.userName = user.userName || entry.userName;
    if (WRITES[entry.operation] && !user.lastWrite) {
      user.lastWrite = WRITES[entry.operation];
      user.lastWriteAt = entry.at;
      user.deleted = entry.operation === 'DELETE_USER';
      user.source = entry.identityProvider;
    }
    user.source = user.source || entry.identityProvider;
  }
  return [...users.values()];
}

function initials(userName) {
  const name = (userName || '?').split('@')[0];
  const parts = name.split(/[._\-\s]+/).filter(Boolean);
  return ((parts[0] || '?')[0] + (parts[1] ? parts[1][0] : '')).toUpperCase();
}

export async function render({ main, slug, isCurrent }) {
  const photos = new Map(); // user id -> {url, origin} | 'none' | 'gone'
  const messages = h('div', { id: 'page-messages' });
  const census = h('p', { class: 'muted', id: 'users-census' });
  const search = h('input', { type: 'search', id: 'user-search', name: 'search', autocomplete: 'off', spellcheck: 'false',
    'aria-describedby': 'user-search-hint' });
  const results = h('div', { id: 'users-results' });
  const summary = h('p', { class: 'muted', id: 'users-summary', role: 'status' });
  const pager = h('nav', { class: 'pager', 'aria-label': 'Pages of users' });
  const reloadButton = h('button', { type: 'button', class: 'button', id: 'reload-users' }, 'Reload');

  main.append(
    h('div', { class: 'page-header' },
      h('p', { class: 'breadcrumb' }, 'Settings'),
      h('h1', {}, 'Users'),
      h('p', { class: 'lead' }, 'Tenant ', h('strong', {}, slug), '. The users your identity provider pushed, with the '
        + 'badge of the provider that provisioned them and their profile photo (Microsoft Graph’s, or an avatar uploaded '
        + 'here).')),
    banner('info', h('p', {}, 'The admin API cannot list users yet, so this list comes from the provisioning log: every '
      + 'user the identity provider created, changed, read or deleted in the last 30 days. Whether each user is active '
      + 'or deactivated is not in the admin API; the tenant’s totals are below.')),
    messages,
    census,
    h('div', { class: 'toolbar' },
      h('div', { class: 'field' },
        h('label', { for: 'user-search' }, 'Search users'),
        search,
        h('p', { class: 'hint', id: 'user-search-hint' }, 'By userName or user id.')),
      reloadButton),
    summary,
    results,
    pager);

  let all = [];
  let page = 0;
  let truncated = false;

  async function load() {
    clear(messages);
    const entries = [];
    let before = null;
    truncated = false;
    for (let pages = 0; pages < MAX_LOG_PAGES; pages++) {
      const logPage = await admin.provisioningLog(slug, { before, failuresOnly: false, limit: LOG_PAGE });
      entries.push(...(logPage.entries || []));
      before = logPage.before;
      if (before == null) {
        break;
      }
      truncated = pages === MAX_LOG_PAGES - 1;
    }
    all = usersOf(entries);
  }

  async function loadCensus() {
    try {
      const status = await admin.status(slug);
      const users = status.users || { total: 0, active: 0, inactive: 0 };
      census.textContent = `The directory holds ${users.total} users: ${users.active} active, ${users.inactive} deactivated.`;
    } catch (error) {
      census.textContent = '';
    }
  }

  function matching() {
    const term = search.value.trim().toLowerCase();
    return term ? all.filter((user) => (user.userName || '').toLowerCase().includes(term)
      || user.id.toLowerCase().includes(term)) : all;
  }

  function avatarOf(user) {
    const holder = h('span', { class: 'avatar', 'aria-hidden': 'true', 'data-user-avatar': user.id }, initials(user.userName));
    const known = photos.get(user.id);
    if (known && typeof known === 'object') {
      return photoElement(user, known);
    }
    if (!known && !user.deleted) {
      loadPhoto(user).then((photo) => {
        if (photo && holder.isConnected) {
          holder.replaceWith(photoElement(user, photo));
        }
      });
    }
    return holder;
  }

  function photoElement(user, photo) {
    const origin = photo.origin === 'MICROSOFT_GRAPH' ? 'Microsoft Graph photo' : 'Avatar';
    return h('img', { class: 'avatar', src: photo.url, alt: `${origin} of ${user.userName || user.id}`,
      'data-user-avatar': user.id, 'data-photo-origin': photo.origin || '' });
  }

  async function loadPhoto(user, force = false) {
    if (!force && photos.has(user.id)) {
      const known = photos.get(user.id);
      return typeof known === 'object' ? known : null;
    }
    photos.set(user.id, 'loading');
    try {
      const response = await admin.photo(slug, user.id);
      const blob = await response.blob();
      const previous = photos.get(user.id);
      if (previous && typeof previous === 'object') {
        URL.revokeObjectURL(previous.url);
      }
      const photo = { url: URL.createObjectURL(blob), origin: response.headers.get('Photo-Origin') };
      photos.set(user.id, photo);
      return photo;
    } catch (error) {
      photos.set(user.id, error.status === 404 ? 'none' : 'failed');
      return null;
    }
  }

  function uploader(user) {
    const id = `avatar-${user.id}`;
    const input = h('input', { type: 'file', id, accept: 'image/png,image/jpeg,image/gif',
      'aria-label': `Upload an avatar for ${user.userName || user.id}` });
    const result = h('div', { role: 'status', 'data-upload-result': user.id });
    input.addEventListener('change', async () => {
      const file = input.files && input.files[0];
      if (!file) {
        return;
      }
      clear(result, h('span', { class: 'muted' }, 'Uploading…'));
      try {
        const uploaded = await admin.uploadAvatar(slug, user.id, file);
        const shownOrigin = uploaded && uploaded.shown ? uploaded.shown.origin : null;
        await loadPhoto(user, true);
        clear(result, h('span', { class: 'muted' }, shownOrigin === 'MICROSOFT_GRAPH'
          ? 'Avatar saved. The Microsoft Graph photo is shown while Entra has one.' : 'Avatar saved and shown.'));
        const current = results.querySelector(`[data-user-avatar="${CSS.escape(user.id)}"]`);
        const photo = photos.get(user.id);
        if (current && photo && typeof photo === 'object') {
          current.replaceWith(photoElement(user, photo));
        }
        announce('Avatar saved.');
      } catch (error) {
        clear(result, h('span', { class: 'field-error' }, `Not saved: ${error.message}`));
      }
      input.value = '';
    });
    return h('div', {},
      h('label', { class: 'button small file-button', for: id }, 'Upload avatar', input),
      result);
  }

  function show() {
    const found = matching();
    const pages = Math.max(1, Math.ceil(found.length / PAGE_SIZE));
    page = Math.min(page, pages - 1);
    const shown = found.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE);
    summary.textContent = found.length === 0 ? ''
      : `${found.length} user${found.length === 1 ? '' : 's'}${search.value.trim() ? ' match' : ''}; `
        + `showing ${page * PAGE_SIZE + 1}–${page * PAGE_SIZE + shown.length}.`
        + (truncated ? ' Only the newest 10,000 log entries were read.' : '');
    clear(results, dataTable({
      caption: 'Users',
      columns: [
        { label: 'User', cell: (user) => h('div', { class: 'user-cell' }, avatarOf(user),
          h('div', {}, h('div', { class: 'user-name' }, user.userName || '(no userName in the log)'),
            h('div', { class: 'muted mono' }, user.id))) },
        { label: 'Source', cell: (user) => (user.source ? providerBadge(user.source) : '—') },
        { label: 'State', cell: (user) => (user.deleted
          ? h('span', { class: 'badge deleted' }, 'Deleted')
          : h('span', { class: 'badge unknown', title: 'Active or deactivated: not in the admin API' }, 'Provisioned')) },
        { label: 'Last change', cell: (user) => (user.lastWrite ? [user.lastWrite, h('br'), h('span', { class: 'muted' },
          when(user.lastWriteAt))] : h('span', { class: 'muted' }, `Read ${when(user.lastSeenAt)}`)) },
        { label: 'Photo', cell: (user) => (user.deleted ? '—' : uploader(user)) },
      ],
      rows: shown,
      rowClass: () => 'user-row',
      empty: all.length === 0
        ? 'No users yet: the provisioning log names none. Once your identity provider provisions users, they appear here.'
        : 'No user matches the search.',
    }));
    const previous = h('button', { type: 'button', class: 'button small', id: 'users-previous', disabled: page === 0 },
      'Previous page');
    const next = h('button', { type: 'button', class: 'button small', id: 'users-next', disabled: page >= pages - 1 },
      'Next page');
    // the focus stays on the button pressed, or moves to the other one when that one is now disabled
    const turn = (step, pressed, other) => {
      page += step;
      show();
      const target = [pressed, other].map((id) => document.getElementById(id)).find((button) => button && !button.disabled);
      target?.focus();
    };
    previous.addEventListener('click', () => turn(-1, 'users-previous', 'users-next'));
    next.addEventListener('click', () => turn(1, 'users-next', 'users-previous'));
    clear(pager, previous, h('span', { class: 'muted' }, `Page ${page + 1} of ${pages}`), next);
  }

  async function reload() {
    try {
      await Promise.all([load(), loadCensus()]);
      if (isCurrent()) {
        show();
      }
    } catch (error) {
      clear(messages, errorBanner(error, 'The users could not be read'));
    }
  }

  function forgetPhotos() {
    for (const photo of photos.values()) {
      if (photo && typeof photo === 'object') {
        URL.revokeObjectURL(photo.url);
      }
    }
    photos.clear();
  }

  search.addEventListener('input', () => { page = 0; show(); });
  reloadButton.addEventListener('click', () => busy(reloadButton, async () => {
    forgetPhotos(); // a photo may have arrived since (the next directory sync, an upload elsewhere)
    await reload();
    announce('Users reloaded.');
  }));
  clear(results, h('p', { class: 'loading' }, 'Loading users…'));
  await reload();
  return forgetPhotos;
}
