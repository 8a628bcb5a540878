// @vitest-environment jsdom
/**
 * The side panel's first read of the list (extension/ui/list-prefetch.ts): started by a classic
 * script before the panel's modules load, left on the page, and taken once by the list's module;
 * a write the index announces after it started is remembered, so the list reads again.
 */
import 'fake-indexeddb/auto';
import { IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { DexieClipIndex, IndexDatabase } from '../../../src/index-db/dexie-clip-index';
import { INDEX_CHANGED_CHANNEL } from '../../../src/index-db/list-query';
import { leaveListPrefetch, startListPrefetch, takeListPrefetch } from '../../../extension/ui/list-prefetch';
import { saveFilter } from '../../../extension/ui/list-filter-store';
import { row } from '../index-db/clip-index-conformance';

describe('the list read before the side panel loads', () => {
  it('reads the first page of the filter the list was left on, is taken once, and hears writes announced after it started', async () => {
    const index = new DexieClipIndex(new IndexDatabase({ indexedDB, IDBKeyRange }));
    await index.putMany(Array.from({ length: 80 }, (_, i) => row(`c${String(i).padStart(4, '0')}`, 1_000 + i)));
    saveFilter({ state: 'all', tag: null });
    leaveListPrefetch();
    const early = takeListPrefetch();
    // Taken: a second take starts a read of its own.
    const second = takeListPrefetch();
    expect(second).not.toBe(early);
    second.close();
    expect(early.filter).toEqual({ state: 'all', tag: null });
    const read = await early.read!;
    expect('page' in read && read.page.map((r) => r.id)).toEqual(Array.from({ length: 50 }, (_, i) => `c${String(79 - i).padStart(4, '0')}`));
    expect(early.changedSince()).toBe(false);
    const announcer = new BroadcastChannel(INDEX_CHANGED_CHANNEL);
    announcer.postMessage({});
    for (let i = 0; i < 50 && !early.changedSince(); i++) await new Promise((r) => setTimeout(r, 10));
    expect(early.changedSince()).toBe(true);
    early.close();
    announcer.close();
  });

  it('is the read the list module starts from, when the first script left one', async () => {
    saveFilter({ state: 'unread', tag: null });
    const left = startListPrefetch();
    (globalThis as Record<string, unknown>).__commonplaceListPrefetch = left;
    const { initialFilter, firstPageRead } = await import('../../../extension/ui/use-clip-list');
    await firstPageRead;
    expect(initialFilter).toBe(left.filter);
    expect((globalThis as Record<string, unknown>).__commonplaceListPrefetch).toBeUndefined();
  });
});
