// The tenant opened last in this browser (its slug only: never a token or the admin credential), so that the
// console opens it again. The list of tenants comes from the admin API (GET /admin/tenants).
const LAST = 'thestorage.console.last-tenant';

// the slugs earlier versions of the console remembered, before the admin API listed the tenants
localStorage.removeItem('thestorage.console.tenants');

export const tenants = {
  last: () => localStorage.getItem(LAST),
  remember(slug) {
    localStorage.setItem(LAST, slug);
  },
  forget(slug) {
    if (localStorage.getItem(LAST) === slug) {
      localStorage.removeItem(LAST);
    }
  },
};
