/**
 * How far a clip has been read, written by its reader as the user scrolls and synced with the
 * rest of the entry: `offset` is the text offset at the top of the view when last left (where
 * any device reopens it), `percent` the furthest point read (0-100, from the bottom of the
 * view: what the list's bar shows; reading back up does not lower it), `at` when last written
 * (ms since epoch; the newer of this and a device's own local position wins on open).
 */
export interface ReadingProgressV1 {
  offset: number;
  percent: number;
  at: number;
}

/** Largest text offset a position may name (an article is far shorter: `MAX_ARTICLE_CHARS`). */
export const MAX_READING_OFFSET = 1_000_000_000;

/** Whether a value is a reading percent: a whole number from 0 to 100 (the one check every reader of one makes). */
export const isPercent = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 100;

/**
 * The reading progress a value holds, or null when it is not one (absent, or written wrong by
 * another device or an export). Everything that reads an entry's `progress` reads it through this.
 */
export function readingProgressOf(v: unknown): ReadingProgressV1 | null {
  if (typeof v !== 'object' || v === null) return null;
  const { offset, percent, at } = v as Record<string, unknown>;
  if (!Number.isSafeInteger(offset) || (offset as number) < 0 || (offset as number) > MAX_READING_OFFSET) return null;
  if (!isPercent(percent)) return null;
  if (typeof at !== 'number' || !Number.isFinite(at)) return null;
  return { offset: offset as number, percent: percent as number, at };
}
