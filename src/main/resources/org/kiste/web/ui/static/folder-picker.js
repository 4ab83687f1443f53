// Kiste web interface: a dialog to choose a folder of the user's files (the target of a move or a copy).
import { ctx, t, el, propfind, davUrl, openDialog, errorText } from './kiste.js';

/**
 * Opens the picker starting at {@code start} ("/"-rooted); resolves with the chosen folder's path, or null when
 * the dialog was closed. {@code exclude} is a path that cannot be chosen nor entered (the item being moved).
 */
export function pickFolder({ title, start, exclude, actionLabel }) {
  return new Promise((resolve) => {
    let current = start || '/';
    let chosen = null;
    const heading = el('p', { class: 'muted', id: 'picker-where' });
    const list = el('ul', { 'aria-labelledby': 'picker-where' });
    const problem = el('p', { class: 'problem', role: 'alert' });
    const upButton = el('button', { type: 'button', class: 'small' }, t('files.picker.up'));
    const body = el('div', { class: 'picker' }, heading, upButton, list, problem);

    async function show(path) {
      current = path;
      heading.textContent = t('files.picker.label', path === '/' ? t('files.home') : path);
      upButton.disabled = path === '/';
      list.replaceChildren(el('li', {}, t('files.loading')));
      problem.textContent = '';
      try {
        const entries = await propfind(davUrl(ctx.davFiles, path) + '/', 1);
        const folders = entries.slice(1).filter((e) => e.isDir && e.path !== exclude)
          .sort((a, b) => a.name.localeCompare(b.name, ctx.lang, { numeric: true, sensitivity: 'base' }));
        list.replaceChildren(...folders.map((f) => el('li', {},
          el('button', { type: 'button', onclick: () => show(f.path) }, f.name))));
        if (!folders.length) list.replaceChildren(el('li', { class: 'muted' }, '—'));
      } catch (e) {
        list.replaceChildren();
        problem.textContent = errorText(e);
      }
    }
    upButton.addEventListener('click', () => {
      const parts = current.split('/').filter((s) => s);
      parts.pop();
      show('/' + parts.join('/'));
    });
    openDialog({
      title,
      body,
      actions: [
        { label: t('dialog.cancel') },
        { label: actionLabel || t('files.picker.here'), primary: true, onClick: () => { chosen = current; } },
      ],
    });
    const dlg = body.closest('dialog');
    dlg.addEventListener('close', () => resolve(chosen));
    // the dialog's close() removes it; resolve also when it was removed without a close event
    const obs = new MutationObserver(() => {
      if (!document.contains(dlg)) { obs.disconnect(); resolve(chosen); }
    });
    obs.observe(document.body, { childList: true });
    show(current);
  });
}
