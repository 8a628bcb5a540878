/**
 * Long posting lists grow in buffers of their own and the buffers they outgrow are freed at once
 * (`releaseBytes`: detached for real here, as in the browsers). Searches between additions,
 * snapshots (which seal the lists), additions to sealed lists, replacements and compactions
 * must all read every posting: a list read through a freed buffer would read empty.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SearchIndex } from '../../../src/search/search-index';
import { collectSnapshot } from '../../../src/search/snapshot';
import { detachingTransfer } from '../util/detaching-transfer';
import { clip } from './helpers';

const WORDS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf'];
const textOf = (i: number, gen = 0) => `common ${WORDS[i % WORDS.length]} unique${i} gen${gen}`;
const ids = (ix: SearchIndex, q: string) => new Set(ix.search(q).hits.map((h) => h.id));
/** The ids the index must return for `word`, from what was added (id → text). */
const expected = (texts: Map<string, string>, word: string) => new Set([...texts].filter(([, t]) => t.split(' ').includes(word)).map(([id]) => id));

describe('posting lists growing outside the JS heap', () => {
  let transfer: ReturnType<typeof detachingTransfer>;
  beforeEach(() => (transfer = detachingTransfer()));
  afterEach(() => transfer.restore());

  it('finds every clip through growth, searches between additions, snapshots, re-additions and compactions', () => {
    const ix = new SearchIndex();
    const texts = new Map<string, string>();
    const check = (index: SearchIndex) => {
      for (const w of ['common', ...WORDS, 'gen0', 'gen1']) expect(ids(index, `${w} `), w).toEqual(expected(texts, w));
    };
    for (let i = 0; i < 700; i++) {
      texts.set(`c${i}`, textOf(i));
      ix.add(clip(`c${i}`, { text: textOf(i) }));
      if (i % 97 === 0) check(ix);
      // A snapshot seals the lists; the additions after it grow them again from their sealed copies.
      if (i === 350) expect(SearchIndex.restore(collectSnapshot(ix.snapshotStream())).ok).toBe(true);
    }
    check(ix);
    // Replaced clips (their old slots die, and a compaction renumbers), then more growth.
    for (let i = 0; i < 300; i++) {
      texts.set(`c${i}`, textOf(i, 1));
      ix.add(clip(`c${i}`, { text: textOf(i, 1) }));
    }
    for (let i = 700; i < 900; i++) {
      texts.set(`c${i}`, textOf(i));
      ix.add(clip(`c${i}`, { text: textOf(i) }));
    }
    check(ix);
    const restored = SearchIndex.restore(collectSnapshot(ix.snapshotStream()));
    if (!restored.ok) throw new Error(restored.problem);
    check(restored.index);
    check(ix);
    expect(transfer.released()).toBeGreaterThan(100);
  });

  it('a snapshot stream read after more additions holds them all (no list read through a freed buffer)', () => {
    const ix = new SearchIndex();
    const texts = new Map<string, string>();
    const add = (i: number) => (texts.set(`c${i}`, textOf(i)), ix.add(clip(`c${i}`, { text: textOf(i) })));
    for (let i = 0; i < 200; i++) add(i);
    const stream = ix.snapshotStream();
    // Made before these, read after them: the sealed lists grow again, their buffers doubling and freed.
    for (let i = 200; i < 600; i++) add(i);
    const restored = SearchIndex.restore(collectSnapshot(stream));
    if (!restored.ok) throw new Error(restored.problem);
    for (const w of ['common', ...WORDS]) expect(ids(restored.index, `${w} `), w).toEqual(expected(texts, w));
  });
});
