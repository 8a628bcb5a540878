import { beforeEach, describe, expect, it } from 'vitest';
import { SearchIndex } from '../../../src/search/search-index';
import { streamOf } from '../../../src/search/snapshot';
import type { SearchIndexStore } from '../../../src/search/store';
import { clip } from './helpers';

/** The contract every SearchIndexStore must meet (src/search/store.ts), run against each implementation. */
export function runSearchStoreTests(name: string, make: () => Promise<SearchIndexStore>): void {
  describe(`SearchIndexStore conformance (${name})`, () => {
    let store: SearchIndexStore;
    beforeEach(async () => {
      store = await make();
    });

    it('loads null when nothing was saved', async () => {
      expect(await store.load()).toBeNull();
    });

    it('round-trips a snapshot chunk for chunk', async () => {
      const ix = new SearchIndex({ cjk: 'bigram' });
      ix.add(clip('a', { title: 'Hello world', tags: ['x'] }));
      const snap = ix.snapshot();
      await store.save(ix.snapshotStream());
      const back = await store.load();
      expect(back).toEqual({ header: snap.header, chunks: snap.chunks });
      const r = SearchIndex.restore(back, { cjk: 'bigram' });
      expect(r.ok && r.index.search('hello').hits.map((h) => h.id)).toEqual(['a']);
    });

    it('replaces the whole snapshot on save (fewer chunks leave none behind)', async () => {
      const header = (n: number) => ({ format: 'f', version: 1, textChars: 1, cjk: 'bigram' as const, clips: 0, chunks: Array.from({ length: n }, () => ({ chars: 1, hash: 0 })) });
      await store.save(streamOf({ header: header(3), chunks: ['a', 'b', 'c'] }));
      await store.save(streamOf({ header: header(1), chunks: ['z'] }));
      expect(await store.load()).toEqual({ header: header(1), chunks: ['z'] });
    });

    it('puts, replaces, gets and deletes texts', async () => {
      await store.putTexts([{ id: 'a', text: 'one' }, { id: 'b', text: 'two' }]);
      await store.putTexts([{ id: 'a', text: 'uno' }]);
      expect(await store.getTexts(['a', 'b', 'missing'])).toEqual(new Map([['a', 'uno'], ['b', 'two']]));
      await store.deleteTexts(['a']);
      expect(await store.getTexts(['a', 'b'])).toEqual(new Map([['b', 'two']]));
      await store.putTexts([]);
      await store.deleteTexts([]);
      expect(await store.getTexts([])).toEqual(new Map());
    });

    it('clears the snapshot and every text', async () => {
      await store.save(new SearchIndex({ cjk: 'bigram' }).snapshotStream());
      await store.putTexts([{ id: 'a', text: 'one' }]);
      await store.clear();
      expect(await store.load()).toBeNull();
      expect(await store.getTexts(['a'])).toEqual(new Map());
    });
  });
}
