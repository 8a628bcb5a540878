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

/** A position in a clip's text, and when it was taken (ms since epoch; 0 when not known). */
export interface ReadingPoint {
  offset: number;
  at: number;
}

/** Stored as `[offset, at]`; a bare offset is what versions before 2026-12-04 stored (time unknown). */
type Positions = Record<string, ReadingPoint>;

function pointOf(v: unknown): ReadingPoint | null {
  if (Number.isSafeInteger(v) && (v as number) >= 0) return { offset: v as number, at: 0 };
  if (!Array.isArray(v) || v.length !== 2) return null;
  const [offset, at] = v as unknown[];
  return Number.isSafeInteger(offset) && (offset as number) >= 0 && typeof at === 'number' && Number.isFinite(at) ? { offset: offset as number, at } : null;
}

function load(): Positions {
  try {
    const raw = JSON.parse(localStorage.getItem(KEY) ?? '{}') as unknown;
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return {};
    const out: Positions = {};
    for (const [id, v] of Object.entries(raw)) {
      const p = id.length <= 200 ? pointOf(v) : null;
      if (p) out[id] = p;
    }
    return out;
  } catch {
    return {};
  }
}

/** Where this device left `clipId`, or null. */
export function loadReadingPosition(clipId: string): ReadingPoint | null {
  return load()[clipId] ?? null;
}

/**
 * Where to open a clip: the later of this device's own position and the one synced from any
 * device (the clip's `position`), its offset (0 for neither).
 */
export function openingOffset(local: ReadingPoint | null, synced: ReadingPoint | null): number {
  if (!local) return synced?.offset ?? 0;
  return synced && synced.at > local.at ? synced.offset : local.offset;
}

/** Remembers `offset` for `clipId` at `at` (the most recent last; beyond MAX_KEPT the oldest goes). 0 forgets it. */
export function saveReadingPosition(clipId: string, offset: number, at = Date.now()): void {
  const all = load();
  delete all[clipId];
  if (offset > 0) all[clipId] = { offset, at };
  const ids = Object.keys(all);
  for (const id of ids.slice(0, Math.max(0, ids.length - MAX_KEPT))) delete all[id];
  try {
    localStorage.setItem(KEY, JSON.stringify(Object.fromEntries(Object.entries(all).map(([id, p]) => [id, [p.offset, p.at]]))));
  } catch {
    // Storage refused: the clip opens at its top next time.
  }
}

/**
 * How far into the text the view's bottom is, 0-100: the share of the text before the first
 * character below `bottom` (viewport px); 100 once the page is scrolled to its end.
 */
export function percentRead(model: TextModel, bottom: number): number {
  const n = model.text.length;
  const doc = document.scrollingElement ?? document.documentElement;
  if (n === 0 || window.scrollY + window.innerHeight >= doc.scrollHeight - 4) return 100;
  return Math.min(100, Math.floor((100 * firstVisibleOffset(model, bottom)) / n));
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
