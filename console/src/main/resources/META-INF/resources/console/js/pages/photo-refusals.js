// The photos the identity provider sent by address that were not fetched (each user's latest refusal), shown with
// the provisioning log: the request that set the address succeeded, the download did not, and this says why.
import { admin } from '../api.js';
import { dataTable, h, when } from '../ui.js';

// What each refusal means for the admin, and what to do about it (photo-fetcher's reasons; another reads as itself).
export const REFUSALS = {
  NOT_HTTPS: 'The address is not https (or carries a user name or password).',
  UNKNOWN_HOST: 'The host has no address: check the URL in your identity provider.',
  PRIVATE_ADDRESS: 'The host leads to a private or internal address, which TheStorage never fetches.',
  TOO_MANY_REDIRECTS: 'The address redirects too many times.',
  TOO_LARGE: 'The image is larger than TheStorage accepts.',
  TIMED_OUT: 'The server did not send the image in time.',
  NOT_AN_IMAGE: 'What the address serves is not a PNG, JPEG, GIF or WebP image.',
  TOO_MANY_PIXELS: 'The image is too large in pixels, or its header cannot be read.',
  HTTP_ERROR: 'The server answered with an error.',
  UNREACHABLE: 'The server could not be reached.',
  HOST_PAUSED: 'The server failed repeatedly: TheStorage tries it again later.',
  TENANT_BUSY: 'Too many photos were being downloaded at once: TheStorage tries again later.',
};

/** A section listing the tenant's photo refusals, hidden while there are none; reload() reads them again. */
export function photoRefusalsSection(slug) {
  const body = h('div', { id: 'photo-refusals-results' });
  const section = h('section', { class: 'card', id: 'photo-refusals', 'aria-labelledby': 'photo-refusals-title',
    hidden: true },
  h('h2', { id: 'photo-refusals-title' }, 'Profile photos not fetched'),
  h('p', { class: 'muted' }, 'Photo addresses your identity provider sent (SCIM photos) that TheStorage did not fetch, '
      + 'each user\'s latest, newest first. The user keeps the photo shown before. Addresses are shown by host only.'),
  body);

  async function reload() {
    let refusals;
    try {
      refusals = await admin.photoRefusals(slug);
    } catch {
      return; // photo-fetcher unreachable: the provisioning log still shows, without this section
    }
    section.hidden = !Array.isArray(refusals) || refusals.length === 0;
    body.replaceChildren(dataTable({
      caption: 'Profile photos not fetched',
      rowClass: () => 'photo-refusal-row',
      columns: [
        { label: 'When', cell: (refusal) => when(refusal.at) },
        { label: 'User', cell: (refusal) => h('code', {}, refusal.userId) },
        { label: 'Why', cell: (refusal) => REFUSALS[refusal.reason] || refusal.reason },
        { label: 'Detail', cell: (refusal) => refusal.detail || '' },
      ],
      rows: section.hidden ? [] : refusals,
    }));
  }

  return { section, reload };
}
