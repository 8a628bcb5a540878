import { save } from '@automerge/automerge/slim';
import type { DocHandle, Repo } from '@automerge/automerge-repo/slim';
import { newMediaItemId, newMediaShardId, type ClipId, type DocUrl, type MediaShardId } from '../schema/ids';
import { MEDIA_BYTES_PER_SHARD, MEDIA_PART_BYTES, MEDIA_SCHEMA_VERSION, type MediaDocV1, type MediaItemV1, type MediaKind } from '../schema/media-doc';
import type { HandleCache } from './handle-cache';
import { isRetiredMedia } from '../schema/library-doc';
import type { LibraryRoot } from './root';

/** One blob to store: an image, or a snapshot's compressed HTML. */
export interface MediaBlob {
  readonly kind: MediaKind;
  readonly rev: string;
  readonly blob: string;
  readonly type: string;
  readonly data: Uint8Array;
  readonly width?: number;
  readonly height?: number;
}

/** A blob read back: its parts joined. */
export interface StoredBlob {
  readonly blob: string;
  readonly type: string;
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
}

/** What `append` changed in memory: the caller persists `handles` (and the root when `rootChanged`). */
export interface AppendedMedia {
  readonly shards: MediaShardId[];
  readonly handles: Array<DocHandle<unknown>>;
  readonly rootChanged: boolean;
  /** Bytes of every part stored. */
  readonly bytes: number;
  /** The keys of the parts stored (so a replacement never deletes what it just wrote). */
  readonly keys: ReadonlySet<string>;
}

/** Which stored parts a read or a removal concerns (`key`: the part's key in its document). */
export type PartMatch = (item: MediaItemV1, key: string) => boolean;

/**
 * Saved images and page snapshots: parts of at most 1 MB, appended to this device's media
 * documents of at most 2 MB each (the same bound as content documents, so sync's bytes in
 * flight stay bounded), listed in the root's `media`. Apart from the content documents, so a
 * "text only" device lists and reads every clip without them. Like `ContentStore`, each
 * device appends only to its own documents and documents load through the handle cache.
 */
export class MediaStore {
  private openShard: { id: MediaShardId; bytes: number } | null = null;

  constructor(
    private readonly repo: Repo,
    private readonly root: LibraryRoot,
    private readonly cache: HandleCache,
    private readonly device: string,
  ) {}

  /**
   * Appends `blobs`, split into parts, to this device's media documents (making new ones as
   * they fill), in memory, and runs `fn` while every touched document is held loaded.
   */
  async append<T>(clip: ClipId, blobs: readonly MediaBlob[], at: number, fn: (stored: AppendedMedia) => Promise<T>): Promise<T> {
    const placed = new Map<MediaShardId, MediaItemV1[]>();
    const created: MediaShardId[] = [];
    let bytes = 0;
    for (const b of blobs) {
      const parts = Math.max(1, Math.ceil(b.data.byteLength / MEDIA_PART_BYTES));
      for (let part = 0; part < parts; part++) {
        const data = b.data.subarray(part * MEDIA_PART_BYTES, (part + 1) * MEDIA_PART_BYTES);
        const shard = await this.shardFor(data.byteLength, created);
        const item: MediaItemV1 = { clip, kind: b.kind, rev: b.rev, blob: b.blob, type: b.type, part, parts, data: data.slice(), width: b.width ?? 0, height: b.height ?? 0, at };
        placed.set(shard, [...(placed.get(shard) ?? []), item]);
        bytes += data.byteLength;
      }
    }
    const keys = new Set<string>();
    const fresh: Array<DocHandle<MediaDocV1>> = [];
    for (const id of created) {
      const handle = this.repo.create<MediaDocV1>();
      handle.change((d) => {
        d.schema = 'commonplace/media';
        d.schemaVersion = MEDIA_SCHEMA_VERSION;
        d.device = this.device;
        d.createdAt = at;
        d.items = {};
      });
      this.root.change((d) => {
        d.media ??= {};
        d.media[id] = { doc: handle.url as DocUrl, device: this.device, createdAt: at };
      });
      fresh.push(handle);
    }
    const existing = [...placed.keys()].filter((id) => !created.includes(id)).map((id) => this.root.mediaShard(id)!.doc);
    try {
      return await this.holding<T>(existing, async (held) => {
        const handles = [...held, ...fresh];
        for (const h of handles) {
          const id = this.idOf(h.url as DocUrl);
          const items = id ? placed.get(id) : undefined;
          if (!items?.length) continue;
          h.change((d) => {
            for (const item of items) {
              const key = newMediaItemId();
              keys.add(key);
              d.items[key] = item;
            }
          });
        }
        return fn({ shards: [...placed.keys()], handles, rootChanged: created.length > 0, bytes, keys });
      });
    } finally {
      for (const h of fresh) await this.cache.adopt(h);
    }
  }

  /**
   * The complete blobs of `clip` that `match` selects, read from `shards`; a blob missing a
   * part (a document not on this device, or not arrived yet) is left out. Never throws for a
   * missing document: what is here is returned. `wait`: a document not here is fetched (sync)
   * for at most `timeoutMs`; one here with none of the parts wanted waits up to `waitMs` for them.
   */
  async read(clip: ClipId, shards: readonly string[], match: PartMatch, wait: { timeoutMs?: number; waitMs?: number } = {}): Promise<StoredBlob[]> {
    const parts = new Map<string, MediaItemV1[]>();
    for (const shard of new Set(shards)) {
      const entry = this.root.mediaShard(shard as MediaShardId);
      if (!entry) continue;
      const pick = (h: DocHandle<MediaDocV1>) => Object.entries(h.doc().items ?? {}).filter(([k, i]) => i.clip === clip && match(i, k)).map(([, i]) => i);
      const items = await this.cache
        .use<MediaDocV1, MediaItemV1[]>(entry.doc, (h) => arrival(h, pick, wait.waitMs ?? 0), wait.timeoutMs ?? 0)
        .catch(() => [] as MediaItemV1[]);
      for (const i of items) parts.set(i.blob, [...(parts.get(i.blob) ?? []), i]);
    }
    const out: StoredBlob[] = [];
    for (const [blob, list] of parts) {
      const first = list[0]!;
      const ordered = list.sort((a, b) => a.part - b.part);
      if (ordered.length !== first.parts || ordered.some((p, n) => p.part !== n)) continue;
      const data = new Uint8Array(ordered.reduce((n, p) => n + p.data.byteLength, 0));
      let at = 0;
      for (const p of ordered) {
        data.set(p.data, at);
        at += p.data.byteLength;
      }
      out.push({ blob, type: first.type, data, width: first.width, height: first.height });
    }
    return out;
  }

  /**
   * Deletes the parts of `clip` that `match` selects from `shards` (in memory), running `fn`
   * with the documents changed while they are held, and the shards that were looked through
   * (`done`); documents not on this device (or not found within `timeoutMs`) are skipped.
   */
  async remove<T>(clip: ClipId, shards: readonly string[], match: PartMatch, fn: (changed: Array<DocHandle<unknown>>, done: ReadonlySet<string>) => Promise<T>, timeoutMs = 0): Promise<T> {
    const urls = new Map<DocUrl, string>();
    for (const s of new Set(shards)) {
      const e = this.root.mediaShard(s as MediaShardId);
      if (e) urls.set(e.doc, s);
    }
    return this.holding<T>([...urls.keys()], (held) => {
      const changed: Array<DocHandle<unknown>> = [];
      const done = new Set<string>();
      for (const h of held) {
        done.add(urls.get(h.url as DocUrl)!);
        const keys = Object.entries(h.doc().items ?? {}).filter(([k, i]) => i.clip === clip && match(i, k)).map(([k]) => k);
        if (keys.length === 0) continue;
        h.change((d) => keys.forEach((k) => delete d.items[k]));
        changed.push(h);
      }
      return fn(changed, done);
    }, true, [], timeoutMs);
  }

  /** Runs `fn` with every document of `urls` held loaded (`skipMissing`: leave out those that cannot be loaded). */
  private async holding<T>(urls: readonly DocUrl[], fn: (held: Array<DocHandle<MediaDocV1>>) => Promise<T>, skipMissing = false, held: Array<DocHandle<MediaDocV1>> = [], timeoutMs = 0): Promise<T> {
    const [first, ...rest] = urls;
    if (first === undefined) return fn(held);
    let ran = false;
    try {
      return await this.cache.use<MediaDocV1, T>(first, (h) => {
        ran = true;
        return this.holding(rest, fn, skipMissing, [...held, h], timeoutMs);
      }, timeoutMs);
    } catch (e) {
      if (ran || !skipMissing) throw e;
      return this.holding(rest, fn, skipMissing, held, timeoutMs);
    }
  }

  private idOf(url: DocUrl): MediaShardId | null {
    for (const [id, e] of Object.entries(this.root.media())) if (e.doc === url) return id as MediaShardId;
    return null;
  }

  /** The media document a part of `bytes` goes to: this device's open one when it has room, else a new one (added to `created`). */
  private async shardFor(bytes: number, created: MediaShardId[]): Promise<MediaShardId> {
    if (!this.openShard) this.openShard = await this.findOpen();
    const o = this.openShard;
    // Never a retired document (every device removes it): a new one instead.
    const listed = o ? this.root.mediaShard(o.id) : undefined;
    if (o && (o.bytes === 0 || o.bytes + bytes <= MEDIA_BYTES_PER_SHARD) && (created.includes(o.id) || (!!listed && !isRetiredMedia(listed)))) {
      o.bytes += bytes;
      return o.id;
    }
    const id = newMediaShardId();
    created.push(id);
    this.openShard = { id, bytes };
    return id;
  }

  /**
   * The newest media document this device made, with its bytes: the whole document as stored and
   * synced, history included. Parts a later save deleted stay in an Automerge document's history,
   * so counting only the live parts let a clip's images saved again across restarts grow one
   * document past 2 MB (3.5 MB after five saves of a 700 KB image).
   */
  private async findOpen(): Promise<{ id: MediaShardId; bytes: number } | null> {
    const newest = Object.entries(this.root.media())
      .filter(([, e]) => e.device === this.device && !isRetiredMedia(e))
      .sort((a, b) => b[1].createdAt - a[1].createdAt)[0];
    if (!newest) return null;
    return this.cache
      .use<MediaDocV1, { id: MediaShardId; bytes: number }>(newest[1].doc, (h) => ({
        id: newest[0] as MediaShardId,
        bytes: save(h.doc()).byteLength,
      }))
      .catch(() => null);
  }

  /** The media document this device appends to now, once a save has looked for it (null before): never retired (media-retire.ts). */
  appendingTo(): MediaShardId | null {
    return this.openShard?.id ?? null;
  }

  /** Forgets the open document (after a failed write, whose in-memory parts were not stored). */
  reset(): void {
    this.openShard = null;
  }

}

/**
 * What `pick` finds in a document, waiting up to `waitMs` for it to find something (parts
 * arriving through sync: a device writes all of one save's parts in one change).
 */
async function arrival<T>(h: DocHandle<MediaDocV1>, pick: (h: DocHandle<MediaDocV1>) => T[], waitMs: number): Promise<T[]> {
  const now = pick(h);
  if (now.length > 0 || waitMs <= 0) return now;
  return new Promise<T[]>((resolve) => {
    const done = (found: T[]) => {
      clearTimeout(timer);
      h.off('heads-changed', check);
      resolve(found);
    };
    const check = () => {
      const found = pick(h);
      if (found.length > 0) done(found);
    };
    const timer = setTimeout(() => done(pick(h)), waitMs);
    h.on('heads-changed', check);
  });
}
