import type { Repo } from '@automerge/automerge-repo/slim';
import type { DocUrl } from '../schema/ids';
import type { ContentShardEntry } from '../schema/library-doc';
import type { Catalogs } from './catalogs';
import type { ClipWriter } from './clip-writer';
import type { HandleCache } from './handle-cache';
import type { LibraryRoot } from './root';

/** How long after a removal the Repo's storage layer is told to remove the document again (past automerge-repo's save throttle). */
const SETTLE_MS = 300;

/** What `pruneMedia` did: documents removed from this device, and those left because a reader or sync held them (try again later). */
export interface MediaPruned {
  readonly removed: string[];
  readonly busy: number;
}

/**
 * The media documents this device does not keep (`kept` false: a retired one, media-retire.ts;
 * another device's while "text only"), as the root lists them. Never one this device keeps under another entry, never the
 * root, a catalog or a content document (a damaged or hostile root cannot make a device drop
 * its text).
 */
export function mediaNotKept(root: LibraryRoot, catalogs: Catalogs, kept: (entry: ContentShardEntry) => boolean): ReadonlySet<string> {
  const keep = new Set<string>([root.url, ...catalogs.all.map((h) => h.url), ...Object.values(root.contents()).map((e) => e.doc)]);
  const drop = new Set<string>();
  for (const e of Object.values(root.media())) {
    if (typeof e?.doc !== 'string') continue;
    if (kept(e)) keep.add(e.doc);
    else drop.add(e.doc);
  }
  for (const url of keep) drop.delete(url);
  return drop;
}

/**
 * Removes from this device's storage the media documents it does not keep (`mediaNotKept`), to
 * free the space "text only" promises and that of retired documents: each unloaded (`HandleCache.discard`: never while a read
 * or sync holds it), then every chunk and sync state deleted in one durable batch (the library's
 * write path), then forgotten by the Repo's storage layer (which remembers what it stored, and
 * would otherwise write only what it thinks is missing if the document is fetched again).
 */
export async function pruneMedia(
  root: LibraryRoot,
  catalogs: Catalogs,
  repo: Repo,
  cache: HandleCache,
  writer: ClipWriter,
  kept: (entry: ContentShardEntry) => boolean,
): Promise<MediaPruned> {
  const drop = [...mediaNotKept(root, catalogs, kept)];
  if (drop.length === 0) return { removed: [], busy: 0 };
  const ids = drop.map((url) => url.slice('automerge:'.length));
  const stored = new Set(await writer.storedDocuments(ids));
  const removed: string[] = [];
  let busy = 0;
  for (const url of drop) {
    const id = url.slice('automerge:'.length);
    if (!stored.has(id) && !repo.handles[id as never]) continue;
    // Still not kept when its turn comes (the switch may have been turned off meanwhile)?
    if (!mediaNotKept(root, catalogs, kept).has(url)) continue;
    const done = await cache.discard(url as DocUrl, async () => {
      await writer.removeDocuments([id]);
      // A save automerge-repo had scheduled (100 ms after a change) may still land: removed again after it.
      await new Promise((r) => setTimeout(r, SETTLE_MS));
      await repo.storageSubsystem?.removeDoc(id as never);
    });
    if (done) removed.push(id);
    else busy++;
  }
  return { removed, busy };
}
