// Kiste web interface: the Team folders page. Create, rename, quota, grants with roles, and the organisation's
// trash, through the same team folder service as `kiste folder`.
import { t, el, ocs, openDialog, formatSize, errorText } from './kiste.js';
import { seg, sizeInput, frame, field, selectField, formDialog, confirmDialog, rowButton, table } from './admin-common.js';

const API = 'apps/kiste/api/v1/';
const ROLES = ['viewer', 'editor', 'manager'];
const app = document.getElementById('app');
const page = frame(app, 'folders-status');
page.toolbar.append(el('button', { type: 'button', class: 'primary', onclick: create }, t('admin.folders.add')));
const tbody = el('tbody');
const trashBody = el('tbody');
const trashStatus = el('p', { class: 'muted' });
page.content.append(
  table(t('admin.folders.caption'), [t('admin.folders.name'), t('admin.folders.size'), t('admin.folders.access'),
    t('admin.actions')], tbody),
  el('h2', {}, t('admin.folders.trash')),
  el('p', { class: 'hint' }, t('admin.folders.trash.hint')),
  trashStatus,
  table(t('admin.folders.trash'), [t('admin.folders.name'), t('admin.folders.size'), t('admin.actions')], trashBody));
const subjects = { user: el('datalist', { id: 'known-users' }), group: el('datalist', { id: 'known-groups' }) };
app.append(subjects.user, subjects.group);

let rows = 0;

const roleText = (r) => t('admin.role.' + r);
const grantText = (g) => t('admin.folders.grant', t('admin.subject.' + g.type), g.subject, roleText(g.role));
const sizeText = (f) => t('admin.used.of', formatSize(f.used), f.quota >= 0 ? formatSize(f.quota) : t('admin.unlimited'));

async function load() {
  page.status.textContent = t('admin.loading');
  try {
    const [live, trashed] = await Promise.all([ocs('GET', API + 'teamfolders'), ocs('GET', API + 'teamfoldertrash')]);
    tbody.replaceChildren(...live.map(row));
    trashBody.replaceChildren(...trashed.map(trashRow));
    page.status.textContent = live.length ? t('admin.folders.count', live.length) : t('admin.folders.none');
    trashStatus.textContent = trashed.length ? '' : t('admin.folders.trash.none');
  } catch (e) {
    page.status.textContent = '';
    page.fail(e);
  }
}

function row(f) {
  const id = 'folder-' + (++rows);
  return el('tr', {},
    el('td', { class: 'name', id }, f.name),
    el('td', { class: 'num' }, sizeText(f)),
    el('td', {}, f.grants.length ? f.grants.map(grantText).join('; ') : t('admin.folders.nobody')),
    el('td', { class: 'actions' },
      rowButton(t('admin.folders.access'), id, () => grants(f)),
      rowButton(t('admin.rename'), id, () => rename(f)),
      rowButton(t('admin.folders.setquota'), id, () => quota(f)),
      rowButton(t('admin.delete'), id, () => remove(f), true)));
}

function trashRow(f) {
  const id = 'trashed-' + (++rows);
  return el('tr', {},
    el('td', { class: 'name', id }, f.name),
    el('td', { class: 'num' }, formatSize(f.used)),
    el('td', { class: 'actions' }, rowButton(t('admin.folders.restore'), id, () => restore(f))));
}

function create() {
  const name = field(t('admin.folders.name'), { autocomplete: 'off', required: true, maxlength: 255 });
  const q = field(t('admin.folders.quota'), { autocomplete: 'off', placeholder: 'none' }, t('admin.quota.hint'));
  formDialog({
    title: t('admin.folders.add'),
    fields: [name.block, q.block],
    submitLabel: t('admin.create'),
    submit: async () => {
      const n = name.input.value.trim();
      await ocs('POST', API + 'teamfolders', { name: n, quota: q.input.value.trim() || undefined });
      page.ok(t('admin.folders.added', n));
      load();
    },
  });
}

function rename(f) {
  const name = field(t('admin.newname'), { autocomplete: 'off', required: true, maxlength: 255, value: f.name });
  formDialog({
    title: t('admin.folders.rename.title', f.name),
    fields: [name.block],
    submitLabel: t('admin.rename'),
    submit: async () => {
      const to = name.input.value.trim();
      await ocs('PUT', API + 'teamfolders/' + seg(f.name), { key: 'name', value: to });
      page.ok(t('admin.folders.renamed', f.name, to));
      load();
    },
  });
}

function quota(f) {
  const q = field(t('admin.folders.quota'), { autocomplete: 'off', required: true, value: sizeInput(f.quota) },
    t('admin.quota.hint'));
  formDialog({
    title: t('admin.folders.quota.title', f.name),
    fields: [q.block],
    submitLabel: t('admin.save'),
    submit: async () => {
      await ocs('PUT', API + 'teamfolders/' + seg(f.name), { key: 'quota', value: q.input.value.trim() });
      page.ok(t('admin.folders.quota.done', f.name));
      load();
    },
  });
}

function remove(f) {
  confirmDialog({
    title: t('admin.folders.delete.title', f.name),
    text: t('admin.folders.delete.text', f.name),
    yesLabel: t('admin.folders.totrash'),
    action: async () => {
      await ocs('DELETE', API + 'teamfolders/' + seg(f.name));
      page.ok(t('admin.folders.deleted', f.name));
      load();
    },
  });
}

async function restore(f) {
  try {
    await ocs('POST', API + 'teamfoldertrash/' + seg(f.name));
    page.ok(t('admin.folders.restored', f.name));
    load();
  } catch (e) {
    page.fail(e);
  }
}

async function fillSubjects() {
  try {
    const [users, groups] = await Promise.all([ocs('GET', 'cloud/users'), ocs('GET', 'cloud/groups')]);
    subjects.user.replaceChildren(...(users.users || []).map((u) => el('option', { value: u })));
    subjects.group.replaceChildren(...(groups.groups || []).map((g) => el('option', { value: g })));
  } catch (e) {
    // typing the name still works
  }
}

function grants(f) {
  const list = el('tbody');
  const problem = el('p', { class: 'problem', role: 'alert' });
  let current = f;
  const put = async (type, subject, role) => {
    await ocs('PUT', API + 'teamfolders/' + seg(current.name) + '/grants', { type, subject, role });
  };
  const refresh = async () => {
    const live = await ocs('GET', API + 'teamfolders');
    current = live.find((x) => x.name === current.name) || current;
    list.replaceChildren(...current.grants.map(grantRow));
    load();
  };
  const act = async (fn) => {
    problem.textContent = '';
    try {
      await fn();
      await refresh();
    } catch (e) {
      problem.textContent = errorText(e);
    }
  };
  const grantRow = (g) => {
    const id = 'grant-' + (++rows);
    const role = selectField(t('admin.folders.role'), ROLES.map((r) => [r, roleText(r)]), g.role, true);
    role.input.setAttribute('aria-describedby', id);
    role.input.addEventListener('change', () => act(async () => {
      await put(g.type, g.subject, role.input.value);
      page.ok(t('admin.folders.granted', g.subject, roleText(role.input.value)));
    }));
    return el('tr', {},
      el('td', { class: 'name', id }, t('admin.subject.' + g.type) + ' ' + g.subject),
      el('td', {}, role.block),
      el('td', { class: 'actions' }, rowButton(t('admin.folders.revoke'), id, () => act(async () => {
        await ocs('DELETE', API + 'teamfolders/' + seg(current.name) + '/grants', { type: g.type, subject: g.subject });
        page.ok(t('admin.folders.revoked', g.subject));
      }), true)));
  };
  list.replaceChildren(...f.grants.map(grantRow));
  const type = selectField(t('admin.folders.subjecttype'), [['group', t('admin.subject.group')], ['user', t('admin.subject.user')]], 'group');
  const who = field(t('admin.folders.subject'), { autocomplete: 'off', list: 'known-groups' });
  type.input.addEventListener('change', () => who.input.setAttribute('list', type.input.value === 'user' ? 'known-users' : 'known-groups'));
  const role = selectField(t('admin.folders.role'), ROLES.map((r) => [r, roleText(r)]), 'editor');
  const grantNew = () => act(async () => {
    const subject = who.input.value.trim();
    if (!subject) return;
    await put(type.input.value, subject, role.input.value);
    who.input.value = '';
    page.ok(t('admin.folders.granted', subject, roleText(role.input.value)));
  });
  who.input.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter') {
      ev.preventDefault();
      grantNew();
    }
  });
  openDialog({
    title: t('admin.folders.access.title', f.name),
    body: [
      table(t('admin.folders.access.title', f.name), [t('admin.folders.subject'), t('admin.folders.role'), t('admin.actions')], list),
      el('h3', {}, t('admin.folders.addgrant')),
      el('div', { class: 'toolbar' }, type.block, who.block, role.block,
        el('button', { type: 'button', onclick: grantNew }, t('admin.folders.grantbutton'))),
      problem,
    ],
    actions: [{ label: t('dialog.close') }],
  });
  fillSubjects();
}

load();
