// @vitest-environment jsdom
/**
 * The list's pictures: read from the thumbnails database for the rows drawn, checked with the
 * background once the rows stay, read again where it says so. A missing database is not opened
 * again after every render (each such open runs and aborts an upgrade: in bench:library, one after
 * each of 168 searches put search p95 over its target); it is tried again once the background was asked.
 */
import 'fake-indexeddb/auto';
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openThumbs, THUMBS_DB_NAME, writeThumbs } from '../../../src/index-db/thumbs';

const asked: string[][] = [];
vi.mock('../../../extension/messaging', () => ({
  background: vi.fn(async (_method: string, params: { clipIds: string[] }) => {
    asked.push(params.clipIds);
    // The background makes the database and a picture for `a`.
    const db = (await openThumbs(indexedDB, true))!;
    await writeThumbs(db, [{ id: 'a', key: 'r@1', type: 'image/webp', data: new Uint8Array([1, 2]) }, { id: 'b', key: '', type: null, data: null }]);
    db.close();
    return { ok: true, value: { changed: ['a'] } };
  }),
}));

const { useThumbs } = await import('../../../extension/ui/use-thumbs');

let api: ReturnType<typeof useThumbs>;
function Probe() {
  api = useThumbs();
  return null;
}
const wait = (ms: number) => act(() => new Promise<void>((r) => setTimeout(r, ms)));

let root: HTMLElement;
beforeEach(() => {
  asked.length = 0;
  URL.createObjectURL = vi.fn(() => `blob:thumb-${Math.random()}`);
  URL.revokeObjectURL = vi.fn();
  root = document.body.appendChild(document.createElement('div'));
});
afterEach(async () => {
  await act(() => render(null, root));
  root.remove();
});

describe('the list thumbnails', () => {
  it('opens a missing database once, asks the background after the rows settle, then shows what it made', async () => {
    const open = vi.spyOn(indexedDB, 'open');
    await act(() => render(h(Probe, {}), root));
    api.want(['a', 'b']);
    await wait(20);
    for (let i = 0; i < 5; i++) (api.want(['a', 'b']), await wait(5));
    expect(open).toHaveBeenCalledTimes(1);
    expect(api.urlOf('a')).toBeUndefined();
    await wait(600);
    expect(asked).toEqual([['a', 'b']]);
    expect(api.urlOf('a')).toMatch(/^blob:thumb-/);
    expect(api.urlOf('b')).toBeUndefined();
    // Asked once per clip.
    api.want(['a', 'b']);
    await wait(600);
    expect(asked).toHaveLength(1);
    open.mockRestore();
  });

  it('opens the database again after another context deleted it, and reads the pictures made since', async () => {
    const drop = () =>
      new Promise<void>((resolve, reject) => {
        const req = indexedDB.deleteDatabase(THUMBS_DB_NAME);
        req.onsuccess = () => resolve();
        req.onerror = () => reject(req.error);
        req.onblocked = () => reject(new Error('blocked: a connection was kept open'));
      });
    const make = async (id: string) => {
      const db = (await openThumbs(indexedDB, true))!;
      await writeThumbs(db, [{ id, key: 'r@1', type: 'image/webp', data: new Uint8Array([7]) }]);
      db.close();
    };
    await drop();
    await make('p');
    await act(() => render(h(Probe, {}), root));
    api.want(['p']);
    await wait(30);
    expect(api.urlOf('p')).toMatch(/^blob:thumb-/);
    // The background's database is deleted (a reset) and made again, with a picture for a row shown next.
    await drop();
    await make('q');
    api.want(['p', 'q']);
    await wait(30);
    expect(api.urlOf('q')).toMatch(/^blob:thumb-/);
  });
});
