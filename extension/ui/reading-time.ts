import { mayAwaitArticle } from '../../src/import/fetch-outcome';
import type { ClipSummary } from '../../src/schema/clip-summary';

/** Words read a minute, for the reading time a row shows (an adult's silent reading of non-fiction). */
export const WORDS_PER_MINUTE = 230;

/** A clip's reading time from its length in words ("4 min", at least "1 min"), as the list and the search results show it. */
export const readingTime = (words: number): string => `${Math.max(1, Math.round(words / WORDS_PER_MINUTE))} min`;

/**
 * A row's reading time, or null when its length is not known: no words, or a link whose article
 * was not fetched (an import's placeholder of a dozen words, which the search's length orders put
 * last too).
 */
export function rowReadingTime(row: Pick<ClipSummary, 'kind' | 'wordCount'>): string | null {
  if (row.wordCount <= 0 || mayAwaitArticle(row)) return null;
  return readingTime(row.wordCount);
}

/**
 * What a row of the list shows for its length: once started and not finished (0 < progress < 100),
 * the time left ("12 min left": the words not read yet at `WORDS_PER_MINUTE`, at least a minute),
 * as Readwise Reader does, since what a half-read clip still asks of you is what decides whether
 * to pick it up now; otherwise the whole length (`rowReadingTime`), null when not known. A new
 * function rather than a change to `rowReadingTime`: search results and its length orders show
 * the whole length.
 */
export function rowTimeLeft(row: Pick<ClipSummary, 'kind' | 'wordCount' | 'progress'>): string | null {
  const whole = rowReadingTime(row);
  const p = row.progress;
  if (whole === null || p === undefined || p <= 0 || p >= 100) return whole;
  return `${Math.max(1, Math.round((row.wordCount * (1 - p / 100)) / WORDS_PER_MINUTE))} min left`;
}
