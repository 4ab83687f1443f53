// Kiste web interface: the Users page. Lists accounts through the provisioning API and changes them through the
// same account services as `kiste user`; the server refuses whatever an administrator may not do.
import { ctx, t, el, ocs, openDialog, formatSize, formatDate, errorText } from './kiste.js';
import { seg, sizeInput, frame, field, formDialog, confirmDialog, rowButton, table } from './admin-common.js';

const app = document.getElementById('app');
const page = frame(app, 'users-status');
const search = field(t('admin.users.search'), { type: 'search', autocomplete: 'off' });
const searchForm = el('form', { role: 'search', onsubmit: (ev) => { ev.preventDefault(); load(false); } },
  search.block, el('button', { type: 'submit' }, t('admin.search')));
page.toolbar.append(el('button', { type: 'button', class: 'primary', onclick: addUser }, t('admin.users.add')),
  el('span', { class: 'spacer' }), searchForm);
const tbody = el('tbody');
page.content.append(table(t('admin.users.caption'), [t('admin.users.login'), t('admin.users.displayname'),
  t('admin.users.quota'), t('admin.users.state'), t('admin.users.groups'), t('admin.actions')], tbody));

/** Users are read a page at a time; "Show more" reads the next page. */
const PAGE = 100;
const more = el('button', { type: 'button', hidden: '', onclick: () => load(true) }, t('admin.users.more'));
page.content.append(more);

let rows = 0;
let shown = 0;
let searched;

async function load(append) {
  page.status.textContent = t('admin.loading');
  if (!append) searched = search.input.value.trim() || undefined;
  const offset = append ? shown : 0;
  try {
    const data = await ocs('GET', 'cloud/users/details', { search: searched, limit: PAGE, offset });
    const users = Object.values(data.users || {});
    if (append) tbody.append(...users.map(row));
    else tbody.replaceChildren(...users.map(row));
    shown = offset + users.length;
    more.hidden = users.length < PAGE;
    page.status.textContent = shown ? t('admin.users.count', shown) : t('admin.users.none');
    if (append && users.length) {
      const first = tbody.children[offset] && tbody.children[offset].querySelector('button');
      if (first) first.focus();
    }
  } catch (e) {
    page.status.textContent = '';
    page.fail(e);
  }
}

function quotaText(q) {
  const used = formatSize(q?.used || 0);
  const limit = q && q.quota >= 0 ? formatSize(q.quota) : t('admin.unlimited');
  return t('admin.used.of', used, limit);
}

function row(u) {
  const id = 'user-' + (++rows);
  const self = u.id === ctx.user;
  return el('tr', {},
    el('td', { class: 'name', id }, u.id, u.isAdmin ? el('span', { class: 'muted' }, ' (' + t('admin.users.admin') + ')') : null),
    el('td', {}, u.displayname || ''),
    el('td', { class: 'num' }, quotaText(u.quota)),
    el('td', {}, u.enabled ? t('admin.users.enabled') : t('admin.users.disabled')),
    el('td', {}, (u.groups || []).join(', ')),
    el('td', { class: 'actions' },
      rowButton(t('admin.users.password'), id, () => setPassword(u)),
      rowButton(t('admin.users.setquota'), id, () => setQuota(u)),
      self ? null : rowButton(u.enabled ? t('admin.users.disable') : t('admin.users.enable'), id, () => toggle(u)),
      rowButton(t('admin.users.apppasswords'), id, () => appPasswords(u)),
      self ? null : rowButton(t('admin.delete'), id, () => remove(u), true)));
}

function addUser() {
  const login = field(t('admin.users.login'), { autocomplete: 'off', required: true, maxlength: 64 },
    t('admin.users.login.hint'));
  const password = field(t('admin.users.pw'), { type: 'password', autocomplete: 'new-password', required: true },
    t('admin.users.password.hint'));
  const display = field(t('admin.users.displayname'), { autocomplete: 'off', maxlength: 255 });
  const quota = field(t('admin.users.quota'), { autocomplete: 'off', placeholder: 'none' }, t('admin.quota.hint'));
  formDialog({
    title: t('admin.users.add'),
    fields: [login.block, password.block, display.block, quota.block],
    submitLabel: t('admin.create'),
    submit: async () => {
      const id = login.input.value.trim();
      await ocs('POST', 'cloud/users', {
        userid: id, password: password.input.value,
        displayName: display.input.value.trim() || undefined, quota: quota.input.value.trim() || undefined,
      });
      page.ok(t('admin.users.added', id));
      load();
    },
  });
}

function setPassword(u) {
  const pw = field(t('admin.users.newpassword'), { type: 'password', autocomplete: 'new-password', required: true },
    t('admin.users.password.hint'));
  const mine = field(t('admin.users.yourpassword'), { type: 'password', autocomplete: 'current-password', required: true },
    t('admin.users.yourpassword.hint'));
  formDialog({
    title: t('admin.users.password.title', u.id),
    fields: [pw.block, mine.block],
    submitLabel: t('admin.users.password.set'),
    submit: async () => {
      await ocs('PUT', 'cloud/users/' + seg(u.id), { key: 'password', value: pw.input.value, currentpassword: mine.input.value });
      page.ok(t('admin.users.password.done', u.id));
    },
  });
}

function setQuota(u) {
  const current = u.quota && u.quota.quota >= 0 ? sizeInput(u.quota.quota) : 'none';
  const quota = field(t('admin.users.quota'), { autocomplete: 'off', required: true, value: current },
    t('admin.quota.hint'));
  formDialog({
    title: t('admin.users.quota.title', u.id),
    fields: [quota.block],
    submitLabel: t('admin.save'),
    submit: async () => {
      await ocs('PUT', 'cloud/users/' + seg(u.id), { key: 'quota', value: quota.input.value.trim() });
      page.ok(t('admin.users.quota.done', u.id));
      load();
    },
  });
}

async function toggle(u) {
  try {
    await ocs('PUT', 'cloud/users/' + seg(u.id) + (u.enabled ? '/disable' : '/enable'));
    page.ok(t(u.enabled ? 'admin.users.disabled.done' : 'admin.users.enabled.done', u.id));
    load();
  } catch (e) {
    page.fail(e);
  }
}

function remove(u) {
  confirmDialog({
    title: t('admin.users.delete.title', u.id),
    text: t('admin.users.delete.text', u.id),
    yesLabel: t('admin.delete'),
    action: async () => {
      await ocs('DELETE', 'cloud/users/' + seg(u.id));
      page.ok(t('admin.users.deleted', u.id));
      load();
    },
  });
}

async function appPasswords(u) {
  const list = el('tbody');
  const problem = el('p', { class: 'problem', role: 'alert' });
  const state = el('p', { class: 'muted' }, t('admin.loading'));
  const refresh = async () => {
    try {
      const items = await ocs('GET', 'apps/kiste/api/v1/users/' + seg(u.id) + '/apppasswords');
      state.textContent = items.length ? '' : t('admin.apppasswords.none');
      list.replaceChildren(...items.map((p) => {
        const id = 'ap-' + (++rows);
        return el('tr', {},
          el('td', { class: 'name', id }, p.name),
          el('td', {}, formatDate((p.created || 0) * 1000)),
          el('td', {}, p.lastUsed ? formatDate(p.lastUsed * 1000) : t('admin.apppasswords.never')),
          el('td', { class: 'actions' }, rowButton(t('admin.apppasswords.revoke'), id, async () => {
            try {
              await ocs('DELETE', 'apps/kiste/api/v1/users/' + seg(u.id) + '/apppasswords/' + seg(String(p.id)));
              page.ok(t('admin.apppasswords.revoked', p.name));
              refresh();
            } catch (e) {
              problem.textContent = errorText(e);
            }
          }, true)));
      }));
    } catch (e) {
      state.textContent = '';
      problem.textContent = errorText(e);
    }
  };
  openDialog({
    title: t('admin.apppasswords.title', u.id),
    body: [el('p', { class: 'hint' }, t('admin.apppasswords.hint')), problem, state,
      table(t('admin.apppasswords.title', u.id), [t('admin.apppasswords.name'), t('admin.apppasswords.created'),
        t('admin.apppasswords.lastused'), t('admin.actions')], list)],
    actions: [{ label: t('dialog.close') }],
  });
  refresh();
}

load(false);
