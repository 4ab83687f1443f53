// Helpers of the browser tests of Kiste's web UI (ui.test.mjs): the settings of the run, Debian's Chromium
// through playwright-core, logging in, WebDAV set-up with Basic auth, axe-core, the CSP checks and screenshots.
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

function env(name, fallback) {
    const value = process.env[name] ?? fallback;
    if (value === undefined || value === '') {
        throw new Error(`${name} is not set (see scripts/clients/webui.sh)`);
    }
    return value;
}

export const cfg = {
    base: env('KISTE_UI_BASE').replace(/\/+$/, ''),
    user: env('KISTE_UI_USER'),
    password: env('KISTE_UI_PASSWORD'),
    admin: env('KISTE_UI_ADMIN'),
    adminPassword: env('KISTE_UI_ADMIN_PASSWORD'),
    out: env('KISTE_UI_OUT', path.resolve(here, '../../target/ui')),
    chromium: env('KISTE_UI_CHROMIUM', '/usr/bin/chromium'),
    messages: env('KISTE_UI_MESSAGES', path.resolve(here, '../../src/main/resources/org/kiste/web/ui/messages')),
    // one folder per run, so runs against the same server never meet
    run: env('KISTE_UI_RUN', `webui-${Date.now().toString(36)}`),
};
mkdirSync(cfg.out, { recursive: true });

// Chromium without anything that talks to the network on its own: no updates, no sync, no safe browsing,
// no translation, no metrics; the sandbox needs namespaces that containers rarely allow.
const CHROMIUM_ARGS = [
    '--no-sandbox',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-default-apps',
    '--disable-domain-reliability',
    '--disable-client-side-phishing-detection',
    '--disable-breakpad',
    '--disable-quic',
    '--no-first-run',
    '--no-default-browser-check',
    '--no-pings',
    '--metrics-recording-only',
    '--safebrowsing-disable-auto-update',
    '--disable-features=Translate,OptimizationHints,MediaRouter,DialMediaRouteProvider,AutofillServerCommunication,CertificateTransparencyComponentUpdater,InterestFeedContentSuggestions',
];

export function launch() {
    return chromium.launch({ executablePath: cfg.chromium, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
}

// ---- WebDAV set-up with Basic auth (not through the UI) --------------------------------------------------------

export function basic(user, password) {
    return 'Basic ' + Buffer.from(`${user}:${password}`).toString('base64');
}

export function davUrl(user, p) {
    const segments = p.split('/').filter(Boolean).map(encodeURIComponent);
    return `${cfg.base}/remote.php/dav/files/${encodeURIComponent(user)}/${segments.join('/')}`;
}

export async function dav(method, p, { user = cfg.user, password = cfg.password, body, headers = {} } = {}) {
    return fetch(davUrl(user, p), {
        method,
        body,
        headers: { Authorization: basic(user, password), ...headers },
        signal: AbortSignal.timeout(30_000),
    });
}

export async function davOk(method, p, options) {
    const r = await dav(method, p, options);
    assert.ok(r.status >= 200 && r.status < 300, `${method} ${p} answered ${r.status}`);
    return r;
}

/** OCS as an account with Basic auth; returns ocs.data or fails with the answer. */
export async function ocs(method, route, params = {}, { user = cfg.admin, password = cfg.adminPassword } = {}) {
    const query = new URLSearchParams({ format: 'json', ...(method === 'GET' ? params : {}) });
    const r = await fetch(`${cfg.base}/ocs/v2.php/${route}?${query}`, {
        method,
        headers: { Authorization: basic(user, password), 'OCS-APIRequest': 'true', Accept: 'application/json' },
        body: method === 'GET' ? undefined : new URLSearchParams(params),
        signal: AbortSignal.timeout(30_000),
    });
    const text = await r.text();
    assert.ok(r.ok, `OCS ${method} ${route} as ${user} answered ${r.status}: ${text.slice(0, 300)}`);
    return JSON.parse(text).ocs.data;
}

/** A new account through the admin OCS API (as the Users page would make it). */
export async function createUser(user, password) {
    await ocs('POST', 'cloud/users', { userid: user, password });
}

// ---- messages, for the German names -----------------------------------------------------------------------------

function readProperties(file) {
    const out = new Map();
    let text;
    try {
        text = readFileSync(file, 'utf8');
    } catch {
        return out;
    }
    for (const raw of text.split(/\r?\n/)) {
        const line = raw.trim();
        if (!line || line.startsWith('#') || line.startsWith('!')) continue;
        const m = /^((?:\\.|[^=:\s\\])+)\s*[=:\s]\s*(.*)$/.exec(line);
        if (!m) continue;
        const unescape = (s) =>
            s.replace(/\\u([0-9a-fA-F]{4})/g, (_, h) => String.fromCharCode(parseInt(h, 16))).replace(/\\(.)/g, '$1');
        out.set(unescape(m[1]), unescape(m[2]));
    }
    return out;
}

/**
 * The German text of the message whose English text is `english`, looked up in the bundles' properties files
 * (common first, keys named nav.* first), so the test follows the words the UI chose.
 */
export function german(english) {
    let names = [];
    try {
        names = readdirSync(cfg.messages).filter((f) => f.endsWith('_en.properties'));
    } catch {
        assert.fail(`no message bundles in ${cfg.messages}`);
    }
    names.sort((a, b) => Number(b.startsWith('common_')) - Number(a.startsWith('common_')));
    for (const name of names) {
        const en = readProperties(path.join(cfg.messages, name));
        const de = readProperties(path.join(cfg.messages, name.replace(/_en\.properties$/, '_de.properties')));
        const keys = [...en].filter(([k, v]) => v === english && de.has(k)).map(([k]) => k);
        keys.sort((a, b) => Number(/^nav\./.test(b)) - Number(/^nav\./.test(a)));
        if (keys.length) return de.get(keys[0]);
    }
    return assert.fail(`no message bundle in ${cfg.messages} has "${english}" with a German text`);
}

// ---- a logged-in page with its CSP record ------------------------------------------------------------------------

const REQUIRED_CSP = [
    "default-src 'self'",
    "script-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'self'",
];

/**
 * A new browser context and page. Records the CSP header of every /ui document and every CSP violation (console
 * message or securitypolicyviolation event); `s.finish()` asserts both and closes the context.
 */
export async function open(browser, { locale = 'en-US', viewport = { width: 1280, height: 900 } } = {}) {
    const context = await browser.newContext({ locale, viewport, acceptDownloads: true });
    context.setDefaultTimeout(10_000);
    context.setDefaultNavigationTimeout(20_000);
    await context.addInitScript(() => {
        window.__csp = [];
        document.addEventListener('securitypolicyviolation', (e) =>
            window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`),
        );
    });
    const page = await context.newPage();
    const s = { context, page, csp: [], documents: [], errors: [], findings: [] };
    page.on('console', (m) => {
        const text = m.text();
        if (/Content.Security.Policy/i.test(text)) s.csp.push(`console: ${text}`);
        else if (m.type() === 'error') s.errors.push(text);
    });
    page.on('pageerror', (e) =>
        s.findings.push(`uncaught script error on ${new URL(page.url()).pathname}: ${(e.stack ?? e.message).split('\n').slice(0, 3).join(' ')}`),
    );
    page.on('response', (r) => {
        const req = r.request();
        const headers = r.headers();
        // pages only: a download (/ui/download) has the sandboxing CSP of stored files, rightly
        if (
            req.resourceType() === 'document' &&
            new URL(r.url()).pathname.startsWith('/ui/') &&
            /^text\/html/.test(headers['content-type'] ?? '') &&
            !/attachment/i.test(headers['content-disposition'] ?? '')
        ) {
            s.documents.push({ url: r.url(), status: r.status(), csp: headers['content-security-policy'] });
        }
    });
    s.finish = async () => {
        try {
            await collectCsp(s);
            const problems = [];
            for (const d of s.documents) {
                if (d.status >= 300 && d.status < 400) continue;
                if (!d.csp) {
                    problems.push(`${d.url} (${d.status}) has no Content-Security-Policy header`);
                    continue;
                }
                const missing = REQUIRED_CSP.filter((x) => !d.csp.includes(x));
                if (/'unsafe-inline'|'unsafe-eval'/.test(d.csp)) missing.push('no unsafe-inline/unsafe-eval');
                if (missing.length) problems.push(`${d.url}: CSP "${d.csp}" lacks ${missing.join(', ')}`);
            }
            problems.push(...[...new Set(s.csp)].map((v) => `CSP violation: ${v}`));
            problems.push(...s.findings);
            assert.deepEqual(problems, [], 'strict CSP on every /ui page, no CSP violation, no axe-core finding');
        } finally {
            await context.close();
        }
    };
    return s;
}

async function collectCsp(s) {
    try {
        const seen = await s.page.evaluate(() => window.__csp ?? []);
        s.csp.push(...seen);
    } catch {
        // the page may be closed or between documents
    }
}

export async function login(s, user = cfg.user, password = cfg.password) {
    const { page } = s;
    await page.goto(`${cfg.base}/ui/login`);
    await page.getByLabel('User name', { exact: true }).fill(user);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await Promise.all([
        page.waitForURL((u) => !u.pathname.startsWith('/ui/login')),
        page.getByRole('button', { name: 'Log in', exact: true }).click(),
    ]);
    await collectCsp(s);
}

export async function context(page) {
    const text = await page.locator('#kiste-context').textContent({ timeout: 5_000 });
    return JSON.parse(text);
}

/** The files page of a folder ("/"-rooted), with its table shown. */
export async function files(s, folder = '/') {
    const p = folder.split('/').filter(Boolean).map(encodeURIComponent).join('/');
    const r = await s.page.goto(`${cfg.base}/ui/files/${p}${p ? '/' : ''}`);
    assert.equal(r.status(), 200, `GET /ui/files/${p} answered ${r.status()}`);
    await s.page.getByRole('table').first().waitFor();
}

export function row(page, name) {
    return page.getByRole('row').filter({ has: page.getByRole('link', { name, exact: true }) });
}

export function openDialog(page) {
    return page.locator('dialog[open]').last();
}

// ---- axe-core and screenshots --------------------------------------------------------------------------------

const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
let shots = 0;

/**
 * axe-core on the page as it is (an open dialog included): each serious or critical violation becomes a finding
 * that s.finish() reports, so that the flow goes on and a run shows all of them.
 */
export async function axe(s, label) {
    const { page } = s;
    await page.waitForLoadState('load');
    if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
        await page.evaluate(axeSource); // through the debugging protocol: no CDN, no script tag, CSP untouched
    }
    const result = await page.evaluate(() =>
        window.axe.run(document, { resultTypes: ['violations'] }).then((r) =>
            r.violations
                .filter((v) => v.impact === 'serious' || v.impact === 'critical')
                .map((v) => ({
                    rule: v.id,
                    impact: v.impact,
                    help: v.help,
                    nodes: v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')}: ${n.failureSummary?.split('\n')[1] ?? ''}`),
                })),
        ),
    );
    await shot(s, label);
    for (const v of result) {
        s.findings.push(`axe ${label} (${new URL(page.url()).pathname}): ${v.impact} ${v.rule} (${v.help}): ${v.nodes.join(' | ')}`);
    }
}

export async function shot(s, label) {
    shots += 1;
    const file = path.join(cfg.out, `${String(shots).padStart(2, '0')}-${label.replace(/[^a-z0-9]+/gi, '-')}.png`);
    await s.page.screenshot({ path: file, fullPage: true }).catch(() => {});
    return file;
}
