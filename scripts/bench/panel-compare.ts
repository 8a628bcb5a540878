/**
 * bench:library --side-panel's control: the real side panel against sidepanel.html in a tab, in
 * the same browser with windows, on the same library, taken in turns so that neither gets the
 * quieter moments. A browser with windows draws them in software here (no GPU), which loads a
 * 2-core machine: its figures are not comparable with a headless run's, but these two are with
 * each other.
 *
 * - search: both open at once, every query typed `runs` times into each, in turns (which goes
 *   first alternates), keystroke to rendered results as search-panel.ts times it; then the box is
 *   emptied, since a panel reopens on the view it was left on;
 * - list render: the panel opened `rounds` times each way, in turns, 2 s apart (as "settled").
 */
import { sleep, type Session } from './browser';
import { searchReady, typeAndTime } from './search-panel';
import { closePanel, openPanel, pollRendered } from './side-panel';
import { median, percentile, round } from './stats';

export interface PanelComparison {
  readonly listRenderMs: { readonly sidePanel: number[]; readonly tab: number[]; readonly sidePanelMedian: number; readonly tabMedian: number };
  readonly search: { readonly sidePanelP50Ms: number; readonly sidePanelP95Ms: number; readonly tabP50Ms: number; readonly tabP95Ms: number; readonly typed: number };
}

/** Runs the comparison on a session launched with `panelMode: 'side-panel'`. */
export async function comparePanelAndTab(s: Session, queries: readonly string[], rounds = 3, runs = 2, gapMs = 30): Promise<PanelComparison> {
  if (s.panelMode !== 'side-panel') throw new Error('comparePanelAndTab needs the real side panel (--side-panel)');
  const tabMode: Session = { ...s, panelMode: 'tab' };
  const panel = await openPanel(s);
  const tab = await openPanel(tabMode);
  const times = { sidePanel: [] as number[], tab: [] as number[] };
  try {
    for (const p of [panel, tab]) await p.waitForSelector('[data-testid=search-input]', { timeout: 30_000 });
    const typed = queries.filter((q) => q.trim() !== '');
    await typeAndTime(panel, typed[0]!);
    await searchReady(s);
    let k = 0;
    for (let r = 0; r < runs; r++) {
      for (const q of typed) {
        const order = k++ % 2 === 0 ? (['sidePanel', 'tab'] as const) : (['tab', 'sidePanel'] as const);
        for (const which of order) times[which].push(await typeAndTime(which === 'tab' ? tab : panel, q, gapMs));
      }
    }
    // The box emptied: the panel reopens on the view it was left on, and the list is timed next.
    for (const p of [panel, tab]) {
      await p.evaluate(`(() => {
        const input = document.querySelector('[data-testid=search-input]');
        input.value = '';
        input.dispatchEvent(new Event('input', { bubbles: true }));
      })()`);
    }
    await sleep(1_000);
  } finally {
    await closePanel(tabMode, tab);
    await closePanel(s, panel);
  }
  const list = { sidePanel: [] as number[], tab: [] as number[] };
  for (let r = 0; r < rounds; r++) {
    for (const [mode, into] of [
      [s, list.sidePanel],
      [tabMode, list.tab],
    ] as const) {
      await sleep(2_000);
      const page = await openPanel(mode);
      const at = await pollRendered(page);
      if (at === null) throw new Error('the side panel rendered no rows within 60 s');
      into.push(round(at, 1));
      await closePanel(mode, page);
    }
  }
  return {
    listRenderMs: { ...list, sidePanelMedian: round(median(list.sidePanel), 1), tabMedian: round(median(list.tab), 1) },
    search: {
      sidePanelP50Ms: round(percentile(times.sidePanel, 50), 1),
      sidePanelP95Ms: round(percentile(times.sidePanel, 95), 1),
      tabP50Ms: round(percentile(times.tab, 50), 1),
      tabP95Ms: round(percentile(times.tab, 95), 1),
      typed: times.tab.length,
    },
  };
}
