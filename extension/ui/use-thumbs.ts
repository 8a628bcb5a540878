import { useEffect, useRef, useState } from 'preact/hooks';
import { openThumbs, readThumbs } from '../../src/index-db/thumbs';
import { IMAGES_CHANNEL } from '../../src/schema/plain-values';

/** How long the rows in view must stay before their thumbnails are checked with the background (a fast scroll asks nothing). */
const SETTLE_MS = 400;
/** Most clips one check asks about (the protocol's limit). */
const BATCH = 40;
/** Most pictures held (object URLs): a list scrolled through 10,000 rows keeps those near the view, not all of them. */
const KEEP = 300;

/**
 * The list's thumbnails (src/index-db/thumbs.ts): read from their database for the rows in view
 * (`want`), shown as object URLs (revoked when the list goes); then, once the rows have stayed in
 * view a moment, checked with the background once per clip (`thumbnails`: out-of-date ones are
 * made again), and read again where it says a picture changed. A clip whose images were saved or
 * arrived through sync (`IMAGES_CHANNEL`) is checked again. Nothing here blocks the list: a row
 * is drawn at once, its picture comes when it is there.
 */
export function useThumbs(): { urlOf: (id: string) => string | undefined; want: (ids: readonly string[]) => void } {
  const [, setVersion] = useState(0);
  const s = useRef({
    urls: new Map<string, string | null>(),
    /** Read from the database (with a picture, with none, or without a record): not read again until a check or a broadcast says so. */
    known: new Set<string>(),
    reading: new Set<string>(),
    /** The database did not exist at the last open: not tried again until the background was asked (which makes it). */
    missing: false,
    checked: new Set<string>(),
    inView: [] as string[],
    db: null as Promise<IDBDatabase | null> | null,
    timer: undefined as ReturnType<typeof setTimeout> | undefined,
    alive: true,
  }).current;

  const db = () => {
    // Not there yet (no thumbnail made so far): opened again once the background was asked. An open
    // that finds no database runs and aborts an upgrade, too dear to repeat after every render.
    if (s.db) return s.db;
    // A connection that ends (another context deleted or upgraded the database) is dropped, and the next read opens it again.
    const opening: Promise<IDBDatabase | null> = openThumbs(indexedDB, false, () => void (s.db === opening && (s.db = null))).then(
      (d) => (d ? d : ((s.db = null), (s.missing = true), null)),
      () => ((s.db = null), null),
    );
    return (s.db = opening);
  };
  const read = async (ids: readonly string[], again = true): Promise<void> => {
    const todo = ids.filter((id) => !s.reading.has(id) && !s.known.has(id));
    if (todo.length === 0 || s.missing) return;
    todo.forEach((id) => s.reading.add(id));
    try {
      const d = await db();
      if (!d) return;
      const found = await readThumbs(d, todo).catch(() => null);
      if (!s.alive) return;
      if (!found) {
        // Not read (the connection closed under it): not marked as known; read once more on a new connection.
        todo.forEach((id) => s.reading.delete(id));
        if (again && s.db === null) await read(todo, false);
        return;
      }
      let any = false;
      for (const id of todo) {
        s.known.add(id);
        const r = found.get(id);
        if (!r) continue;
        s.urls.set(id, r.data && r.type ? URL.createObjectURL(new Blob([r.data as BlobPart], { type: r.type })) : null);
        any = true;
      }
      if (s.urls.size > KEEP) {
        // The oldest read first (a Map keeps insertion order), never one in view.
        const inView = new Set(s.inView);
        forget([...s.urls.keys()].filter((k) => !inView.has(k)).slice(0, s.urls.size - KEEP));
      }
      if (any) setVersion((v) => v + 1);
    } finally {
      todo.forEach((id) => s.reading.delete(id));
    }
  };
  const forget = (ids: readonly string[]) => {
    for (const id of ids) {
      const url = s.urls.get(id);
      if (url) URL.revokeObjectURL(url);
      s.urls.delete(id);
      s.known.delete(id);
    }
  };
  const check = async () => {
    const ids = s.inView.filter((id) => !s.checked.has(id)).slice(0, BATCH);
    if (ids.length === 0) return;
    ids.forEach((id) => s.checked.add(id));
    const { background } = await import('../messaging');
    const res = await background('thumbnails', { clipIds: ids as never });
    if (!s.alive || !res.ok) return;
    // Read again: the pictures that changed, and those without one (made since, by the image job or this check).
    s.missing = false;
    forget([...res.value.changed, ...ids.filter((id) => !s.urls.get(id))]);
    await read(ids);
    if (s.inView.some((id) => !s.checked.has(id))) schedule();
  };
  const schedule = () => {
    clearTimeout(s.timer);
    s.timer = setTimeout(() => void check(), SETTLE_MS);
  };

  useEffect(() => {
    const channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(IMAGES_CHANNEL);
    if (channel)
      channel.onmessage = (e: MessageEvent) => {
        const id = (e.data as { clipId?: unknown } | null)?.clipId;
        if (typeof id !== 'string' || !s.checked.has(id)) return;
        s.checked.delete(id);
        s.missing = false;
        if (s.inView.includes(id)) schedule();
      };
    return () => {
      s.alive = false;
      clearTimeout(s.timer);
      channel?.close();
      forget([...s.urls.keys()]);
      void s.db?.then((d) => d?.close());
    };
  }, []);

  return {
    urlOf: (id) => s.urls.get(id) ?? undefined,
    want: (ids) => {
      s.inView = [...ids];
      void read(ids);
      if (ids.some((id) => !s.checked.has(id))) schedule();
    },
  };
}
