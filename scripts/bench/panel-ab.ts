/**
 * Two (or more) builds of the side panel timed in turns on one library: each build copied in turn
 * into the same folder of a persistent profile (so the extension's id, and with it its library,
 * stay the same), the browser started, and the panel opened `--opens` times (the first of each
 * start left out); `--rounds` times over. Per build, the medians of: the first rows in the DOM
 * (`rendered`, bench:library's listRenderMs), on screen (`fcp`, its listPaintMs), the list's whole
 * scan ended (`scanEnd`) and the panel's first protocol call (`call`), and the page's start-up marks
 * before them (`domInteractive`, `prefetchStart`, `dbOpened`, `prefetchEnd`), in ms since navigation.
 * The library is made first with cold-probe.ts (`--profile <dir> --fill N`).
 *
 *   tsx scripts/bench/panel-ab.ts --profile <dir> [--rounds R] [--opens N] <build-dir> <build-dir> …
 *
 * (`<build-dir>`: a chrome-mv3-test folder, e.g. `.output/chrome-mv3-test` and one built from a worktree.)
 */
import { resolve } from 'node:path';
import { log, sleep } from './browser';
import { launchOnProfile } from './profile-launch';
import { waitForEntry } from './side-panel';
import { intFlag, median, parseArgs } from './stats';

const { flags, positional: builds } = parseArgs(process.argv.slice(2));
const profile = resolve(String(flags.get('profile') ?? '/tmp/cp-cold-profile'));
const rounds = intFlag(flags, 'rounds', 4);
const opens = intFlag(flags, 'opens', 6);
if (builds.length < 2) throw new Error('give two build folders or more');

const MARKS = `({
  domInteractive: performance.getEntriesByType('navigation')[0]?.domInteractive ?? null,
  prefetchStart: performance.getEntriesByName('cp-list-prefetch-start')[0]?.startTime ?? null,
  dbOpened: performance.getEntriesByName('cp-list-db-opened')[0]?.startTime ?? null,
  prefetchEnd: performance.getEntriesByName('cp-list-prefetch-end')[0]?.startTime ?? null,
  rendered: window.__cpListRenderedAt,
  fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
  scanEnd: performance.getEntriesByName('cp-list-read-end')[0]?.startTime ?? null,
  call: performance.getEntriesByName('cp-first-call')[0]?.startTime ?? null,
})`;
const seen = new Map<string, Record<string, number[]>>();
for (let round = 0; round < rounds; round++) {
  for (const [i, build] of builds.entries()) {
    const browser = await launchOnProfile(profile, build, i);
    try {
      const sw = await browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().startsWith('chrome-extension://'), { timeout: 20_000 });
      const base = `chrome-extension://${new URL(sw.url()).host}/`;
      await sleep(3_000);
      for (let n = 0; n < opens; n++) {
        const page = await browser.newPage();
        await page.goto(`${base}sidepanel.html#clips`, { waitUntil: 'domcontentloaded' });
        await page.waitForFunction('window.__cpListRenderedAt !== undefined', { timeout: 20_000 });
        for (const name of ['first-contentful-paint', 'cp-list-read-end']) await waitForEntry(page, name, 10_000);
        const marks = (await page.evaluate(MARKS)) as Record<string, number | null>;
        const mine = seen.get(build) ?? {};
        if (n > 0) for (const [k, v] of Object.entries(marks)) if (typeof v === 'number') (mine[k] ??= []).push(v);
        if (n > 0 && marks.fcp != null && marks.rendered != null) (mine.onScreenAfterDom ??= []).push(marks.fcp - marks.rendered);
        seen.set(build, mine);
        await page.close();
        await sleep(1_500);
      }
    } finally {
      await browser.close();
    }
  }
  log(`round ${round + 1} of ${rounds} done`);
}
for (const build of builds) {
  const m = seen.get(build)!;
  log(`${build}: ${Object.entries(m).map(([k, v]) => `${k} ${median(v).toFixed(1)}`).join(', ')} (${m.rendered?.length ?? 0} openings)`);
}
