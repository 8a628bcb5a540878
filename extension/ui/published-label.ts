import { publishedOf } from '../../src/search/fields';
import { shortDate } from './dates';

const DAY_ONLY = /^\d{4}-\d{2}-\d{2}$/;
/** ISO 8601's day, with or without a time: what pages' machine-readable dates are (`article:published_time`, `<time datetime>`, JSON-LD). */
const ISO_DAY = /^\d{4}-\d{2}-\d{2}(?:$|[T ]\d)/;
/** The longest page-given date text shown as it is (a page may write anything there). */
const MAX_RAW = 60;

/**
 * A page's published time as the reader shows it: for an ISO 8601 date that `Date.parse` reads
 * (the index's `publishedOf`), the day it names, in the same form as the list's dates (a bare
 * `2024-03-18` is that day wherever the reader is, not the day before west of Greenwich); any
 * other text as the page wrote it ("Spring 2019", "18 March 2024"), cut to 60 characters:
 * `Date.parse` guesses at such text (V8 reads "Spring 2019" as January 1st), and the page's own
 * words are truer than a guess. Null for none. Before, text `Date` could not read showed "Invalid Date".
 * `timeZone`: the reader's (default: the browser's; tests name one).
 */
export function publishedLabel(raw: string | null | undefined, timeZone?: string): string | null {
  const text = typeof raw === 'string' ? raw.trim() : '';
  if (text === '') return null;
  const ms = ISO_DAY.test(text) ? publishedOf(text) : null;
  if (ms === null) {
    const chars = [...text];
    return chars.length > MAX_RAW ? `${chars.slice(0, MAX_RAW - 1).join('')}…` : text;
  }
  return shortDate(ms, DAY_ONLY.test(text) ? 'UTC' : timeZone);
}
