/** The reading time rows and search results show (reading-time.ts). */
import { describe, expect, it } from 'vitest';
import { readingTime, rowReadingTime } from '../../../extension/ui/reading-time';

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
});
