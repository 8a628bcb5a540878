/**
 * Exact byte accounting of the extension's IndexedDB databases, from an extension page:
 * every object store's values (Uint8Array/ArrayBuffer byteLength; anything else the
 * UTF-8 length of JSON.stringify) and keys (UTF-8 length of string parts; 8 bytes per
 * number or date part; byteLength of binary parts). Secondary-index entries and the
 * browser's own overhead are not counted (navigator.storage.estimate() is reported
 * beside it for that).
 */
import type { Page } from 'puppeteer-core';

export interface StoreBytes {
  records: number;
  keyBytes: number;
  valueBytes: number;
}

export interface StorageReport {
  databases: Record<string, Record<string, StoreBytes>>;
  /** Automerge chunks split by document role (root vs clip documents) and chunk type (snapshot / incremental / …). */
  automerge: Record<string, StoreBytes>;
  automergeDocs: number;
  estimateUsage: number | null;
  estimateQuota: number | null;
  totalBytes: number;
}

export async function measureStorage(page: Page, rootDocId: string): Promise<StorageReport> {
  // Plain JS source: functions passed to page.evaluate get tsx's __name helpers, which pages lack.
  const src = `async (rootDocId) => {
    const enc = new TextEncoder();
    const keyLen = (k) => {
      if (Array.isArray(k)) return k.reduce((a, x) => a + keyLen(x), 0);
      if (typeof k === 'string') return enc.encode(k).length;
      if (typeof k === 'number' || k instanceof Date) return 8;
      if (k instanceof ArrayBuffer) return k.byteLength;
      if (ArrayBuffer.isView(k)) return k.byteLength;
      return 0;
    };
    const valLen = (v) => {
      if (v instanceof ArrayBuffer) return v.byteLength;
      if (ArrayBuffer.isView(v)) return v.byteLength;
      if (v === undefined) return 0;
      return enc.encode(JSON.stringify(v)).length;
    };
    const open = (name) =>
      new Promise((resolve, reject) => {
        const req = indexedDB.open(name);
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
    const add = (m, k, kb, vb) => {
      const e = (m[k] = m[k] || { records: 0, keyBytes: 0, valueBytes: 0 });
      e.records++;
      e.keyBytes += kb;
      e.valueBytes += vb;
    };
    const databases = {};
    const automerge = {};
    const docs = new Set();
    const existing = new Set((await indexedDB.databases()).map((d) => d.name));
    for (const name of ['commonplace-automerge', 'commonplace-index', 'commonplace-search']) {
      if (!existing.has(name)) continue;
      const db = await open(name);
      const stores = {};
      for (const store of Array.from(db.objectStoreNames)) {
        await new Promise((resolve, reject) => {
          const tx = db.transaction(store, 'readonly');
          const req = tx.objectStore(store).openCursor();
          req.onsuccess = () => {
            const c = req.result;
            if (!c) return;
            const kb = keyLen(c.primaryKey);
            const vb = valLen(c.value);
            add(stores, store, kb, vb);
            if (name === 'commonplace-automerge' && Array.isArray(c.primaryKey)) {
              const doc = String(c.primaryKey[0]);
              docs.add(doc);
              add(automerge, c.primaryKey.length < 2 ? 'other ' + doc : \`\${doc === rootDocId ? 'root' : 'clips'} \${String(c.primaryKey[1])}\`, kb, vb);
            }
            c.continue();
          };
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        });
      }
      db.close();
      databases[name] = stores;
    }
    const est = await navigator.storage.estimate().catch(() => ({}));
    let totalBytes = 0;
    for (const stores of Object.values(databases)) for (const s of Object.values(stores)) totalBytes += s.keyBytes + s.valueBytes;
    return { databases, automerge, automergeDocs: docs.size, estimateUsage: est.usage === undefined ? null : est.usage, estimateQuota: est.quota === undefined ? null : est.quota, totalBytes };
  }`;
  return page.evaluate(`(${src})(${JSON.stringify(rootDocId)})`) as Promise<StorageReport>;
}
