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
