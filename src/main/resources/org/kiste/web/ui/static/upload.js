// Upload: a button (files), a second button (a whole folder) and drag and drop onto the file list.
// Small files go by one PUT, big ones through Nextcloud's chunked upload v2, which resumes after a network cut.
import { ctx, t, el, davFetch, announce, errorText, formatSize } from './kiste.js';
import { ensureStyles, encodePath, joinPath, sleep, randomId } from './feat-util.js';

const BIG = 10 * 1024 * 1024;
const CHUNK = 10 * 1024 * 1024;
const MAX_TRIES = 12;

/** Wires the toolbar's Upload button and the drop zone; a panel above the list shows the progress. */
export function mountUpload({ button, dropZone, folder, onUploaded }) {
  ensureStyles();
  const fileInput = el('input', { type: 'file', multiple: '', class: 'visually-hidden', tabindex: '-1', 'aria-hidden': 'true' });
  const dirInput = el('input', { type: 'file', multiple: '', webkitdirectory: '', class: 'visually-hidden', tabindex: '-1', 'aria-hidden': 'true' });
  const folderButton = el('button', { type: 'button', class: button.className || '' }, t('upload.folderButton'));
  const place = () => {
    if (folderButton.isConnected) return;
    if (button.parentNode) button.after(folderButton, fileInput, dirInput);
    else requestAnimationFrame(place); // the toolbar is not in the page yet
  };
  place();
  const panel = new Panel(dropZone);
  const run = (items) => panel.start(items, folder(), onUploaded);

  button.addEventListener('click', () => fileInput.click());
  folderButton.addEventListener('click', () => dirInput.click());
  fileInput.addEventListener('change', () => {
    run([...fileInput.files].map((f) => ({ file: f, rel: f.name })));
    fileInput.value = '';
  });
  dirInput.addEventListener('change', () => {
    run([...dirInput.files].map((f) => ({ file: f, rel: f.webkitRelativePath || f.name })));
    dirInput.value = '';
  });

  const hasFiles = (e) => e.dataTransfer && [...e.dataTransfer.types].includes('Files');
  dropZone.addEventListener('dragover', (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
    dropZone.classList.add('drop-target');
  });
  dropZone.addEventListener('dragleave', (e) => {
    if (!dropZone.contains(e.relatedTarget)) dropZone.classList.remove('drop-target');
  });
  dropZone.addEventListener('drop', async (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    dropZone.classList.remove('drop-target');
    // the item list is only valid during the event: take the entries now, read them afterwards
    const entries = [...e.dataTransfer.items]
      .filter((i) => i.kind === 'file')
      .map((i) => (i.webkitGetAsEntry ? i.webkitGetAsEntry() : null));
    const plain = [...e.dataTransfer.files];
    let items;
    try {
      if (!entries.length || !entries.every(Boolean)) throw new Error('no entries');
      items = [];
      for (const entry of entries) await walk(entry, '', items);
    } catch {
      // no folder access (an older browser, or a drop made by a script): the files themselves
      items = plain.map((f) => ({ file: f, rel: f.name }));
    }
    run(items);
  });
}

/** Collects the files (and the folders, also empty ones) below a dropped entry. */
async function walk(entry, prefix, out) {
  const rel = prefix + entry.name;
  if (entry.isFile) {
    const file = await new Promise((resolve, reject) => entry.file(resolve, reject));
    out.push({ file, rel });
  } else if (entry.isDirectory) {
    out.push({ dir: true, rel });
    const reader = entry.createReader();
    for (;;) {
      const batch = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
      if (!batch.length) break;
      for (const child of batch) await walk(child, rel + '/', out);
    }
  }
}

/** A refusal that no retry will change, in plain words. */
class Refused extends Error {}

function refusal(status) {
  switch (status) {
    case 507: return t('upload.error.quota');
    case 403: return t('upload.error.forbidden');
    case 423: return t('upload.error.locked');
    case 409: case 412: return t('upload.error.conflict');
    case 413: return t('upload.error.tooBig');
    default: return errorText({ status, ok: false });
  }
}

const transient = (status) => status === 0 || status === 408 || status === 429 || (status >= 500 && status !== 507);

/** The progress panel: one row per file with its own bar and cancel button, and an overall bar. */
class Panel {
  constructor(dropZone) {
    this.region = el('section', { class: 'upload-panel', 'aria-labelledby': 'upload-heading', hidden: '' });
    this.heading = el('h2', { id: 'upload-heading' }, t('upload.heading'));
    this.overall = bar(t('upload.overall'));
    this.summary = el('p', { class: 'upload-summary' });
    this.cancelAll = el('button', { type: 'button' }, t('upload.cancelAll'));
    this.close = el('button', { type: 'button' }, t('upload.close'));
    this.list = el('ul', { class: 'upload-list' });
    this.cancelAll.addEventListener('click', () => this.jobs.forEach((j) => j.cancel()));
    this.close.addEventListener('click', () => { this.region.hidden = true; });
    this.region.append(this.heading, this.overall, this.summary, el('div', { class: 'upload-actions' }, this.cancelAll, this.close), this.list);
    this.dropZone = dropZone;
    this.jobs = [];
    this.busy = false;
  }

  async start(items, target, onUploaded) {
    if (!items.length) return;
    if (!this.region.isConnected) {
      if (this.dropZone.parentNode) this.dropZone.before(this.region);
      else (document.getElementById('app') || document.body).append(this.region);
    }
    const batch = items.map((i) => (i.dir ? { ...i, target } : new Job(i.file, target, i.rel, () => this.update())));
    const jobs = batch.filter((b) => b instanceof Job);
    this.jobs.push(...jobs);
    jobs.forEach((j) => this.list.append(j.row));
    this.region.hidden = false;
    this.close.hidden = true;
    this.cancelAll.hidden = false;
    this.update();
    announce(t('upload.started', jobs.length));
    this.queue = (this.queue || Promise.resolve()).then(() => this.runBatch(batch, target, onUploaded));
  }

  async runBatch(batch, target, onUploaded) {
    const made = new Set();
    for (const item of batch) {
      const parts = item.rel.split('/').filter(Boolean);
      const dirs = item.dir ? parts : parts.slice(0, -1);
      try {
        for (let i = 1; i <= dirs.length; i++) {
          const path = joinPath(target, dirs.slice(0, i).join('/'));
          if (made.has(path)) continue;
          const r = await davFetch('MKCOL', ctx.davFiles + encodePath(path));
          if (!r.ok && r.status !== 405) throw new Refused(refusal(r.status));
          made.add(path);
        }
      } catch (e) {
        if (item instanceof Job) item.fail(e instanceof Refused ? e.message : errorText(e));
        continue;
      }
      if (item instanceof Job) await item.run();
    }
    const done = this.jobs.filter((j) => j.state === 'done').length;
    const failed = this.jobs.filter((j) => j.state === 'failed').length;
    if (this.jobs.every((j) => j.finished)) {
      announce(failed ? t('upload.finishedWithErrors', done, failed) : t('upload.finished', done));
      this.cancelAll.hidden = true;
      this.close.hidden = false;
      const finished = this.jobs;
      this.jobs = [];
      // rows of good uploads go; refusals stay until closed so they can be read
      finished.filter((j) => j.state === 'done' || j.state === 'cancelled').forEach((j) => j.row.remove());
      if (!this.list.children.length) this.region.hidden = true;
    }
    if (onUploaded) onUploaded();
  }

  update() {
    const total = this.jobs.reduce((s, j) => s + j.file.size, 0);
    const loaded = this.jobs.reduce((s, j) => s + j.loaded, 0);
    setBar(this.overall, total ? (loaded / total) * 100 : 100);
    const left = this.jobs.filter((j) => !j.finished).length;
    this.summary.textContent = t('upload.summary', formatSize(loaded), formatSize(total), left);
  }
}

let barCount = 0;

/** A labelled progress bar: a native <progress> with the ARIA values written out. */
function bar(label) {
  const id = 'upload-bar-' + ++barCount;
  const p = el('progress', {
    id, role: 'progressbar', max: '100', value: '0',
    'aria-label': label, 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': '0',
  });
  return p;
}

function setBar(p, percent) {
  const v = Math.max(0, Math.min(100, Math.round(percent)));
  p.value = v;
  p.setAttribute('aria-valuenow', String(v));
  p.setAttribute('aria-valuetext', v + ' %');
}

/** One file's upload, with its row in the panel. */
class Job {
  constructor(file, target, rel, changed) {
    this.file = file;
    this.rel = rel;
    this.path = joinPath(target, rel);
    this.loaded = 0;
    this.state = 'waiting';
    this.changed = changed;
    this.abort = new AbortController();
    this.xhr = null;
    this.bar = bar(t('upload.fileProgress', rel));
    this.status = el('span', { class: 'upload-status' }, t('upload.waiting'));
    // the button's name stays "Cancel"; which file it stops is its description
    const nameId = 'upload-name-' + ++barCount;
    this.cancelButton = el('button', { type: 'button', 'aria-describedby': nameId }, t('upload.cancel'));
    this.cancelButton.addEventListener('click', () => this.cancel());
    this.row = el('li', { class: 'upload-row' },
      el('span', { class: 'upload-name', id: nameId }, rel), el('span', { class: 'upload-size' }, formatSize(file.size)),
      this.bar, this.status, this.cancelButton);
  }

  get finished() {
    return this.state === 'done' || this.state === 'failed' || this.state === 'cancelled';
  }

  progress(loaded) {
    this.loaded = Math.min(loaded, this.file.size);
    setBar(this.bar, this.file.size ? (this.loaded / this.file.size) * 100 : 100);
    this.changed();
  }

  say(text) {
    this.status.textContent = text;
  }

  cancel() {
    if (this.finished) return;
    this.abort.abort();
    if (this.xhr) this.xhr.abort();
    this.state = 'cancelled';
    this.cancelButton.hidden = true;
    this.say(t('upload.cancelled'));
    this.changed();
  }

  fail(text) {
    this.state = 'failed';
    this.cancelButton.hidden = true;
    this.row.classList.add('upload-failed');
    this.say(text);
    announce(t('upload.failed', this.file.name, text));
    this.changed();
  }

  async run() {
    if (this.finished) return;
    this.state = 'running';
    this.say(t('upload.running'));
    try {
      if (this.file.size > BIG) await this.chunked();
      else await this.retrying(() => this.put());
      if (this.abort.signal.aborted) return;
      this.state = 'done';
      this.progress(this.file.size);
      this.cancelButton.hidden = true;
      this.say(t('upload.done'));
      this.changed();
    } catch (e) {
      if (this.abort.signal.aborted) return;
      this.fail(e instanceof Refused ? e.message : errorText(e));
    }
  }

  /** Runs a step again after network cuts and server hiccups, waiting longer each time (1 s … 30 s). */
  async retrying(step) {
    for (let attempt = 1; ; attempt++) {
      const status = await step();
      if (this.abort.signal.aborted) return status;
      if (status >= 200 && status < 300) return status;
      if (!transient(status) || attempt >= MAX_TRIES) throw new Refused(refusal(status));
      const wait = Math.min(30, 2 ** (attempt - 1));
      this.say(t('upload.retrying', wait));
      await sleep(wait * 1000, this.abort.signal);
      if (this.abort.signal.aborted) return status;
      this.say(t('upload.running'));
      if (this.onRetry) await this.onRetry();
    }
  }

  /** An upload by XMLHttpRequest (fetch cannot report upload progress); resolves with the status, 0 for a cut. */
  send(method, url, body, headers, base) {
    return new Promise((resolve) => {
      if (this.abort.signal.aborted) return resolve(0);
      const xhr = new XMLHttpRequest();
      this.xhr = xhr;
      xhr.open(method, url);
      xhr.setRequestHeader('requesttoken', ctx.requestToken);
      for (const [k, v] of Object.entries(headers || {})) xhr.setRequestHeader(k, v);
      xhr.upload.onprogress = (e) => this.progress(base + e.loaded);
      xhr.onload = () => resolve(xhr.status);
      xhr.onerror = () => resolve(0);
      xhr.onabort = () => resolve(0);
      xhr.ontimeout = () => resolve(0);
      xhr.send(body);
    });
  }

  put() {
    return this.send('PUT', ctx.davFiles + encodePath(this.path), this.file, {
      'X-OC-Mtime': String(Math.floor(this.file.lastModified / 1000)),
    }, 0);
  }

  /** Chunked upload v2: MKCOL the transfer, PUT the chunks 00001…, MOVE .file onto the destination. */
  async chunked() {
    const destination = location.origin + ctx.davFiles + encodePath(this.path);
    const total = String(this.file.size);
    const base = ctx.davUploads + '/' + randomId();
    const common = { Destination: destination, 'OC-Total-Length': total };
    const count = Math.ceil(this.file.size / CHUNK);
    let stored = new Map();
    const open = async () => {
      const r = await davFetch('MKCOL', base, { headers: common, signal: this.abort.signal }).catch(() => ({ status: 0 }));
      return r.status === 405 ? 201 : r.status;
    };
    await this.retrying(open);
    // after a cut: ask which chunks arrived, so only the rest is sent again
    const resume = async () => {
      stored = await this.storedChunks(base);
      if (stored === null) {
        // the transfer is gone (expired): open it again and send every chunk
        stored = new Map();
        this.onRetry = null;
        try {
          await this.retrying(open);
        } finally {
          this.onRetry = resume;
        }
      }
    };
    this.onRetry = resume;
    let completed = false;
    try {
      for (let i = 0; i < count; i++) {
        if (this.abort.signal.aborted) return;
        const start = i * CHUNK;
        const blob = this.file.slice(start, Math.min(this.file.size, start + CHUNK));
        const name = String(i + 1).padStart(5, '0');
        await this.retrying(async () => {
          if (stored.get(name) === blob.size) return 201;
          return this.send('PUT', base + '/' + name, blob, common, start);
        });
        this.progress(start + blob.size);
      }
      if (this.abort.signal.aborted) return;
      // a lost answer to the MOVE is checked at the destination, not by opening the transfer again
      this.onRetry = null;
      this.say(t('upload.assembling'));
      await this.retrying(async () => {
        const r = await davFetch('MOVE', base + '/.file', {
          headers: { ...common, 'X-OC-Mtime': String(Math.floor(this.file.lastModified / 1000)), Overwrite: 'T' },
          signal: this.abort.signal,
        }).catch(() => ({ status: 0 }));
        // a MOVE whose answer was lost may already have happened: the transfer is gone and the file is there
        if (r.status === 404 && (await this.arrived(destination))) return 201;
        return r.status;
      });
      completed = !this.abort.signal.aborted;
    } finally {
      this.onRetry = null;
      // a cancelled or refused transfer is removed at once rather than left for the server's clean-up
      if (!completed) davFetch('DELETE', base).catch(() => {});
    }
  }

  /** The chunks already stored (name → size), or null when the transfer is gone. */
  async storedChunks(base) {
    try {
      const r = await davFetch('PROPFIND', base, {
        headers: { Depth: '1', 'Content-Type': 'application/xml' },
        body: '<?xml version="1.0"?><d:propfind xmlns:d="DAV:"><d:prop><d:getcontentlength/></d:prop></d:propfind>',
        signal: this.abort.signal,
      });
      if (r.status === 404) return null;
      if (r.status !== 207) return new Map();
      const doc = new DOMParser().parseFromString(await r.text(), 'application/xml');
      const out = new Map();
      for (const resp of doc.getElementsByTagNameNS('DAV:', 'response')) {
        const href = resp.getElementsByTagNameNS('DAV:', 'href')[0]?.textContent || '';
        const len = resp.getElementsByTagNameNS('DAV:', 'getcontentlength')[0]?.textContent;
        const name = decodeURIComponent(href.replace(/\/$/, '').split('/').pop());
        if (/^\d+$/.test(name) && len) out.set(name, Number(len));
      }
      return out;
    } catch {
      return new Map();
    }
  }

  async arrived(destination) {
    try {
      const r = await davFetch('PROPFIND', new URL(destination).pathname, {
        headers: { Depth: '0', 'Content-Type': 'application/xml' },
        body: '<?xml version="1.0"?><d:propfind xmlns:d="DAV:"><d:prop><d:getcontentlength/></d:prop></d:propfind>',
      });
      if (r.status !== 207) return false;
      const doc = new DOMParser().parseFromString(await r.text(), 'application/xml');
      const len = doc.getElementsByTagNameNS('DAV:', 'getcontentlength')[0]?.textContent;
      return Number(len) === this.file.size;
    } catch {
      return false;
    }
  }
}
