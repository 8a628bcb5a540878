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
import { extensionBase, log, sleep } from './browser';
import { launchOnProfile } from './profile-launch';
import { panelMarks, waitForEntry } from './side-panel';
import { intFlag, median, parseArgs } from './stats';

const { flags, positional: builds } = parseArgs(process.argv.slice(2));
const profile = resolve(String(flags.get('profile') ?? '/tmp/cp-cold-profile'));
const rounds = intFlag(flags, 'rounds', 4);
const opens = intFlag(flags, 'opens', 6);
if (builds.length < 2) throw new Error('give two build folders or more');

/** What panel-ab prints, by the name of the timeline entry it is (`panelMarks`). */
const SHOWN = {
  domInteractive: 'domInteractive',
  prefetchStart: 'cp-list-prefetch-start',
  dbOpened: 'cp-list-db-opened',
  prefetchEnd: 'cp-list-prefetch-end',
  rendered: 'renderedAt',
  fcp: 'firstContentfulPaint',
  scanEnd: 'cp-list-read-end',
  call: 'cp-first-call',
} as const;
const seen = new Map<string, Record<string, number[]>>();
for (let round = 0; round < rounds; round++) {
  for (const [i, build] of builds.entries()) {
    const browser = await launchOnProfile(profile, build, i);
    try {
      const base = await extensionBase(browser);
      await sleep(3_000);
      for (let n = 0; n < opens; n++) {
        const page = await browser.newPage();
        await page.goto(`${base}sidepanel.html#clips`, { waitUntil: 'domcontentloaded' });
        await page.waitForFunction('window.__cpListRenderedAt !== undefined', { timeout: 20_000 });
        for (const name of ['first-contentful-paint', 'cp-list-read-end']) await waitForEntry(page, name, 10_000);
        const t = await panelMarks(page);
        const marks: Record<string, number | undefined> = Object.fromEntries(Object.entries(SHOWN).map(([label, entry]) => [label, t[entry]]));
        if (marks.fcp !== undefined && marks.rendered !== undefined) marks.onScreenAfterDom = marks.fcp - marks.rendered;
        const mine = seen.get(build) ?? {};
        if (n > 0) for (const [k, v] of Object.entries(marks)) if (v !== undefined) (mine[k] ??= []).push(v);
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
