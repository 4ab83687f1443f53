// Personal settings: language, password, app passwords, how to connect devices, and what one has shared.
import { ctx, t, el, ocs, announce, formatDate } from './kiste.js';
import { ensureStyles } from './feat-util.js';
import { field, problem, copy, renderSharedByMe } from './share.js';

const KISTE = 'apps/kiste/api/v1/';

let uid = 0;
const nextId = (p) => `settings-${p}-${++uid}`;

function section(title, ...children) {
  const id = nextId('s');
  return el('section', { class: 'feat-section', 'aria-labelledby': id }, el('h2', { id }, title), ...children);
}

function message() {
  return el('p', { role: 'status', class: 'feat-message' });
}

function languageSection() {
  const select = el('select', { id: nextId('lang') });
  for (const [v, label] of [['', t('settings.language.browser')], ['en', 'English'], ['de', 'Deutsch']]) {
    select.append(el('option', v ? { value: v, lang: v } : { value: v }, label));
  }
  select.value = '';
  const note = message();
  const form = el('form', {}, field(t('settings.language.label'), select),
    el('button', { type: 'submit' }, t('settings.language.save')), note);
  ocs('GET', KISTE + 'preferences').then((p) => { select.value = p.language || ''; }).catch(() => {});
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      await ocs('PUT', KISTE + 'preferences', { language: select.value });
      note.textContent = t('settings.language.saved');
      // the page is rendered in the chosen language by the server
      location.reload();
    } catch (err) {
      note.textContent = problem(err);
    }
  });
  return section(t('settings.language.heading'), form);
}

function passwordSection() {
  const current = el('input', { type: 'password', id: nextId('pw'), autocomplete: 'current-password', required: '' });
  const next = el('input', { type: 'password', id: nextId('pw'), autocomplete: 'new-password', required: '', minlength: '8' });
  const again = el('input', { type: 'password', id: nextId('pw'), autocomplete: 'new-password', required: '', minlength: '8' });
  const note = message();
  const form = el('form', {},
    field(t('settings.password.current'), current),
    field(t('settings.password.new'), next),
    field(t('settings.password.repeat'), again),
    el('p', {}, t('settings.password.hint')),
    el('button', { type: 'submit' }, t('settings.password.save')), note);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (next.value !== again.value) {
      note.textContent = t('settings.password.mismatch');
      again.focus();
      return;
    }
    if ([...next.value].length < 8) {
      note.textContent = t('settings.password.short');
      next.focus();
      return;
    }
    try {
      await ocs('PUT', 'cloud/users/' + encodeURIComponent(ctx.user), {
        key: 'password', value: next.value, currentpassword: current.value,
      });
      form.reset();
      note.replaceChildren(t('settings.password.changed') + ' ',
        el('a', { href: (ctx.base || '') + '/ui/login' }, t('settings.password.login')));
      announce(t('settings.password.changed'));
    } catch (err) {
      note.textContent = err && err.status === 403 ? t('settings.password.wrong') : problem(err);
      current.focus();
    }
  });
  return section(t('settings.password.heading'), form);
}

function appPasswordSection() {
  const list = el('ul', { class: 'feat-list' });
  const note = message();
  const name = el('input', { type: 'text', id: nextId('ap'), maxlength: '255', required: '' });
  const password = el('input', { type: 'password', id: nextId('ap'), autocomplete: 'current-password', required: '' });
  const shown = el('div', {});
  const form = el('form', {}, field(t('settings.app.name'), name),
    field(t('settings.app.password'), password),
    el('button', { type: 'submit' }, t('settings.app.create')), shown, note);

  async function refresh() {
    let rows;
    try {
      rows = await ocs('GET', KISTE + 'apppasswords');
    } catch (err) {
      note.textContent = problem(err);
      return;
    }
    list.replaceChildren();
    if (!rows.length) list.append(el('li', {}, t('settings.app.none')));
    for (const a of rows) {
      const whoId = nextId('a');
      const used = a.lastUsed ? t('settings.app.used', formatDate(a.lastUsed)) : t('settings.app.unused');
      const revoke = el('button', { type: 'button', 'aria-describedby': whoId }, t('settings.app.revoke'));
      revoke.addEventListener('click', async () => {
        try {
          await ocs('DELETE', KISTE + 'apppasswords/' + encodeURIComponent(a.id));
          announce(t('settings.app.revoked', a.name));
          await refresh();
          (list.querySelector('button') || name).focus();
        } catch (err) {
          note.textContent = problem(err);
        }
      });
      list.append(el('li', {},
        el('span', { class: 'feat-grow', id: whoId }, `${a.name} — ${t('settings.app.created', formatDate(a.created))}, ${used}`),
        revoke));
    }
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      const made = await ocs('POST', KISTE + 'apppasswords', { name: name.value.trim(), password: password.value });
      name.value = '';
      password.value = '';
      const box = el('input', { type: 'text', readonly: '', id: nextId('secret'), class: 'feat-link feat-secret' });
      box.value = made.apppassword;
      const copyButton = el('button', { type: 'button' }, t('settings.app.copy'));
      copyButton.addEventListener('click', () => copy(made.apppassword, box));
      shown.replaceChildren(
        el('p', {}, t('settings.app.once', made.loginName || ctx.user)),
        el('div', { class: 'feat-field' }, el('label', { for: box.id }, t('settings.app.secret')),
          el('div', { class: 'feat-inline' }, box, copyButton)));
      note.textContent = '';
      await refresh();
      box.focus();
      box.select();
    } catch (err) {
      password.value = '';
      note.textContent = err && err.status === 403 ? t('settings.app.wrong') : problem(err);
    }
  });
  refresh();
  return section(t('settings.app.heading'), el('p', {}, t('settings.app.intro')), form,
    el('h3', {}, t('settings.app.list')), list);
}

function connectSection() {
  const server = (ctx.serverUrl || location.origin).replace(/\/+$/, '');
  const user = encodeURIComponent(ctx.user);
  const dav = `${server}/remote.php/dav/files/${user}/`;
  const host = server.replace(/^https?:\/\//, '');
  const secure = server.startsWith('https:');
  const rows = [
    ['windows', dav],
    ['mac', dav],
    ['gnome', `${secure ? 'davs' : 'dav'}://${host}/remote.php/dav/files/${user}/`],
    ['kde', `${secure ? 'webdavs' : 'webdav'}://${host}/remote.php/dav/files/${user}/`],
    ['libreoffice', dav],
    ['nextcloud', server],
    ['rclone', `rclone config create kiste webdav url=${dav} vendor=nextcloud user=${ctx.user} pass=$(rclone obscure 'APP-PASSWORD')`],
  ];
  const dl = el('dl', { class: 'feat-help' });
  for (const [key, value] of rows) {
    dl.append(el('dt', {}, t(`settings.connect.${key}`)),
      el('dd', {}, t(`settings.connect.${key}.how`) + ' ', el('code', {}, value)));
  }
  return section(t('settings.connect.heading'),
    el('p', {}, t('settings.connect.intro', server, ctx.user)), dl);
}

function sharedSection() {
  const container = el('div', {});
  renderSharedByMe(container);
  return section(t('share.sharedByMe'), container);
}

/** Renders the settings page into the shell's #app. */
export function renderSettings(app) {
  ensureStyles();
  app.replaceChildren(languageSection(), passwordSection(), appPasswordSection(), connectSection(), sharedSection());
}

const app = document.getElementById('app');
if (app) renderSettings(app);
