/**
 * The background's memory as a user meets it on an ordinary day (bench:library, after the cold
 * start): a background the browser had stopped, started again by the side panel, its search index
 * opened from the stored snapshot by the first search (not built: that happens once, after an
 * import or a lost database), and the query set typed once in the real side panel. Read with
 * nothing forced, then after a collection. The other judged reading, right after the first
 * build and the timed searches, is what a user meets once.
 */
import { callOk, workerSession, type Session } from './browser';
import { breakdownOf, readBackground, type BackgroundBreakdown } from './heap-usage';
import { searchReady, typeAndTime } from './search-panel';
import { closePanel, openPanel } from './side-panel';

export interface EverydayMemory extends BackgroundBreakdown {
  /** The whole background after a forced collection: what is live. */
  afterGcMB: number;
  /** Queries typed (each once). */
  queries: number;
}

/** Types every query once in a new side panel, waits for the index to be ready, then reads the background. */
export async function measureEverydayMemory(s: Session, queries: readonly string[], gapMs = 30): Promise<EverydayMemory> {
  const panel = await openPanel(s);
  await panel.waitForSelector('[data-testid=search-input]', { timeout: 30_000 });
  const typed = queries.filter((q) => q.trim() !== '');
  for (const q of typed) await typeAndTime(panel, q, gapMs);
  await searchReady(s);
  await closePanel(s, panel);
  const cdp = await workerSession(s);
  try {
    const r = await readBackground(cdp, async () => (await callOk(s.control, 'debugState', {})).wasmBytes ?? 0);
    return { ...breakdownOf(r.now, r.wasmBytes), afterGcMB: breakdownOf(r.afterGc, r.wasmBytes).backgroundMB, queries: typed.length };
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}
