// Kiste web interface: what the administration pages share — a page frame with a status line, labelled form
// fields, dialogs with a form, a confirmation, and path segments for the admin API.
import { t, el, openDialog, announce, errorText } from './kiste.js';

let fieldCount = 0;

/** One URL path segment of a user, group or folder name. */
export const seg = (s) => encodeURIComponent(s);

/** A quota as the server reads it back: the largest unit that divides it exactly (10G, 500M), else bytes. */
export function sizeInput(bytes) {
  if (bytes < 0) return 'none';
  for (const [unit, shift] of [['T', 40], ['G', 30], ['M', 20], ['K', 10]]) {
    const n = bytes / 2 ** shift;
    if (bytes > 0 && Number.isInteger(n)) return n + unit;
  }
  return String(bytes);
}

/**
 * The page frame below the heading: a toolbar, a problem line (role=alert), a status line and the content.
 * Returns { toolbar, problem, status, content, fail(e), ok(text) }.
 */
export function frame(app, statusId) {
  const toolbar = el('div', { class: 'toolbar' });
  const problem = el('p', { class: 'problem', role: 'alert' });
  const status = el('p', { class: 'muted', id: statusId });
  const content = el('div', {});
  app.replaceChildren(toolbar, problem, status, content);
  return {
    toolbar, problem, status, content,
    fail(e) { problem.textContent = errorText(e); },
    ok(text) { problem.textContent = ''; announce(text); },
  };
}

/** A labelled input in a .field block: { block, input }. */
export function field(label, props = {}, hint) {
  const id = 'f-' + (++fieldCount);
  const hintId = hint ? id + '-hint' : undefined;
  const input = el(props.tag || 'input', { type: 'text', ...props, tag: undefined, id, 'aria-describedby': hintId });
  const block = el('div', { class: 'field' },
    el('label', { for: id }, label), input, hint ? el('span', { class: 'hint', id: hintId }, hint) : null);
  return { block, input };
}

/** A labelled select with [value, text] options; in a table row the label is for screen readers only. */
export function selectField(label, options, value, inRow) {
  const id = 'f-' + (++fieldCount);
  const input = el('select', { id }, options.map(([v, text]) => el('option', { value: v, selected: v === value }, text)));
  const block = el(inRow ? 'span' : 'div', { class: inRow ? '' : 'field' },
    el('label', { for: id, class: inRow ? 'visually-hidden' : undefined }, label), input);
  return { block, input };
}

/**
 * A dialog with a form: {@code fields} are blocks; {@code submit(problemLine)} runs on the primary action and
 * keeps the dialog open (showing the refusal in the dialog) when it throws.
 */
export function formDialog({ title, fields, submitLabel, danger, submit }) {
  const problem = el('p', { class: 'problem', role: 'alert' });
  return openDialog({
    title,
    body: [...fields, problem],
    actions: [
      { label: t('dialog.cancel') },
      {
        label: submitLabel, primary: true, danger,
        onClick: async () => {
          problem.textContent = '';
          try {
            await submit();
            return true;
          } catch (e) {
            problem.textContent = errorText(e);
            return false;
          }
        },
      },
    ],
  });
}

/** A yes/no question; {@code action} runs on yes. */
export function confirmDialog({ title, text, yesLabel, action }) {
  return formDialog({ title, fields: [el('p', {}, text)], submitLabel: yesLabel, danger: true, submit: action });
}

/** A small button in a row, described by the row's name cell. */
export function rowButton(label, describedBy, onclick, danger) {
  return el('button', { type: 'button', class: danger ? 'small danger' : 'small', 'aria-describedby': describedBy, onclick }, label);
}

/** A list table with a caption for screen readers and column headings. */
export function table(caption, headings, tbody) {
  return el('table', { class: 'list' },
    el('caption', { class: 'visually-hidden' }, caption),
    el('thead', {}, el('tr', {}, headings.map((h) => el('th', { scope: 'col' }, h)))),
    tbody);
}
