/**
 * The reader's published date, in a time zone west of Greenwich (the reader's own test,
 * reader-published-date.test.ts, runs in UTC). Before, the reader showed
 * `new Date(text).toLocaleDateString()`: a bare `2024-03-18` is UTC midnight, the 17th in New York.
 */
import { describe, expect, it } from 'vitest';
import { publishedLabel } from '../../../extension/ui/published-label';

const NY = 'America/New_York';
const day = (y: number, m: number, d: number) => new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' }).format(Date.UTC(y, m - 1, d));

describe('publishedLabel', () => {
  it('shows a bare day as that day west of Greenwich', () => {
    expect(new Date('2024-03-18').toLocaleDateString('en-US', { timeZone: NY })).toBe('3/17/2024'); // the old way
    expect(publishedLabel('2024-03-18', NY)).toBe(day(2024, 3, 18));
  });

  it('shows a timestamp as its day where the reader is', () => {
    expect(publishedLabel('2024-03-18T23:30:00-04:00', NY)).toBe(day(2024, 3, 18));
    expect(publishedLabel('2024-03-18T23:30:00-04:00', 'UTC')).toBe(day(2024, 3, 19));
    expect(publishedLabel('2024-03-18 09:00', 'UTC')).toBe(day(2024, 3, 18));
  });

  it('keeps the page’s words for anything that is not an ISO day, and none for none', () => {
    for (const words of ['Spring 2019', 'yesterday', '18 March 2024', 'Mon, 18 Mar 2024', '2024']) expect(publishedLabel(words, NY)).toBe(words);
    expect(publishedLabel('2024-13-45', NY)).toBe('2024-13-45'); // ISO-shaped but not a day: Date.parse refuses it
    expect(publishedLabel('  ', NY)).toBeNull();
    expect(publishedLabel(null, NY)).toBeNull();
    expect([...publishedLabel('é'.repeat(100), NY)!]).toHaveLength(60);
  });
});
