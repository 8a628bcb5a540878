import { ImmutableString } from '@automerge/automerge/slim';
import type { DocHandle, Repo } from '@automerge/automerge-repo/slim';
import { missingOf } from '../images/left-reasons';
import type { ClipSummary } from '../schema/clip-summary';
import { newMediaItemId, type ClipId, type MediaShardId } from '../schema/ids';
import type { ClipMediaRefs, ImagesRef, SnapshotRef } from '../schema/media-doc';
import { isRetiredMedia, type ContentShardEntry } from '../schema/library-doc';
import { AppFailure } from '../util/result';
import type { Catalogs } from './catalogs';
import type { ClipWriter } from './clip-writer';
import type { HandleCache } from './handle-cache';
import { mediaNotKept, pruneMedia, type MediaPruned } from './media-prune';
import { MediaRetirer } from './media-retire';
import { clearStale, clipsToSweep, isCurrent, isLeftover, recordStale, staleOf } from './media-stale';
import { mediaRefsOf, writableMediaRefs } from './media-refs';
import { MediaStore, type StoredBlob } from './media-store';
import type { LibraryRoot } from './root';

/** An image of a clip's article, ready to store: `src` is the URL the stored article's `<img src>` has. */
export interface SavedImage {
  readonly src: string;
  readonly type: string;
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
}

/**
 * Images of the article left out, and why in words (over the cap, failed to load, too large to
 * decode…); `missing`: each one's own reason code by its `imageKey` (src/images/left-reasons.ts, bounded).
 */
export interface LeftOut {
  readonly count: number;
  readonly reason: string | null;
  readonly missing?: Readonly<Record<string, string>>;
}

/**
 * A clip's saved images as the reader gets them. `state`: `saved` (every image listed here is
 * complete), `none` (none were saved for this article version), `elsewhere` (saved, but not on
 * this device: "text only", or not arrived yet).
 */
export interface ClipImages {
  readonly state: 'saved' | 'none' | 'elsewhere';
  readonly images: StoredBlob[];
  readonly ref: ImagesRef | null;
}

/** Space used, from the catalog entries alone (no media document is loaded). */
export interface MediaUsage {
  /** The articles' HTML (UTF-8, before compression) of the listed clips. */
  readonly textBytes: number;
  readonly imageBytes: number;
  readonly images: number;
  readonly snapshotBytes: number;
  readonly snapshots: number;
}

/** How long a read waits for a media document to be found (from storage or a sync server). */
const FETCH_TIMEOUT_MS = 20_000;
/** How long a read waits for the parts it wants to arrive in a media document that is here (sync connected). */
const ARRIVAL_WAIT_MS = 10_000;
/** How long a sweep waits for one of this device's own media documents to load (they are in its storage), holding the write lock. */
const SWEEP_LOAD_MS = 2_000;

/** Which media documents a read may use (a "text only" device: its own only). */
export type ShardFilter = (id: string, entry: ContentShardEntry) => boolean;

/**
 * Saved images and full-page snapshots of clips: blobs in the media documents (`MediaStore`),
 * a small reference in the clip's catalog entry (`media.images`, `media.snapshot`), both written
 * through the one write path in one durable batch. Replacing a clip's images or snapshot
 * deletes the old parts in the same batch. `library.media` is the instance.
 */
export class ClipMedia {
  private readonly store: MediaStore;
  private readonly retirer: MediaRetirer;
  /** `mediaNotKept` as of one root state and switch (what `keeps` answers from: sync's access rule asks it for every document). */
  private notKept: { doc: object; textOnly: boolean; urls: ReadonlySet<string> } | null = null;
  /**
   * "Text only on this device": reads and sync use only the media documents this device made
   * (its own captures' images), never another device's. Set by the background from the settings.
   */
  textOnly = false;

  constructor(
    private readonly repo: Repo,
    private readonly root: LibraryRoot,
    private readonly catalogs: Catalogs,
    private readonly cache: HandleCache,
    /** This device: the media documents it appends to carry it. */
    readonly device: string,
    private readonly writer: ClipWriter,
    private readonly now: () => number,
  ) {
    this.store = new MediaStore(repo, root, cache, device);
    this.retirer = new MediaRetirer({ root, catalogs, cache, writer, device, appendingTo: () => this.store.appendingTo(), now });
  }

  /**
   * Saves the images of article version `rev` of a clip, replacing any saved before. Refused
   * (`not-found`) when the clip's article is no longer `rev` (re-captured meanwhile): those images
   * belong to a text that is gone.
   */
  attachImages(id: ClipId, rev: string, images: readonly SavedImage[], left: LeftOut): Promise<ClipSummary> {
    return this.writer.changeWith(id, async (entry, commit) => {
      if (entry.content?.rev !== rev) throw new AppFailure('not-found', 'The article was saved again meanwhile; its images are saved with the new version.');
      const old = mediaRefsOf(entry)?.images ?? null;
      const blobs = images.map((i) => ({ kind: 'image' as const, rev, blob: i.src, type: i.type, data: i.data, width: i.width, height: i.height }));
      const at = this.now();
      return this.store.append(id, blobs, at, async (stored) =>
        this.store.remove(id, this.allowed(old?.shards ?? [], () => true), (i, key) => i.kind === 'image' && !stored.keys.has(key), async (removed, done) => {
          const ref: ImagesRef = { rev, shards: stored.shards, count: images.length, bytes: stored.bytes, left: left.count, reason: left.reason, at };
          const missing = missingOf(left.missing);
          if (missing) ref.missing = Object.fromEntries(Object.entries(missing).map(([k, code]) => [k, new ImmutableString(code)]));
          return commit((e) => {
            const media = writableMediaRefs(e);
            if (old) recordStale(media, { kind: 'image', rev: String(old.rev), at: old.at, shards: this.notDone(old.shards, done) });
            media.images = ref;
          }, this.docs(stored.handles, removed, stored.rootChanged));
        }),
      ).catch((e: unknown) => {
        this.store.reset();
        throw e;
      });
    });
  }

  /**
   * The version (`content.rev`) of a clip's current article, which its images are saved for;
   * null for a clip not in the catalogs (deleted on another device, or still journaled: call
   * after `library.settled()`).
   */
  articleRev(id: ClipId): string | null {
    return this.catalogs.entry(id)?.content?.rev ?? null;
  }

  /** The clip's saved images for its current article (`allow`: which media documents may be read here). */
  async images(id: ClipId, allow: ShardFilter = () => true): Promise<ClipImages> {
    const entry = this.catalogs.entry(id);
    if (!entry) throw new AppFailure('not-found', 'That clip is not in this library (it may have been deleted on another device).');
    const ref = mediaRefsOf(entry)?.images ?? null;
    if (!ref || ref.rev !== entry.content?.rev || ref.count === 0) return { state: 'none', images: [], ref };
    const shards = this.allowed(ref.shards, allow);
    const images = shards.length ? await this.store.read(id, shards, (i) => i.kind === 'image' && i.rev === ref.rev, this.fetching()) : [];
    return { state: images.length < ref.count ? 'elsewhere' : 'saved', images, ref };
  }

  /** Saves a full-page snapshot (its HTML compressed with raw DEFLATE), replacing the clip's earlier one. */
  attachSnapshot(id: ClipId, html: Uint8Array, htmlBytes: number, left: number): Promise<SnapshotRef> {
    return this.writer.changeWith(id, async (entry, commit) => {
      const old = mediaRefsOf(entry)?.snapshot ?? null;
      const snapshotId = newMediaItemId();
      const at = this.now();
      const blob = { kind: 'snapshot' as const, rev: snapshotId, blob: 'snapshot', type: 'text/html', data: html };
      return this.store.append(id, [blob], at, (stored) =>
        this.store.remove(id, this.allowed(old?.shards ?? [], () => true), (i, key) => i.kind === 'snapshot' && !stored.keys.has(key), async (removed, done) => {
          const ref: SnapshotRef = { id: snapshotId, shards: stored.shards, bytes: stored.bytes, htmlBytes, left, at };
          await commit((e) => {
            const media = writableMediaRefs(e);
            if (old) recordStale(media, { kind: 'snapshot', rev: String(old.id), at: old.at, shards: this.notDone(old.shards, done) });
            media.snapshot = ref;
          }, this.docs(stored.handles, removed, stored.rootChanged));
          return ref;
        }),
      ).catch((e: unknown) => {
        this.store.reset();
        throw e;
      });
    });
  }

  /**
   * Deletes leftover parts (media-stale.ts) from this device's own media documents, for at most
   * `max` clips, each in one durable write with its catalog entry's record; a document that
   * cannot be loaded within 2 s is tried at the next sweep. Returns the clips swept. The
   * background runs it after sync passes; it writes nothing when there is nothing to sweep.
   */
  async sweepStale(max = 20): Promise<number> {
    const mine = (s: string) => this.root.mediaShard(s as MediaShardId)?.device === this.device;
    const retired = (s: string) => isRetiredMedia(this.root.mediaShard(s as MediaShardId));
    let swept = 0;
    for (const id of clipsToSweep(this.catalogs.entries(), mine, max) as ClipId[]) {
      await this.writer
        .changeWith(id, async (entry, commit) => {
          const left = staleOf(mediaRefsOf(entry)).map((r) => ({ ...r, shards: r.shards.filter(mine) }));
          const shards = left.flatMap((r) => r.shards);
          // A retired document (a record that arrived after it was retired) holds no part: done without loading it.
          const gone = shards.filter(retired);
          await this.store.remove(id, shards.filter((s) => !retired(s)), (i) => isLeftover(i, left) && !isCurrent(i, entry), async (removed, looked) => {
            const done = new Set([...looked, ...gone]);
            if (done.size === 0) return;
            await commit((e) => e.media && clearStale(writableMediaRefs(e), done), removed);
            swept++;
          }, SWEEP_LOAD_MS);
        })
        .catch(() => undefined); // deleted, read-only, or written meanwhile: the next sweep sees it again
    }
    return swept;
  }

  /**
   * Retires this device's own media documents that hold no part any more, are not the one it
   * appends to, and that no catalog entry names (media-retire.ts), in one durable write; every
   * device then removes them (`prune`). Resolves the shards retired. The background runs it after
   * sync passes and at start, with the stale sweep; it writes nothing when there is nothing to retire.
   */
  retireEmpty(): Promise<string[]> {
    return this.retirer.run();
  }

  /** The reference of a clip's full-page snapshot (no media document is loaded); null when it has none. */
  snapshotRef(id: ClipId): SnapshotRef | null {
    return mediaRefsOf(this.catalogs.entry(id))?.snapshot ?? null;
  }

  /** The clip's snapshot (compressed HTML) and its reference; null when it has none, or it is not on this device. */
  async snapshot(id: ClipId, allow: ShardFilter = () => true): Promise<{ ref: SnapshotRef; html: Uint8Array } | null> {
    const ref = mediaRefsOf(this.catalogs.entry(id))?.snapshot ?? null;
    if (!ref) return null;
    const [blob] = await this.store.read(id, this.allowed(ref.shards, allow), (i) => i.kind === 'snapshot' && i.rev === ref.id, this.fetching());
    return blob ? { ref, html: blob.data } : null;
  }

  /** Where a clip's images and snapshot are (its catalog entry's `media`), or null. */
  refs(id: ClipId): ClipMediaRefs | null {
    return mediaRefsOf(this.catalogs.entry(id));
  }

  /** Every media document the root lists (this device's and others'). */
  documents(): ContentShardEntry[] {
    return Object.values(this.root.media());
  }

  /** Space used by text, images and snapshots of the listed clips (text only: the images and snapshots this device keeps). */
  usage(): MediaUsage {
    let textBytes = 0;
    let imageBytes = 0;
    let images = 0;
    let snapshotBytes = 0;
    let snapshots = 0;
    for (const e of this.catalogs.entries()) {
      if (!this.catalogs.isListed(e)) continue;
      textBytes += e.content?.bytes ?? 0;
      const i = e.media?.images;
      if (i && i.rev === e.content?.rev && this.keptHere(i.shards)) {
        imageBytes += i.bytes;
        images += i.count;
      }
      const s = e.media?.snapshot;
      if (s && this.keptHere(s.shards)) {
        snapshotBytes += s.bytes;
        snapshots++;
      }
    }
    return { textBytes, imageBytes, images, snapshotBytes, snapshots };
  }

  /** The media documents this device keeps and syncs: all of them, or only its own when text only; never a retired one. */
  kept(entry: ContentShardEntry): boolean {
    return !isRetiredMedia(entry) && (!this.textOnly || entry.device === this.device);
  }

  /**
   * Whether this device keeps the document `url`: false only for a media document it does not
   * keep (retired, or another device's while text only): sync neither fetches nor accepts it, an
   * export leaves it out. Computed once per root state.
   */
  keeps(url: string): boolean {
    const doc = this.root.handle.doc() as object;
    if (this.notKept?.doc !== doc || this.notKept.textOnly !== this.textOnly) this.notKept = { doc, textOnly: this.textOnly, urls: mediaNotKept(this.root, this.catalogs, (e) => this.kept(e)) };
    return !this.notKept.urls.has(url);
  }

  /**
   * Removes from this device the media documents it does not keep (retired ones; text only:
   * other devices'), freeing their space; never a live one of its own, never a document the root
   * does not list as media. Those a read or sync holds right now are left (`busy`): call again later.
   */
  prune(): Promise<MediaPruned> {
    return pruneMedia(this.root, this.catalogs, this.repo, this.cache, this.writer, (e) => this.kept(e));
  }

  /**
   * How a read waits for media documents not here yet: a document is fetched for at most 20 s
   * (a server that does not answer), and one here without the parts wanted waits up to 10 s for
   * them to arrive, only while a sync server is connected.
   */
  private fetching(): { timeoutMs: number; waitMs: number } {
    return { timeoutMs: FETCH_TIMEOUT_MS, waitMs: this.repo.peers.length > 0 ? ARRIVAL_WAIT_MS : 0 };
  }

  /** Of `shards`, the media documents the root lists, live, that a removal did not look through (`done`): a retired one holds nothing to delete. */
  private notDone(shards: readonly string[], done: ReadonlySet<string>): string[] {
    return shards.map(String).filter((s) => {
      const e = this.root.mediaShard(s as MediaShardId);
      return !done.has(s) && !!e && !isRetiredMedia(e);
    });
  }

  /** Whether a reference's parts are all in media documents this device keeps (always, unless text only). */
  private keptHere(shards: readonly string[]): boolean {
    return !this.textOnly || this.allowed(shards, () => true).length === shards.length;
  }

  private allowed(shards: readonly string[], allow: ShardFilter): string[] {
    return shards.filter((s) => {
      const entry = this.root.mediaShard(s as MediaShardId);
      return !!entry && this.kept(entry) && allow(s, entry);
    });
  }

  private docs(added: Array<DocHandle<unknown>>, removed: Array<DocHandle<unknown>>, rootChanged: boolean): Array<DocHandle<unknown>> {
    const all = new Map<string, DocHandle<unknown>>();
    // A new media document is stored before (or with) the root entry that names it.
    for (const h of [...added, ...removed]) all.set(h.documentId, h);
    if (rootChanged) all.set(this.root.handle.documentId, this.root.handle);
    return [...all.values()];
  }
}
