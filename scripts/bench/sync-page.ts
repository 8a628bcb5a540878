/**
 * bench:sync's page-side code, as plain JS source evaluated in each browser's control page
 * (an extension page, so it shares the extension's origin: its IndexedDB and its broadcast
 * channels). Timings are taken in the page, so puppeteer's round trips never count:
 *
 * - `__cpw.watch*(name, …)` start a watcher that checks a condition on every broadcast of
 *   the relevant channel and on a short timer, and records `marks[name] = { at, wall, via,
 *   value }` the first time it holds (`at`: performance.timeOrigin + now, comparable with
 *   `call`'s `at` from the same page; `wall`: Date.now(), comparable across browsers).
 *   Node polls `__cpw.marks` (cheap) and never waits on a long evaluation.
 * - The index is read straight from IndexedDB (`commonplace-index`, stores `clips`, and
 *   `meta` and `preview` for a joining browser's previewed rows), as the side panel's list
 *   does, so watching it costs the background nothing.
 * - `__cpw.saveBatch` saves clips with `saveExtracted` in a loop inside the page (as
 *   bench-library's batch runner does) and returns their ids.
 */
import { INDEX_CHANGED_CHANNEL, INDEX_DB_NAME, LIVE_BY_DATE } from '../../src/index-db/list-query';
import { PREVIEW_STAMP, PREVIEW_STORE } from '../../src/index-db/list-preview';
import { SYNC_STATUS_CHANNEL } from '../../src/sync/settings';
import type { SyncStatus } from '../../src/sync/settings';
import type { Page } from 'puppeteer-core';
import { PAGE_SEND, sleep, TimeoutError } from './browser';

export const WATCHERS = `window.__cpw = (() => {
  const send = ${PAGE_SEND};
  const marks = {};
  const now = () => performance.timeOrigin + performance.now();
  // Every sync status the background broadcasts: [at, state, done, total, connected servers].
  const timeline = [];
  new BroadcastChannel(${JSON.stringify(SYNC_STATUS_CHANNEL)}).onmessage = (ev) => {
    const s = ev.data || {};
    timeline.push([now(), s.state, s.progress ? s.progress.done : null, s.progress ? s.progress.total : null, (s.servers || []).filter((x) => x.state === 'connected').length]);
  };
  let db = null;
  const openIdx = () => new Promise((resolve) => {
    if (db) return resolve(db);
    const r = indexedDB.open(${JSON.stringify(INDEX_DB_NAME)});
    r.onupgradeneeded = () => r.transaction && r.transaction.abort();
    r.onsuccess = () => { db = r.result; db.onversionchange = () => { db.close(); db = null; }; db.onclose = () => { db = null; }; resolve(db); };
    r.onerror = () => resolve(null);
  });
  const req = (q) => new Promise((resolve, reject) => { q.onsuccess = () => resolve(q.result); q.onerror = () => reject(q.error); });
  const store = async () => {
    const d = await openIdx();
    if (!d || !d.objectStoreNames.contains('clips')) return null;
    try { return d.transaction('clips', 'readonly').objectStore('clips'); } catch (e) { db = null; return null; }
  };
  // The list's length as the side panel's list reads it (src/index-db/list-preview.ts): the live rows, and a joining
  // browser's previewed rows that the clips store does not hold (the preview's rows read again only when its stamp changes).
  let preview = null;
  const liveCount = async () => {
    const d = await openIdx();
    if (!d || !d.objectStoreNames.contains('clips')) return 0;
    let tx;
    try { tx = d.transaction(['clips', 'meta', ${JSON.stringify(PREVIEW_STORE)}].filter((s) => d.objectStoreNames.contains(s)), 'readonly'); } catch (e) { db = null; return 0; }
    const st = tx.objectStore('clips');
    if (!st.indexNames.contains(${JSON.stringify(LIVE_BY_DATE)})) return 0;
    const live = req(st.index(${JSON.stringify(LIVE_BY_DATE)}).count(IDBKeyRange.bound([1, -Infinity], [1, Infinity])));
    if (!tx.objectStoreNames.contains(${JSON.stringify(PREVIEW_STORE)})) return live;
    const stamp = ((await req(tx.objectStore('meta').get(${JSON.stringify(PREVIEW_STAMP)}))) || {}).v;
    if (typeof stamp !== 'string') return live;
    if (!preview || preview.stamp !== stamp) {
      const parts = await req(tx.objectStore(${JSON.stringify(PREVIEW_STORE)}).getAll());
      // The text is parsed here as the side panel parses it (parseListRows: the rows are checked there too, which this count does not repeat).
      // The text's parts in order, joined (src/index-db/list-preview.ts, partRows).
      const pieces = parts.sort((a, b) => a.part - b.part).filter((p) => p.json instanceof Uint8Array).map((p) => p.json);
      const text = new Uint8Array(pieces.reduce((n, p) => n + p.length, 0));
      pieces.reduce((at, p) => (text.set(p, at), at + p.length), 0);
      const rows = [...(pieces.length ? JSON.parse(new TextDecoder().decode(text)) : []), ...parts.flatMap((p) => (p.json ? [] : p.rows || []))];
      preview = { stamp, ids: [...new Set(rows.filter((r) => r && r.deletedAt === null).map((r) => r.id))] };
    }
    const have = new Set(await req(st.getAllKeys()));
    return (await live) + preview.ids.filter((id) => !have.has(id)).length;
  };
  const row = async (id) => { const st = await store(); return st ? req(st.get(id)) : undefined; };
  const call = async (method, params, timeoutMs) => {
    const r = await send({ cp: 1, to: 'background', method, params }, timeoutMs || 30000);
    if (r.timedOut) throw new Error(method + ': no answer');
    if (r.thrown !== undefined) throw new Error(method + ': ' + r.thrown);
    if (!r.answer || !r.answer.ok) throw new Error(method + ': ' + JSON.stringify(r.answer && r.answer.error));
    return r.answer.value;
  };
  /** Runs check(data) on each broadcast of channel and every pollMs; marks name the first time it returns a truthy value. */
  const watch = (name, channel, pollMs, check) => {
    let done = false, running = false, again = null;
    delete marks[name];
    const chan = new BroadcastChannel(channel);
    const run = async (via, data) => {
      if (done) return;
      if (running) { again = [via, data]; return; }
      running = true;
      try {
        const v = await check(data);
        if (v && !done) { done = true; marks[name] = { at: now(), wall: Date.now(), via, value: v }; stop(); }
      } catch (e) { marks[name + ':error'] = String((e && e.message) || e); }
      finally {
        running = false;
        if (again && !done) { const a = again; again = null; run(a[0], a[1]); }
      }
    };
    const timer = setInterval(() => run('poll'), pollMs);
    chan.onmessage = (ev) => run('broadcast', ev.data);
    const stop = () => { clearInterval(timer); chan.close(); };
    run('start');
    return true;
  };
  return {
    marks,
    timeline,
    call,
    /** The list (live index rows) holds at least n clips. */
    watchCount: (name, n, pollMs) => watch(name, ${JSON.stringify(INDEX_CHANGED_CHANNEL)}, pollMs || 20, async () => { const c = await liveCount(); marks[name + ':count'] = c; return c >= n ? c : 0; }),
    /** The index row of clip id is read (readAt set) or unread (readAt null). */
    watchRead: (name, id, read, pollMs) => watch(name, ${JSON.stringify(INDEX_CHANGED_CHANNEL)}, pollMs || 5, async () => { const r = await row(id); return r && ((r.readAt !== null && r.readAt !== undefined) === read) ? { readAt: r.readAt } : null; }),
    /**
     * Sync status: synced, every server connected, a pass finished without failures after since
     * (ms since epoch), and its progress complete over at least minTotal documents.
     */
    watchSynced: (name, since, minTotal, pollMs) => watch(name, ${JSON.stringify(SYNC_STATUS_CHANNEL)}, pollMs || 100, async (data) => {
      const s = data && typeof data === 'object' && 'state' in data ? data : await call('syncStatus', {}, 10000);
      marks[name + ':last'] = s;
      if (s.state === 'error' && !marks[name + ':failed']) marks[name + ':failed'] = { at: now(), wall: Date.now(), via: 'status', value: s };
      const ok = s.state === 'synced' && s.servers.length > 0 && s.servers.every((x) => x.state === 'connected') && s.lastSyncedAt !== null && s.lastSyncedAt >= since && s.progress && s.progress.done === s.progress.total && s.progress.total >= minTotal;
      return ok ? s : null;
    }),
    /** Sends markRead; wall is Date.now() just before sending. */
    mark: async (clipId, read) => { const wall = Date.now(); const at = now(); await call('markRead', { clipId, read }, 30000); return { wall, at, ms: now() - at }; },
    /** Saves clips from..to-1 of window.__arts (cycled) with saveExtracted, one at a time; returns each clip's id. */
    saveBatch: async (from, to) => {
      const list = window.__arts;
      const ids = [], times = [], errors = [];
      const t0 = performance.now();
      for (let i = from; i < to; i++) {
        const a = list[i % list.length];
        const params = Object.assign({}, a.page, { pageUrl: 'https://bench.example/' + encodeURIComponent(a.name) + '/' + i, canonicalUrl: null, title: (a.page.title + ' #' + i).slice(0, 2000) });
        const s0 = performance.now();
        const r = await send({ cp: 1, to: 'background', method: 'saveExtracted', params }, 120000);
        times.push(performance.now() - s0);
        const ans = r.answer;
        if (r.timedOut) errors.push({ i, error: 'no answer within 120000 ms' });
        else if (r.thrown !== undefined) errors.push({ i, error: r.thrown });
        else if (!ans || !ans.ok) errors.push({ i, error: String((ans && ans.error && ans.error.message) || ans) });
        else if (!ans.value.created) errors.push({ i, error: 'updated an existing clip instead of creating one' });
        ids.push(ans && ans.ok ? ans.value.clip.id : null);
      }
      return { ms: performance.now() - t0, ids, times, errors };
    },
    /**
     * bench:sync --images-per-clip: attaches perClip synthetic images of bytes random bytes each
     * (incompressible, as real images are) to each clip of ids, with the test-only
     * debugAttachImages, one clip at a time; returns the time and the failures.
     */
    attachBatch: async (ids, perClip, bytes) => {
      const errors = [];
      const t0 = performance.now();
      const b64 = (n) => {
        const u = new Uint8Array(n);
        for (let i = 0; i < n; i += 65536) crypto.getRandomValues(u.subarray(i, Math.min(n, i + 65536)));
        let s = '';
        for (let i = 0; i < n; i += 32768) s += String.fromCharCode.apply(null, u.subarray(i, i + 32768));
        return btoa(s);
      };
      for (const [k, clipId] of ids.entries()) {
        const images = [];
        for (let j = 0; j < perClip; j++) images.push({ src: 'https://bench.example/img/' + clipId + '/' + j + '.webp', type: 'image/webp', base64: b64(bytes), width: 800, height: 600 });
        const r = await send({ cp: 1, to: 'background', method: 'debugAttachImages', params: { clipId, images } }, 120000);
        const ans = r.answer;
        if (r.timedOut) errors.push({ k, error: 'no answer within 120000 ms' });
        else if (r.thrown !== undefined) errors.push({ k, error: r.thrown });
        else if (!ans || !ans.ok) errors.push({ k, error: String((ans && ans.error && ans.error.message) || ans) });
      }
      return { ms: performance.now() - t0, errors };
    },
  };
})(); true`;

export interface Mark<V = unknown> {
  readonly at: number;
  readonly wall: number;
  readonly via: string;
  readonly value: V;
}

/** Reads `marks[name]` and its diagnostics (`:last`, `:count`, `:error`). */
export async function readMark<V>(page: Page, name: string): Promise<{ mark: Mark<V> | null; last: SyncStatus | null; count: number | null; error: string | null; failed: Mark<SyncStatus> | null }> {
  return page.evaluate((n) => {
    const m = (window as unknown as { __cpw: { marks: Record<string, unknown> } }).__cpw.marks;
    return { mark: (m[n] ?? null) as never, last: (m[`${n}:last`] ?? null) as never, count: (m[`${n}:count`] ?? null) as never, error: (m[`${n}:error`] ?? null) as never, failed: (m[`${n}:failed`] ?? null) as never };
  }, name);
}

/** A sync pass that ended with documents that did not reach (or come from) the server. */
export class PassFailed extends Error {
  constructor(
    readonly what: string,
    readonly status: SyncStatus,
    readonly afterMs: number,
  ) {
    super(`${what}: the sync pass ended in error after ${Math.round(afterMs)} ms: "${status.message}" (progress ${JSON.stringify(status.progress)})`);
    this.name = 'PassFailed';
  }
}

/**
 * Waits (polling every `pollMs` from Node) until the page's watcher `name` has fired; throws a
 * TimeoutError after `timeoutMs` whose message carries the last status or count it saw, or
 * (`failFast`) a PassFailed as soon as a sync status watcher has seen the pass end in error
 * (the engine retries only at its next trigger: a local write, a reconnection, a page opening,
 * or its alarm every 4 minutes).
 */
export async function waitMark<V>(page: Page, name: string, timeoutMs: number, pollMs = 50, opts: { failFast?: boolean; onFailed?: (s: SyncStatus) => Promise<void> } = {}): Promise<Mark<V>> {
  const t0 = Date.now();
  for (;;) {
    const r = await readMark<V>(page, name);
    if (r.mark) return r.mark;
    if (r.failed && opts.failFast) throw new PassFailed(name, r.failed.value, Date.now() - t0);
    if (r.failed && opts.onFailed) {
      await page.evaluate((n) => void delete (window as unknown as { __cpw: { marks: Record<string, unknown> } }).__cpw.marks[`${n}:failed`], name);
      await opts.onFailed(r.failed.value);
    }
    if (Date.now() - t0 > timeoutMs) {
      const why = r.last ? `last status: ${r.last.state} "${r.last.message}" progress ${JSON.stringify(r.last.progress)}` : r.count !== null ? `last count ${r.count}` : 'nothing seen';
      throw new TimeoutError(`${name} (${why}${r.error ? `; error ${r.error}` : ''})`, timeoutMs);
    }
    await sleep(pollMs);
  }
}

/** One broadcast sync status: [at, state, done, total, connected servers]. */
export type TimelineEntry = [number, string, number | null, number | null, number];

/** The statuses broadcast since `since` (page time, as `call`'s `at`). */
export async function readTimeline(page: Page, since: number): Promise<TimelineEntry[]> {
  const all = await page.evaluate(() => (window as unknown as { __cpw: { timeline: TimelineEntry[] } }).__cpw.timeline);
  return all.filter((e) => e[0] >= since);
}

/**
 * Where a pass's time went, from its broadcasts (ms after `t0`): the server connected, the pass
 * started (first "syncing"), the content documents done (the last "syncing k of M" before the
 * end: the engine confirms the 17 pinned documents after them without a broadcast), synced;
 * and the gaps between content documents finishing.
 */
export function passPhases(tl: TimelineEntry[], t0: number, endAt: number): Record<string, number | null> {
  const r = (x: number | undefined) => (x === undefined ? null : Math.round((x - t0) * 10) / 10);
  const connected = tl.find((e) => e[4] > 0 && e[1] !== 'connecting');
  const syncing = tl.filter((e) => e[1] === 'syncing');
  const gaps: number[] = [];
  for (let i = 1; i < syncing.length; i++) gaps.push(syncing[i]![0] - syncing[i - 1]![0]);
  gaps.sort((a, b) => a - b);
  const last = syncing[syncing.length - 1];
  return {
    connectedMs: r(connected?.[0]),
    passStartMs: r(syncing[0]?.[0]),
    contentDoneMs: r(last?.[0]),
    syncedMs: r(endAt),
    docsBroadcast: syncing.length,
    medianGapMs: gaps.length ? Math.round(gaps[gaps.length >> 1]! * 10) / 10 : null,
    maxGapMs: gaps.length ? Math.round(gaps[gaps.length - 1]! * 10) / 10 : null,
  };
}
