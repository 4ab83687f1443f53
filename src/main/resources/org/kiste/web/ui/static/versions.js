// File versions through Nextcloud's versions WebDAV API: list, download, restore, name and delete.
import { ctx, t, el, davFetch, openDialog, announce, errorText, formatSize, formatDate } from './kiste.js';
import { ensureStyles, text, xmlEscape } from './feat-util.js';

const DAV = 'DAV:';
const NC = 'http://nextcloud.org/ns';
const PROPS = '<?xml version="1.0"?><d:propfind xmlns:d="DAV:" xmlns:nc="http://nextcloud.org/ns"><d:prop>'
  + '<d:getcontentlength/><d:getcontenttype/><d:getlastmodified/><d:getetag/>'
  + '<nc:version-label/><nc:version-author/></d:prop></d:propfind>';

let uid = 0;
const nextId = (p) => `versions-${p}-${++uid}`;

function refusal(status) {
  switch (status) {
    case 403: return t('versions.error.forbidden');
    case 404: return t('versions.error.gone');
    case 423: return t('versions.error.locked');
    case 507: return t('versions.error.quota');
    default: return errorText({ status, ok: false });
  }
}

/** The file's versions, newest first: {href, name, size, mtime (ms), label, author}. */
async function load(entry) {
  const url = `${ctx.davVersions}/versions/${encodeURIComponent(entry.fileId)}/`;
  const r = await davFetch('PROPFIND', url, { headers: { Depth: '1', 'Content-Type': 'application/xml' }, body: PROPS });
  if (r.status !== 207) throw new Error(refusal(r.status));
  const doc = new DOMParser().parseFromString(await r.text(), 'application/xml');
  const out = [];
  for (const resp of doc.getElementsByTagNameNS(DAV, 'response')) {
    const href = text(resp, DAV, 'href');
    if (href.endsWith('/')) continue; // the collection itself
    const mtime = Date.parse(text(resp, DAV, 'getlastmodified'));
    out.push({
      href,
      name: decodeURIComponent(href.split('/').pop()),
      size: Number(text(resp, DAV, 'getcontentlength') || 0),
      mtime,
      label: text(resp, NC, 'version-label'),
      author: text(resp, NC, 'version-author'),
    });
  }
  out.sort((a, b) => b.mtime - a.mtime);
  return out;
}

/** Saves a version as a download (the request needs the CSRF header, so it goes through fetch and a blob). */
async function download(entry, v) {
  const r = await davFetch('GET', v.href);
  if (!r.ok) throw new Error(refusal(r.status));
  const url = URL.createObjectURL(await r.blob());
  const a = el('a', { href: url, download: entry.name, class: 'visually-hidden' });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

/** Opens the versions dialog of a file; focus goes back to {@code opener} when it closes. */
export function openVersionsDialog(entry, opener) {
  ensureStyles();
  const status = el('p', { class: 'feat-error', role: 'alert' });
  const listHeading = nextId('h');
  const list = el('ul', { class: 'feat-list', 'aria-labelledby': listHeading });
  const fail = (e) => { status.textContent = e && e.message ? e.message : errorText(e); };

  async function refresh(focusName) {
    let versions;
    try {
      versions = await load(entry);
    } catch (e) {
      fail(e);
      return;
    }
    list.replaceChildren();
    if (!versions.length) list.append(el('li', {}, t('versions.none')));
    const current = Math.floor((entry.mtime || 0) / 1000);
    for (const v of versions) list.append(row(v, Math.floor(v.mtime / 1000) === current));
    if (focusName) {
      const li = [...list.children].find((x) => x.dataset.version === focusName);
      (li || list).querySelector('button')?.focus();
    }
  }

  function row(v, isCurrent) {
    const li = el('li', { 'data-version': v.name });
    const whatId = nextId('v');
    const what = [formatDate(v.mtime), formatSize(v.size)];
    if (v.author) what.push(t('versions.by', v.author));
    if (isCurrent) what.push(t('versions.current'));
    const desc = el('span', { class: 'feat-grow', id: whatId },
      v.label ? el('strong', {}, v.label + ' ') : '', what.join(' · '));
    const act = (label, fn) => {
      const b = el('button', { type: 'button', 'aria-describedby': whatId }, label);
      b.addEventListener('click', async () => {
        status.textContent = '';
        try { await fn(b); } catch (e) { fail(e); }
      });
      return b;
    };
    li.append(desc, act(t('versions.download'), () => download(entry, v)));
    // naming
    const labelInput = el('input', { type: 'text', id: nextId('l'), maxlength: '250' });
    labelInput.value = v.label;
    const nameButton = act(t('versions.saveName'), async () => {
      const body = '<?xml version="1.0"?><d:propertyupdate xmlns:d="DAV:" xmlns:nc="http://nextcloud.org/ns">'
        + `<d:set><d:prop><nc:version-label>${xmlEscape(labelInput.value.trim())}</nc:version-label></d:prop></d:set>`
        + '</d:propertyupdate>';
      const r = await davFetch('PROPPATCH', v.href, { headers: { 'Content-Type': 'application/xml' }, body });
      const xml = r.status === 207 ? await r.text() : '';
      if (!(r.ok && !/HTTP\/1\.1 (4|5)\d\d/.test(xml))) throw new Error(refusal(r.status === 207 ? 403 : r.status));
      announce(t('versions.named'));
      await refresh(v.name);
    });
    li.append(el('div', { class: 'feat-inline' },
      el('label', { for: labelInput.id }, t('versions.name')), labelInput, nameButton));
    if (!isCurrent) {
      li.append(act(t('versions.restore'), async () => {
        const r = await davFetch('MOVE', v.href, {
          headers: { Destination: location.origin + ctx.davVersions + '/restore/target' },
        });
        if (!r.ok) throw new Error(refusal(r.status));
        announce(t('versions.restored'));
        entry.mtime = v.mtime;
        restored = true;
        await refresh();
        list.querySelector('button')?.focus();
      }));
      li.append(act(t('versions.delete'), async (b) => {
        if (b.dataset.confirm !== '1') {
          b.dataset.confirm = '1';
          b.textContent = t('versions.confirmDelete');
          return;
        }
        const r = await davFetch('DELETE', v.href);
        if (!r.ok) throw new Error(refusal(r.status));
        announce(t('versions.deleted'));
        await refresh();
        list.querySelector('button')?.focus();
      }));
    }
    return li;
  }

  let restored = false;
  const body = el('div', { class: 'versions-dialog' },
    el('p', {}, entry.path), status,
    el('h3', { id: listHeading }, t('versions.list')), list);
  let dialog;
  dialog = openDialog({
    title: t('versions.title', entry.name),
    body,
    opener,
    actions: [{
      label: t('versions.close'),
      onClick: () => {
        dialog && dialog.close();
        // a restore changed the file: let the page show its new size and date
        if (restored) document.dispatchEvent(new CustomEvent('kiste:changed', { detail: { path: entry.path } }));
      },
    }],
  });
  refresh();
  return dialog;
}
