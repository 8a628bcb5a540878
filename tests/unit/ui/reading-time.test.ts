/** The reading time rows and search results show (reading-time.ts). */
import { describe, expect, it } from 'vitest';
import { readingTime, rowReadingTime, rowTimeLeft } from '../../../extension/ui/reading-time';

describe('reading time', () => {
  it('rounds to minutes at 230 words a minute, at least one', () => {
    expect(readingTime(3_000)).toBe('13 min');
    expect(readingTime(40)).toBe('1 min');
  });

  it('shows none for a row of unknown length: no words, or an imported link still waiting for its article', () => {
    expect(rowReadingTime({ kind: 'page', wordCount: 900 })).toBe('4 min');
    expect(rowReadingTime({ kind: 'page', wordCount: 12 })).toBe('1 min');
    expect(rowReadingTime({ kind: 'page', wordCount: 0 })).toBeNull();
    expect(rowReadingTime({ kind: 'link', wordCount: 12 })).toBeNull();
    expect(rowReadingTime({ kind: 'link', wordCount: 1_200 })).toBe('5 min');
  });

  it("shows the time left once started and not finished (a row's length line), the whole length before and after", () => {
    const r = (progress: number | undefined, wordCount = 3_000) => rowTimeLeft({ kind: 'page', wordCount, ...(progress === undefined ? {} : { progress }) });
    // 3,000 words: 13 min; half read, 1,500 words left: 6.5 → 7 min.
    expect(r(undefined)).toBe('13 min');
    expect(r(0)).toBe('13 min');
    expect(r(50)).toBe('7 min left');
    expect(r(90)).toBe('1 min left');
    // Nearly done still says a minute, never "0 min left".
    expect(r(99)).toBe('1 min left');
    expect(r(99, 100)).toBe('1 min left');
    expect(r(100)).toBe('13 min');
    // Unknown length: nothing, started or not.
    expect(rowTimeLeft({ kind: 'link', wordCount: 12, progress: 40 })).toBeNull();
    expect(rowTimeLeft({ kind: 'page', wordCount: 0, progress: 40 })).toBeNull();
    // The contract of rowReadingTime, which search results use, is unchanged by progress.
    expect(rowReadingTime({ kind: 'page', wordCount: 3_000 })).toBe('13 min');
  });
});
