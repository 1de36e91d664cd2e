// Settings > User Provisioning: step 1 of the Entra and Okta guides, and the tenant's provisioning status.
import { admin } from '../api.js';
import {
  announce, banner, busy, clear, confirm, copyField, dialog, errorBanner, h, providerBadge, PROVIDERS,
  tenantPageHeader, when,
} from '../ui.js';
import { providerChoices } from './tenants.js';
import { tenants } from '../tenants.js';
import { healthCard } from '../health.js';

const SHOWN_ONCE = 'Copy this token now: TheStorage keeps only a hash of it, so it cannot be shown again. '
  + 'Regenerating it replaces it and the previous token stops working at once.';
const REFRESH_EVERY_MS = 10000;
const OFFBOARDING_EVERY_MS = 2000;
const STEPS = {
  PURGE_DIRECTORY_PROVIDER: 'Removing the Directory Provider',
  ERASE_DIRECTORY: 'Deleting groups and users',
  PURGE_PHOTOS_AND_LOG: 'Deleting photos and the provisioning log',
  REMOVE_TENANT: 'Removing the tenant',
};

/** Asks the admin to type the tenant's name before deleting it; Delete tenant stays disabled until it matches. */
async function confirmDeletion(slug) {
  const typed = h('input', { id: 'confirm-tenant-name', type: 'text', autocomplete: 'off', spellcheck: 'false',
    'aria-describedby': 'confirm-tenant-name-hint' });
  const answer = dialog({
    title: `Delete tenant ${slug}?`,
    body: [
      h('p', {}, 'Every SCIM request of this tenant is refused at once. Then its users and groups are deleted (services '
        + 'that follow TheStorage are told of each), with its Directory Provider, photos and provisioning log, and the '
        + 'tenant itself. This cannot be undone.'),
      h('div', { class: 'field' },
        h('label', { for: 'confirm-tenant-name' }, 'Tenant name'),
        h('p', { class: 'hint', id: 'confirm-tenant-name-hint' }, `Type ${slug} to confirm.`),
        typed),
    ],
    actions: [
      { label: 'Cancel', value: 'cancel' },
      { label: 'Delete tenant', value: 'delete-tenant', kind: 'danger', dataset: { role: 'confirm-delete-tenant' } },
    ],
    initialFocus: '#confirm-tenant-name',
  });
  const confirmButton = typed.closest('dialog').querySelector('button[value="delete-tenant"]');
  confirmButton.disabled = true;
  typed.addEventListener('input', () => { confirmButton.disabled = typed.value !== slug; });
  typed.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !confirmButton.disabled) {
      event.preventDefault();
      confirmButton.click();
    }
  });
  return (await answer) === 'delete-tenant';
}

function offboardingFacts(offboarding) {
  return h('p', { id: 'offboarding-progress' }, `${STEPS[offboarding.step] || 'Deleting'}: `
    + `${offboarding.usersDeleted} users and ${offboarding.groupsDeleted} groups deleted so far `
    + `(started ${when(offboarding.startedAt)}).`);
}

/** The one-time token dialog: the token with Copy, the warning, and the tenant endpoint URL below it. */
async function showToken(issued) {
  const token = copyField('Bearer token', issued.token, { id: 'scim-token' });
  const endpoint = copyField('Tenant endpoint URL', issued.scimEndpoint, { id: 'token-dialog-endpoint' });
  token.button.id = 'copy-scim-token';
  endpoint.button.id = 'copy-token-dialog-endpoint';
  await dialog({
    title: 'Your SCIM bearer token',
    labelledBy: 'token-dialog-title',
    body: [
      h('div', { class: 'banner warning', id: 'token-notice' },
        h('p', {}, h('strong', {}, 'Shown once. '), issued.notice || SHOWN_ONCE)),
      token.element,
      endpoint.element,
      h('p', { class: 'hint' }, 'Paste both into your identity provider: in Microsoft Entra ID, Provisioning › Admin '
        + 'Credentials (Tenant URL, Secret Token); in Okta, Provisioning › Configure API Integration (Base URL, '
        + 'API Token). Then use its Test Connection / Test API Credentials.'),
    ],
    actions: [{ label: 'Done: I have copied the token', value: 'done', kind: 'primary', dataset: { role: 'close-token' } }],
    initialFocus: '#copy-scim-token',
    // Escape must not lose the token: the previous one may have stopped working already
    confirmDismiss: () => confirm({
      title: 'Have you copied the token?',
      message: ['It will not be shown again: TheStorage keeps only a hash of it. Without it your identity provider '
        + 'cannot provision, and after Regenerate the previous token has already stopped working.'],
      confirmLabel: 'Yes, I have copied it: close',
      cancelLabel: 'Back to the token',
      danger: false,
    }),
  });
  // the dialog is gone with the token in it; nothing else kept it
  token.input.value = '';
}

function statusFacts(status) {
  const users = status.users || { total: 0, active: 0, inactive: 0, bySource: {} };
  const bySource = Object.entries(users.bySource || {}).filter(([, count]) => count > 0);
  const provider = status.identityProvider ? PROVIDERS[status.identityProvider]?.label || status.identityProvider
    : 'Recognised from each request';
  const fact = (name, term, value) => [h('dt', {}, term), h('dd', { 'data-fact': name }, value)];
  return h('dl', { class: 'facts', id: 'provisioning-status' },
    fact('enabled', 'SCIM provisioning', status.scimEnabled ? 'On' : 'Off'),
    fact('identity-provider', 'Identity provider (badge)', provider),
    fact('token-created', 'Token created', status.scimEnabled ? when(status.tokenCreatedAt, '—') : 'No token (provisioning is off)'),
    fact('last-request', 'Last SCIM request', when(status.lastScimRequestAt, 'Never')),
    fact('users', 'Users', `${users.total} (${users.active} active, ${users.inactive} deactivated)`),
    fact('by-source', 'Users by source', bySource.length === 0 ? 'None yet'
      : h('span', { class: 'inline' }, bySource.map(([source, count]) => h('span', {}, providerBadge(source), ` ${count}`)))),
    fact('groups', 'Groups', String(status.groups ?? 0)));
}

export async function render({ main, slug, isCurrent, navigate }) {
  const messages = h('div', { id: 'page-messages' });
  const scimCard = h('section', { class: 'card', 'aria-labelledby': 'scim-title' });
  const providerCard = h('section', { class: 'card', 'aria-labelledby': 'provider-title' });
  const statusCard = h('section', { class: 'card', 'aria-labelledby': 'status-title' });
  const deleteCard = h('section', { class: 'card', 'aria-labelledby': 'delete-title' });
  main.append(
    tenantPageHeader({ breadcrumb: 'Settings', title: 'User Provisioning', slug,
      lead: 'Turn SCIM provisioning on, copy the bearer token '
        + 'and the tenant endpoint URL into Microsoft Entra ID or Okta, and follow the provisioning here.' }),
    messages, scimCard, providerCard, statusCard, deleteCard);

  let status = null;

  const show = (next) => {
    status = next;
    renderScim();
    renderStatus();
  };

  const reload = async () => {
    const next = await admin.status(slug);
    if (isCurrent()) {
      show(next);
    }
    return next;
  };

  function renderScim() {
    const toggle = h('input', {
      type: 'checkbox', role: 'switch', id: 'scim-toggle', class: 'switch', checked: status.scimEnabled,
      'aria-describedby': 'scim-toggle-hint',
    });
    const state = h('span', { class: 'switch-state', id: 'scim-toggle-state' }, status.scimEnabled ? 'On' : 'Off');
    toggle.addEventListener('change', () => {
      const wanted = toggle.checked;
      toggle.checked = !wanted; // it shows the tenant's state, which changes only when the admin API says so
      busy(toggle, () => (wanted ? enable() : disable()));
    });
    const parts = [
      h('h2', { id: 'scim-title' }, 'SCIM provisioning'),
      h('div', { class: 'switch-row' }, toggle, h('label', { for: 'scim-toggle', class: 'switch-label' }, 'SCIM provisioning'), state),
      h('p', { class: 'hint', id: 'scim-toggle-hint' }, status.scimEnabled
        ? 'On: your identity provider pushes users with the bearer token. Turning it off refuses every SCIM request '
          + 'and forgets the token.'
        : 'Off: every SCIM request of this tenant is refused. Turning it on shows a one-time bearer token.'),
    ];
    if (status.scimEnabled) {
      const endpoint = copyField('Tenant endpoint URL', status.scimEndpoint, { id: 'scim-endpoint' });
      endpoint.button.id = 'copy-scim-endpoint';
      const regenerate = h('button', { type: 'button', class: 'button', id: 'regenerate-token' }, 'Regenerate token');
      regenerate.addEventListener('click', () => regenerateToken(regenerate));
      parts.push(endpoint.element,
        h('div', { class: 'field' },
          h('span', { class: 'label', id: 'token-label' }, 'Bearer token'),
          h('p', { class: 'hint', id: 'token-hint' }, `Created ${when(status.tokenCreatedAt, '—')}. TheStorage keeps `
            + 'only a hash of the token, so it cannot be shown again. Lost it? Regenerate it: the current token stops '
            + 'working at once.'),
          h('div', { class: 'actions' }, regenerate)));
    }
    clear(scimCard, parts);
  }

  const facts = h('div', {});
  const refresh = h('button', { type: 'button', class: 'button small', id: 'refresh-status' }, 'Refresh');
  refresh.addEventListener('click', () => busy(refresh, async () => {
    try {
      await reload();
      announce('Status refreshed.');
    } catch (error) {
      clear(messages, errorBanner(error, 'The status could not be read'));
    }
  }));
  statusCard.append(h('div', { class: 'inline' }, h('h2', { id: 'status-title' }, 'Status'), refresh), facts);

  function renderStatus() {
    clear(facts, statusFacts(status));
  }

  function renderProvider() {
    const form = h('form', { 'aria-labelledby': 'provider-title', novalidate: true },
      h('h2', { id: 'provider-title' }, 'Identity provider'),
      providerChoices('identity-provider', status.identityProvider || '', 'The badge every user of this tenant gets'),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button primary', id: 'save-identity-provider' },
        'Save identity provider')),
      h('div', { role: 'status', id: 'identity-provider-result' }));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const chosen = form.querySelector('input[name="identity-provider"]:checked');
      const provider = chosen && chosen.value ? chosen.value : null;
      const result = form.querySelector('#identity-provider-result');
      busy(form.querySelector('button[type="submit"]'), async () => {
        try {
          show(await admin.chooseIdentityProvider(slug, provider));
          clear(result, banner('success', h('p', {}, 'Saved. Users provisioned from now on get this badge; a user '
            + 'already provisioned keeps the badge it was created with.')));
        } catch (error) {
          clear(result, errorBanner(error, 'The identity provider was not saved'));
        }
      });
    });
    clear(providerCard, form);
  }

  async function enable() {
    clear(messages);
    let issued;
    try {
      issued = await admin.enableScim(slug);
    } catch (error) {
      clear(messages, errorBanner(error, 'SCIM provisioning was not turned on'));
      return;
    }
    status = { ...status, scimEnabled: true, tokenCreatedAt: issued.createdAt, scimEndpoint: issued.scimEndpoint };
    renderScim();
    renderStatus();
    await showToken(issued);
    issued = null;
    await refreshQuietly();
    document.getElementById('scim-toggle')?.focus();
  }

  async function disable() {
    const confirmed = await confirm({
      title: 'Turn SCIM provisioning off?',
      message: [`Every SCIM request of tenant ${slug} is refused (401) from now on, and the current token is `
        + 'forgotten: turning provisioning on again shows a new token, which you paste into your identity provider.',
      'The users already provisioned stay.'],
      confirmLabel: 'Turn off',
    });
    if (!confirmed) {
      document.getElementById('scim-toggle')?.focus();
      return;
    }
    clear(messages);
    try {
      show(await admin.disableScim(slug));
      clear(messages, banner('info', h('p', {}, 'SCIM provisioning is off. Every SCIM request of this tenant is refused.')));
    } catch (error) {
      clear(messages, errorBanner(error, 'SCIM provisioning was not turned off'));
    }
    document.getElementById('scim-toggle')?.focus();
  }

  async function regenerateToken(button) {
    const confirmed = await confirm({
      title: 'Regenerate the SCIM token?',
      message: ['The current token stops working at once: your identity provider’s requests are refused (401) until '
        + 'you paste the new token into it.', 'The new token is shown once.'],
      confirmLabel: 'Regenerate token',
    });
    if (!confirmed) {
      button.focus();
      return;
    }
    clear(messages);
    let issued;
    try {
      issued = await busy(button, () => admin.regenerateToken(slug));
    } catch (error) {
      clear(messages, errorBanner(error, 'The token was not regenerated'));
      return;
    }
    await showToken(issued);
    issued = null;
    await refreshQuietly();
    document.getElementById('regenerate-token')?.focus();
  }

  let following = null;

  /** Shows the deletion's progress until the tenant is gone, then goes back to the tenant list. */
  function renderDeletion(offboarding) {
    const progress = h('div', { role: 'status', id: 'offboarding-status', tabindex: '-1' },
      offboardingFacts(offboarding));
    clear(deleteCard, h('h2', { id: 'delete-title' }, 'Delete tenant'),
      h('p', { class: 'hint' }, 'This tenant is being deleted. SCIM requests are refused; this page goes back to the '
        + 'list of tenants when it is done.'), progress);
    if (following) {
      return;
    }
    following = window.setInterval(async () => {
      try {
        const next = await admin.status(slug);
        if (isCurrent() && next.offboarding) {
          clear(progress, offboardingFacts(next.offboarding));
        }
      } catch (error) {
        if (error.status === 404 && isCurrent()) {
          window.clearInterval(following);
          following = null;
          tenants.forget(slug);
          announce(`Tenant ${slug} is deleted.`);
          navigate('#/tenants');
        }
      }
    }, OFFBOARDING_EVERY_MS);
  }

  function renderDelete() {
    if (status.offboarding) {
      renderDeletion(status.offboarding);
      return;
    }
    const start = h('button', { type: 'button', class: 'button danger', id: 'delete-tenant' }, 'Delete tenant');
    start.addEventListener('click', async () => {
      if (!await confirmDeletion(slug)) {
        start.focus();
        return;
      }
      const result = deleteCard.querySelector('#delete-tenant-result');
      try {
        const offboarding = await busy(start, () => admin.deleteTenant(slug));
        announce(`Tenant ${slug} is being deleted.`);
        renderDeletion(offboarding);
        document.getElementById('offboarding-status')?.focus();
      } catch (error) {
        clear(result, errorBanner(error, 'The tenant was not deleted'));
        start.focus();
      }
    });
    clear(deleteCard, h('h2', { id: 'delete-title' }, 'Delete tenant'),
      h('p', { class: 'hint', id: 'delete-tenant-hint' }, 'For a customer leaving TheStorage: refuses its SCIM requests, '
        + 'deletes its users, groups, Directory Provider, photos and provisioning log, then the tenant.'),
      h('div', { class: 'actions' }, start),
      h('div', { role: 'alert', id: 'delete-tenant-result' }));
    start.setAttribute('aria-describedby', 'delete-tenant-hint');
  }

  async function refreshQuietly() {
    try {
      await reload();
    } catch (error) {
      clear(messages, errorBanner(error, 'The status could not be read'));
    }
  }

  try {
    status = await admin.status(slug);
  } catch (error) {
    clear(messages, errorBanner(error, `Tenant ${slug} could not be read`));
    return undefined;
  }
  if (!isCurrent()) {
    return undefined;
  }
  show(status);
  renderProvider();
  const health = healthCard(slug);
  statusCard.after(health.element);
  renderDelete();

  const timer = window.setInterval(() => {
    if (document.visibilityState === 'visible' && !document.querySelector('dialog[open]')) {
      admin.status(slug).then((next) => {
        if (isCurrent()) {
          status = next;
          renderStatus();
        }
      }).catch(() => { /* the next refresh tries again; a refused credential signs out */ });
    }
  }, REFRESH_EVERY_MS);
  return () => {
    window.clearInterval(timer);
    if (following) {
      window.clearInterval(following);
    }
    health.stop();
  };
}
