// @vitest-environment jsdom
/**
 * The virtualised list's rows (extension/ui/use-clip-list.ts) over an index in fake-indexeddb:
 * rows asked for while drawn, whose read ends after the list was scrolled far away (so they are
 * dropped, outside the rows kept), are asked for again when they are drawn again. Before the fix
 * they stayed "asked" for the rest of that list's life and were drawn as placeholders for ever
 * (the organise e2e's "the clip in the list", seen in clean-clone CI runs: a panel reopened where
 * it was left, in the middle of the list, then scrolled to its top).
 */
import 'fake-indexeddb/auto';
import { IDBKeyRange } from 'fake-indexeddb';
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it } from 'vitest';
import { DexieClipIndex, IndexDatabase } from '../../../src/index-db/dexie-clip-index';
import { row } from '../index-db/clip-index-conformance';

describe('the virtualised list, scrolled away while rows are read', () => {
  it('asks again for rows dropped while far away, once they are drawn again', async () => {
    await new DexieClipIndex(new IndexDatabase({ indexedDB, IDBKeyRange })).putMany(
      Array.from({ length: 800 }, (_, i) => row(`c${String(i).padStart(4, '0')}`, 1_000 + i)),
    );
    const { useClipList } = await import('../../../extension/ui/use-clip-list');
    let probe: ReturnType<typeof useClipList> | null = null;
    function Probe() {
      probe = useClipList({ state: 'all', tag: null });
      return null;
    }
    const root = document.createElement('div');
    document.body.append(root);
    await act(() => render(h(Probe, {}), root));
    const list = () => probe!;
    const until = async (ok: () => boolean, what: string) => {
      for (const end = Date.now() + 3_000; !ok(); ) {
        if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
        await act(() => new Promise<void>((r) => setTimeout(r, 10)));
      }
    };
    const drawn = (from: number, to: number) => list().data!.ids.slice(from, to + 1).every((id) => list().data!.rows.has(id));
    await until(() => !!list().data?.complete && list().data!.ids.length === 800, 'the whole list');

    // Far down: its rows are read; the top's (kept from the first read) are dropped.
    await act(() => list().want(500, 510, 500));
    await until(() => drawn(500, 510), 'the rows far down');
    // Back at the top, and away again before that read ends: the top's rows are dropped once more.
    await act(() => {
      list().want(0, 10, 0);
      list().want(500, 510, 500);
    });
    await act(() => new Promise<void>((r) => setTimeout(r, 100)));
    expect(drawn(0, 10)).toBe(false);
    // At the top again: asked again, and drawn.
    await act(() => list().want(0, 10, 0));
    await until(() => drawn(0, 10), 'the top rows drawn again');
    await act(() => render(null, root));
  });
});
