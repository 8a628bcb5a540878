/**
 * Found hunting full-disk bugs: a clip is indexed in memory before its snippet text is stored,
 * and when that store write failed (the disk full) the clip stayed in the index with its version.
 * The next snapshot saved (once space was freed, or a small one that still fitted) then claimed
 * it current, so the next open's catch-up by version never fed it again and its text was missing
 * for good: no passage marked in its results, and phrase queries let it through unchecked.
 * Now a clip whose text was not stored is kept searchable but not counted current
 * (`SearchIndex.forgetRev`), so the next open feeds it again.
 */
import { describe, expect, it } from 'vitest';
import { ClipSearch } from '../../../src/search/clip-search';
import { MemorySearchIndexStore } from '../../../src/search/store';
import { clip } from './helpers';

/** A memory store whose text writes fail while `full`, as IndexedDB's do on a full disk. */
class FullTexts extends MemorySearchIndexStore {
  full = false;
  override async putTexts(texts: readonly { id: string; text: string }[]): Promise<void> {
    if (this.full) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    return super.putTexts(texts);
  }
}

const opts = { cjk: 'bigram' as const };

describe('a snippet text the full disk refused', () => {
  it('is not saved as current in the snapshot: the next open feeds the clip again', async () => {
    const store = new FullTexts();
    const search = await ClipSearch.open(store, opts);
    await search.rebuild([clip('kept', { title: 'Kept', text: 'an old lighthouse', rev: 'k1' })]);
    store.full = true;
    await expect(search.upsert(clip('new', { title: 'New', text: 'the keeper of the lighthouse', rev: 'n1' }))).rejects.toThrow(/quota/);
    await expect(search.upsertAll([clip('kept', { title: 'Kept', text: 'a lighthouse painted red', rev: 'k2' })])).rejects.toThrow(/quota/);
    // Still found now, from memory.
    expect((await search.search('keeper')).hits.map((h) => h.id)).toEqual(['new']);
    store.full = false;
    await search.save();
    const reopened = await ClipSearch.open(store, opts);
    expect(reopened.status).toBe('ready');
    // Not the versions fed while the disk was full: the catch-up by version feeds them again, and stores their texts.
    expect(reopened.memory.revOf('new')).not.toBe('n1');
    expect(reopened.memory.revOf('kept')).not.toBe('k2');
    expect((await store.getTexts(['new'])).size).toBe(0);
  });

  it('a text stored on a later try makes the clip current again', async () => {
    const store = new FullTexts();
    const search = await ClipSearch.open(store, opts);
    await search.rebuild([]);
    store.full = true;
    await expect(search.upsert(clip('a', { title: 'A', text: 'words', rev: 'a1' }))).rejects.toThrow(/quota/);
    store.full = false;
    await search.upsert(clip('a', { title: 'A', text: 'words', rev: 'a1' }));
    await search.save();
    expect((await ClipSearch.open(store, opts)).memory.revOf('a')).toBe('a1');
  });
});
