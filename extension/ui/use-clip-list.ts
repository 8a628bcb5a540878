import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { ClipSummary } from '../../src/schema/clip-summary';
import { INDEX_CHANGED_CHANNEL, readLiveRowsWhere, type ListFilter } from '../../src/index-db/list-query';
import { loadListPosition } from './last-view';
import { loadFilter, sameFilter } from './list-filter-store';
import { readRows, scanList, type ListScan } from './list-window';
import { scanCache } from './scan-cache';

/** The first screen's rows, requested as soon as this module loads: the index read overlaps page start-up. */
export const FIRST_PAGE = 50;
/** Rows read beyond each edge of what is drawn, so a scroll finds them ready. */
const MARGIN = 30;
/** Rows kept beyond each edge (older ones are dropped and read again if scrolled back to). */
const KEEP = 300;
/** The least time between two reads of the whole list after announced writes (a synced burst announces many). */
const RESCAN_GAP_MS = 200;

/**
 * The reading list in one filter: the ids of all its rows, newest first (its length and keys),
 * and the rows read so far, by id. `complete` is false while only the first page is known.
 */
export interface ListData {
  readonly filter: ListFilter;
  readonly ids: readonly string[];
  readonly rows: ReadonlyMap<string, ClipSummary>;
  readonly complete: boolean;
}

const fromPage = (filter: ListFilter, rows: ClipSummary[]): ListData => ({ filter, ids: rows.map((r) => r.id), rows: new Map(rows.map((r) => [r.id, r])), complete: rows.length < FIRST_PAGE });
const fromScan = (filter: ListFilter, scan: ListScan): ListData => ({ filter, ids: scan.ids, rows: scan.rows, complete: true });

/** The filter the first page was read with (the one the list was last left on). */
export const initialFilter: ListFilter = typeof localStorage === 'undefined' ? { state: 'all', tag: null } : loadFilter();
// Left scrolled down: the whole list is read at once (the rows about the place it was left kept), so it opens there.
const left = typeof localStorage === 'undefined' ? null : loadListPosition(initialFilter);
const near = (at: number) => (i: number) => i >= at - MARGIN && i <= at + FIRST_PAGE + MARGIN;
performance.mark('cp-list-prefetch-start');
let prefetched: Promise<ListData> | null =
  typeof indexedDB === 'undefined'
    ? null
    : left && left.top > 0
      ? scanList(indexedDB, initialFilter, near(left.top)).then((scan) => fromScan(initialFilter, scan))
      : readLiveRowsWhere(indexedDB, initialFilter, 0, FIRST_PAGE).then((rows) => fromPage(initialFilter, rows));
let prefetchedData: ListData | null = null;
/**
 * Settles when the first rows have been read (or failed to be). The side panel renders
 * once this settles, so its first render already holds the rows: no "Loading…" frame,
 * and no frame's wait for an effect to ask for them.
 */
export const firstPageRead: Promise<void> = prefetched
  ? prefetched.then(
      (data) => {
        performance.mark('cp-list-prefetch-end');
        prefetchedData = data;
      },
      () => undefined,
    )
  : Promise.resolve();
// A write announced before the list subscribes must not be missed: remember it and re-read.
let changedBeforeSubscribe = false;
let early: BroadcastChannel | null = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(INDEX_CHANGED_CHANNEL);
if (early) early.onmessage = () => void (changedBeforeSubscribe = true);

/** The last complete list, kept across re-mounts until the index announces a write (scan-cache.ts). */
const lastList = scanCache<ListFilter, ListData>(sameFilter);
/**
 * The whole-list read running now, its filter and the epoch it started in. A mount that needs
 * that list in that epoch waits for it rather than reading the index again: typing a query
 * unmounts the list and emptying the box mounts it again, and at 10,000 clips each mount used to
 * start a read of its own while the earlier ones ran on (36 reads in 7 s when queries were typed
 * and cleared right after the panel opened). They held the index database, the background's
 * searches waited behind them for 100-400 ms, and the list came later too.
 */
let wholeRead: { filter: ListFilter; epoch: number; read: Promise<ListData> } | null = null;

/** The whole list in `filter` (`near`: the rows to read with it), read once per filter and epoch however many mounts ask. */
function readWholeList(filter: ListFilter, near: (i: number) => boolean): { epoch: number; read: Promise<ListData> } {
  const epoch = lastList.epoch();
  if (wholeRead && wholeRead.epoch === epoch && sameFilter(wholeRead.filter, filter)) return wholeRead;
  performance.mark('cp-list-read-start');
  const read = scanList(indexedDB, filter, near).then((scan) => (performance.mark('cp-list-read-end'), fromScan(filter, scan)));
  const mine = (wholeRead = { filter, epoch, read });
  // Kept for the next mount, also when every mount that asked is gone: typing a query right after
  // the box was emptied unmounts the list before its read ends, and a read thrown away then was
  // made again at every mount.
  read.then(
    (data) => lastList.keep(filter, data, epoch),
    () => undefined,
  ).finally(() => void (wholeRead === mine && (wholeRead = null)));
  return mine;
}
if (typeof BroadcastChannel !== 'undefined') new BroadcastChannel(INDEX_CHANGED_CHANNEL).onmessage = () => lastList.changed();
// The epoch of the read started as the module loaded (no announcement can be heard before this line runs).
const PREFETCH_EPOCH = lastList.epoch();

/**
 * What a mount starts from, and the epoch of the read it came from: the list kept from the last
 * mount, else the read made as the module loaded (its epoch is the module's first, so a mount
 * after a write announced since reads the list again: a panel left scrolled down reads the whole
 * list then, and a later mount took it as current, which kept a clip archived in the reader in
 * the "All" list), else nothing.
 */
function startFrom(filter: ListFilter): { data: ListData | null; epoch: number } {
  const kept = lastList.take(filter);
  if (kept) return { data: kept, epoch: lastList.epoch() };
  if (prefetchedData && sameFilter(prefetchedData.filter, filter)) return { data: prefetchedData, epoch: PREFETCH_EPOCH };
  return { data: null, epoch: lastList.epoch() };
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * The reading list in `filter`, live, for a virtualised list: rows come straight from the
 * derived index, which only the background writes; it announces each write on a broadcast
 * channel and the list reads its ids again. The first screen comes from one small read (the
 * first page, read as the module loads); then the ids of the whole list (one index read), and
 * rows by id as they are drawn (`want`). A new filter keeps the rows shown until its own are read.
 */
export function useClipList(filter: ListFilter): { data: ListData | null; error: string | null; want: (start: number, end: number, active: number) => void } {
  // The list kept from the last mount first: the first page read as the module loaded is only a
  // start (incomplete), and taking it again at every mount re-read the whole list each time.
  const [start] = useState(() => startFrom(filter));
  // The epoch of the read `data` came from (scan-cache.ts): a write announced since means a read
  // again, and the data is kept for the next mount with it.
  const dataEpoch = useRef(start.epoch);
  const [data, setData] = useState<ListData | null>(start.data);
  const [error, setError] = useState<string | null>(null);
  const dataRef = useRef(data);
  dataRef.current = data;
  // The rows drawn last (to keep them across a re-read), a read generation (a row read before the
  // last re-read may be stale), and the ids asked for since.
  const drawn = useRef<[number, number, number]>([0, FIRST_PAGE, 0]);
  const generation = useRef(0);
  const asked = useRef(new Set<string>());
  const fillRef = useRef(() => {});

  useEffect(() => {
    let alive = true;
    let running = false;
    let again = false;
    const scan = async () => {
      if (running) return void (again = true);
      running = true;
      try {
        do {
          again = false;
          const cur = dataRef.current;
          const [from, to, active] = cur && sameFilter(cur.filter, filter) ? drawn.current : [0, FIRST_PAGE, 0];
          const { epoch, read } = readWholeList(filter, (i) => (i >= from - MARGIN && i <= to + MARGIN) || i === active);
          const next = await read;
          if (!alive) return;
          generation.current++;
          asked.current.clear();
          setData(next);
          dataRef.current = next;
          dataEpoch.current = epoch;
          setError(null);
          // Scrolled meanwhile: what is drawn now may not be among the rows kept.
          fillRef.current();
          if (again) await new Promise((resolve) => setTimeout(resolve, RESCAN_GAP_MS));
        } while (again && alive);
      } catch (e) {
        if (alive) setError(message(e));
      } finally {
        running = false;
      }
    };
    const unlisten = lastList.listen(() => void scan());
    early?.close();
    early = null;
    void (async () => {
      // The page read as the module loaded, when it is this filter's and not taken yet.
      const pre = prefetched && sameFilter(initialFilter, filter) ? prefetched : null;
      prefetched = null;
      if (pre && !dataRef.current) {
        const first = await pre.catch((e: unknown) => (alive && setError(message(e)), null));
        if (!alive || !first) return;
        setData(first);
        dataRef.current = first;
        dataEpoch.current = PREFETCH_EPOCH;
      }
      const cur = dataRef.current;
      // (A list kept from the last mount is read again if a write was announced since it was read.)
      if (!cur || !sameFilter(cur.filter, filter) || !cur.complete || changedBeforeSubscribe || lastList.epoch() !== dataEpoch.current) {
        changedBeforeSubscribe = false;
        await scan();
      }
    })();
    return () => {
      alive = false;
      unlisten();
      const cur = dataRef.current;
      if (cur?.complete && sameFilter(cur.filter, filter)) lastList.keep(filter, cur, dataEpoch.current);
    };
  }, [filter.state, filter.tag]);

  // Read the rows drawn (with a margin) that are not read yet; keep those near.
  const fill = useCallback(() => {
    const cur = dataRef.current;
    if (!cur) return;
    const [start, end, active] = drawn.current;
    const missing: string[] = [];
    const need = (id: string | undefined) => id !== undefined && !cur.rows.has(id) && !asked.current.has(id) && missing.push(id);
    for (let i = Math.max(0, start - MARGIN); i <= Math.min(end + MARGIN, cur.ids.length - 1); i++) need(cur.ids[i]);
    if (active < start - MARGIN || active > end + MARGIN) need(cur.ids[active]);
    if (missing.length === 0) return;
    for (const id of missing) asked.current.add(id);
    const gen = generation.current;
    readRows(indexedDB, missing).then(
      (found) => {
        // Read before the list was read again: maybe stale, and the new read may lack what is drawn now.
        if (gen !== generation.current) return fill();
        // Asked no more: a row kept is in the rows now, and one dropped (scrolled far away
        // meanwhile) or read for an older list is asked again when it is drawn again.
        for (const id of missing) asked.current.delete(id);
        // The list changed under the read: what is drawn now is asked for in it.
        if (dataRef.current?.ids !== cur.ids) return fill();
        setData((d) => {
          if (!d || d.ids !== cur.ids) return d;
          const [from, to, active] = drawn.current;
          const rows = new Map<string, ClipSummary>();
          const keep = (id: string | undefined) => {
            const row = id === undefined ? undefined : (found.get(id) ?? d.rows.get(id));
            if (row) rows.set(row.id, row);
          };
          for (let i = Math.max(0, from - KEEP); i <= Math.min(to + KEEP, d.ids.length - 1); i++) keep(d.ids[i]);
          keep(d.ids[active]);
          return (dataRef.current = { ...d, rows });
        });
      },
      (e: unknown) => setError(message(e)),
    );
  }, []);
  fillRef.current = fill;
  /** Rows `start`…`end` are drawn, and the selected row `active`: their data is wanted. */
  const want = useCallback((start: number, end: number, active: number) => {
    drawn.current = [start, end, active];
    fill();
  }, []);

  return { data, error, want };
}
