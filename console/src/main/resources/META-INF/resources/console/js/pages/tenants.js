// Every tenant (GET /admin/tenants), open one by slug, or create one.
import { admin } from '../api.js';
import { busy, h, providerBadge, when } from '../ui.js';
import { tenants } from '../tenants.js';

export function providerChoices(name, selected, legend = 'Identity provider') {
  const options = [
    { value: 'MICROSOFT_ENTRA_ID', label: 'Microsoft Entra ID', hint: 'Users get the Microsoft Entra ID badge.' },
    { value: 'OKTA', label: 'Okta', hint: 'Users get the Okta badge.' },
    { value: '', label: 'Recognise it from each request', hint: 'Entra and Okta are recognised by their requests; '
      + 'any other SCIM client’s users get the SCIM badge.' },
  ];
  return h('fieldset', {},
    h('legend', {}, legend),
    options.map((option) => {
      const id = `${name}-${option.value || 'detect'}`;
      return h('div', { class: 'choice' },
        h('input', { type: 'radio', name, id, value: option.value, checked: (selected ?? '') === option.value,
          'aria-describedby': `${id}-hint` }),
        h('div', {}, h('label', { for: id }, option.label), h('p', { class: 'hint', id: `${id}-hint` }, option.hint)));
    }));
}

/** Says in the form's alert area why it was not sent, and puts the focus back on the field to correct. */
function refuse(alertArea, field, message) {
  alertArea.append(h('p', { class: 'banner error' }, message));
  field.focus();
}

export function render({ main, navigate, tenantHash, tenantList }) {
  const openError = h('div', { role: 'alert' });
  const createError = h('div', { role: 'alert' });
  const openSlug = h('input', { id: 'open-slug', name: 'slug', type: 'text', autocomplete: 'off', spellcheck: 'false',
    required: true });
  const createSlug = h('input', { id: 'create-slug', name: 'slug', type: 'text', autocomplete: 'off',
    spellcheck: 'false', required: true, 'aria-describedby': 'create-slug-hint', pattern: '[a-z0-9][a-z0-9-]{0,62}' });
  const openButton = h('button', { type: 'submit', class: 'button primary', id: 'open-tenant' }, 'Open tenant');
  const createButton = h('button', { type: 'submit', class: 'button primary', id: 'create-tenant' }, 'Create tenant');

  const openForm = h('form', { class: 'card', 'aria-labelledby': 'open-title', novalidate: true },
    h('h2', { id: 'open-title' }, 'Open a tenant'),
    h('div', { class: 'field' }, h('label', { for: 'open-slug' }, 'Tenant slug'), openSlug),
    openError,
    h('div', { class: 'actions' }, openButton));
  openForm.addEventListener('submit', (event) => {
    event.preventDefault();
    openError.replaceChildren();
    createError.replaceChildren(); // the other form's refusal is not about this one
    const slug = openSlug.value.trim();
    if (!slug) {
      refuse(openError, openSlug, 'Enter the tenant’s slug, e.g. demo.');
      return;
    }
    busy(openButton, async () => {
      try {
        await admin.status(slug);
      } catch (error) {
        refuse(openError, openSlug, error.status === 404
          ? `${error.message} Check the slug, or create the tenant below.` : error.message);
        return;
      }
      tenants.remember(slug);
      navigate(tenantHash(slug));
    });
  });

  const createForm = h('form', { class: 'card', 'aria-labelledby': 'create-title', novalidate: true },
    h('h2', { id: 'create-title' }, 'Create a tenant'),
    h('div', { class: 'field' },
      h('label', { for: 'create-slug' }, 'Tenant slug'),
      createSlug,
      h('p', { class: 'hint', id: 'create-slug-hint' }, '1 to 63 lower-case letters, digits or “-”, starting with a '
        + 'letter or digit. It is part of the tenant endpoint URL: /api/<slug>/scim/v2.')),
    providerChoices('create-provider', ''),
    createError,
    h('div', { class: 'actions' }, createButton));
  createForm.addEventListener('submit', (event) => {
    event.preventDefault();
    createError.replaceChildren();
    openError.replaceChildren();
    const slug = createSlug.value.trim();
    const chosen = createForm.querySelector('input[name="create-provider"]:checked');
    const provider = chosen && chosen.value ? chosen.value : null;
    if (!slug) {
      refuse(createError, createSlug, 'Enter a slug for the new tenant.');
      return;
    }
    busy(createButton, async () => {
      try {
        await admin.createTenant(slug, provider);
      } catch (error) {
        refuse(createError, createSlug, error.message);
        return;
      }
      tenants.remember(slug);
      navigate(tenantHash(slug));
    });
  });

  const all = [...(tenantList || [])].sort((a, b) => a.slug.localeCompare(b.slug));
  const list = tenantList === null
    ? h('p', { class: 'banner error', role: 'alert' }, 'The list of tenants could not be read. Open a tenant by its slug below.')
    : all.length === 0
      ? h('p', { class: 'muted' }, 'No tenant yet: create the first one below.')
      : h('ul', { class: 'tenant-list', id: 'tenant-list' }, all.map((tenant) => h('li', { class: 'inline', 'data-tenant': tenant.slug },
        h('a', { href: tenantHash(tenant.slug) }, tenant.slug),
        tenant.identityProvider ? providerBadge(tenant.identityProvider) : h('span', { class: 'badge unknown' }, 'Recognised per request'),
        h('span', { class: `badge ${tenant.scimEnabled ? 'active' : 'unknown'}` }, tenant.scimEnabled ? 'SCIM on' : 'SCIM off'),
        h('span', { class: 'muted' }, `created ${when(tenant.createdAt)}`))));

  main.append(
    h('div', { class: 'page-header' },
      h('h1', {}, 'Tenants'),
      h('p', { class: 'lead' }, 'Open a tenant to manage its user provisioning, or create one.')),
    h('section', { class: 'card', 'aria-labelledby': 'known-title' },
      h('h2', { id: 'known-title' }, `All tenants${tenantList ? ` (${all.length})` : ''}`), list),
    h('div', { class: 'grid-2' }, openForm, createForm));
}
