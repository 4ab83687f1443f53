// Small helpers shared by upload.js, share.js, versions.js and settings.js.
import { ctx } from './kiste.js';

let styled = false;

/** Loads the stylesheet of these modules once (a <link>, as the content security policy allows). */
export function ensureStyles() {
  const href = (ctx.base || '') + '/ui/static/features.css';
  if (styled || [...document.querySelectorAll('link[rel="stylesheet"]')].some((l) => l.getAttribute('href') === href)) return;
  styled = true;
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = href;
  document.head.append(link);
}

/** A "/"-rooted path with every segment percent-encoded. */
export function encodePath(path) {
  return path.split('/').map((s) => encodeURIComponent(s)).join('/');
}

/** The path of {@code rel} (which may hold "/") inside {@code folder} ("/"-rooted). */
export function joinPath(folder, rel) {
  const base = folder && folder !== '/' ? folder.replace(/\/+$/, '') : '';
  return base + '/' + rel.replace(/^\/+/, '');
}

/** Waits, or stops waiting as soon as the signal aborts. */
export function sleep(ms, signal) {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    if (signal) signal.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
  });
}

/** A random name for an upload transfer. */
export function randomId() {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return 'web-' + [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** A DAV propfind/proppatch body's text for one element (namespace-aware), or ''. */
export function text(node, ns, name) {
  const found = node.getElementsByTagNameNS(ns, name)[0];
  return found ? found.textContent : '';
}

/** Escapes text for an XML body. */
export function xmlEscape(s) {
  return String(s).replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' }[c]));
}
