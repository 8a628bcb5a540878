/**
 * The popup's start-up, opened `--runs` times (default 15) in a new tab: the median of each
 * mark (ms since navigation): its first contentful paint, and its first call to the background
 * and that call's answer (`cp-first-call`, `cp-first-answer`, marked by extension/messaging.ts).
 * In a tab the popup's "current page" is its own, which cannot be saved: the same first paint,
 * the same first call (`pageStatus` is not asked for it; the status line says why).
 *
 *   tsx scripts/bench/popup-probe.ts [--runs N] [--no-build]
 */
import { buildExtension, launch, log, sleep } from './browser';
import { intFlag, median, parseArgs } from './stats';

const { flags } = parseArgs(process.argv.slice(2), ['no-build']);
const runs = intFlag(flags, 'runs', 15);
const s = await launch(buildExtension(flags.has('no-build')));
try {
  await sleep(1_000);
  const marks: Record<string, number[]> = {};
  for (let r = 0; r < runs; r++) {
    const p = await s.browser.newPage();
    await p.goto(`${s.base}popup.html`, { waitUntil: 'load' });
    await p.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0, { timeout: 10_000 });
    await sleep(300);
    const t = (await p.evaluate(() => {
      const o: Record<string, number> = {};
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      o.domInteractive = nav.domInteractive;
      o.domContentLoaded = nav.domContentLoadedEventEnd;
      for (const e of performance.getEntriesByType('paint')) o[e.name] = e.startTime;
      for (const m of performance.getEntriesByType('mark')) o[m.name] = m.startTime;
      return o;
    })) as Record<string, number>;
    for (const [k, v] of Object.entries(t)) (marks[k] ??= []).push(v);
    await p.close();
  }
  const rows = Object.entries(marks).map(([k, v]) => [k, median(v)] as const).sort((a, b) => a[1] - b[1]);
  log(`popup: median over ${runs} openings (ms since navigation):\n${rows.map(([k, v]) => `  ${v.toFixed(1).padStart(7)}  ${k}`).join('\n')}`);
} finally {
  await s.close();
}
