// Kiste web interface: the Audit page. The organisation's audit trail, newest first, filtered by time and actor
// as `kiste audit list` filters it.
import { t, el, ocs, formatDate } from './kiste.js';
import { frame, field, table } from './admin-common.js';

const app = document.getElementById('app');
const page = frame(app, 'audit-status');
const since = field(t('admin.audit.since'), { type: 'datetime-local' });
const until = field(t('admin.audit.until'), { type: 'datetime-local' });
const actor = field(t('admin.audit.actor'), { autocomplete: 'off', maxlength: 64 }, t('admin.audit.actor.hint'));
const limit = field(t('admin.audit.limit'), { type: 'number', min: 1, max: 1000, value: '100', inputmode: 'numeric' });
const filter = el('form', { class: 'toolbar', onsubmit: (ev) => { ev.preventDefault(); load(); } },
  since.block, until.block, actor.block, limit.block, el('button', { type: 'submit', class: 'primary' }, t('admin.audit.filter')));
page.toolbar.append(filter);
const tbody = el('tbody');
page.content.append(table(t('admin.audit.caption'), [t('admin.audit.at'), t('admin.audit.actor'),
  t('admin.audit.action'), t('admin.audit.subject'), t('admin.audit.target'), t('admin.audit.detail')], tbody));

/** A datetime-local value (the browser's time zone) as an instant the server reads, or undefined. */
const instant = (v) => (v ? new Date(v).toISOString() : undefined);

function detailText(d) {
  if (!d) return '';
  return Object.entries(d).map(([k, v]) => k + ': ' + (typeof v === 'object' ? JSON.stringify(v) : String(v))).join(', ');
}

async function load() {
  page.problem.textContent = '';
  page.status.textContent = t('admin.loading');
  try {
    const events = await ocs('GET', 'apps/kiste/api/v1/audit', {
      since: instant(since.input.value), until: instant(until.input.value),
      actor: actor.input.value.trim() || undefined, limit: limit.input.value || undefined,
    });
    tbody.replaceChildren(...events.map((e) => el('tr', {},
      el('td', {}, el('time', { datetime: e.at }, formatDate(Date.parse(e.at)))),
      el('td', {}, e.actor),
      el('td', {}, e.action),
      el('td', { class: 'name' }, e.subject),
      el('td', {}, e.target || ''),
      el('td', {}, detailText(e.detail)))));
    page.status.textContent = events.length ? t('admin.audit.count', events.length) : t('admin.audit.none');
  } catch (e) {
    page.status.textContent = '';
    page.fail(e);
  }
}

load();
