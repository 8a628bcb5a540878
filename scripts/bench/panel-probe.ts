/**
 * The side panel's start-up on an empty library, opened `--runs` times (default 10) in a new tab
 * (or, with `--side-panel`, as the real side panel: side-panel.ts):
 * the median of each performance mark (ms since navigation), and with `--profile <file>` a CPU
 * profile of one more opening. Quick to run (no library to build), for work on the list's first
 * render (bench:library's listRenderMs, which is this plus a large library's read).
 *
 *   tsx scripts/bench/panel-probe.ts [--runs N] [--profile <file.cpuprofile>] [--no-build] [--side-panel]
 */
import { buildExtension, launch, log, sleep } from './browser';
import { closePanel, openPanel, panelMarks, panelModeOf, waitForEntry } from './side-panel';
import { startProfile, stopProfile, summarise } from './cpuprofile';
import { intFlag, median, parseArgs } from './stats';

const args = process.argv.slice(2);
const { flags } = parseArgs(args, ['no-build', 'side-panel']);
const runs = intFlag(flags, 'runs', 10);
const s = await launch(buildExtension(flags.has('no-build')), [], panelModeOf(args));
try {
  await sleep(1_000);
  const marks: Record<string, number[]> = {};
  for (let r = 0; r < runs; r++) {
    const p = await openPanel(s);
    await p.waitForFunction('window.__cpListRenderedAt !== undefined', { timeout: 10_000 });
    await waitForEntry(p, 'first-contentful-paint', 10_000);
    for (const [k, v] of Object.entries(await panelMarks(p))) (marks[k] ??= []).push(v);
    await closePanel(s, p);
    await sleep(500);
  }
  const rows = Object.entries(marks).map(([k, v]) => [k, median(v)] as const).sort((a, b) => a[1] - b[1]);
  log(`median over ${runs} openings (ms since navigation):\n${rows.map(([k, v]) => `  ${v.toFixed(1).padStart(7)}  ${k}`).join('\n')}`);
  const file = flags.get('profile');
  if (typeof file === 'string') {
    const p = await s.browser.newPage();
    const c = await p.createCDPSession();
    await startProfile(c, 100);
    await p.goto(`${s.base}sidepanel.html`, { waitUntil: 'domcontentloaded' });
    await p.waitForFunction('window.__cpListRenderedAt !== undefined', { timeout: 10_000 });
    await waitForEntry(p, 'first-contentful-paint', 10_000);
    await sleep(200);
    log(summarise(await stopProfile(c, file), 40));
  }
} finally {
  await s.close();
}
