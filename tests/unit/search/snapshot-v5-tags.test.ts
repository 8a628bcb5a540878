import { describe, expect, it } from 'vitest';
import { decodeSnapshot, encodeSnapshot, SNAPSHOT_VERSION } from '../../../src/search/snapshot';
import { foldTag } from '../../../src/search/fold-tag';
import type { ClipFacts } from '../../../src/search/fields';

/**
 * Version 6 changed how tags are folded (`foldTag`: a full-width "＃" dropped like "#", a tag no
 * longer cut at 200 UTF-16 units). An index saved by version 5 holds the old folded tags: read as
 * they were, `tag:仕事` missed a clip tagged "＃仕事", and a long emoji tag's filter missed its clip,
 * until the whole index was rebuilt. It is read, and those tags brought to version 6's.
 */
const OPTS = { textChars: 4096, cjk: 'bigram' as const };
const facts = (id: string, tags: string[]): ClipFacts => ({ id, title: id, host: 'example.com', tags, savedAt: 1, published: null, progress: 0, state: 'unread', favorite: false, deleted: false, rev: 'r1', words: 10 });
const asVersion = (version: number, slots: ClipFacts[]) => {
  const snap = encodeSnapshot(slots, new Map([['word', [1]]]), OPTS);
  return { header: { ...snap.header, version }, chunks: snap.chunks };
};

describe('a search index saved by version 5', () => {
  const emoji = '🌍'.repeat(150); // 300 UTF-16 units: version 5 kept 200 of them.
  const cut = foldTag(emoji).slice(0, 200);

  it('is read, not rebuilt whole: a "＃" tag folded as now, a tag that may have been cut fed again', () => {
    expect(SNAPSHOT_VERSION).toBe(6);
    const back = decodeSnapshot(asVersion(5, [facts('a', ['#仕事', 'news']), facts('b', [cut]), facts('c', ['plain'])]), OPTS);
    expect(back.ok).toBe(true);
    if (!back.ok) return;
    const [a, b, c] = back.slots;
    expect(a!.tags).toEqual(['仕事', 'news']);
    expect(a!.rev).toBe('r1');
    expect(foldTag('＃仕事')).toBe('仕事');
    // Its version forgotten: the catch-up by version indexes it again, with the whole tag.
    expect(b!.rev).toBe('');
    expect(c).toEqual(facts('c', ['plain']));
  });

  it('a version-6 index keeps a 200-unit tag and its version; older versions are rebuilt', () => {
    const back = decodeSnapshot(asVersion(6, [facts('b', [cut])]), OPTS);
    expect(back.ok && back.slots[0]!.rev).toBe('r1');
    expect(decodeSnapshot(asVersion(4, [facts('b', [cut])]), OPTS)).toEqual({ ok: false, problem: 'outdated' });
  });
});
