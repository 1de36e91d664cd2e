// The admin API has no list of tenants (GET /admin/tenants is not an endpoint), so the console remembers the
// slugs of the tenants opened or created in this browser. Slugs only: never a token or the admin credential.
const KEY = 'thestorage.console.tenants';
const LAST = 'thestorage.console.last-tenant';

function read() {
  try {
    const stored = JSON.parse(localStorage.getItem(KEY) || '[]');
    return Array.isArray(stored) ? stored.filter((slug) => typeof slug === 'string') : [];
  } catch {
    return [];
  }
}

export const tenants = {
  list: () => read().sort(),
  last() {
    const last = localStorage.getItem(LAST);
    return last && read().includes(last) ? last : null;
  },
  remember(slug) {
    const known = read();
    if (!known.includes(slug)) {
      known.push(slug);
      localStorage.setItem(KEY, JSON.stringify(known.slice(-50)));
    }
    localStorage.setItem(LAST, slug);
  },
  forget(slug) {
    localStorage.setItem(KEY, JSON.stringify(read().filter((known) => known !== slug)));
    if (localStorage.getItem(LAST) === slug) {
      localStorage.removeItem(LAST);
    }
  },
};
