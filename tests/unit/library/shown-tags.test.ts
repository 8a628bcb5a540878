/**
 * A clip's tags as every reader shows and counts them (`shownTags`, `countTags`): the reading
 * list's rows, the library's tag counts (facets) and the exports each had their own copy of
 * "one spelling per tag, the first in code-unit order". A catalog entry whose `tags` is not a map
 * (damaged, or written by another program) holds no tags for the rows; the facets read a string
 * there as a map of its characters' indices ("0", "1", …) and counted tags no clip showed.
 */
import { describe, expect, it } from 'vitest';
import { countTags, shownTags, type TagCount } from '../../../src/library/tags';
import { catalogOf } from '../export/fixtures';
import { openLibrary, page } from './helpers';

describe('shownTags', () => {
  it('one spelling per tag, the first in code-unit order, in that order', () => {
    expect(shownTags({ work: true, Work: true, 'Café': true, cafe: true, '#work': true, b: true })).toEqual(['#work', 'Café', 'b']);
  });

  it('anything but a map holds no tags', () => {
    for (const v of [undefined, null, 3, 'ab', true]) expect(shownTags(v)).toEqual([]);
  });
});

describe('countTags', () => {
  it('counts each tag once per clip, named by the spelling shown whatever order clips come in', () => {
    for (const clips of [[['work', 'Work'], ['WORK'], ['other']], [['other'], ['WORK'], ['Work', 'work']]]) {
      const counts = new Map<string, TagCount>();
      let seen = 0;
      for (const tags of clips) countTags(counts, tags, (tag) => ({ tag, count: 0 }), () => void seen++);
      expect([...counts.values()].sort((a, b) => a.tag.localeCompare(b.tag))).toEqual([{ tag: 'other', count: 1 }, { tag: 'WORK', count: 2 }]);
      expect(seen).toBe(3);
    }
  });
});

describe('a catalog entry whose tags are not a map', () => {
  it('adds no tag to the library’s counts, as its row shows none', async () => {
    const lib = await openLibrary();
    const id = (await lib.library.save(page({ pageUrl: 'https://example.com/a', canonicalUrl: null }))).clip.id;
    await lib.library.settled();
    (await catalogOf(lib, id)).change((d) => void ((d.clips[id] as unknown as { tags: unknown }).tags = 'ab'));
    await lib.library.settled();
    expect((await lib.library.get(id)).tags).toEqual([]);
    expect(lib.library.organise.facets().tags).toEqual([]);
  });
});
