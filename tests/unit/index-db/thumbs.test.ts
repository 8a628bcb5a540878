import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { openThumbs, readThumbs, THUMBS_DB_NAME, writeThumbs } from '../../../src/index-db/thumbs';

describe('the thumbnails database', () => {
  it('is never made by a page, only by the background; records are written and read back whole', async () => {
    const idb = new IDBFactory();
    expect(await openThumbs(idb, false)).toBeNull();
    const db = (await openThumbs(idb, true))!;
    await writeThumbs(db, [
      { id: 'a', key: 'r@1', type: 'image/webp', data: new Uint8Array([1, 2, 3]) },
      { id: 'b', key: '', type: null, data: null },
    ]);
    const got = await readThumbs(db, ['a', 'b', 'missing']);
    expect([...got.keys()]).toEqual(['a', 'b']);
    expect(got.get('a')).toEqual({ id: 'a', key: 'r@1', type: 'image/webp', data: new Uint8Array([1, 2, 3]) });
    expect(got.get('b')).toEqual({ id: 'b', key: '', type: null, data: null });
    // A page opens it once it exists.
    const page = (await openThumbs(idb, false))!;
    expect((await readThumbs(page, ['a'])).size).toBe(1);
    page.close();
    db.close();
  });

  it('skips a damaged record rather than failing the list', async () => {
    const idb = new IDBFactory();
    const db = (await openThumbs(idb, true))!;
    await new Promise<void>((resolve) => {
      const tx = db.transaction('thumbs', 'readwrite');
      tx.objectStore('thumbs').put({ id: 'x', key: 'k', type: 'text/html', data: new Uint8Array([1]) });
      tx.objectStore('thumbs').put({ id: 'y', key: 3, type: null, data: null });
      tx.oncomplete = () => resolve();
    });
    expect((await readThumbs(db, ['x', 'y'])).size).toBe(0);
    expect(THUMBS_DB_NAME).toBe('commonplace-thumbs');
    db.close();
  });

  it('tells the caller when another context deletes it, so that a new connection is opened', async () => {
    const idb = new IDBFactory();
    let closed = 0;
    const db = (await openThumbs(idb, true, () => closed++))!;
    await writeThumbs(db, [{ id: 'a', key: 'k', type: null, data: null }]);
    await new Promise<void>((resolve, reject) => {
      const req = idb.deleteDatabase(THUMBS_DB_NAME);
      req.onsuccess = () => resolve();
      req.onblocked = () => reject(new Error('blocked'));
    });
    expect(closed).toBe(1);
    await expect(readThumbs(db, ['a'])).rejects.toThrow();
    const again = (await openThumbs(idb, true))!;
    expect((await readThumbs(again, ['a'])).size).toBe(0);
    again.close();
  });
});
