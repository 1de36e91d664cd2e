// Settings > Integrations > Directory Providers > Microsoft Entra ID: step 7 of the Entra guide (profile photos,
// display names and job titles from Microsoft Graph).
import { admin } from '../api.js';
import { announce, banner, busy, clear, confirm, errorBanner, h, tenantPageHeader, when } from '../ui.js';

const FOLLOW_EVERY_MS = 2000; // while a sync starts or runs

const FIELDS = {
  clientId: { id: 'entra-client-id', label: 'Application (client) ID' },
  directoryTenantId: { id: 'entra-directory-tenant-id', label: 'Directory (tenant) ID' },
  clientSecret: { id: 'entra-client-secret', label: 'Client secret value' },
  secretExpiresOn: { id: 'entra-secret-expires-on', label: 'Secret expires on' },
};

/** Which field a Test Connection verdict is about; null: none in particular (consent, permissions, Graph). */
const FIELD_OF_PROBLEM = {
  UNKNOWN_DIRECTORY_TENANT: 'directoryTenantId',
  UNKNOWN_CLIENT: 'clientId',
  WRONG_SECRET: 'clientSecret',
  EXPIRED_SECRET: 'clientSecret',
};

const GRAPH_CALLS = {
  CLOSED: 'Not paused',
  OPEN: 'Paused after repeated failures; TheStorage tries again shortly',
  HALF_OPEN: 'Trying Microsoft Graph again after failures',
};

/** What a refused form (400) says of each field at fault, by the field's name: the problem's "fields". */
function fieldsOf(error) {
  const fields = error && error.status === 400 && error.problem ? error.problem.fields : null;
  return fields && typeof fields === 'object'
    ? Object.entries(fields).filter(([name, message]) => FIELDS[name] && typeof message === 'string') : [];
}

/** Where the directory sync is, in words (the admin API's sync state). */
function syncState(provider) {
  const error = provider.lastError;
  switch (provider.sync) {
    case 'STARTING':
      return h('span', {}, h('strong', {}, 'Starting. '), 'The sync begins within seconds.');
    case 'RUNNING':
      return h('span', {}, h('strong', {}, 'Running. '), `Started ${when(provider.lastSyncAt)}.`);
    case 'FAILED':
      return h('span', {}, h('strong', {}, 'Failed. '), error ? error.explanation || error.problem : '');
    case 'SUCCEEDED':
      return h('span', {}, h('strong', {}, 'Done. '), `Finished ${when(provider.lastSuccessAt)}.`);
    default:
      return 'Not run yet.';
  }
}

export async function render({ main, slug, isCurrent }) {
  const expiry = h('div', { id: 'secret-expiry-banner' });
  const messages = h('div', { id: 'page-messages' });
  const providerCard = h('section', { class: 'card', 'aria-labelledby': 'entra-title' });
  const statusCard = h('section', { class: 'card', 'aria-labelledby': 'sync-title', hidden: true });
  main.append(
    tenantPageHeader({ breadcrumb: 'Settings › Integrations', title: 'Directory Providers', slug,
      lead: 'Connect Microsoft Entra ID as a directory provider '
        + 'and TheStorage pulls each Entra user’s profile photo, display name and job title from Microsoft Graph on every '
        + 'directory sync. No photo mapping is needed in the Entra enterprise app. Okta and other SCIM users are not '
        + 'affected: their uploaded avatars stay.' }),
    expiry, messages, providerCard, statusCard);

  let provider = null; // the saved settings and status, null when not configured
  let formOpen = false;

  async function readStatus() {
    const connected = await admin.connectedDirectoryProviders(slug);
    return Array.isArray(connected) && connected.length > 0 ? connected[0] : null;
  }

  function showExpiry() {
    const state = provider && provider.secretExpiry ? provider.secretExpiry.state : null;
    if (state === 'EXPIRES_SOON' || state === 'EXPIRED') {
      clear(expiry, banner(state === 'EXPIRED' ? 'error' : 'warning',
        h('p', {}, h('strong', {}, 'Action needed: '),
          provider.secretExpiry.message),
        h('p', {}, 'In the Azure portal: App registrations › TheStorage › Certificates & secrets › + New client secret; '
          + 'paste its Value below, update the expiry date and Save.')));
    } else {
      clear(expiry);
    }
  }

  const syncFacts = h('div', {});
  const refresh = h('button', { type: 'button', class: 'button small', id: 'refresh-sync-status' }, 'Refresh');
  refresh.addEventListener('click', () => busy(refresh, async () => {
    await reload();
    announce('Sync status refreshed.');
  }));
  statusCard.append(h('div', { class: 'inline' }, h('h2', { id: 'sync-title' }, 'Directory sync'), refresh), syncFacts);

  let following = null; // the next status read while a sync starts or runs
  let shownSync = null;
  function follow() {
    window.clearTimeout(following);
    following = null;
    if (provider && (provider.sync === 'STARTING' || provider.sync === 'RUNNING') && isCurrent()) {
      following = window.setTimeout(() => {
        following = null;
        reload();
      }, FOLLOW_EVERY_MS);
    }
  }

  function showStatus() {
    statusCard.hidden = !provider;
    if (!provider) {
      clear(syncFacts);
      shownSync = null;
      follow();
      return;
    }
    const error = provider.lastError;
    const fact = (name, term, value) => [h('dt', {}, term), h('dd', { 'data-fact': name }, value)];
    if (shownSync && shownSync !== provider.sync && (provider.sync === 'FAILED' || provider.sync === 'SUCCEEDED')) {
      announce(provider.sync === 'FAILED' ? 'The directory sync failed.' : 'The directory sync is done.');
      document.querySelector('[data-saved-notice]')?.remove(); // "the first sync starts now" is over: the status says how it went
    }
    shownSync = provider.sync;
    const graphCalls = provider.graphCalls === 'CLOSED' && error
      ? 'Not paused: the next sync calls Microsoft Graph again'
      : GRAPH_CALLS[provider.graphCalls] || provider.graphCalls || '—';
    clear(syncFacts,
      h('dl', { class: 'facts', id: 'sync-status' },
        fact('sync', 'Directory sync', h('span', { id: 'sync-state', class: `sync-state ${String(provider.sync || '').toLowerCase()}` },
          syncState(provider))),
        fact('saved-at', 'Connection saved', when(provider.savedAt, '—')),
        fact('last-sync', 'Last sync', when(provider.lastSyncAt, 'Not yet')),
        fact('last-success', 'Last successful sync', when(provider.lastSuccessAt, 'Not yet')),
        fact('next-sync', 'Next sync', when(provider.nextSyncAt, 'Not scheduled')),
        fact('last-error', 'Last error', error
          ? h('span', {}, error.code ? h('strong', { class: 'mono' }, `${error.code}: `) : null, error.explanation || error.problem,
            h('br'), h('span', { class: 'muted' }, when(error.at)))
          : 'None'),
        fact('graph-calls', 'Microsoft Graph calls', graphCalls),
        fact('photos-waiting', 'Photos waiting', String(provider.photosWaiting ?? 0)),
        fact('secret-expiry', 'Client secret', provider.secretExpiry ? provider.secretExpiry.message : '—')));
    follow();
  }

  function field(name, input, hint, extra) {
    const { id, label } = FIELDS[name];
    input.id = id;
    input.name = name;
    const hintId = `${id}-hint`;
    const errorId = `${id}-error`;
    input.setAttribute('aria-describedby', `${hintId} ${errorId}`);
    return h('div', { class: 'field', 'data-field': name },
      h('label', { for: id }, label),
      input,
      h('p', { class: 'hint', id: hintId }, hint),
      extra,
      h('p', { class: 'field-error', id: errorId, 'data-error-for': name }));
  }

  function showForm() {
    const saved = provider;
    const clientId = h('input', { type: 'text', autocomplete: 'off', spellcheck: 'false',
      placeholder: '00000000-0000-0000-0000-000000000000' });
    const directoryTenantId = h('input', { type: 'text', autocomplete: 'off', spellcheck: 'false',
      placeholder: '00000000-0000-0000-0000-000000000000' });
    const clientSecret = h('input', { type: 'password', autocomplete: 'off', spellcheck: 'false' });
    const secretExpiresOn = h('input', { type: 'date' });
    clientId.value = saved ? saved.clientId || '' : '';
    directoryTenantId.value = saved ? saved.directoryTenantId || '' : '';
    secretExpiresOn.value = saved && saved.secretExpiresOn ? saved.secretExpiresOn : '';
    const inputs = { clientId, directoryTenantId, clientSecret, secretExpiresOn };

    const verdict = h('div', { id: 'test-connection-result', role: 'status' });
    const test = h('button', { type: 'button', class: 'button', id: 'test-connection' }, 'Test Connection');
    const save = h('button', { type: 'submit', class: 'button primary', id: 'save-directory-provider' }, 'Save');
    const sync = saved ? h('button', { type: 'button', class: 'button', id: 'sync-now' }, 'Sync now') : null;
    const remove = saved ? h('button', { type: 'button', class: 'button', id: 'remove-directory-provider' }, 'Disconnect')
      : null;

    const form = h('form', { novalidate: true, id: 'entra-form', 'aria-labelledby': 'entra-title' },
      field('clientId', clientId, 'On the app registration’s Overview page in the Azure portal: Application (client) ID.'),
      field('directoryTenantId', directoryTenantId, 'On the same Overview page: Directory (tenant) ID.'),
      field('clientSecret', clientSecret, saved && saved.clientSecretSaved
        ? 'A secret is saved (it is never shown). Leave this empty to keep it, or paste a new secret’s Value.'
        : 'Certificates & secrets › Client secrets › + New client secret: copy the Value column, not the Secret ID. '
          + 'Azure shows the Value only once.'),
      field('secretExpiresOn', secretExpiresOn, 'The secret’s Expires date (24 months at most). TheStorage warns you two '
        + 'weeks before it expires.'),
      h('details', { class: 'help' },
        h('summary', {}, 'Where do I find these values?'),
        h('ol', {},
          h('li', {}, 'Azure portal › Microsoft Entra ID › App registrations › + New registration: name it TheStorage, '
            + 'single tenant, no redirect URI. Register.'),
          h('li', {}, 'Overview: copy the Application (client) ID and the Directory (tenant) ID into the fields above.'),
          h('li', {}, 'Certificates & secrets › + New client secret (24 months): copy its Value, not its Secret ID.'),
          h('li', {}, 'API permissions › + Add a permission › Microsoft Graph › Application permissions: '
            + 'Directory.Read.All and User.Read.All. Then Grant admin consent and confirm with Yes.'),
          h('li', {}, 'Back here: Test Connection, then Save. The first directory sync starts right away.'))),
      h('div', { class: 'actions' }, test, save, sync, remove),
      verdict);

    const clearErrors = () => {
      for (const name of Object.keys(FIELDS)) {
        inputs[name].removeAttribute('aria-invalid');
        form.querySelector(`[data-error-for="${name}"]`).replaceChildren();
      }
      verdict.replaceChildren();
    };

    const fieldError = (name, code, explanation) => {
      inputs[name].setAttribute('aria-invalid', 'true');
      clear(form.querySelector(`[data-error-for="${name}"]`), code ? h('strong', {}, `${code}: `) : null, explanation);
    };

    const values = () => ({
      clientId: clientId.value.trim() || null,
      directoryTenantId: directoryTenantId.value.trim() || null,
      clientSecret: clientSecret.value.trim() || null,
      secretExpiresOn: secretExpiresOn.value || null,
    });

    const refused = (error, what) => {
      const wrong = fieldsOf(error);
      if (wrong.length > 0) {
        wrong.forEach(([name, message]) => fieldError(name, null, message));
        clear(verdict, banner('error', h('p', {}, `${what}: check ${wrong.map(([name]) => FIELDS[name].label).join(', ')}.`)));
        inputs[wrong[0][0]].focus();
      } else {
        clear(verdict, errorBanner(error, what));
      }
    };

    test.addEventListener('click', () => busy(test, async () => {
      clearErrors();
      clear(verdict, h('p', { class: 'muted' }, 'Testing the connection with Entra ID and Microsoft Graph…'));
      let answer;
      try {
        answer = await admin.testDirectoryProvider(slug, values());
      } catch (error) {
        refused(error, 'Test Connection could not run');
        return;
      }
      if (answer.problem === 'NONE') {
        clear(verdict, banner('success', h('p', {}, h('strong', {}, 'Connection verified. '), answer.explanation)));
        return;
      }
      const name = FIELD_OF_PROBLEM[answer.problem];
      if (name) {
        fieldError(name, answer.errorCode, answer.explanation);
        clear(verdict, banner('error', h('p', {}, h('strong', {}, 'Test Connection failed: '),
          `see ${FIELDS[name].label} above.`)));
        inputs[name].focus();
      } else {
        clear(verdict, banner('error', h('p', {}, h('strong', {}, 'Test Connection failed. '),
          answer.errorCode ? h('strong', { class: 'mono' }, `${answer.errorCode}: `) : null, answer.explanation)));
      }
    }));

    form.addEventListener('submit', (event) => {
      event.preventDefault();
      busy(save, async () => {
        clearErrors();
        try {
          provider = await admin.saveDirectoryProvider(slug, values());
        } catch (error) {
          refused(error, 'Not saved');
          return;
        }
        clientSecret.value = '';
        showExpiry();
        showStatus();
        showForm();
        const saved = banner('success', h('p', {}, 'Saved. The secret is stored encrypted and never shown again. The '
          + 'first directory sync starts now: Directory sync below shows how it goes.'));
        saved.dataset.savedNotice = '';
        clear(document.getElementById('test-connection-result'), saved);
        document.getElementById('save-directory-provider')?.focus();
      });
    });

    if (sync) {
      sync.addEventListener('click', () => busy(sync, async () => {
        clearErrors();
        try {
          provider = await admin.syncDirectoryProvider(slug);
        } catch (error) {
          clear(verdict, errorBanner(error, 'The sync did not start'));
          return;
        }
        showStatus();
        announce('Directory sync asked for: Directory sync below shows how it goes.');
        document.getElementById('sync-state')?.scrollIntoView({ block: 'nearest' });
      }));
    }
    if (remove) {
      remove.addEventListener('click', async () => {
        const confirmed = await confirm({
          title: 'Disconnect Microsoft Entra ID?',
          message: ['Directory sync and profile photos from Microsoft Graph stop, and the saved client secret is deleted.',
            'Users and the photos already shown stay.'],
          confirmLabel: 'Disconnect',
        });
        if (!confirmed) {
          remove.focus();
          return;
        }
        try {
          await admin.removeDirectoryProvider(slug);
        } catch (error) {
          clear(verdict, errorBanner(error, 'Not disconnected'));
          return;
        }
        provider = null;
        formOpen = false;
        showExpiry();
        showStatus();
        showProvider();
        clear(messages, banner('info', h('p', {}, 'Microsoft Entra ID is disconnected.')));
      });
    }

    clear(providerCard,
      h('h2', { id: 'entra-title' }, 'Microsoft Entra ID'),
      h('p', { class: 'hint' }, saved ? 'Connected. Change a value and Save; Test Connection checks the values in the form.'
        : 'Paste the values from your Azure app registration, Test Connection, then Save.'),
      form);
  }

  function showProvider() {
    if (provider || formOpen) {
      showForm();
      return;
    }
    const open = h('button', { type: 'button', class: 'button primary', id: 'open-entra', 'aria-controls': 'entra-form' },
      'Microsoft Entra ID');
    open.addEventListener('click', () => {
      formOpen = true;
      showForm();
      document.getElementById(FIELDS.clientId.id)?.focus();
    });
    clear(providerCard,
      h('h2', { id: 'entra-title' }, 'Available directory providers'),
      h('p', {}, 'Not connected. Choose Microsoft Entra ID to connect your Azure app registration.'),
      open);
  }

  async function reload() {
    try {
      const next = await readStatus();
      if (!isCurrent()) {
        return;
      }
      const wasConfigured = Boolean(provider);
      provider = next;
      showExpiry();
      showStatus();
      if (wasConfigured !== Boolean(provider)) {
        showProvider();
      }
    } catch (error) {
      if (isCurrent()) {
        clear(messages, errorBanner(error, 'The directory provider could not be read'));
      }
    }
  }

  try {
    provider = await readStatus();
  } catch (error) {
    clear(messages, errorBanner(error, 'The directory provider could not be read'));
    return undefined;
  }
  if (!isCurrent()) {
    return undefined;
  }
  showExpiry();
  showStatus();
  showProvider();

  return () => {
    window.clearTimeout(following);
    following = null;
  };
}
