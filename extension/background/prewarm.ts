/**
 * The first module the background evaluates (the entrypoint imports it first; it imports
 * nothing). A stopped service worker's first IndexedDB open completes ~290-340 ms after the
 * worker starts on the build machine (under load; the rest of the script takes ~100-150 ms to
 * evaluate): opening the index database here, first, lets the two overlap, so the answers that
 * read the index before the library opens (early.ts: is this page saved?) and the check of
 * the coverage record come sooner. Never creates the database (an upgrade is aborted: that is
 * the library's to make).
 */
export const indexedDbWarm: Promise<void> =
  typeof indexedDB === 'undefined'
    ? Promise.resolve()
    : new Promise<void>((resolve) => {
        try {
          const req = indexedDB.open('commonplace-index');
          req.onupgradeneeded = () => req.transaction?.abort();
          req.onsuccess = () => (req.result.close(), resolve());
          req.onerror = () => resolve();
          req.onblocked = () => resolve();
        } catch {
          resolve();
        }
      });
