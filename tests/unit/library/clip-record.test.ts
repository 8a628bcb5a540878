import { describe, expect, it } from 'vitest';
import { countWords } from '../../../src/library/clip-record';

describe('countWords', () => {
  it('counts whitespace-separated words, including non-breaking and ideographic spaces', () => {
    expect(countWords('')).toBe(0);
    expect(countWords('  one two\tthree\nfour  ')).toBe(4);
    expect(countWords('a\u00a0b\u3000c')).toBe(3);
  });
  it('is fast on a 10 MB text', () => {
    const big = 'lorem ipsum dolor '.repeat(600_000);
    const t = performance.now();
    expect(countWords(big)).toBe(1_800_000);
    expect(performance.now() - t).toBeLessThan(1_000);
  });
});
