// Kiste web interface: the Groups page. Groups and their members through the provisioning API, changed by the
// same group service as `kiste group`.
import { t, el, ocs, openDialog, errorText } from './kiste.js';
import { seg, frame, field, formDialog, confirmDialog, rowButton, table } from './admin-common.js';

const app = document.getElementById('app');
const page = frame(app, 'groups-status');
page.toolbar.append(el('button', { type: 'button', class: 'primary', onclick: addGroup }, t('admin.groups.add')));
const tbody = el('tbody');
page.content.append(table(t('admin.groups.caption'), [t('admin.groups.name'), t('admin.groups.members'),
  t('admin.actions')], tbody));
// the logins offered when adding a member
const userList = el('datalist', { id: 'known-users' });
app.append(userList);

let rows = 0;

async function load() {
  page.status.textContent = t('admin.loading');
  try {
    const groups = (await ocs('GET', 'cloud/groups/details')).groups || [];
    tbody.replaceChildren(...groups.map(row));
    page.status.textContent = groups.length ? t('admin.groups.count', groups.length) : t('admin.groups.none');
  } catch (e) {
    page.status.textContent = '';
    page.fail(e);
  }
}

function row(g) {
  const id = 'group-' + (++rows);
  return el('tr', {},
    el('td', { class: 'name', id }, g.id),
    el('td', { class: 'num' }, String(g.usercount)),
    el('td', { class: 'actions' },
      rowButton(t('admin.groups.members'), id, () => members(g)),
      rowButton(t('admin.rename'), id, () => rename(g)),
      rowButton(t('admin.delete'), id, () => remove(g), true)));
}

function addGroup() {
  const name = field(t('admin.groups.name'), { autocomplete: 'off', required: true, maxlength: 64 },
    t('admin.groups.name.hint'));
  formDialog({
    title: t('admin.groups.add'),
    fields: [name.block],
    submitLabel: t('admin.create'),
    submit: async () => {
      const id = name.input.value.trim();
      await ocs('POST', 'cloud/groups', { groupid: id });
      page.ok(t('admin.groups.added', id));
      load();
    },
  });
}

function rename(g) {
  const name = field(t('admin.newname'), { autocomplete: 'off', required: true, maxlength: 64, value: g.id },
    t('admin.groups.name.hint'));
  formDialog({
    title: t('admin.groups.rename.title', g.id),
    fields: [name.block],
    submitLabel: t('admin.rename'),
    submit: async () => {
      const to = name.input.value.trim();
      await ocs('PUT', 'cloud/groups/' + seg(g.id), { key: 'id', value: to });
      page.ok(t('admin.groups.renamed', g.id, to));
      load();
    },
  });
}

function remove(g) {
  confirmDialog({
    title: t('admin.groups.delete.title', g.id),
    text: t('admin.groups.delete.text', g.id),
    yesLabel: t('admin.delete'),
    action: async () => {
      await ocs('DELETE', 'cloud/groups/' + seg(g.id));
      page.ok(t('admin.groups.deleted', g.id));
      load();
    },
  });
}

async function knownUsers() {
  try {
    const users = (await ocs('GET', 'cloud/users')).users || [];
    userList.replaceChildren(...users.map((u) => el('option', { value: u })));
  } catch (e) {
    // typing the login still works
  }
}

function members(g) {
  const list = el('ul', { class: 'members' });
  const problem = el('p', { class: 'problem', role: 'alert' });
  const who = field(t('admin.users.login'), { autocomplete: 'off', list: 'known-users' });
  const refresh = async () => {
    try {
      const users = (await ocs('GET', 'cloud/groups/' + seg(g.id) + '/users')).users || [];
      list.replaceChildren(...(users.length ? users.map((u) => {
        const id = 'member-' + (++rows);
        return el('li', {}, el('span', { id }, u), ' ', rowButton(t('admin.groups.removemember'), id, async () => {
          try {
            await ocs('DELETE', 'cloud/users/' + seg(u) + '/groups', { groupid: g.id });
            page.ok(t('admin.groups.removed', u, g.id));
            refresh();
            load();
          } catch (e) {
            problem.textContent = errorText(e);
          }
        }, true));
      }) : [el('li', { class: 'muted' }, t('admin.groups.nomembers'))]));
    } catch (e) {
      problem.textContent = errorText(e);
    }
  };
  const addMember = async () => {
    problem.textContent = '';
    const u = who.input.value.trim();
    if (!u) return;
    try {
      await ocs('POST', 'cloud/users/' + seg(u) + '/groups', { groupid: g.id });
      who.input.value = '';
      page.ok(t('admin.groups.addedmember', u, g.id));
      refresh();
      load();
    } catch (e) {
      problem.textContent = errorText(e);
    }
  };
  // inside the dialog's form: Enter in the field adds, it does not close the dialog
  who.input.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter') {
      ev.preventDefault();
      addMember();
    }
  });
  const add = el('div', { class: 'toolbar' }, who.block,
    el('button', { type: 'button', onclick: addMember }, t('admin.groups.addmember')));
  openDialog({
    title: t('admin.groups.members.title', g.id),
    body: [list, problem, add],
    actions: [{ label: t('dialog.close') }],
  });
  knownUsers();
  refresh();
}

load();
