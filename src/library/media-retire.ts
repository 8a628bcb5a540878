/**
 * Media documents emptied for good. A device appends to its newest media document until it holds
 * 2 MB as stored, history included; parts a later save deletes stay in that history. So a document
 * whose every part was deleted (its clips' images saved again) is still up to 2 MB that every
 * device stores and syncs, and nothing is ever appended to it again. The device that made it
 * retires it (`LibraryRoot.retireMedia`: `retiredAt` in its root entry, one durable write through
 * the library's write lock) once it holds no part at all, is not the document that device appends
 * to (nor its newest one), and no catalog entry's media references name it (current or stale,
 * through every concurrent version); every device then stops keeping it (`ClipMedia.kept`):
 * `pruneMedia` removes it from storage, sync leaves it out and refuses it from servers.
 */
import { CATALOG_SCHEMA_VERSION, type CatalogEntryV1 } from '../schema/catalog-doc';
import type { MediaShardId } from '../schema/ids';
import { isRetiredMedia, type MediaShardEntry } from '../schema/library-doc';
import type { MediaDocV1 } from '../schema/media-doc';
import { migrationState } from '../schema/migrations';
import { str, type Catalogs } from './catalogs';
import type { ClipWriter } from './clip-writer';
import type { HandleCache } from './handle-cache';
import { catalogsFingerprint } from './list-snapshot';
import { mediaRefsOf } from './media-refs';
import type { LibraryRoot } from './root';

/** How long a check waits for one of this device's own media documents to load (they are in its storage). */
const LOAD_MS = 2_000;
/** Documents loaded to count their parts, at most, per run. */
const MAX_LOADS = 4;

/**
 * The shards the entries' media references name: any `shards` list in `media` (images, snapshot,
 * every stale record, and a field a newer version may add the same way). `every`: through every
 * version two devices' concurrent maps hold (`mediaRefsOf`), else the visible map alone.
 */
export function namedShards(entries: Iterable<CatalogEntryV1>, every = false): Set<string> {
  const out = new Set<string>();
  const add = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(add);
    else if (v && typeof v === 'object' && Array.isArray((v as { shards?: unknown }).shards)) for (const s of (v as { shards: unknown[] }).shards) out.add(str(s));
  };
  for (const e of entries) {
    const media = every ? mediaRefsOf(e) : e.media;
    if (media && typeof media === 'object') Object.values(media).forEach(add);
  }
  return out;
}

/**
 * This device's media documents that may be retired, as far as the root and `named` tell: its
 * own, live, not `appendingTo`, made before its newest live one (which a later save may still
 * append to), and not named. Whether each holds no part is the caller's to check.
 */
export function retireCandidates(media: Readonly<Record<string, MediaShardEntry>>, device: string, appendingTo: string | null, named: ReadonlySet<string>): MediaShardId[] {
  const own = Object.entries(media).filter(([, e]) => e?.device === device && typeof e.doc === 'string' && typeof e.createdAt === 'number' && !isRetiredMedia(e));
  const newest = Math.max(...own.map(([, e]) => e.createdAt));
  return own.filter(([id, e]) => e.createdAt < newest && id !== appendingTo && !named.has(id)).map(([id]) => id as MediaShardId);
}

/** What the retirer works with. */
export interface MediaRetireDeps {
  readonly root: LibraryRoot;
  readonly catalogs: Catalogs;
  readonly cache: HandleCache;
  readonly writer: ClipWriter;
  readonly device: string;
  /** The document this device's saves append to now (null: none looked for yet). */
  readonly appendingTo: () => string | null;
  readonly now: () => number;
}

/**
 * Retires this device's emptied media documents (see the file's comment). Cheap when there is
 * nothing to do: the shards found named or holding parts are remembered until a catalog changes
 * (every deletion of parts comes with one), so a run with the catalogs as they were reads nothing.
 */
export class MediaRetirer {
  private skip = { key: '', shards: new Set<string>() };

  constructor(private readonly d: MediaRetireDeps) {}

  /** Retires what it can now, in one durable write; resolves the shards retired (none when a newer version wrote the library). */
  async run(): Promise<MediaShardId[]> {
    const { root, catalogs, device } = this.d;
    if (root.readOnly || catalogs.all.some((h) => migrationState(h.doc().schemaVersion, CATALOG_SCHEMA_VERSION) === 'too-new')) return [];
    const key = catalogsFingerprint(catalogs);
    if (key !== this.skip.key) this.skip = { key, shards: new Set() };
    let todo = retireCandidates(root.media(), device, this.d.appendingTo(), this.skip.shards);
    if (todo.length === 0) return [];
    const named = namedShards(catalogs.entries());
    for (const s of named) this.skip.shards.add(s);
    todo = todo.filter((id) => !named.has(id));
    const empty: MediaShardId[] = [];
    for (const id of todo.slice(0, MAX_LOADS)) {
      const parts = await this.d.cache.use<MediaDocV1, number>(root.mediaShard(id)!.doc, (h) => partsIn(h.doc()), LOAD_MS).catch(() => null);
      if (parts === 0) empty.push(id);
      else if (parts !== null) this.skip.shards.add(id);
    }
    if (empty.length === 0) return [];
    return this.d.writer.withRoot(async (commit) => {
      // Under the write lock, checked again (no save runs now), through every version of each entry's media.
      const still = new Set(retireCandidates(root.media(), device, this.d.appendingTo(), namedShards(catalogs.entries(), true)));
      const retired = root.retireMedia(empty.filter((id) => still.has(id)), this.d.now());
      if (retired.length > 0) await commit();
      return retired;
    });
  }
}

/** How many parts a loaded media document holds; -1 (never retired) for anything that is not one. */
function partsIn(doc: MediaDocV1 | undefined): number {
  const items = doc?.schema === 'commonplace/media' ? doc.items : undefined;
  return items && typeof items === 'object' ? Object.keys(items).length : -1;
}
