/**
 * Review (index lookups): `findByUrl` answered the first row stored for a URL (in IndexedDB,
 * the lowest id), deleted clips and saved selections included. A page address with a deleted
 * clip, or a selection saved from it, beside its live clip then hid the live clip: an import of
 * the address made a second clip (or merged into the deleted one), and the popup and highlighter
 * (`liveRowForUrl`) took a saved page for an unsaved one.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { MemoryClipIndex, type ClipIndex } from '../../../src/index-db/clip-index';
import { DexieClipIndex, IndexDatabase } from '../../../src/index-db/dexie-clip-index';
import { row } from './clip-index-conformance';

const PAGE = 'https://example.com/post?id=9';

describe.each([
  ['MemoryClipIndex', (): ClipIndex => new MemoryClipIndex()],
  ['DexieClipIndex', (): ClipIndex => new DexieClipIndex(new IndexDatabase({ indexedDB: new IDBFactory(), IDBKeyRange }))],
])('findByUrl (%s)', (_name, make) => {
  it('answers the live clip of a page before a deleted one and before a selection saved from it', async () => {
    const index = make();
    // Ids sorted so the rows that must not win come first in IndexedDB's order.
    await index.putMany([
      row('a-deleted', 1, { url: 'https://example.com/posts/nine', pageUrl: PAGE, deletedAt: 5 }),
      row('b-selection', 2, { kind: 'selection', key: 'selection-key', url: 'https://example.com/2026/nine', pageUrl: PAGE }),
      row('c-page', 3, { url: 'https://example.com/2026/nine', pageUrl: PAGE }),
    ]);
    expect((await index.findByUrl(PAGE))?.id).toBe('c-page');
    await index.remove(['c-page']);
    expect((await index.findByUrl(PAGE))?.id).toBe('b-selection');
    await index.remove(['b-selection']);
    expect((await index.findByUrl(PAGE))?.id).toBe('a-deleted');
    // A row filed under the URL itself is still found.
    await index.put(row('d-canonical', 4, { url: PAGE, pageUrl: 'https://example.com/elsewhere' }));
    expect((await index.findByUrl(PAGE))?.id).toBe('d-canonical');
  });
});
