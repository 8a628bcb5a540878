import { describe, expect, it } from 'vitest';
import { lazyOrder, SearchIndex } from '../../../src/search/search-index';
import type { ClipFields } from '../../../src/search/fields';

const clip = (i: number, words: string, over: Partial<ClipFields> = {}): ClipFields => ({
  id: `c${String(i).padStart(4, '0')}`,
  title: `Title ${i % 7}`,
  siteName: null,
  byline: null,
  url: `https://s${i % 5}.example/${i}`,
  text: words,
  highlights: [],
  note: '',
  tags: [],
  savedAt: 1_700_000_000_000 + (i % 13) * 1000,
  publishedTime: null,
  progress: 0,
  words: i % 11,
  readAt: null,
  archivedAt: null,
  favorite: false,
  deleted: false,
  ...over,
});

describe('lazyOrder', () => {
  it('gives the sorted order, a part at a time', () => {
    const keys = Array.from({ length: 500 }, (_, i) => (i * 7919) % 1009);
    const cmp = (a: number, b: number) => keys[a]! - keys[b]! || a - b;
    const order = lazyOrder(keys.length, cmp);
    const got = [...order.take(1), ...order.take(10), ...order.take(100), ...order.take(1000)];
    expect(got).toEqual(Array.from({ length: keys.length }, (_, i) => i).sort(cmp));
    expect(order.take(5)).toEqual([]);
  });
});

describe('SearchIndex.rank', () => {
  it('takes the hits search orders, in every sort, and counts the same', () => {
    const ix = new SearchIndex();
    for (let i = 0; i < 300; i++) ix.add(clip(i, `lorem ${i % 3 === 0 ? 'ipsum dolor' : 'dolor ipsum'} sit ${i % 4 === 0 ? 'amet' : ''}`));
    for (const query of ['"ipsum dolor"', '"ipsum dolor" amet', 'ipsum sort:title', 'dolor sort:oldest', 'lorem sort:longest', 'sit sort:published']) {
      const all = ix.search(query);
      const ranked = ix.rank(query);
      expect(ranked.total).toBe(all.total);
      expect([...ranked.take(3), ...ranked.take(40), ...ranked.take(1_000)]).toEqual(all.hits);
    }
  });

  it('keeps its candidates through changes to the index between takes', () => {
    const ix = new SearchIndex();
    for (let i = 0; i < 50; i++) ix.add(clip(i, 'ipsum dolor'));
    const ranked = ix.rank('"ipsum dolor"');
    const first = ranked.take(5);
    for (let i = 0; i < 50; i++) ix.remove(clip(i, '').id);
    ix.search('ipsum');
    expect([...first, ...ranked.take(100)]).toHaveLength(50);
  });
});
