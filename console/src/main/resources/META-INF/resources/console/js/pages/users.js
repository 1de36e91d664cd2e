// Users: the tenant's directory, read through the admin API (GET /admin/tenants/{tenant}/users: searched by any
// part of the name, paged with startIndex and count), with the badge of the identity provider that provisioned each
// user, whether the user is active, and the profile photo with where it came from (the identity provider's by address,
// Microsoft Graph's, or an avatar uploaded here: shown in that order of precedence).
import { admin } from '../api.js';
import { announce, busy, clear, dataTable, errorBanner, h, providerBadge, tenantPageHeader, when } from '../ui.js';

const PAGE_SIZE = 20;
const SEARCH_DELAY_MS = 250;

// Where a photo came from, in words (the photo's origin: SCIM, MICROSOFT_GRAPH, MANUAL; another one reads as unknown).
function originLabel(origin) {
  switch (origin) {
    case 'SCIM': return 'Photo from the identity provider';
    case 'MICROSOFT_GRAPH': return 'Microsoft Graph photo';
    case 'MANUAL': return 'Avatar uploaded here';
    default: return 'Photo';
  }
}

function nameOf(user) {
  const name = user.displayName || [user.givenName, user.familyName].filter(Boolean).join(' ');
  return name && name !== user.userName ? name : null;
}

function initials(user) {
  const name = user.givenName && user.familyName ? `${user.givenName} ${user.familyName}`
    : (user.displayName || user.userName || '?').split('@')[0];
  const parts = name.split(/[._\-\s]+/).filter(Boolean);
  return ((parts[0] || '?')[0] + (parts[1] ? parts[1][0] : '')).toUpperCase();
}

export async function render({ main, slug, isCurrent, tenantHash }) {
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
    tenantPageHeader({ breadcrumb: 'Settings', title: 'Users', slug,
      lead: 'The users your identity provider pushed, active '
        + 'or deactivated, with the badge of the provider that provisioned them and their profile photo: the one your '
        + 'identity provider sends, else Microsoft Graph’s, else an avatar uploaded here.' }),
    messages,
    census,
    h('div', { class: 'toolbar' },
      h('div', { class: 'field' },
        h('label', { for: 'user-search' }, 'Search users'),
        search,
        h('p', { class: 'hint', id: 'user-search-hint' }, 'Any part of the userName, display name, given or family name.')),
      reloadButton),
    summary,
    results,
    pager);

  let page = null; // the admin API's answer: {totalResults, startIndex, users}
  let startIndex = 1;
  let searched = '';
  let reading = 0;

  async function load() {
    clear(messages);
    const attempt = ++reading;
    const term = search.value.trim();
    const found = await admin.users(slug, { search: term, startIndex, count: PAGE_SIZE });
    if (attempt !== reading) {
      return false; // a newer search or page was asked for meanwhile
    }
    page = found;
    searched = term;
    return true;
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

  function avatarOf(user) {
    const holder = h('span', { class: 'avatar', 'aria-hidden': 'true', 'data-user-avatar': user.id }, initials(user));
    if (!user.photo) {
      return holder; // no photo: the initials
    }
    const known = photos.get(user.id);
    if (known && typeof known === 'object' && known.origin === user.photo) {
      return photoElement(user, known);
    }
    if (!known || (typeof known === 'object' && known.origin !== user.photo)) {
      loadPhoto(user).then((photo) => {
        if (photo && holder.isConnected) {
          holder.replaceWith(photoElement(user, photo));
        }
      });
    }
    return holder;
  }

  function photoElement(user, photo) {
    const origin = originLabel(photo.origin);
    return h('img', { class: 'avatar', src: photo.url, alt: `${origin} of ${user.userName}`, title: origin,
      'data-user-avatar': user.id, 'data-photo-origin': photo.origin || '' });
  }

  async function loadPhoto(user, force = false) {
    const cached = photos.get(user.id);
    if (!force && cached && (typeof cached !== 'object' || cached.origin === user.photo)) {
      return typeof cached === 'object' ? cached : null;
    }
    if (cached && typeof cached === 'object') {
      URL.revokeObjectURL(cached.url);
    }
    photos.set(user.id, 'loading');
    try {
      const response = await admin.photo(slug, user.id);
      const blob = await response.blob();
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
    const input = h('input', { type: 'file', id, accept: 'image/png,image/jpeg,image/gif,image/webp',
      'aria-label': `Upload an avatar for ${user.userName}` });
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
        user.photo = shownOrigin || 'MANUAL';
        await loadPhoto(user, true);
        clear(result, h('span', { class: 'muted' }, shownOrigin === 'SCIM'
          ? 'Avatar saved. The photo from your identity provider is shown while it sends one.'
          : shownOrigin === 'MICROSOFT_GRAPH'
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
    const total = page.totalResults;
    const shown = page.users || [];
    const first = page.startIndex;
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    const current = Math.min(pages, Math.floor((first - 1) / PAGE_SIZE) + 1);
    summary.textContent = total === 0 ? ''
      : `${total} user${total === 1 ? '' : 's'}${searched ? (total === 1 ? ' matches' : ' match') : ''}`
        + (shown.length ? `; showing ${first}–${first + shown.length - 1}.` : '.');
    clear(results, dataTable({
      caption: 'Users',
      columns: [
        { label: 'User', cell: (user) => h('div', { class: 'user-cell' }, avatarOf(user),
          h('div', {}, h('div', { class: 'user-name' }, user.userName),
            nameOf(user) ? h('div', {}, nameOf(user)) : null,
            h('div', { class: 'muted mono' }, user.id))) },
        { label: 'Source', cell: (user) => (user.source ? providerBadge(user.source) : '—') },
        { label: 'Groups', cell: (user) => (user.groups && user.groups.length
          ? h('ul', { class: 'group-list', 'data-user-groups': user.id }, user.groups.map((group) => h('li', {},
            h('a', { href: tenantHash(slug, `groups/${encodeURIComponent(group.id)}`) }, group.display))))
          : h('span', { class: 'muted' }, 'None')) },
        { label: 'State', cell: (user) => (user.active
          ? h('span', { class: 'badge active' }, 'Active')
          : h('span', { class: 'badge deleted' }, 'Deactivated')) },
        { label: 'Last change', cell: (user) => (user.lastModified && user.lastModified !== user.created
          ? ['Updated', h('br'), h('span', { class: 'muted' }, when(user.lastModified))]
          : ['Created', h('br'), h('span', { class: 'muted' }, when(user.created))]) },
        { label: 'Photo', cell: (user) => [
          user.photo ? h('div', { class: 'muted', 'data-photo-origin-label': user.id }, originLabel(user.photo)) : null,
          uploader(user)] },
      ],
      rows: shown,
      rowClass: (user) => `user-row ${user.active ? 'active' : 'deactivated'}`,
      empty: searched ? 'No user matches the search.'
        : 'No users yet. Once your identity provider provisions users, they appear here.',
    }));
    const previous = h('button', { type: 'button', class: 'button small', id: 'users-previous', disabled: first <= 1 },
      'Previous page');
    const next = h('button', { type: 'button', class: 'button small', id: 'users-next',
      disabled: first - 1 + shown.length >= total }, 'Next page');
    // the focus stays on the button pressed, or moves to the other one when that one is now disabled
    const turn = async (step, pressed, other) => {
      startIndex = Math.max(1, first + step * PAGE_SIZE);
      await reload();
      const target = [pressed, other].map((id) => document.getElementById(id)).find((button) => button && !button.disabled);
      target?.focus();
    };
    previous.addEventListener('click', () => turn(-1, 'users-previous', 'users-next'));
    next.addEventListener('click', () => turn(1, 'users-next', 'users-previous'));
    clear(pager, previous, h('span', { class: 'muted' }, `Page ${current} of ${pages}`), next);
  }

  async function reload() {
    try {
      const [loaded] = await Promise.all([load(), loadCensus()]);
      if (loaded && isCurrent()) {
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

  let searchTimer = null;
  search.addEventListener('input', () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => { startIndex = 1; reload(); }, SEARCH_DELAY_MS);
  });
  reloadButton.addEventListener('click', () => busy(reloadButton, async () => {
    forgetPhotos(); // a photo may have arrived since (the next directory sync, an upload elsewhere)
    await reload();
    announce('Users reloaded.');
  }));
  clear(results, h('p', { class: 'loading' }, 'Loading users…'));
  await reload();
  return () => {
    clearTimeout(searchTimer);
    forgetPhotos();
  };
}
