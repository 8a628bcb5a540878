import { describe, expect, it } from 'vitest';
import { countWords } from '../../../src/library/clip-record';

describe('countWords', () => {
  it('counts whitespace-separated words, including non-breaking and ideographic spaces', () => {
    expect(countWords('')).toBe(0);
    expect(countWords('  one two\tthree\nfour  ')).toBe(4);
    expect(countWords('a\u00a0b\u3000c')).toBe(3);
  });
  // Speed is measured by the benchmarks (npm run bench:clip), not asserted against the wall clock here.
  it('counts every word of a 10 MB text', () => {
    expect(countWords('lorem ipsum dolor '.repeat(600_000))).toBe(1_800_000);
  });
});
