// Provisioning health: the warnings banner on every page of a tenant, and the health panel of User Provisioning.
import { admin } from './api.js';
import { banner, clear, dataTable, h, providerBadge, when } from './ui.js';
import { OPERATIONS } from './pages/provisioning-log.js';

const REFRESH_EVERY_MS = 10000;
const visible = () => document.visibilityState === 'visible' && !document.querySelector('dialog[open]');

let stopBanner = () => {};

/** Stops reading the warnings of the tenant shown before. */
export function stopHealthBanner() {
  stopBanner();
  stopBanner = () => {};
}

/**
 * Shows the tenant's warnings at the top of {@code main}, read again every 10 s while the page is seen, until the
 * next page (no slug: no banner).
 */
export function showHealthBanner(main, slug, tenantHash) {
  stopHealthBanner();
  if (!slug) {
    return;
  }
  const element = h('div', { id: 'health-banner' });
  main.prepend(element);
  let shown = '';
  let stopped = false;
  const show = (warnings) => {
    const codes = JSON.stringify(warnings.map((warning) => [warning.code, warning.message]));
    if (stopped || codes === shown) {
      return; // the same warnings are not announced again
    }
    shown = codes;
    clear(element, warnings.map((warning) => {
      const shownWarning = banner('warning',
        h('p', {}, h('strong', {}, warning.message)),
        h('p', {}, h('strong', {}, 'Fix: '), warning.fix),
        h('p', {}, h('a', { href: tenantHash(slug, 'user-provisioning') }, 'See the provisioning health')));
      shownWarning.dataset.warning = warning.code;
      return shownWarning;
    }));
  };
  const read = () => admin.status(slug).then((status) => show(status.warnings || []))
    .catch(() => { /* the page says what failed; the next read tries again */ });
  read();
  const timer = window.setInterval(() => { if (visible()) { read(); } }, REFRESH_EVERY_MS);
  stopBanner = () => {
    stopped = true;
    window.clearInterval(timer);
  };
}

const percent = (rate) => (rate == null ? '—' : `${Math.round(rate * 100)}%`);

function counts(period) {
  if (!period || period.requests === 0) {
    return 'No request';
  }
  return `${period.requests} requests, ${period.failures} failed (${percent(period.failureRate)})`;
}

function minutes(seconds) {
  const total = Math.round(seconds / 60);
  return total < 120 ? `${total} minutes` : `${Math.round(total / 60)} hours`;
}

function rhythm(value) {
  if (!value || value.cycles === 0) {
    return 'No request in the last day';
  }
  const cycles = `${value.cycles} sync ${value.cycles === 1 ? 'cycle' : 'cycles'} in the last day`;
  const typical = value.typicalIntervalSeconds == null
    ? 'no regular rhythm yet (Okta pushes when something changes; Microsoft Entra ID about every 40 minutes)'
    : `about every ${minutes(value.typicalIntervalSeconds)}`;
  return `${cycles}, ${typical}; the last began ${when(value.lastCycleStartedAt)}`;
}

function lastRequest(request) {
  if (!request) {
    return 'None in the provisioning log';
  }
  const what = OPERATIONS[request.operation] || request.operation;
  return h('span', {}, `${when(request.at)}: ${what}${request.userName ? ` (${request.userName})` : ''}, `
    + `${request.status} `, providerBadge(request.identityProvider));
}

function panel(health) {
  const fact = (name, term, value) => [h('dt', {}, term), h('dd', { 'data-health': name }, value)];
  const state = { OFF: 'Off (SCIM provisioning is off)', HEALTHY: 'Healthy', WARNING: 'Needs attention' };
  return [
    h('dl', { class: 'facts' },
      fact('state', 'Health', state[health.state] || health.state),
      fact('last-request', 'Last request', lastRequest(health.lastRequest)),
      fact('rhythm', 'Rhythm', rhythm(health.rhythm)),
      fact('last-hour', 'Last hour', counts(health.lastHour)),
      fact('last-day', 'Last day', counts(health.lastDay))),
    h('h3', {}, 'Why requests failed (last day)'),
    dataTable({
      caption: 'Why requests failed in the last day, with the fix of each reason',
      columns: [
        { label: 'Reason', cell: (reason) => reason.summary },
        { label: 'Failures', cell: (reason) => String(reason.count) },
        { label: 'Last', cell: (reason) => when(reason.lastAt) },
        { label: 'Fix', cell: (reason) => reason.fix },
      ],
      rows: health.topReasons || [],
      rowClass: () => 'health-reason',
      empty: 'No failure in the last day.',
    }),
  ];
}

/** The health panel of User Provisioning: a card that reads GET …/health now and every 10 s; stop() ends that. */
export function healthCard(slug) {
  const body = h('div', {}, h('p', { class: 'loading' }, 'Reading the provisioning health…'));
  const element = h('section', { class: 'card', id: 'provisioning-health', 'aria-labelledby': 'health-title' },
    h('h2', { id: 'health-title' }, 'Provisioning health'),
    h('p', { class: 'hint' }, 'From the provisioning log: what the identity provider did lately and why requests '
      + 'failed, so you can fix it before Microsoft Entra ID quarantines the job or Okta stops pushing.'),
    body);
  let stopped = false;
  const read = () => admin.health(slug).then((health) => {
    if (!stopped) {
      clear(body, panel(health));
      body.querySelectorAll('tr.health-reason').forEach((row, index) => {
        row.dataset.reason = health.topReasons[index].reason;
      });
    }
  }).catch((error) => {
    if (!stopped) {
      clear(body, banner('error', h('p', {}, `The provisioning health could not be read: ${error.message}`)));
    }
  });
  read();
  const timer = window.setInterval(() => { if (visible()) { read(); } }, REFRESH_EVERY_MS);
  return {
    element,
    stop: () => {
      stopped = true;
      window.clearInterval(timer);
    },
  };
}
