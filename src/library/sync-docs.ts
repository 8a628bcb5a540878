import type { DocHandle } from '@automerge/automerge-repo/slim';
import { CATALOG_SLOTS, type CatalogEntryV1 } from '../schema/catalog-doc';
import type { DocUrl } from '../schema/ids';
import type { ContentShardEntry } from '../schema/library-doc';
import type { Catalogs } from './catalogs';
import type { ClipMedia } from './clip-media';
import type { HandleCache } from './handle-cache';
import type { ListSnapshots } from './list-snapshot';
import type { LibraryRoot } from './root';

/** How long sync waits for a document to be found (loaded, or fetched from a server) before it counts as not synced this pass. */
const FIND_TIMEOUT_MS = 60_000;

/** What a media document must hold for a catalog entry that names it: some part of blob version `rev` of clip `clip`. */
export const mediaRef = (clip: string, rev: string): string => `${clip} ${rev}`;

/**
 * Whether a loaded content or media document holds every one of `refs` (`SyncDocs.holds`): a
 * content document, each as a key of its `items`; a media document, each as `mediaRef` of one
 * of its parts (its item keys are random, so the catalogs name the clip and version instead).
 * A device appends all of one write's parts to a document in one change, so one part there
 * means all of that write's parts there.
 */
export function holdsRefs(doc: unknown, refs: readonly string[]): boolean {
  const d = doc as { schema?: unknown; items?: Record<string, { clip?: unknown; rev?: unknown } | undefined> } | undefined;
  if (d?.schema !== 'commonplace/media') return refs.every((r) => !!d?.items?.[r]);
  const have = new Set<string>();
  for (const i of Object.values(d.items ?? {})) if (i) have.add(mediaRef(String(i.clip), String(i.rev)));
  return refs.every((r) => have.has(r));
}

/** The documents one entry expects to hold something of it: its article's content document, and its images' and snapshot's media documents. */
function refsOf(e: CatalogEntryV1, contents: Readonly<Record<string, ContentShardEntry>>, media: Readonly<Record<string, ContentShardEntry>>, out: Array<[DocUrl, string]>): void {
  const url = e.content ? contents[e.content.shard]?.doc : undefined;
  if (url) out.push([url, e.content.rev]);
  const images = e.media?.images;
  const snapshot = e.media?.snapshot;
  for (const [ref, rev] of [[images, images?.rev], [snapshot, snapshot?.id]] as const) {
    if (!ref || typeof rev !== 'string' || !Array.isArray(ref.shards)) continue;
    for (const shard of ref.shards) {
      const doc = media[shard]?.doc;
      if (doc) out.push([doc, mediaRef(e.id, rev)]);
    }
  }
}

/**
 * What sync needs of a library (`Library.syncDocs`): the documents always loaded (root and
 * catalogs), every content document and the media documents this device keeps (all, or its own
 * when "text only", `ClipMedia.kept`), what each of them should hold (`expected`: the article
 * items the catalogs point at in a content document, and `mediaRef`s of the images and snapshots
 * they point at in a media document; remembered per catalog while its entries and the root's
 * lists are the same objects: Automerge keeps unchanged ones), and loading a document through
 * the library's handle cache.
 */
export function syncDocsOf(root: LibraryRoot, catalogs: Catalogs, cache: HandleCache, media: ClipMedia, lists: ListSnapshots) {
  const expectedMemo: Array<{ clips: object; contents: object; media: object; refs: Array<[DocUrl, string]> } | undefined> = [];
  return {
    pinned: (): ReadonlyArray<DocHandle<unknown>> => [root.handle, ...catalogs.all],
    // Content documents first: a fresh device reads every article before any image arrives.
    // The list document this device made goes too (another device's is not kept here).
    contents: (): DocUrl[] => [
      ...lists.own(),
      ...Object.values(root.contents()).map((e) => e.doc),
      ...Object.values(root.media()).filter((e) => media.kept(e)).map((e) => e.doc),
    ],
    expected: (): Map<DocUrl, string[]> => {
      const contents = root.contents();
      const mediaDocs = root.media();
      const out = new Map<DocUrl, string[]>();
      for (let slot = 0; slot < CATALOG_SLOTS; slot++) {
        const clips = catalogs.clipsOf(slot);
        let memo = expectedMemo[slot];
        if (!memo || memo.clips !== clips || memo.contents !== contents || memo.media !== mediaDocs) {
          const refs: Array<[DocUrl, string]> = [];
          for (const e of Object.values(clips)) refsOf(e, contents, mediaDocs, refs);
          memo = expectedMemo[slot] = { clips, contents, media: mediaDocs, refs };
        }
        for (const [url, rev] of memo.refs) {
          const revs = out.get(url);
          if (revs) revs.push(rev);
          else out.set(url, [rev]);
        }
      }
      return out;
    },
    holds: holdsRefs,
    // A new list document when the library has moved far enough from the last (list-snapshot.ts): this pass carries it.
    beforePass: async (): Promise<void> => void (await lists.refresh()),
    // A document that has not arrived within a minute (a server that stopped answering) fails this pass; the next tries again.
    use: <T>(url: DocUrl, fn: (h: DocHandle<unknown>) => Promise<T>) => cache.use<unknown, T>(url, fn, FIND_TIMEOUT_MS),
    onUnload: (fn: (h: DocHandle<unknown>) => void) => void (cache.onUnload = fn),
  };
}
