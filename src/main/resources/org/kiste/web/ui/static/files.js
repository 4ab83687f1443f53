// Kiste web interface: the files page. Lists a folder through WebDAV (PROPFIND depth 1), and manages its entries
// with the same WebDAV requests the desktop clients send; the server decides what is allowed.
import {
  ctx, t, el, davFetch, propfind, LIST_PROPS, parseMultistatus, propXml, davUrl, openDialog, announce, errorText,
  formatSize, formatDate, HttpError,
} from './kiste.js';
import { pickFolder } from './folder-picker.js';

const PAGE = 200; // rows rendered at a time: a folder of 10,000 entries shows its first screen at once
const base = ctx.base || '';
const app = document.getElementById('app');
const collator = new Intl.Collator(ctx.lang || 'en', { numeric: true, sensitivity: 'base' });

const state = {
  folder: normalise(ctx.path || '/'),
  self: null,
  entries: [],
  sort: { key: 'name', asc: true },
  shown: PAGE,
  search: null,
  loading: 0,
};

function normalise(p) {
  return '/' + String(p).split('/').filter((s) => s).join('/');
}

function pageUrl(path) {
  const segs = path.split('/').filter((s) => s).map(encodeURIComponent);
  return base + '/ui/files/' + segs.join('/') + (segs.length ? '/' : '');
}

function downloadUrl(path) {
  return base + '/ui/download?path=' + encodeURIComponent(path);
}

function absolute(root, path) {
  return new URL(davUrl(root, path), location.href).href;
}

function can(entry, letter) {
  return (entry?.permissions || '').includes(letter);
}

// ---- layout ------------------------------------------------------------------------------------------------

const crumbs = el('nav', { class: 'breadcrumbs', 'aria-label': t('files.breadcrumbs') });
const quota = el('div', { class: 'quota' });
const problem = el('p', { class: 'problem', role: 'alert' });
const uploadButton = el('button', { type: 'button', class: 'primary' }, t('files.upload'));
const newFolderButton = el('button', { type: 'button', onclick: newFolder }, t('files.newfolder'));
const searchBox = el('input', { type: 'search', name: 'q', 'aria-label': t('files.search'), placeholder: t('files.search') });
const searchForm = el('form', { role: 'search', onsubmit: (ev) => { ev.preventDefault(); runSearch(searchBox.value.trim()); } },
  searchBox, el('button', { type: 'submit' }, t('files.search.button')));
const favButton = el('button', { type: 'button', onclick: () => runSearch(null, true) }, '★ ', t('files.favorites'));
const toolbar = el('div', { class: 'toolbar' }, uploadButton, newFolderButton, el('span', { class: 'spacer' }), favButton, searchForm);
const status = el('p', { class: 'muted', id: 'list-status' });
const tbody = el('tbody');
const headRow = el('tr');
const table = el('table', { class: 'list', 'aria-describedby': 'list-status' }, el('thead', {}, headRow), tbody);
const more = el('div', { class: 'more' });
const dropZone = el('div', { class: 'drop-zone' }, table, more);
app.replaceChildren(crumbs, quota, toolbar, problem, status, dropZone);

import('./upload.js')
  .then((m) => m.mountUpload({ button: uploadButton, dropZone, folder: () => state.folder, onUploaded: () => load() }))
  .catch((e) => { console.warn('upload module unavailable', e); });

// ---- loading -----------------------------------------------------------------------------------------------

async function load() {
  const ticket = ++state.loading;
  problem.textContent = '';
  status.textContent = t('files.loading');
  try {
    // the folder itself with its quota, and its entries with what the list shows, side by side
    const url = davUrl(ctx.davFiles, state.folder) + '/';
    const [self, entries] = await Promise.all([propfind(url, 0), propfind(url, 1, null, LIST_PROPS)]);
    if (ticket !== state.loading) return;
    state.self = self[0] || entries[0] || null;
    state.entries = entries.slice(1);
    state.search = null;
    state.shown = PAGE;
    render();
  } catch (e) {
    if (ticket !== state.loading) return;
    state.entries = [];
    render();
    fail(e);
  }
}

function fail(e) {
  problem.textContent = errorText(e);
  if (e?.status === 401) {
    problem.append(' ', el('a', { href: base + '/ui/login?next=' + encodeURIComponent(location.pathname) }, t('login.submit')));
  }
}

async function runSearch(term, favourites) {
  if (!favourites && !term) { load(); return; }
  const ticket = ++state.loading;
  problem.textContent = '';
  status.textContent = t('files.loading');
  const esc = (s) => s.replace(/[&<>"']/g, (c) => '&#' + c.charCodeAt(0) + ';');
  const like = term ? '%' + term.replace(/[\\%_]/g, (c) => '\\' + c) + '%' : '';
  const where = favourites
    ? '<d:eq><d:prop><oc:favorite/></d:prop><d:literal>1</d:literal></d:eq>'
    : '<d:like><d:prop><d:displayname/></d:prop><d:literal>' + esc(like) + '</d:literal></d:like>';
  const body = '<?xml version="1.0" encoding="UTF-8"?><d:searchrequest xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns"'
    + ' xmlns:nc="http://nextcloud.org/ns"><d:basicsearch><d:select><d:prop>' + propXml() + '</d:prop></d:select>'
    + '<d:from><d:scope><d:href>/files/' + esc(encodeURIComponent(ctx.user)) + '</d:href><d:depth>infinity</d:depth></d:scope></d:from>'
    + '<d:where>' + where + '</d:where><d:orderby/><d:limit><d:nresults>500</d:nresults></d:limit></d:basicsearch></d:searchrequest>';
  try {
    const r = await davFetch('SEARCH', base + '/remote.php/dav/', { headers: { 'Content-Type': 'text/xml; charset=utf-8' }, body });
    if (r.status !== 207) throw new HttpError(r.status);
    const entries = parseMultistatus(await r.text()).filter((e) => e.path && e.path !== '/');
    if (ticket !== state.loading) return;
    state.entries = entries;
    state.search = favourites ? t('files.favorites') : t('files.search.results', term);
    state.shown = PAGE;
    render();
  } catch (e) {
    if (ticket === state.loading) fail(e);
  }
}

// ---- rendering ---------------------------------------------------------------------------------------------

function render() {
  renderCrumbs();
  renderQuota();
  uploadButton.hidden = !!state.search || !(can(state.self, 'C') || can(state.self, 'W'));
  newFolderButton.hidden = !!state.search || !can(state.self, 'K');
  renderHead();
  const sorted = sortEntries(state.entries);
  const rows = sorted.slice(0, state.shown).map(row);
  tbody.replaceChildren(...rows);
  const total = sorted.length;
  status.textContent = total === 0 ? t('files.empty') : (state.search ? state.search + ' – ' : '') + (total === 1 ? t('files.countOne') : t('files.count', total));
  more.replaceChildren();
  if (total > state.shown) {
    more.append(el('button', { type: 'button', onclick: showMore }, t('files.more', Math.min(state.shown, total), total)));
  }
}

function showMore() {
  const from = state.shown;
  state.shown += PAGE * 5;
  const sorted = sortEntries(state.entries);
  const rows = sorted.slice(from, state.shown).map(row);
  tbody.append(...rows);
  more.replaceChildren();
  if (sorted.length > state.shown) {
    more.append(el('button', { type: 'button', onclick: showMore }, t('files.more', state.shown, sorted.length)));
  }
  const first = rows[0]?.querySelector('a');
  if (first) first.focus();
}

function renderCrumbs() {
  const parts = state.folder.split('/').filter((s) => s);
  const items = [el('li', {}, el('a', { href: pageUrl('/'), 'aria-current': parts.length ? null : 'page', onclick: navigate('/') }, t('files.home')))];
  let path = '';
  parts.forEach((p, i) => {
    path += '/' + p;
    const target = path;
    items.push(el('li', {}, el('a', { href: pageUrl(target), 'aria-current': i === parts.length - 1 ? 'page' : null, onclick: navigate(target) }, p)));
  });
  crumbs.replaceChildren(el('ol', {}, items));
}

function renderQuota() {
  const s = state.self;
  quota.replaceChildren();
  if (!s || s.quotaUsed === null || Number.isNaN(s.quotaUsed)) return;
  const used = s.quotaUsed;
  const avail = s.quotaAvailable;
  if (avail !== null && avail >= 0) {
    const total = used + avail;
    quota.append(
      el('label', { for: 'quota-meter', class: 'text' }, t('files.quota', formatSize(used), formatSize(total))),
      el('meter', { id: 'quota-meter', min: '0', max: String(total || 1), value: String(used), class: 'bar' }));
  } else {
    quota.append(el('p', { class: 'text' }, t('files.quota.unlimited', formatSize(used))));
  }
}

function renderHead() {
  const th = (key, label, cls) => {
    const active = state.sort.key === key;
    return el('th', { scope: 'col', class: cls, 'aria-sort': active ? (state.sort.asc ? 'ascending' : 'descending') : null },
      el('button', { type: 'button', onclick: () => sortBy(key) }, label, active ? (state.sort.asc ? ' ▲' : ' ▼') : ''));
  };
  headRow.replaceChildren(
    th('name', t('files.name'), 'name'),
    th('size', t('files.size'), 'num'),
    th('mtime', t('files.modified'), ''),
    el('th', { scope: 'col' }, t('files.actions')));
}

function sortBy(key) {
  state.sort = { key, asc: state.sort.key === key ? !state.sort.asc : key === 'name' };
  state.shown = Math.max(state.shown, PAGE);
  render();
  const btn = headRow.querySelector('th[aria-sort] button');
  if (btn) btn.focus();
}

function sortEntries(list) {
  const { key, asc } = state.sort;
  const dir = asc ? 1 : -1;
  return list.slice().sort((a, b) => {
    if (a.isDir !== b.isDir) return a.isDir ? -1 : 1; // folders first, whatever the order
    let c = 0;
    if (key === 'size') c = a.size - b.size;
    else if (key === 'mtime') c = a.mtime - b.mtime;
    if (c === 0) c = collator.compare(a.name, b.name);
    return c * dir;
  });
}

let rowCount = 0;

function row(e) {
  const id = 'entry-' + (++rowCount);
  const link = e.isDir
    ? el('a', { id, href: pageUrl(e.path), onclick: navigate(e.path) }, e.name)
    : el('a', { id, href: downloadUrl(e.path), download: e.name }, e.name);
  const fav = el('button', {
    type: 'button', class: 'fav', 'aria-pressed': e.favorite ? 'true' : 'false',
    'aria-label': t('files.favorite'), 'aria-describedby': id, onclick: () => toggleFavorite(e, fav),
  }, e.favorite ? '★' : '☆');
  const where = state.search ? el('div', { class: 'muted' }, parentOf(e.path)) : null;
  const btn = (label, fn, show = true) => show
    ? el('button', { type: 'button', class: 'small', 'aria-describedby': id, onclick: (ev) => fn(e, ev.currentTarget) }, label)
    : null;
  return el('tr', {},
    el('td', { class: 'name' }, fav, el('span', { class: e.isDir ? 'icon folder' : 'icon file', 'aria-hidden': 'true' }), link, where),
    el('td', { class: 'num' }, e.isDir && !e.size ? '' : formatSize(e.size)),
    el('td', {}, formatDate(e.mtime)),
    el('td', { class: 'actions' },
      btn(t('files.share'), share, can(e, 'R')),
      btn(t('files.rename'), rename, can(e, 'N')),
      btn(t('files.move'), (x, o) => moveOrCopy(x, o, 'MOVE'), can(e, 'V')),
      btn(t('files.copy'), (x, o) => moveOrCopy(x, o, 'COPY')),
      btn(t('files.delete'), remove, can(e, 'D')),
      btn(t('files.download'), (x) => { location.href = downloadUrl(x.path); }),
      btn(t('files.versions'), versions, !e.isDir)));
}

function parentOf(path) {
  const parts = path.split('/').filter((s) => s);
  parts.pop();
  return '/' + parts.join('/');
}

function navigate(path) {
  return (ev) => {
    if (ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.button === 1) return;
    ev.preventDefault();
    go(path, true);
  };
}

function go(path, push) {
  state.folder = normalise(path);
  if (push) history.pushState({ path: state.folder }, '', pageUrl(state.folder));
  searchBox.value = '';
  load().then(() => {
    const h1 = document.querySelector('main h1');
    if (h1) h1.textContent = state.folder === '/' ? t('page.files') : state.folder.split('/').pop();
    document.getElementById('main')?.focus();
  });
}

window.addEventListener('popstate', (ev) => go(ev.state?.path || folderFromLocation(), false));

function folderFromLocation() {
  const prefix = base + '/ui/files';
  const p = location.pathname.startsWith(prefix) ? location.pathname.slice(prefix.length) : '/';
  return '/' + p.split('/').filter((s) => s).map(decodeURIComponent).join('/');
}

// ---- actions -----------------------------------------------------------------------------------------------

function validName(name) {
  return name && name !== '.' && name !== '..' && !/[/\\\u0000-\u001f]/.test(name) && name.length <= 250;
}

function nameDialog({ title, label, value, actionLabel, onName }) {
  const input = el('input', { type: 'text', id: 'name-input', value: value || '', autocomplete: 'off', required: true });
  const err = el('p', { class: 'problem', role: 'alert', id: 'name-error' });
  const body = el('div', { class: 'field' }, el('label', { for: 'name-input' }, label), input, err);
  openDialog({
    title,
    body,
    actions: [
      { label: t('dialog.cancel') },
      {
        label: actionLabel, primary: true,
        onClick: async () => {
          const name = input.value.trim();
          if (!validName(name)) { err.textContent = t('files.name.invalid'); input.focus(); return false; }
          try {
            await onName(name);
            return true;
          } catch (e) {
            err.textContent = errorText(e);
            input.focus();
            return false;
          }
        },
      },
    ],
  });
  if (value) {
    const dot = value.lastIndexOf('.');
    input.setSelectionRange(0, dot > 0 ? dot : value.length);
  }
}

function newFolder() {
  nameDialog({
    title: t('files.newfolder.title'), label: t('files.foldername'), actionLabel: t('files.create'),
    onName: async (name) => {
      const path = normalise(state.folder + '/' + name);
      const r = await davFetch('MKCOL', davUrl(ctx.davFiles, path));
      if (r.status !== 201) throw new HttpError(r.status === 405 ? 412 : r.status);
      announce(t('files.created', name));
      await load();
    },
  });
}

function rename(e) {
  nameDialog({
    title: t('files.rename.title', e.name), label: t('files.newname'), value: e.name, actionLabel: t('files.rename'),
    onName: async (name) => {
      if (name === e.name) return;
      const target = normalise(parentOf(e.path) + '/' + name);
      await transfer('MOVE', e, target);
      announce(t('files.renamed', name));
      await reload();
    },
  });
}

async function transfer(method, e, targetPath) {
  const r = await davFetch(method, davUrl(ctx.davFiles, e.path), {
    headers: { Destination: absolute(ctx.davFiles, targetPath), Overwrite: 'F' },
  });
  if (r.status !== 201 && r.status !== 204) throw new HttpError(r.status);
}

async function moveOrCopy(e, opener, method) {
  const title = t(method === 'MOVE' ? 'files.move.title' : 'files.copy.title', e.name);
  const target = await pickFolder({ title, start: parentOf(e.path), exclude: e.isDir ? e.path : null });
  opener?.focus();
  if (target === null) return;
  try {
    await transfer(method, e, normalise(target + '/' + e.name));
    announce(t(method === 'MOVE' ? 'files.moved' : 'files.copied', e.name));
    await reload();
  } catch (err) {
    fail(err);
  }
}

function remove(e) {
  openDialog({
    title: t('files.delete.title', e.name),
    body: el('p', {}, t('files.delete.text')),
    actions: [
      { label: t('dialog.cancel') },
      {
        label: t('files.delete'), primary: true,
        onClick: async () => {
          try {
            const r = await davFetch('DELETE', davUrl(ctx.davFiles, e.path));
            if (r.status !== 204 && r.status !== 200) throw new HttpError(r.status);
            announce(t('files.deleted', e.name));
            await reload();
          } catch (err) {
            fail(err);
          }
        },
      },
    ],
  });
}

async function toggleFavorite(e, button) {
  const next = !e.favorite;
  const body = '<?xml version="1.0"?><d:propertyupdate xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns"><d:set><d:prop>'
    + '<oc:favorite>' + (next ? '1' : '0') + '</oc:favorite></d:prop></d:set></d:propertyupdate>';
  try {
    const r = await davFetch('PROPPATCH', davUrl(ctx.davFiles, e.path), { headers: { 'Content-Type': 'application/xml; charset=utf-8' }, body });
    if (r.status !== 207) throw new HttpError(r.status);
    e.favorite = next;
    button.setAttribute('aria-pressed', next ? 'true' : 'false');
    button.textContent = next ? '★' : '☆';
    announce(t(next ? 'files.favorite' : 'files.unfavorite') + ': ' + e.name);
  } catch (err) {
    fail(err);
  }
}

function share(e, opener) {
  import('./share.js').then((m) => m.openShareDialog(e, opener)).catch(fail);
}

function versions(e, opener) {
  import('./versions.js').then((m) => m.openVersionsDialog(e, opener)).catch(fail);
}

function reload() {
  return state.search ? runSearch(searchBox.value.trim(), !searchBox.value.trim()) : load();
}

history.replaceState({ path: state.folder }, '', location.href);
load();
