/**
 * Tags as long as the library keeps (`MAX_TAG_CHARS`, 200 characters: code points, so an emoji is
 * one) through search: the index's tag, the typed `tag:`, the filter bar's tag. Before, search cut
 * each folded tag at 200 UTF-16 units: a tag of 150 emoji (300 units), or of 150 "ß" (300 letters
 * once folded to "ss"), lost its end, so its filter also found the clips of every other tag
 * beginning the same, and a cut could end on half an emoji.
 */
import { describe, expect, it } from 'vitest';
import { MAX_TAG_CHARS, normalizeTag } from '../../../src/library/tags';
import { foldTag, MAX_FOLDED_TAG_CHARS } from '../../../src/search/fold-tag';
import { parseQuery } from '../../../src/search/query';
import { SearchIndex } from '../../../src/search/search-index';
import { withFilters } from '../../../src/search/search-filters';
import { clip } from './helpers';

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const byBar = (ix: SearchIndex, tag: string) => ix.search(withFilters(parseQuery(''), { state: 'all', tag })).hits.map((h) => h.id).sort();
const byTyped = (ix: SearchIndex, tag: string) => ix.search(`tag:"${tag}"`).hits.map((h) => h.id).sort();

describe('tags up to the library’s 200 characters', () => {
  const tags = {
    emoji: '🎉'.repeat(150),
    emojiOther: '🎉'.repeat(149) + '🎈',
    sharp: 'ß'.repeat(150),
    esses: 's'.repeat(MAX_TAG_CHARS),
    odd: 'a' + '𐌰'.repeat(MAX_TAG_CHARS - 1),
    oddOther: 'a' + '𐌰'.repeat(MAX_TAG_CHARS - 2) + 'b',
  };

  it('finds each clip by its own tag and no other, from the filter bar and typed', () => {
    for (const t of Object.values(tags)) expect(normalizeTag(t).ok, t).toBe(true);
    const ix = new SearchIndex();
    for (const [id, t] of Object.entries(tags)) ix.add(clip(id, { tags: [t] }));
    for (const [id, t] of Object.entries(tags)) {
      expect(byBar(ix, t), id).toEqual([id]);
      expect(byTyped(ix, t), id).toEqual([id]);
    }
    // After a save and a load too.
    const restored = SearchIndex.restore(ix.snapshot());
    if (!restored.ok) throw new Error(restored.problem);
    const back = restored.index;
    for (const [id, t] of Object.entries(tags)) expect(byBar(back, t), id).toEqual([id]);
  });

  it('compares a longer tag (another program’s) whole, as the list does, and cuts a huge one at whole characters', () => {
    const ix = new SearchIndex();
    ix.add(clip('long', { tags: ['é'.repeat(300)] }));
    ix.add(clip('longer', { tags: ['é'.repeat(301)] }));
    expect(byBar(ix, 'é'.repeat(300))).toEqual(['long']);
    for (const t of ['a' + '😀'.repeat(MAX_FOLDED_TAG_CHARS), '😀'.repeat(MAX_FOLDED_TAG_CHARS + 1), 'é'.repeat(MAX_FOLDED_TAG_CHARS + 1)]) {
      const folded = foldTag(t);
      expect(LONE_SURROGATE.test(folded), t.slice(0, 4)).toBe(false);
      expect([...folded].length).toBe(MAX_FOLDED_TAG_CHARS);
      expect(foldTag(t + 'more')).toBe(folded);
    }
  });
});
