// The admin API is the console's only back end, reached in one of two ways:
// - an operator's admin credential, sent as "Authorization: Bearer <admin credential>"; it lives in sessionStorage
//   only: this tab, until it is closed or the admin signs out;
// - a tenant admin's sign-in with the identity provider: the browser holds the session cookie (HttpOnly), and every
//   change sends the session's CSRF token, which the console reads from GET /admin/session and keeps in memory only.

const CREDENTIAL = 'thestorage.console.admin-credential';
const ADMIN = '/admin/tenants';
const SAFE_METHODS = ['GET', 'HEAD', 'OPTIONS'];

/** Who signed in with the identity provider (from GET /admin/session), or null. */
let signedIn = null;

export const session = {
  credential() {
    return sessionStorage.getItem(CREDENTIAL);
  },
  /** The person signed in with the identity provider: { kind, name, tenant, refusal, csrfHeader, csrfToken }. */
  person() {
    return signedIn;
  },
  /** Signed in either way. */
  active() {
    return Boolean(sessionStorage.getItem(CREDENTIAL) || signedIn);
  },
  /** The one tenant a tenant admin administers (null for an operator). */
  tenant() {
    return signedIn && signedIn.tenant ? signedIn.tenant : null;
  },
  signIn(credential) {
    sessionStorage.setItem(CREDENTIAL, credential);
  },
  signOut() {
    sessionStorage.removeItem(CREDENTIAL);
    signedIn = null;
  },
  /** Asks whether this browser is signed in with the identity provider (its session cookie). */
  async restore() {
    signedIn = null;
    if (sessionStorage.getItem(CREDENTIAL)) {
      return;
    }
    let response;
    try {
      response = await fetch('/admin/session', {
        headers: { Accept: 'application/json' }, cache: 'no-store', credentials: 'same-origin',
      });
    } catch {
      return;
    }
    if (response.ok) {
      signedIn = await response.json();
    }
  },
  /**
   * Ends the identity provider sign-in: the session ends here, and the answer says where the browser goes next
   * (the provider's sign-out page, which comes back to the console, or the console's sign-in).
   */
  async endSignIn() {
    const person = signedIn;
    signedIn = null;
    const headers = { Accept: 'application/json' };
    if (person && person.csrfToken) {
      headers[person.csrfHeader] = person.csrfToken;
    }
    try {
      const response = await fetch('/logout', {
        method: 'POST', headers, cache: 'no-store', credentials: 'same-origin',
      });
      const answer = response.ok ? await response.json() : null;
      return answer && typeof answer.next === 'string' ? answer.next : null;
    } catch {
      return null;
    }
  },
};

/** The ways to sign in with the identity provider (none when it is not configured). */
export async function signInOptions() {
  try {
    const response = await fetch('/admin/sign-in', {
      headers: { Accept: 'application/json' }, cache: 'no-store', credentials: 'omit',
    });
    return response.ok ? ((await response.json()).providers || []) : [];
  } catch {
    return [];
  }
}

/** A refused or failed request, with a message a person can read (never the raw body). */
export class ApiError extends Error {
  constructor(status, message, problem = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }
}

const STATUS_WORDS = {
  400: 'The request was refused',
  401: 'The admin credential was refused',
  403: 'Not allowed',
  404: 'Not found',
  409: 'Conflict',
  413: 'Too large',
  415: 'Unsupported file type',
  429: 'Too many requests: try again in a moment',
  500: 'TheStorage could not complete this request (server error)',
  502: 'TheStorage is unavailable right now',
  503: 'TheStorage is unavailable right now: try again in a minute',
  504: 'TheStorage did not answer in time',
};

/** Reads an RFC 9457 problem (or a SCIM error) into a sentence; anything else becomes a plain message. */
async function errorOf(response) {
  let problem = {};
  const type = response.headers.get('Content-Type') || '';
  if (type.includes('json')) {
    try {
      problem = await response.json();
    } catch {
      problem = {};
    }
  }
  const detail = typeof problem.detail === 'string' && problem.detail.trim() ? problem.detail.trim() : null;
  const words = STATUS_WORDS[response.status] || `The request failed (HTTP ${response.status})`;
  const message = detail ? detail : `${words} (HTTP ${response.status}).`;
  return new ApiError(response.status, message, problem);
}

/** Listeners told when the admin API refuses the credential: the console goes back to sign-in. */
const refusedListeners = new Set();
export function onCredentialRefused(listener) {
  refusedListeners.add(listener);
}

/**
 * Calls the admin API. {@code json} is sent as a JSON body; {@code body} as it is (with {@code contentType}).
 * Resolves with the parsed JSON (null for an empty answer), or with the Response when {@code raw} is set.
 */
export async function api(path, { method = 'GET', json, body, contentType, raw = false, credential } = {}) {
  const token = credential ?? session.credential();
  const headers = { Accept: 'application/json, application/problem+json' };
  const person = session.person();
  if (token) {
    headers.Authorization = `Bearer ${token}`;
  } else if (person && person.csrfToken && !SAFE_METHODS.includes(method.toUpperCase())) {
    headers[person.csrfHeader] = person.csrfToken;
  }
  let sent = body;
  if (json !== undefined) {
    headers['Content-Type'] = 'application/json';
    sent = JSON.stringify(json);
  } else if (contentType) {
    headers['Content-Type'] = contentType;
  }
  let response;
  try {
    response = await fetch(path, {
      method, headers, body: sent, cache: 'no-store', credentials: token ? 'omit' : 'same-origin',
    });
  } catch {
    throw new ApiError(0, 'TheStorage could not be reached. Check the connection and try again.');
  }
  if (response.status === 401 && credential === undefined) {
    const error = await errorOf(response);
    session.signOut();
    refusedListeners.forEach((listener) => listener(error));
    throw new ApiError(401, person && !token ? 'Your sign-in has ended (401): sign in again.'
      : 'The admin credential was refused (401): sign in again.', error.problem);
  }
  if (!response.ok) {
    throw await errorOf(response);
  }
  if (raw) {
    return response;
  }
  const text = await response.text();
  if (!text) {
    return null;
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(response.status, 'TheStorage answered with something the console cannot read.');
  }
}

/**
 * Checks a credential without keeping it: the admin API answers OPTIONS on /admin/tenants with 200 (the methods
 * it allows) behind the same authentication as every other admin request, and 401 when the credential is wrong.
 */
export async function checkCredential(credential) {
  await api(ADMIN, { method: 'OPTIONS', credential, raw: true });
}

const tenantPath = (slug) => `${ADMIN}/${encodeURIComponent(slug)}`;

export const admin = {
  tenants: () => api(ADMIN),
  createTenant: (slug, identityProvider) => api(ADMIN, { method: 'POST', json: { slug, identityProvider } }),
  status: (slug) => api(tenantPath(slug)),
  health: (slug) => api(`${tenantPath(slug)}/health`),
  enableScim: (slug) => api(`${tenantPath(slug)}/scim/enable`, { method: 'POST' }),
  regenerateToken: (slug) => api(`${tenantPath(slug)}/scim/token`, { method: 'POST' }),
  disableScim: (slug) => api(`${tenantPath(slug)}/scim/disable`, { method: 'POST' }),
  deleteTenant: (slug) => api(tenantPath(slug), { method: 'DELETE' }),
  chooseIdentityProvider: (slug, identityProvider) =>
    api(`${tenantPath(slug)}/identity-provider`, { method: 'PUT', json: { identityProvider } }),
  provisioningLog: (slug, { before, failuresOnly, limit }) => {
    const query = new URLSearchParams({ failuresOnly: String(Boolean(failuresOnly)), limit: String(limit) });
    if (before != null) {
      query.set('before', String(before));
    }
    return api(`${tenantPath(slug)}/provisioning-log?${query}`);
  },
  directoryProvider: (slug) => api(`${tenantPath(slug)}/directory-provider`),
  connectedDirectoryProviders: (slug) => api(`${tenantPath(slug)}/directory-providers`),
  saveDirectoryProvider: (slug, form) => api(`${tenantPath(slug)}/directory-provider`, { method: 'PUT', json: form }),
  testDirectoryProvider: (slug, form) =>
    api(`${tenantPath(slug)}/directory-provider/test`, { method: 'POST', json: form }),
  syncDirectoryProvider: (slug) => api(`${tenantPath(slug)}/directory-provider/sync`, { method: 'POST' }),
  removeDirectoryProvider: (slug) => api(`${tenantPath(slug)}/directory-provider`, { method: 'DELETE' }),
  users: (slug, { search, startIndex, count }) => {
    const query = new URLSearchParams({ startIndex: String(startIndex), count: String(count) });
    if (search) {
      query.set('search', search);
    }
    return api(`${tenantPath(slug)}/users?${query}`);
  },
  groups: (slug, { search, startIndex, count }) => {
    const query = new URLSearchParams({ startIndex: String(startIndex), count: String(count) });
    if (search) {
      query.set('search', search);
    }
    return api(`${tenantPath(slug)}/groups?${query}`);
  },
  groupMembers: (slug, groupId, { startIndex, count }) => api(`${tenantPath(slug)}/groups/${encodeURIComponent(groupId)}`
    + `/members?${new URLSearchParams({ startIndex: String(startIndex), count: String(count) })}`),
  photoRefusals: (slug) => api(`${tenantPath(slug)}/photo-refusals`),
  photo: (slug, userId) => api(`${tenantPath(slug)}/users/${encodeURIComponent(userId)}/photo`, { raw: true }),
  uploadAvatar: (slug, userId, file) => api(`${tenantPath(slug)}/users/${encodeURIComponent(userId)}/avatar`,
    { method: 'PUT', body: file, contentType: file.type || 'application/octet-stream' }),
};
