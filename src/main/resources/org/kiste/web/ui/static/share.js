// Sharing: with users and groups (with permissions) and by public link (password, expiry, read-only, editable or
// upload-only); the entry's shares are listed and can be changed or revoked. Everything goes through the OCS
// sharing API, so the server's share rules decide.
import { ctx, t, el, ocs, openDialog, announce, errorText } from './kiste.js';
import { ensureStyles } from './feat-util.js';

const API = 'apps/files_sharing/api/v1/';
export const READ = 1, UPDATE = 2, CREATE = 4, DELETE = 8, SHARE = 16;
const USER = 0, GROUP = 1, LINK = 3;

let uid = 0;
const nextId = (p) => `share-${p}-${++uid}`;

/** Plain words for a refused call, with the server's own reason when it gave one. */
export function problem(e) {
  const base = errorText(e);
  return e && e.message && e.message !== base ? `${base} (${e.message})` : base;
}

/** A labelled input (or select) in a column. */
export function field(label, input) {
  const id = input.id || (input.id = nextId('f'));
  return el('div', { class: 'feat-field' }, el('label', { for: id }, label), input);
}

function checkbox(label, checked) {
  const input = el('input', { type: 'checkbox', id: nextId('c') });
  input.checked = !!checked;
  return { input, node: el('div', { class: 'feat-inline' }, input, el('label', { for: input.id }, label)) };
}

function editBits(isDir) {
  return isDir ? UPDATE | CREATE | DELETE : UPDATE;
}

function linkMode(permissions) {
  if (permissions === CREATE) return 'drop';
  return permissions & (UPDATE | CREATE) ? 'edit' : 'read';
}

function linkPermissions(mode, isDir) {
  if (mode === 'drop') return CREATE;
  if (mode === 'edit') return READ | editBits(isDir);
  return READ;
}

/** Copies text to the clipboard (falling back to selecting the box) and says so. */
export async function copy(text, input) {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    input.focus();
    input.select();
    document.execCommand && document.execCommand('copy');
  }
  announce(t('share.copied'));
}

/** The readonly "Public link" box with its copy button. */
function linkBox(url) {
  const input = el('input', { type: 'text', readonly: '', class: 'feat-link', value: url, id: nextId('link') });
  input.value = url;
  input.addEventListener('focus', () => input.select());
  const button = el('button', { type: 'button' }, t('share.copy'));
  button.addEventListener('click', () => copy(url, input));
  return el('div', { class: 'feat-field' },
    el('label', { for: input.id }, t('share.publicLink')),
    el('div', { class: 'feat-inline' }, input, button));
}

/** Opens the share dialog of one entry; focus goes back to {@code opener} when it closes. */
export function openShareDialog(entry, opener) {
  ensureStyles();
  const status = el('p', { class: 'feat-error', role: 'alert' });
  const list = el('ul', { class: 'feat-list', 'aria-labelledby': nextId('h') });
  const listHeading = el('h3', { id: list.getAttribute('aria-labelledby') }, t('share.current'));
  const fail = (e) => { status.textContent = problem(e); };
  const ok = (text) => { status.textContent = ''; announce(text); };

  async function refresh() {
    let shares;
    try {
      shares = await ocs('GET', API + 'shares', { path: entry.path, reshares: 'true' });
    } catch (e) {
      fail(e);
      return;
    }
    list.replaceChildren();
    if (!shares.length) list.append(el('li', {}, t('share.none')));
    for (const s of shares) list.append(shareRow(s));
  }

  function shareRow(s) {
    const li = el('li', { 'data-share': String(s.id) });
    const whoId = nextId('who');
    const revoke = el('button', { type: 'button', 'aria-describedby': whoId }, t('share.revoke'));
    revoke.addEventListener('click', async () => {
      try {
        await ocs('DELETE', API + 'shares/' + encodeURIComponent(s.id));
        ok(t('share.revoked'));
        await refresh();
        list.querySelector('button, input')?.focus();
      } catch (e) { fail(e); }
    });
    const update = async (params) => {
      try {
        await ocs('PUT', API + 'shares/' + encodeURIComponent(s.id), params);
        ok(t('share.saved'));
      } catch (e) { fail(e); await refresh(); }
    };
    if (s.share_type === LINK) {
      li.append(el('span', { class: 'feat-grow', id: whoId }, s.label || t('share.linkItem')), linkBox(s.url));
      const mode = linkModeSelect(entry.isDir, linkMode(s.permissions));
      mode.select.addEventListener('change', () => update({ permissions: linkPermissions(mode.select.value, entry.isDir) }));
      const expiry = el('input', { type: 'date', id: nextId('exp') });
      expiry.value = s.expiration ? s.expiration.substring(0, 10) : '';
      expiry.addEventListener('change', () => update({ expireDate: expiry.value }));
      const pw = el('input', { type: 'password', id: nextId('pw'), autocomplete: 'new-password',
        placeholder: s.password ? t('share.passwordSet') : '' });
      const pwSave = el('button', { type: 'button' }, t('share.setPassword'));
      pwSave.addEventListener('click', () => update({ password: pw.value }).then(() => { pw.value = ''; }));
      li.append(mode.node, field(t('share.expiry'), expiry),
        el('div', { class: 'feat-inline' }, field(t('share.linkPassword'), pw), pwSave), revoke);
    } else {
      const who = s.share_with_displayname || s.share_with;
      const kind = s.share_type === GROUP ? t('share.group') : t('share.user');
      li.append(el('span', { class: 'feat-grow', id: whoId }, `${who} (${kind})`));
      const edit = checkbox(t('share.canEdit'), s.permissions & UPDATE);
      const reshare = checkbox(t('share.canReshare'), s.permissions & SHARE);
      const save = () => update({
        permissions: READ | (edit.input.checked ? editBits(entry.isDir) : 0) | (reshare.input.checked ? SHARE : 0),
      });
      edit.input.addEventListener('change', save);
      reshare.input.addEventListener('change', save);
      edit.input.setAttribute('aria-describedby', whoId);
      reshare.input.setAttribute('aria-describedby', whoId);
      li.append(edit.node, reshare.node);
    }
    li.append(revoke);
    return li;
  }

  // sharing with people and groups
  const search = el('input', { type: 'search', id: nextId('q'), autocomplete: 'off' });
  const results = el('ul', { class: 'feat-list', 'aria-live': 'polite' });
  const newEdit = checkbox(t('share.canEdit'), false);
  const newReshare = checkbox(t('share.canReshare'), false);
  let timer = 0;
  let asked = 0;
  const find = async () => {
    const q = search.value.trim();
    const mine = ++asked;
    if (q.length < 1) { results.replaceChildren(); return; }
    let data;
    try {
      data = await ocs('GET', API + 'sharees', { search: q, itemType: entry.isDir ? 'folder' : 'file', perPage: 20 });
    } catch (e) { fail(e); return; }
    if (mine !== asked) return;
    const found = [...(data.exact?.users || []), ...(data.exact?.groups || []), ...(data.users || []), ...(data.groups || [])]
      .filter((s) => !(s.value.shareType === USER && s.value.shareWith === ctx.user));
    results.replaceChildren();
    if (!found.length) results.append(el('li', {}, t('share.noMatch')));
    for (const s of found) {
      const kind = s.value.shareType === GROUP ? t('share.group') : t('share.user');
      const b = el('button', { type: 'button' }, t('share.with', `${s.label} (${kind})`));
      b.addEventListener('click', async () => {
        try {
          await ocs('POST', API + 'shares', {
            path: entry.path, shareType: s.value.shareType, shareWith: s.value.shareWith,
            permissions: READ | (newEdit.input.checked ? editBits(entry.isDir) : 0) | (newReshare.input.checked ? SHARE : 0),
          });
          ok(t('share.sharedWith', s.label));
          search.value = '';
          results.replaceChildren();
          await refresh();
          search.focus();
        } catch (e) { fail(e); }
      });
      results.append(el('li', {}, b));
    }
  };
  search.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(find, 250); });
  search.addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); clearTimeout(timer); find(); } });

  // a new public link
  const mode = linkModeSelect(entry.isDir, 'read');
  const password = el('input', { type: 'password', id: nextId('pw'), autocomplete: 'new-password' });
  const expiry = el('input', { type: 'date', id: nextId('exp') });
  const create = el('button', { type: 'button', class: 'primary' }, t('share.createLink'));
  create.addEventListener('click', async () => {
    try {
      const params = { path: entry.path, shareType: LINK, permissions: linkPermissions(mode.select.value, entry.isDir) };
      if (password.value) params.password = password.value;
      if (expiry.value) params.expireDate = expiry.value;
      const s = await ocs('POST', API + 'shares', params);
      const share = Array.isArray(s) ? s[0] : s;
      password.value = '';
      ok(t('share.linkCreated'));
      await refresh();
      const row = [...list.children].find((li) => li.dataset.share === String(share.id));
      (row ? row.querySelector('input') : list.querySelector('input'))?.focus();
    } catch (e) { fail(e); }
  });

  const userHeading = nextId('h');
  const linkHeading = nextId('h');
  const body = el('div', { class: 'share-dialog' },
    el('p', {}, entry.path),
    status,
    el('section', { 'aria-labelledby': userHeading },
      el('h3', { id: userHeading }, t('share.people')),
      field(t('share.search'), search), newEdit.node, newReshare.node, results),
    el('section', { 'aria-labelledby': linkHeading },
      el('h3', { id: linkHeading }, t('share.links')),
      mode.node, field(t('share.linkPassword'), password), field(t('share.expiry'), expiry), create),
    el('section', {}, listHeading, list));
  let dialog;
  dialog = openDialog({
    title: t('share.title', entry.name),
    body,
    opener,
    actions: [{ label: t('share.close'), onClick: () => dialog && dialog.close() }],
  });
  refresh();
  return dialog;
}

/** The access choice of a link: read-only, editable, or (folders) upload-only. */
function linkModeSelect(isDir, value) {
  const select = el('select', { id: nextId('mode') });
  const options = [['read', t('share.readOnly')], ['edit', t('share.editable')]];
  if (isDir) options.push(['drop', t('share.uploadOnly')]);
  for (const [v, label] of options) select.append(el('option', { value: v }, label));
  select.value = value;
  return { select, node: field(t('share.access'), select) };
}

/** "Shared by me": every share the user made, each with a way to revoke it; rendered into {@code container}. */
export async function renderSharedByMe(container) {
  ensureStyles();
  const status = el('p', { class: 'feat-error', role: 'alert' });
  const list = el('ul', { class: 'feat-list' });
  container.replaceChildren(status, list);
  let shares;
  try {
    shares = await ocs('GET', API + 'shares', {});
  } catch (e) {
    status.textContent = problem(e);
    return;
  }
  if (!shares.length) list.append(el('li', {}, t('share.noneByMe')));
  for (const s of shares) {
    const whoId = nextId('who');
    const who = s.share_type === LINK ? (s.url || t('share.linkItem'))
      : `${s.share_with_displayname || s.share_with} (${s.share_type === GROUP ? t('share.group') : t('share.user')})`;
    const revoke = el('button', { type: 'button', 'aria-describedby': whoId }, t('share.revoke'));
    revoke.addEventListener('click', async () => {
      try {
        await ocs('DELETE', API + 'shares/' + encodeURIComponent(s.id));
        announce(t('share.revoked'));
        await renderSharedByMe(container);
        container.querySelector('button')?.focus();
      } catch (e) { status.textContent = problem(e); }
    });
    list.append(el('li', {},
      el('span', { class: 'feat-grow', id: whoId }, `${s.path || ''} → ${who}`), revoke));
  }
}
