/**
 * Where an uploaded import file waits for the background job: one IndexedDB database of this
 * extension (`IMPORT_FILES_DB`), one object store, a record `{ id, name, bytes }` per file. The
 * options page puts it, the background reads it (again after a restart) and deletes it when the
 * job ends, or at once when it refuses the start (another import runs). Raw IndexedDB (no Dexie) so the options page stays small; the factory is passed in.
 */

/** The database's name. */
export const IMPORT_FILES_DB = 'commonplace-imports';
const STORE = 'files';

/** A stored upload. */
export interface StoredImportFile {
  readonly id: string;
  readonly name: string;
  readonly bytes: Uint8Array;
}

function open(idb: IDBFactory): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = idb.open(IMPORT_FILES_DB, 1);
    req.onupgradeneeded = () => void req.result.createObjectStore(STORE, { keyPath: 'id' });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('The import file store could not be opened.'));
  });
}

async function run<T>(idb: IDBFactory, mode: IDBTransactionMode, act: (store: IDBObjectStore) => IDBRequest): Promise<T> {
  const db = await open(idb);
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const req = act(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(req.result as T);
      tx.onerror = () => reject(tx.error ?? new Error('The import file store failed.'));
      tx.onabort = () => reject(tx.error ?? new Error('The import file store failed.'));
    });
  } finally {
    db.close();
  }
}

/** Stores an upload (replacing one with the same id), durably once this resolves. */
export async function putImportFile(idb: IDBFactory, file: StoredImportFile): Promise<void> {
  await run(idb, 'readwrite', (s) => s.put({ id: file.id, name: file.name, bytes: file.bytes }));
}

/** The stored upload with this id, or null. */
export async function getImportFile(idb: IDBFactory, id: string): Promise<StoredImportFile | null> {
  const got = await run<{ id: string; name: string; bytes: Uint8Array | ArrayBuffer } | undefined>(idb, 'readonly', (s) => s.get(id));
  if (!got) return null;
  return { id: got.id, name: got.name, bytes: got.bytes instanceof Uint8Array ? got.bytes : new Uint8Array(got.bytes) };
}

/** Deletes a stored upload (nothing if it is gone). */
export async function deleteImportFile(idb: IDBFactory, id: string): Promise<void> {
  await run(idb, 'readwrite', (s) => s.delete(id));
}
