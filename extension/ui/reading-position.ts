/**
 * Where the reader was left in each clip, so that a clip opened again (a reopened side panel,
 * the way back from the list) opens where its user stopped reading.
 *
 * A position is a text offset into the reader's text model (the first character at the top of
 * the view), not pixels: it survives a narrower panel, a larger font and images that arrive
 * after the text. Kept in this extension's localStorage for the last {@link MAX_KEPT} clips.
 */
import type { TextModel } from '../../src/capture/text-model';

const KEY = 'commonplace-reading-positions';
/** Clips whose position is kept (the oldest read is forgotten first). */
export const MAX_KEPT = 300;

type Positions = Record<string, number>;

function load(): Positions {
  try {
    const raw = JSON.parse(localStorage.getItem(KEY) ?? '{}') as unknown;
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return {};
    const out: Positions = {};
    for (const [id, at] of Object.entries(raw)) if (id.length <= 200 && Number.isSafeInteger(at) && (at as number) >= 0) out[id] = at as number;
    return out;
  } catch {
    return {};
  }
}

/** The offset `clipId` was left at, or 0. */
export function loadReadingPosition(clipId: string): number {
  return load()[clipId] ?? 0;
}

/** Remembers `offset` for `clipId` (the most recent last; beyond MAX_KEPT the oldest goes). 0 forgets it. */
export function saveReadingPosition(clipId: string, offset: number): void {
  const all = load();
  delete all[clipId];
  if (offset > 0) all[clipId] = offset;
  const ids = Object.keys(all);
  for (const id of ids.slice(0, Math.max(0, ids.length - MAX_KEPT))) delete all[id];
  try {
    localStorage.setItem(KEY, JSON.stringify(all));
  } catch {
    // Storage refused: the clip opens at its top next time.
  }
}

/**
 * The text offset of the first character whose line is at or below `top` (viewport px), by a
 * binary search over the text (lines go down as the text goes on). 0 at the top of the article.
 */
export function firstVisibleOffset(model: TextModel, top: number): number {
  const n = model.text.length;
  if (n === 0) return 0;
  const bottomOf = (o: number) => model.rangeOf(o, o + 1).getBoundingClientRect().bottom;
  if (bottomOf(0) > top) return 0;
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (bottomOf(mid) > top) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Scrolls the window so that text offset `offset` is at `top` (viewport px). */
export function scrollToOffset(model: TextModel, offset: number, top: number): void {
  const at = Math.min(offset, Math.max(0, model.text.length - 1));
  const rect = model.rangeOf(at, at + 1).getBoundingClientRect();
  window.scrollTo({ top: Math.max(0, window.scrollY + rect.top - top), behavior: 'auto' });
}
