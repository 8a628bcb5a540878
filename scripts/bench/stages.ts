/**
 * Stage timing of the background, from the outside: wraps, in the service worker's
 * global scope (through CDP), the browser APIs the save path calls —
 * `chrome.tabs.get`, `chrome.scripting.executeScript`, `chrome.tabs.sendMessage`
 * (hello / extractPage to the content script), and every IndexedDB transaction (its
 * database, stores, puts and bytes, creation → `complete`). Nothing in src/ or
 * entrypoints/ is changed; webextension-polyfill reads `chrome.*` methods at call
 * time, so the wrappers see the extension's calls. Times are absolute
 * (performance.timeOrigin + performance.now()), comparable with an extension page's.
 *
 * Also aggregates IndexedDB writes by kind (root document / clip documents / index)
 * for the library benchmark.
 */
import type { CDPSession } from 'puppeteer-core';
import { evalInWorker } from './browser';

const INSTALL = (rootDocId: string) => `(() => {
  if (globalThis.__cpStages) return 'already';
  const now = () => performance.timeOrigin + performance.now();
  const st = globalThis.__cpStages = { log: [], keepLog: true, agg: {}, rootSnapshots: [], rootDeletes: 0, rootIncrementals: 0, rootDocId: ${JSON.stringify(rootDocId)} };
  const aggAdd = (kind, ms, bytes, puts, dels) => {
    const a = st.agg[kind] || (st.agg[kind] = { tx: 0, ms: 0, bytes: 0, puts: 0, dels: 0, maxBytes: 0, maxMs: 0 });
    a.tx++; a.ms += ms; a.bytes += bytes; a.puts += puts; a.dels += dels; if (bytes > a.maxBytes) a.maxBytes = bytes; if (ms > a.maxMs) a.maxMs = ms;
  };
  const wrap = (obj, name, label) => {
    const orig = obj[name];
    if (typeof orig !== 'function') return;
    obj[name] = function (...args) {
      const rec = { label, t0: now(), t1: null };
      if (label === 'tabs.sendMessage') rec.detail = args[1] && args[1].method;
      if (st.keepLog) st.log.push(rec);
      let p;
      try { p = orig.apply(this, args); } catch (e) { rec.t1 = now(); throw e; }
      if (p && typeof p.then === 'function') p.then(() => (rec.t1 = now()), () => (rec.t1 = now(), rec.failed = true));
      else rec.t1 = now();
      return p;
    };
  };
  wrap(chrome.tabs, 'get', 'tabs.get');
  wrap(chrome.tabs, 'sendMessage', 'tabs.sendMessage');
  wrap(chrome.scripting, 'executeScript', 'scripting.executeScript');
  // Dexie binds IDBDatabase#transaction when it opens (before we get here), so transactions are
  // also picked up lazily by the first request made on them (put/get/count/…), which Dexie issues at once.
  const txs = new WeakMap();
  const track = (t, dbName, stores, mode) => {
    let rec = txs.get(t);
    if (rec) return rec;
    rec = { label: 'idb', db: dbName, stores: String(stores), mode: mode || 'readonly', t0: now(), t1: null, puts: 0, dels: 0, bytes: 0, docs: [] };
    txs.set(t, rec);
    if (st.keepLog) st.log.push(rec);
    const done = () => {
      rec.t1 = now();
      if (rec.mode !== 'readwrite') return;
      const kind = rec.db === 'commonplace-automerge' ? (rec.docs.includes('commonplace') && rec.docs.length === 1 ? 'journal' : rec.docs.length && rec.docs.every((d) => d === st.rootDocId) ? 'root' : 'clip') : rec.db;
      aggAdd(kind, rec.t1 - rec.t0, rec.bytes, rec.puts, rec.dels);
    };
    t.addEventListener('complete', done);
    t.addEventListener('abort', () => { rec.aborted = true; done(); });
    return rec;
  };
  const origTx = IDBDatabase.prototype.transaction;
  IDBDatabase.prototype.transaction = function (stores, mode, opts) {
    const t = origTx.call(this, stores, mode, opts);
    track(t, this.name, stores, mode);
    return t;
  };
  const recOf = (store) => { const t = store.transaction; return track(t, t.db.name, Array.from(t.objectStoreNames), t.mode); };
  // Cheap on purpose (it runs inside the timed writes): binary length, or the sum over an object's fields.
  const size = (v, depth = 0) => {
    if (v == null) return 0;
    if (v instanceof ArrayBuffer) return v.byteLength;
    if (ArrayBuffer.isView(v)) return v.byteLength;
    if (typeof v === 'string') return v.length;
    if (typeof v !== 'object' || depth > 4) return 8;
    let n = 0;
    for (const k in v) n += k.length + size(v[k], depth + 1);
    return n;
  };
  const docOf = (key) => (Array.isArray(key) ? key[0] : undefined);
  for (const m of ['put', 'add']) {
    const orig = IDBObjectStore.prototype[m];
    IDBObjectStore.prototype[m] = function (value, key) {
      const rec = recOf(this);
      rec.puts++;
      rec.bytes += size(value);
      const d = docOf(key);
      if (d !== undefined && !rec.docs.includes(d)) rec.docs.push(d);
      if (d === st.rootDocId && key[1] === 'snapshot') st.rootSnapshots.push({ at: now(), bytes: size(value) });
      if (d === st.rootDocId && key[1] === 'incremental') st.rootIncrementals++;
      return orig.apply(this, arguments);
    };
  }
  const origDel = IDBObjectStore.prototype.delete;
  IDBObjectStore.prototype.delete = function (key) {
    const rec = recOf(this);
    rec.dels++;
    const d = docOf(key instanceof IDBKeyRange ? key.lower : key);
    if (d !== undefined && !rec.docs.includes(d)) rec.docs.push(d);
    if (d === st.rootDocId) st.rootDeletes++;
    return origDel.apply(this, arguments);
  };
  for (const m of ['get', 'getAll', 'getAllKeys', 'count', 'openCursor', 'openKeyCursor']) {
    for (const proto of [IDBObjectStore.prototype, IDBIndex.prototype]) {
      const orig = proto[m];
      if (typeof orig !== 'function') continue;
      proto[m] = function () {
        recOf(this instanceof IDBIndex ? this.objectStore : this);
        return orig.apply(this, arguments);
      };
    }
  }
  return 'installed';
})()`;

export interface StageEvent {
  label: 'tabs.get' | 'tabs.sendMessage' | 'scripting.executeScript' | 'idb';
  t0: number;
  t1: number | null;
  detail?: string;
  db?: string;
  stores?: string;
  mode?: string;
  puts?: number;
  dels?: number;
  bytes?: number;
  docs?: string[];
  failed?: boolean;
}

export interface StageAgg {
  tx: number;
  ms: number;
  bytes: number;
  puts: number;
  dels: number;
  maxBytes: number;
  maxMs: number;
}

export interface RootWrites {
  /** Compactions of the root document: a full snapshot written (absolute time, bytes). */
  rootSnapshots: { at: number; bytes: number }[];
  /** Chunks of the root removed (each compaction removes the chunks it replaces, one transaction each). */
  rootDeletes: number;
  rootIncrementals: number;
}

export async function installStages(cdp: CDPSession, rootDocId: string, keepLog = true): Promise<void> {
  await evalInWorker(cdp, INSTALL(rootDocId));
  await evalInWorker(cdp, `globalThis.__cpStages.keepLog = ${keepLog}`);
}

/** Returns and clears the event log and the aggregates. */
export async function takeStages(cdp: CDPSession): Promise<{ log: StageEvent[]; agg: Record<string, StageAgg> } & RootWrites> {
  return evalInWorker(
    cdp,
    `(() => { const s = globalThis.__cpStages; const out = { log: s.log, agg: s.agg, rootSnapshots: s.rootSnapshots, rootDeletes: s.rootDeletes, rootIncrementals: s.rootIncrementals }; s.log = []; s.agg = {}; s.rootSnapshots = []; s.rootDeletes = 0; s.rootIncrementals = 0; return out; })()`,
  );
}

/** `automerge:<id>` → `<id>` */
export const docIdOf = (url: string): string => url.replace(/^automerge:/, '');

export interface SaveStages {
  /** request sent (page) → first API call in the worker (message delivery, services(), zod validation) */
  toWorker: number;
  tabsGet: number;
  /** scripting.executeScript: the content script extracts and answers (one call when it is loaded) */
  extract: number;
  /** extraction answered → journal transaction starts (validation, filing, the record and the row) */
  prepare: number;
  /** the capture's journal record: one strict transaction (creation → complete) */
  journalTx: number;
  /** the index row, beside the journal (Dexie, relaxed), first start → last complete */
  indexIdb: number;
  /** journal and row written → answer at the page (response validation, messaging back) */
  toPage: number;
  total: number;
  /** after the answer: until the clip's documents are written (Automerge change and save, one strict batch) */
  documentsAfter: number;
  journalBytes: number;
  clipDocBytes: number;
  rootDocBytes: number;
}

/**
 * Splits one save's wall time (page-side t0/t1, absolute ms) into stages from the worker's
 * event log, which must also hold the writes after the answer (take it once the background
 * has settled).
 */
export function splitSave(events: StageEvent[], t0: number, t1: number, rootDocId: string): SaveStages {
  const all = events.filter((e) => e.t0 >= t0 - 1).sort((a, b) => a.t0 - b.t0);
  const ev = all.filter((e) => e.t0 <= t1);
  const end = (e: StageEvent | undefined) => (e ? (e.t1 ?? e.t0) : NaN);
  const sum = (xs: StageEvent[]) => xs.reduce((a, e) => a + (end(e) - e.t0), 0);
  const span = (xs: StageEvent[]) => (xs.length ? Math.max(...xs.map(end)) - Math.min(...xs.map((e) => e.t0)) : NaN);
  const isJournal = (e: StageEvent) => e.label === 'idb' && e.db === 'commonplace-automerge' && e.mode === 'readwrite' && !!e.docs?.includes('commonplace') && (e.puts ?? 0) > 0 && e.docs.length === 1;
  const tabsGet = ev.filter((e) => e.label === 'tabs.get');
  const extract = ev.filter((e) => e.label === 'scripting.executeScript');
  const journal = ev.filter(isJournal);
  const idx = ev.filter((e) => e.label === 'idb' && e.db === 'commonplace-index' && e.mode === 'readwrite');
  // The documents' batch: after the answer, the transaction that puts chunks.
  const batch = all.filter((e) => e.t0 >= t1 - 1 && e.label === 'idb' && e.db === 'commonplace-automerge' && e.mode === 'readwrite' && (e.puts ?? 0) > 0 && !isJournal(e));
  const first = ev[0];
  const extractEnd = extract.length ? Math.max(...extract.map(end)) : NaN;
  const durable = Math.max(...[...journal, ...idx].map(end));
  const bytesOf = (pred: (d: string) => boolean) => batch.reduce((a, e) => a + (e.docs?.some(pred) ? (e.bytes ?? 0) : 0), 0);
  return {
    toWorker: first ? first.t0 - t0 : NaN,
    tabsGet: sum(tabsGet),
    extract: sum(extract),
    prepare: journal.length ? journal[0]!.t0 - extractEnd : NaN,
    journalTx: span(journal),
    indexIdb: span(idx),
    toPage: Number.isFinite(durable) ? t1 - durable : NaN,
    total: t1 - t0,
    documentsAfter: batch.length ? Math.max(...batch.map(end)) - t1 : NaN,
    journalBytes: journal.reduce((a, e) => a + (e.bytes ?? 0), 0),
    clipDocBytes: bytesOf((d) => d !== rootDocId && d !== 'commonplace'),
    rootDocBytes: bytesOf((d) => d === rootDocId),
  };
}
