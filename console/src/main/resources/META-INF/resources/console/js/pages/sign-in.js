// Sign in with TheStorage's identity provider (tenant admins, when it is configured), or with the admin credential
// (PROVISIONING_ADMIN_TOKEN, operators), which is kept in sessionStorage for this tab only.
import { checkCredential, session, signInOptions } from '../api.js';
import { busy, h } from '../ui.js';
import { tenants } from '../tenants.js';

let reason = null;
/** Where the tab goes after sign-in; kept in the tab's storage so that a reload of the sign-in page keeps it too. */
const RETURN_TO = 'thestorage.console.returnTo';

/** Why the admin is back at sign-in (signed out, or the credential was refused), shown once. */
export function setReason(message) {
  reason = message;
}

/** The page asked for while signed out (a link opened in a fresh tab): it opens once the admin has signed in. */
export function setReturnTo(hash) {
  if (hash) {
    sessionStorage.setItem(RETURN_TO, hash);
  } else {
    sessionStorage.removeItem(RETURN_TO);
  }
}

/** What the server's redirect back to #/sign-in/<outcome> means. */
const OUTCOMES = {
  failed: 'The sign-in with the identity provider did not complete. Try again, or ask your TheStorage contact.',
  'signed-out': 'You signed out.',
};

export function render({ main, navigate, tenantHash, outcome }) {
  if (!reason && OUTCOMES[outcome]) {
    reason = OUTCOMES[outcome];
  }
  const field = h('input', {
    id: 'admin-credential', name: 'admin-credential', type: 'password', autocomplete: 'off', spellcheck: 'false',
    required: true, 'aria-describedby': 'admin-credential-hint',
  });
  const error = h('div', { id: 'sign-in-error', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'button primary', id: 'sign-in-submit' }, 'Sign in');
  const form = h('form', { class: 'card', novalidate: true, 'aria-labelledby': 'sign-in-title' },
    h('div', { class: 'field' },
      h('label', { for: 'admin-credential' }, 'Admin credential'),
      field,
      h('p', { class: 'hint', id: 'admin-credential-hint' },
        'The admin API’s bearer credential (PROVISIONING_ADMIN_TOKEN). deploy/local/run prints it as “Admin bearer '
        + 'token”. It stays in this browser tab only, until you close the tab or sign out.')),
    error,
    h('div', { class: 'actions' }, submit));

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const credential = field.value.trim();
    error.replaceChildren();
    field.removeAttribute('aria-invalid');
    if (!credential) {
      field.setAttribute('aria-invalid', 'true');
      error.append(h('p', { class: 'banner error' }, 'Enter the admin credential.'));
      field.focus();
      return;
    }
    busy(submit, async () => {
      try {
        await checkCredential(credential);
      } catch (failure) {
        field.setAttribute('aria-invalid', 'true');
        const message = failure.status === 401
          ? (/not configured/i.test(failure.message) ? failure.message
            : 'That admin credential is not valid: the admin API refused it (401). Paste the admin bearer token again.')
          : failure.message;
        error.append(h('p', { class: 'banner error' }, message));
        field.focus();
        field.select();
        return;
      }
      session.signIn(credential);
      field.value = '';
      const last = tenants.last();
      const asked = sessionStorage.getItem(RETURN_TO);
      sessionStorage.removeItem(RETURN_TO);
      navigate(asked || (last ? tenantHash(last) : '#/tenants'));
    });
  });

  const providers = h('div', { id: 'sign-in-providers' });
  // append() writes null as "null": only what there is to show
  main.append(...[
    h('div', { class: 'page-header' },
      h('h1', { id: 'sign-in-title' }, 'Sign in'),
      h('p', { class: 'lead' }, 'TheStorage admin console: Settings › User Provisioning, Users, the provisioning log '
        + 'and Directory Providers.')),
    reason ? h('div', { class: 'banner info', role: 'status' }, h('p', {}, reason)) : null,
    providers,
    form].filter(Boolean));
  reason = null;
  field.focus();
  // tenant admins sign in with the identity provider: the browser goes there and comes back signed in
  signInOptions().then((options) => {
    if (options.length === 0) {
      return;
    }
    providers.append(h('div', { class: 'card' },
      h('h2', {}, 'Tenant admins'),
      options.map((option) => h('p', {}, h('a', {
        class: 'button primary', href: option.start, id: 'sign-in-with-provider',
      }, `Sign in with ${option.name}`))),
      h('p', { class: 'hint' }, 'You see and change your own tenant only.')));
    form.prepend(h('h2', {}, 'TheStorage operators'));
  });
}
