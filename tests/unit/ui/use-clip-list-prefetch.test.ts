// @vitest-environment jsdom
/**
 * The list read whole as the side panel loads (extension/ui/use-clip-list.ts; a panel reopened
 * scrolled down reads every id at once, so it opens where it was left) is a read of that moment.
 * A later mount (the way back from the reader) must not take it as current when the index
 * announced a write since: before the fix it did, and a clip archived in the reader stayed in
 * the "All" list, drawn as archived (its row, read later, was current; its place was not). That
 * was the organise e2e's "the clip gone from the list", seen in clean-clone CI runs.
 */
import 'fake-indexeddb/auto';
import { IDBKeyRange } from 'fake-indexeddb';
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it } from 'vitest';
import { DexieClipIndex, IndexDatabase } from '../../../src/index-db/dexie-clip-index';
import { saveListPosition } from '../../../extension/ui/last-view';
import { saveFilter } from '../../../extension/ui/list-filter-store';
import { row } from '../index-db/clip-index-conformance';

const settle = (ms: number) => act(() => new Promise<void>((r) => setTimeout(r, ms)));

describe('the list read as the panel loads', () => {
  it('is not taken again, once the index announced a write, by a later mount', async () => {
    const index = new DexieClipIndex(new IndexDatabase({ indexedDB, IDBKeyRange }));
    const rows = Array.from({ length: 300 }, (_, i) => row(`c${String(i).padStart(4, '0')}`, 1_000 + i));
    await index.putMany(rows);
    const newest = rows.at(-1)!;
    // Left scrolled down, in "All": the module reads the whole list as it loads.
    const all = { state: 'all', tag: null } as const;
    saveFilter(all);
    saveListPosition({ filter: all, top: 200, topId: null, active: 200, activeId: null });
    const { useClipList, firstPageRead } = await import('../../../extension/ui/use-clip-list');
    await firstPageRead;

    let probe: ReturnType<typeof useClipList> | null = null;
    function Probe() {
      probe = useClipList(all);
      return null;
    }
    const root = document.createElement('div');
    document.body.append(root);
    await act(() => render(h(Probe, {}), root));
    await settle(50);
    expect(probe!.data?.complete).toBe(true);
    expect(probe!.data!.ids[0]).toBe(newest.id);
    // The reader replaces the list; the clip is archived there.
    await act(() => render(null, root));
    await index.put({ ...newest, archivedAt: 5_000 });
    await settle(50);
    // Back to the list: it no longer holds the archived clip.
    await act(() => render(h(Probe, {}), root));
    for (const end = Date.now() + 3_000; probe!.data?.ids.includes(newest.id) && Date.now() < end; ) await settle(10);
    expect(probe!.data!.ids).not.toContain(newest.id);
    expect(probe!.data!.ids).toHaveLength(299);
    await act(() => render(null, root));
  });
});
