// @vitest-environment jsdom
/**
 * The list's whole read (extension/ui/use-clip-list.ts) is made once per filter and index epoch,
 * however often the list is mounted again meanwhile: typing a query unmounts it and emptying the
 * box mounts it again. Before the fix each mount started a read of its own while the earlier ones
 * ran on; at 10,000 clips, queries typed and cleared right after the panel opened started 36 reads
 * in 7 s, and the background's searches waited 100-400 ms behind them for the index database.
 */
import 'fake-indexeddb/auto';
import { IDBKeyRange } from 'fake-indexeddb';
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { DexieClipIndex, IndexDatabase } from '../../../src/index-db/dexie-clip-index';
import { row } from '../index-db/clip-index-conformance';

const scans = vi.hoisted(() => ({ started: 0 }));
vi.mock('../../../extension/ui/list-window', async (original) => {
  const real = await original<typeof import('../../../extension/ui/list-window')>();
  return { ...real, scanList: (...args: Parameters<typeof real.scanList>) => (scans.started++, real.scanList(...args)) };
});

describe('the whole list read, with the list mounted again and again while it runs', () => {
  it('is read once, and every mount gets it', async () => {
    await new DexieClipIndex(new IndexDatabase({ indexedDB, IDBKeyRange })).putMany(
      Array.from({ length: 2_000 }, (_, i) => row(`c${String(i).padStart(4, '0')}`, 1_000 + i)),
    );
    const { useClipList } = await import('../../../extension/ui/use-clip-list');
    const seen: Array<ReturnType<typeof useClipList>> = [];
    function Probe({ n }: { n: number }) {
      seen[n] = useClipList({ state: 'all', tag: null });
      return null;
    }
    const root = document.createElement('div');
    document.body.append(root);
    const until = async (ok: () => boolean, what: string) => {
      for (const end = Date.now() + 5_000; !ok(); ) {
        if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
        await act(() => new Promise<void>((r) => setTimeout(r, 2)));
      }
    };
    await act(() => render(h(Probe, { n: 0 }), root));
    await until(() => scans.started === 1, 'the whole read to start');
    // Unmounted (a query typed) and mounted again (the box emptied), four times, while it runs.
    for (let n = 1; n <= 4; n++) {
      await act(() => render(null, root));
      await act(() => render(h(Probe, { n }), root));
    }
    await until(() => seen[4]?.data?.complete === true, 'the last mount to have the whole list');
    expect(seen[4]!.data!.ids).toHaveLength(2_000);
    expect(scans.started).toBe(1);
    // Mounted again once it is read: the list kept, no read at all.
    await act(() => render(null, root));
    await act(() => render(h(Probe, { n: 5 }), root));
    expect(seen[5]!.data?.complete).toBe(true);
    await act(() => new Promise<void>((r) => setTimeout(r, 50)));
    expect(scans.started).toBe(1);
    await act(() => render(null, root));
  });
});
