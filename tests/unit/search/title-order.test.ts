/**
 * Title A–Z reads numbers as numbers: "Part 2" before "Part 10", "Chapter 9: …" before "Chapter 11: …",
 * as a reader expects of a series. Titles compared by code unit put every "10" before every "2"
 * (and "Part 10" between "Part 1" and "Part 2"). Case and accents were already folded away.
 */
import { describe, expect, it } from 'vitest';
import { compareTitles } from '../../../src/search/compare-titles';
import { SearchIndex } from '../../../src/search/search-index';
import { clip } from './helpers';

describe('title order', () => {
  it('puts numbers in the order of their values, inside titles and at their start', () => {
    const ix = new SearchIndex({ cjk: 'bigram' });
    const titles = ['Part 10', 'part 2', 'Part 1', 'Part 1b', 'Élan', 'elan 3', '100 days', '9 lives', 'Chapter 11: the end', 'Chapter 9: the middle', 'Part 02', 'v1.10 notes', 'v1.9 notes'];
    titles.forEach((title, i) => ix.add(clip(`t${i}`, { title, savedAt: i })));
    const ordered = ix.search('sort:title').hits.map((h) => titles[Number(h.id.slice(1))]);
    expect(ordered).toEqual(['9 lives', '100 days', 'Chapter 9: the middle', 'Chapter 11: the end', 'Élan', 'elan 3', 'Part 1', 'Part 1b', 'part 2', 'Part 02', 'Part 10', 'v1.9 notes', 'v1.10 notes']);
  });

  it('is a total order: equal only for equal titles, and reversing the pair reverses the answer', () => {
    const titles = ['a', 'a1', 'a01', 'a001', 'a1b', 'a10', 'a2', 'b', '1', '01', '', 'a 1', 'a1 ', '99999999999999999999999', '100000000000000000000000'];
    for (const x of titles)
      for (const y of titles) {
        const c = compareTitles(x, y);
        expect(Math.sign(c) + Math.sign(compareTitles(y, x)), `${x} ~ ${y}`).toBe(0);
        if (x !== y) expect(c, `${x} ~ ${y}`).not.toBe(0);
        for (const z of titles) if (c < 0 && compareTitles(y, z) < 0) expect(compareTitles(x, z), `${x} < ${y} < ${z}`).toBeLessThan(0);
      }
  });
});
