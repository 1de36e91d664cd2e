// The console's shell: sign-in state, the tenant picker, navigation and the hash router.
import { admin, onCredentialRefused, session } from './api.js';
import { clear, h } from './ui.js';
import * as signIn from './pages/sign-in.js';
import * as tenantsPage from './pages/tenants.js';
import * as userProvisioning from './pages/user-provisioning.js';
import * as users from './pages/users.js';
import * as provisioningLog from './pages/provisioning-log.js';
import * as directoryProviders from './pages/directory-providers.js';
import * as groups from './pages/groups.js';
import { tenants } from './tenants.js';
import { showHealthBanner, stopHealthBanner } from './health.js';

const TENANT_PAGES = {
  'user-provisioning': userProvisioning,
  users,
  groups,
  'provisioning-log': provisioningLog,
  'directory-providers': directoryProviders,
};

let cleanup = null;
let rendering = 0;

export function navigate(hash) {
  if (window.location.hash === hash) {
    render();
  } else {
    window.location.hash = hash;
  }
}

function parse(hash) {
  const path = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  if (path[0] === 'sign-in') {
    return { name: 'sign-in', outcome: path[1] };
  }
  if (path[0] === 'tenants') {
    return { name: 'tenants' };
  }
  if (path[0] === 't' && path[1] && TENANT_PAGES[path[2] || 'user-provisioning']) {
    return { name: path[2] || 'user-provisioning', slug: path[1], item: path[3] || null };
  }
  return { name: 'home' };
}

export const tenantHash = (slug, page = 'user-provisioning') => `#/t/${encodeURIComponent(slug)}/${page}`;

function homeHash() {
  if (session.tenant()) {
    return tenantHash(session.tenant()); // a tenant admin goes straight to their tenant
  }
  const last = tenants.last();
  return last ? tenantHash(last) : '#/tenants';
}

function shell(route, known = []) {
  const signedIn = session.active() && route.name !== 'sign-in';
  document.getElementById('session-controls').hidden = !signedIn;
  const person = session.person();
  document.getElementById('signed-in-as').textContent = person
    ? `Signed in as ${person.name}${person.tenant ? ` · tenant ${person.tenant}` : ''}` : '';
  document.getElementById('side-nav').hidden = !signedIn;
  document.querySelector('.layout').classList.toggle('signed-out', !signedIn);
  if (!signedIn) {
    return;
  }
  const picker = document.getElementById('tenant-picker');
  clear(picker,
    known.length === 0 ? h('option', { value: '' }, 'No tenant yet') : null,
    known.map((slug) => h('option', { value: slug }, slug)),
    h('option', { value: '#tenants' }, 'All tenants, or create one…'));
  picker.value = route.slug && known.includes(route.slug) ? route.slug : (known.length === 0 ? '' : '#tenants');
  if (route.name === 'tenants') {
    picker.value = '#tenants';
  }
  const slug = route.slug || tenants.last();
  for (const link of document.querySelectorAll('#side-nav a[data-page]')) {
    const page = link.dataset.page;
    if (page === 'tenants') {
      link.setAttribute('href', '#/tenants');
    } else if (slug) {
      link.setAttribute('href', tenantHash(slug, page));
    } else {
      link.setAttribute('href', '#/tenants');
    }
    if (page === route.name) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  }
}

async function render() {
  const attempt = ++rendering;
  if (cleanup) {
    try {
      cleanup();
    } catch {
      // a page's cleanup never stops the next page
    }
    cleanup = null;
  }
  stopHealthBanner();
  const route = parse(window.location.hash);
  if (!session.active() && route.name !== 'sign-in') {
    signIn.setReturnTo(route.name === 'home' ? null : window.location.hash);
    window.location.replace('#/sign-in');
    return;
  }
  if (route.name === 'home') {
    window.location.replace(homeHash());
    return;
  }
  const main = document.getElementById('main');
  let tenantList = null; // every tenant, from the admin API (null: it could not be read)
  if (route.name !== 'sign-in') {
    try {
      tenantList = (await admin.tenants()) || [];
    } catch (error) {
      if (error.status === 401 || attempt !== rendering) {
        return; // back to sign-in, saying why (onCredentialRefused)
      }
    }
    if (attempt !== rendering) {
      return;
    }
  }
  const known = (tenantList || []).map((tenant) => tenant.slug).sort();
  if (route.slug && !known.includes(route.slug)) {
    // a tenant created since the list was read, or the list could not be read: it must exist
    try {
      await admin.status(route.slug);
    } catch (error) {
      if (attempt === rendering) {
        shell({ name: 'tenants' }, known);
        clear(main, h('h1', {}, error.status === 403 ? 'Not your tenant' : 'Tenant not found'),
          h('div', { class: 'banner error', role: 'alert' }, h('p', {}, error.message)),
          h('p', {}, h('a', { href: '#/tenants' }, 'All tenants, or create one')));
      }
      return;
    }
    if (attempt !== rendering) {
      return;
    }
    known.push(route.slug);
    known.sort();
  }
  if (route.slug) {
    tenants.remember(route.slug);
  }
  shell(route, known);
  clear(main);
  showHealthBanner(main, route.slug, tenantHash);
  const context = {
    main,
    slug: route.slug,
    navigate,
    tenantHash,
    isCurrent: () => attempt === rendering,
    outcome: route.outcome,
    tenantList,
    item: route.item || null,
  };
  const page = route.name === 'sign-in' ? signIn : route.name === 'tenants' ? tenantsPage : TENANT_PAGES[route.name];
  try {
    const result = await page.render(context);
    if (attempt === rendering) {
      cleanup = typeof result === 'function' ? result : null;
    } else if (typeof result === 'function') {
      result();
    }
  } catch (error) {
    if (attempt === rendering) {
      clear(main, h('div', { class: 'banner error', role: 'alert' },
        h('p', {}, error && error.message ? error.message : 'This page could not be shown.')));
    }
  }
  if (attempt === rendering && moved) {
    const heading = main.querySelector('h1');
    if (heading) {
      heading.setAttribute('tabindex', '-1');
      heading.focus({ preventScroll: false });
    }
  }
  moved = true;
}

let moved = false;

async function start() {
  document.getElementById('sign-out').addEventListener('click', async () => {
    if (session.person()) {
      // ends the session here, then (where the provider offers it) the provider's sign-in too, which comes back here
      const next = await session.endSignIn();
      session.signOut();
      if (next) {
        window.location.assign(next);
        return;
      }
      signIn.setReason('You signed out.');
      navigate('#/sign-in');
      return;
    }
    session.signOut();
    signIn.setReason('You signed out. The admin credential was removed from this tab.');
    navigate('#/sign-in');
  });
  const picker = document.getElementById('tenant-picker');
  // a closed select changes with the arrow keys too: then the console waits for Enter before it goes there
  let arrowed = false;
  picker.addEventListener('keydown', (event) => {
    if (['ArrowUp', 'ArrowDown', 'PageUp', 'PageDown', 'Home', 'End'].includes(event.key)) {
      arrowed = true;
    } else if (event.key === 'Enter' && arrowed) {
      arrowed = false;
      event.preventDefault();
      picker.dispatchEvent(new Event('change'));
    }
  });
  picker.addEventListener('blur', () => { arrowed = false; });
  picker.addEventListener('change', () => {
    if (arrowed) {
      return;
    }
    const value = picker.value;
    if (value === '#tenants') {
      navigate('#/tenants');
    } else if (value) {
      const current = parse(window.location.hash);
      navigate(tenantHash(value, current.slug ? current.name : 'user-provisioning'));
    }
  });
  onCredentialRefused((error) => {
    signIn.setReason(error && error.status === 401 && /not configured|sign-in has ended/i.test(error.message)
      ? error.message
      : 'The admin API refused the admin credential (401). Sign in again with the current credential.');
    navigate('#/sign-in');
  });
  window.addEventListener('hashchange', render);
  await session.restore();
  if (session.person() && parse(window.location.hash).name === 'sign-in') {
    window.location.replace(homeHash()); // back from the identity provider, signed in
  }
  render();
}

start();
