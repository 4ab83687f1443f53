// How fast the files page shows its first screen for a big folder: fills a folder with ENTRIES small files over
// WebDAV (Basic auth), then opens /ui/files/<folder>/ in Debian's Chromium RUNS times and times each load from the
// navigation to the first table row on screen, after one load that is not counted (the server's and the browser's
// code is compiled as it first runs). Prints one line per run and the median. Run by scripts/bench-ui.
import { cfg, davOk, launch, login, open } from './kiste-ui.mjs';

const entries = Number(process.env.KISTE_UI_ENTRIES ?? 10_000);
const runs = Number(process.env.KISTE_UI_RUNS ?? 5);
const folder = `big-${cfg.run}`;
const parallel = 8;

await davOk('MKCOL', folder);
const started = Date.now();
let next = 0;
async function worker() {
    for (let i = next++; i < entries; i = next++) {
        await davOk('PUT', `${folder}/f${String(i).padStart(5, '0')}.txt`, { body: `entry ${i}\n` });
    }
}
await Promise.all(Array.from({ length: parallel }, worker));
console.log(`filled ${folder} with ${entries} files in ${((Date.now() - started) / 1000).toFixed(1)} s`);

const browser = await launch();
const times = [];
try {
    const s = await open(browser);
    await login(s);
    // one load first, not counted: the server's and the browser's code is compiled as it runs first
    await s.page.goto(`${cfg.base}/ui/files/${encodeURIComponent(folder)}/`);
    await s.page.locator('table tbody tr').first().waitFor({ state: 'visible', timeout: 30_000 });
    for (let run = 0; run < runs; run++) {
        const t0 = Date.now();
        await s.page.goto(`${cfg.base}/ui/files/${encodeURIComponent(folder)}/`);
        await s.page.locator('table tbody tr').first().waitFor({ state: 'visible', timeout: 30_000 });
        const ms = Date.now() - t0;
        const rows = await s.page.locator('table tbody tr').count();
        times.push(ms);
        const fetches = await s.page.evaluate(() => performance.getEntriesByType('resource')
            .filter((e) => e.initiatorType === 'fetch')
            .map((e) => `${Math.round(e.responseStart - e.startTime)}+${Math.round(e.responseEnd - e.responseStart)} ms`
                + ` ${Math.round(e.encodedBodySize / 1024)} KiB`));
        console.log(`run ${run + 1}: first screen of ${entries} entries in ${ms} ms (${rows} rows drawn);`
            + ` requests (wait+read, size): ${fetches.join(', ')}`);
    }
} finally {
    await browser.close();
    await davOk('DELETE', folder).catch(() => {});
}
times.sort((a, b) => a - b);
console.log(`median: ${times[Math.floor(times.length / 2)]} ms over ${runs} runs`);
