// Kiste web interface: the trash page. Lists the trash bin through WebDAV as the Nextcloud apps do; restoring is a
// MOVE into the restore folder, deleting for good a DELETE.
import { ctx, t, el, davFetch, propfind, openDialog, announce, errorText, formatSize, formatDate, HttpError } from './kiste.js';

const app = document.getElementById('app');
const trashUrl = ctx.davTrash + '/trash/';
const EXTRA = [['nc', 'trashbin-filename'], ['nc', 'trashbin-original-location'], ['nc', 'trashbin-deletion-time']];
const problem = el('p', { class: 'problem', role: 'alert' });
const status = el('p', { class: 'muted', id: 'trash-status' });
const emptyButton = el('button', { type: 'button', class: 'danger', onclick: emptyTrash }, t('trash.empty'));
const tbody = el('tbody');
const table = el('table', { class: 'list', 'aria-describedby': 'trash-status' },
  el('thead', {}, el('tr', {},
    el('th', { scope: 'col' }, t('trash.name')),
    el('th', { scope: 'col' }, t('trash.location')),
    el('th', { scope: 'col' }, t('trash.deleted')),
    el('th', { scope: 'col', class: 'num' }, t('trash.size')),
    el('th', { scope: 'col' }, t('trash.actions')))),
  tbody);
app.replaceChildren(el('div', { class: 'toolbar' }, emptyButton), problem, status, table);

let rowCount = 0;

async function load() {
  problem.textContent = '';
  status.textContent = t('trash.loading');
  try {
    const entries = (await propfind(trashUrl, 1, EXTRA)).slice(1);
    entries.sort((a, b) => Number(b.props['trashbin-deletion-time'] || 0) - Number(a.props['trashbin-deletion-time'] || 0));
    tbody.replaceChildren(...entries.map(row));
    status.textContent = entries.length ? '' : t('trash.none');
    emptyButton.hidden = entries.length === 0;
  } catch (e) {
    tbody.replaceChildren();
    status.textContent = '';
    problem.textContent = errorText(e);
  }
}

function displayName(e) {
  return e.props['trashbin-filename'] || e.name;
}

function row(e) {
  const id = 'trash-' + (++rowCount);
  const name = displayName(e);
  const deleted = Number(e.props['trashbin-deletion-time'] || 0) * 1000;
  const location = '/' + (e.props['trashbin-original-location'] || name);
  return el('tr', {},
    el('th', { scope: 'row', class: 'name', id }, el('span', { class: e.isDir ? 'icon folder' : 'icon file', 'aria-hidden': 'true' }), name),
    el('td', {}, location),
    el('td', {}, formatDate(deleted)),
    el('td', { class: 'num' }, e.isDir && !e.size ? '' : formatSize(e.size)),
    el('td', { class: 'actions' },
      el('button', { type: 'button', class: 'small', 'aria-describedby': id, onclick: () => restore(e) }, t('trash.restore')),
      el('button', { type: 'button', class: 'small danger', 'aria-describedby': id, onclick: () => purge(e) }, t('trash.purge'))));
}

async function restore(e) {
  const segment = e.davUrl.split('/').filter((s) => s).pop();
  try {
    const r = await davFetch('MOVE', e.davUrl, {
      headers: { Destination: new URL(ctx.davTrash + '/restore/' + segment, location.href).href, Overwrite: 'F' },
    });
    if (r.status !== 201 && r.status !== 204) throw new HttpError(r.status);
    announce(t('trash.restored', displayName(e)));
    await load();
    document.getElementById('main')?.focus();
  } catch (err) {
    problem.textContent = errorText(err);
  }
}

function purge(e) {
  openDialog({
    title: t('trash.purge.title', displayName(e)),
    body: el('p', {}, t('trash.purge.text')),
    actions: [
      { label: t('dialog.cancel') },
      {
        label: t('trash.purge'), primary: true,
        onClick: async () => {
          try {
            const r = await davFetch('DELETE', e.davUrl);
            if (r.status !== 204 && r.status !== 200) throw new HttpError(r.status);
            announce(t('trash.purged', displayName(e)));
            await load();
          } catch (err) {
            problem.textContent = errorText(err);
          }
        },
      },
    ],
  });
}

function emptyTrash() {
  openDialog({
    title: t('trash.empty.title'),
    body: el('p', {}, t('trash.empty.text')),
    actions: [
      { label: t('dialog.cancel') },
      {
        label: t('trash.empty'), primary: true,
        onClick: async () => {
          try {
            const r = await davFetch('DELETE', trashUrl);
            if (r.status !== 204 && r.status !== 200) throw new HttpError(r.status);
            announce(t('trash.emptied'));
            await load();
          } catch (err) {
            problem.textContent = errorText(err);
          }
        },
      },
    ],
  });
}

load();
