// Groups: the groups the identity provider pushed (GET /admin/tenants/{tenant}/groups: searched by any part of the
// name, paged), and one group's members with their badges (GET …/groups/{id}/members, paged: a group may have
// 100,000 members). A group's address is #/t/<tenant>/groups/<group id>.
import { admin } from '../api.js';
import { clear, dataTable, errorBanner, h, providerBadge, tenantPageHeader, when } from '../ui.js';

const GROUPS_PER_PAGE = 20;
const MEMBERS_PER_PAGE = 50;
const SEARCH_DELAY_MS = 250;

/** Previous / Page n of m / Next; the focus stays on the button pressed, or moves to the other one. */
function pager({ nav, idPrefix, noun, first, shown, total, perPage, go }) {
  const pages = Math.max(1, Math.ceil(total / perPage));
  const current = Math.min(pages, Math.floor((first - 1) / perPage) + 1);
  const previous = h('button', { type: 'button', class: 'button small', id: `${idPrefix}-previous`, disabled: first <= 1 },
    'Previous page');
  const next = h('button', { type: 'button', class: 'button small', id: `${idPrefix}-next`,
    disabled: first - 1 + shown >= total }, 'Next page');
  const turn = async (step, pressed, other) => {
    await go(Math.max(1, first + step * perPage));
    const target = [pressed, other].map((id) => document.getElementById(id)).find((button) => button && !button.disabled);
    target?.focus();
  };
  previous.addEventListener('click', () => turn(-1, `${idPrefix}-previous`, `${idPrefix}-next`));
  next.addEventListener('click', () => turn(1, `${idPrefix}-next`, `${idPrefix}-previous`));
  nav.setAttribute('aria-label', `Pages of ${noun}`);
  clear(nav, previous, h('span', { class: 'muted' }, `Page ${current} of ${pages}`), next);
}

function stateBadge(active) {
  return active ? h('span', { class: 'badge active' }, 'Active') : h('span', { class: 'badge deleted' }, 'Deactivated');
}

function nameOf(user) {
  const name = user.displayName || [user.givenName, user.familyName].filter(Boolean).join(' ');
  return name && name !== user.userName ? name : null;
}

export async function render(context) {
  return context.item ? renderGroup(context) : renderList(context);
}

async function renderList({ main, slug, isCurrent, tenantHash }) {
  const messages = h('div', { id: 'page-messages' });
  const search = h('input', { type: 'search', id: 'group-search', name: 'search', autocomplete: 'off',
    spellcheck: 'false', 'aria-describedby': 'group-search-hint' });
  const summary = h('p', { class: 'muted', id: 'groups-summary', role: 'status' });
  const results = h('div', { id: 'groups-results' });
  const nav = h('nav', { class: 'pager' });
  main.append(
    tenantPageHeader({ breadcrumb: 'Settings', title: 'Groups', slug,
      lead: 'The groups your identity provider pushed, with the badge of the provider that provisioned them and how many '
        + 'members each has. Open a group to see its members.' }),
    messages,
    h('div', { class: 'toolbar' },
      h('div', { class: 'field' },
        h('label', { for: 'group-search' }, 'Search groups'),
        search,
        h('p', { class: 'hint', id: 'group-search-hint' }, 'Any part of the group’s name.'))),
    summary,
    results,
    nav);

  let startIndex = 1;
  let reading = 0;

  async function load() {
    const attempt = ++reading;
    const term = search.value.trim();
    let page;
    try {
      page = await admin.groups(slug, { search: term, startIndex, count: GROUPS_PER_PAGE });
    } catch (error) {
      if (attempt === reading && isCurrent()) {
        clear(messages, errorBanner(error, 'The groups could not be read'));
      }
      return;
    }
    if (attempt !== reading || !isCurrent()) {
      return; // a newer search or page was asked for meanwhile
    }
    clear(messages);
    const groups = page.groups || [];
    const total = page.totalResults;
    summary.textContent = total === 0 ? ''
      : `${total} group${total === 1 ? '' : 's'}${term ? (total === 1 ? ' matches' : ' match') : ''}`
        + (groups.length ? `; showing ${page.startIndex}–${page.startIndex + groups.length - 1}.` : '.');
    clear(results, dataTable({
      caption: 'Groups',
      columns: [
        { label: 'Group', cell: (group) => h('div', {},
          h('a', { class: 'group-name', href: tenantHash(slug, `groups/${encodeURIComponent(group.id)}`) }, group.displayName),
          h('div', { class: 'muted mono' }, group.id)) },
        { label: 'Source', cell: (group) => (group.source ? providerBadge(group.source) : '—') },
        { label: 'Members', cell: (group) => String(group.members) },
        { label: 'Last change', cell: (group) => when(group.lastModified) },
      ],
      rows: groups,
      rowClass: () => 'group-row',
      empty: term ? 'No group matches the search.'
        : 'No groups yet. Once your identity provider provisions groups, they appear here.',
    }));
    pager({ nav, idPrefix: 'groups', noun: 'groups', first: page.startIndex, shown: groups.length, total,
      perPage: GROUPS_PER_PAGE, go: (first) => { startIndex = first; return load(); } });
  }

  let searchTimer = null;
  search.addEventListener('input', () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => { startIndex = 1; load(); }, SEARCH_DELAY_MS);
  });
  clear(results, h('p', { class: 'loading' }, 'Loading groups…'));
  await load();
  return () => clearTimeout(searchTimer);
}

async function renderGroup({ main, slug, item, isCurrent, tenantHash }) {
  const messages = h('div', { id: 'page-messages' });
  const facts = h('div', { id: 'group-facts' });
  const summary = h('p', { class: 'muted', id: 'members-summary', role: 'status' });
  const results = h('div', { id: 'members-results' });
  const nav = h('nav', { class: 'pager' });
  const title = h('h2', { id: 'group-title' }, 'Group');
  main.append(
    tenantPageHeader({ breadcrumb: 'Settings › Groups', title: 'Groups', slug,
      lead: 'A group and its members, with the badge of the provider that provisioned each member and whether the '
        + 'member is active.' }),
    h('p', {}, h('a', { href: tenantHash(slug, 'groups'), id: 'all-groups' }, '‹ All groups')),
    messages,
    h('section', { class: 'card', 'aria-labelledby': 'group-title' }, title, facts, summary, results, nav));

  let reading = 0;
  async function load(startIndex) {
    const attempt = ++reading;
    let page;
    try {
      page = await admin.groupMembers(slug, item, { startIndex, count: MEMBERS_PER_PAGE });
    } catch (error) {
      if (attempt === reading && isCurrent()) {
        clear(messages, errorBanner(error, 'The group could not be read'));
        clear(results);
      }
      return;
    }
    if (attempt !== reading || !isCurrent()) {
      return;
    }
    clear(messages);
    const group = page.group;
    const members = page.members || [];
    const total = page.totalResults;
    title.textContent = group.displayName;
    const fact = (name, term, value) => [h('dt', {}, term), h('dd', { 'data-fact': name }, value)];
    clear(facts, h('dl', { class: 'facts' },
      fact('source', 'Provisioned by', group.source ? providerBadge(group.source) : '—'),
      fact('members', 'Members', String(total)),
      fact('external-id', 'External ID', group.externalId || '—'),
      fact('last-change', 'Last change', when(group.lastModified))));
    summary.textContent = total === 0 ? ''
      : `${total} member${total === 1 ? '' : 's'}`
        + (members.length ? `; showing ${page.startIndex}–${page.startIndex + members.length - 1}.` : '.');
    clear(results, dataTable({
      caption: `Members of ${group.displayName}`,
      columns: [
        { label: 'Member', cell: (user) => h('div', {}, h('div', { class: 'user-name' }, user.userName),
          nameOf(user) ? h('div', {}, nameOf(user)) : null) },
        { label: 'Source', cell: (user) => (user.source ? providerBadge(user.source) : '—') },
        { label: 'State', cell: (user) => stateBadge(user.active) },
      ],
      rows: members,
      rowClass: (user) => `member-row ${user.active ? 'active' : 'deactivated'}`,
      empty: 'This group has no members.',
    }));
    pager({ nav, idPrefix: 'members', noun: 'members', first: page.startIndex, shown: members.length, total,
      perPage: MEMBERS_PER_PAGE, go: load });
  }

  clear(results, h('p', { class: 'loading' }, 'Loading members…'));
  await load(1);
  return undefined;
}
