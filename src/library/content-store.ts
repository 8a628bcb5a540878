import { free } from '@automerge/automerge/slim';
import type { DocHandle, DocumentId, Repo } from '@automerge/automerge-repo/slim';
import { CONTENT_BYTES_PER_SHARD, CONTENT_ITEMS_PER_SHARD, CONTENT_SCHEMA_VERSION, type ContentDocV1 } from '../schema/content-doc';
import { newContentShardId, type ClipId, type ContentShardId, type DocUrl } from '../schema/ids';
import { releaseBytes } from '../util/bytes';
import { AppFailure } from '../util/result';
import { textPrefixOfDeflated } from './article-text';
import { deflateText, inflateText } from './compress';
import { DocStorage } from './doc-storage';
import type { HandleCache } from './handle-cache';
import type { LibraryRoot } from './root';

/** Where an appended article went. */
export interface Appended {
  readonly shard: ContentShardId;
  readonly rev: string;
  /** The content document, changed in memory: the caller persists it. */
  readonly handle: DocHandle<ContentDocV1>;
  /** True when a new content document was made (the root changed too: persist it as well). */
  readonly opened: boolean;
}

/** Reads the articles of one content document (`ContentStore.withArticles`). */
export interface ArticleReader {
  /** The article's HTML; null when the document does not hold it. */
  html(rev: string): Promise<string | null>;
  /** `textPrefixOfHtml(html, chars)` of the article, inflating only as much of it as that needs; null when absent. */
  textPrefix(rev: string, chars: number): Promise<string | null>;
}

/**
 * The articles: appended, compressed, to content documents of 100 articles each. Each
 * device appends only to its own (`device`), so no two devices ever change one document
 * at once; a re-capture appends a new item and deletes the old one. Reading an article
 * loads its document through the handle cache (a few stay loaded).
 */
export class ContentStore {
  private openShard: { id: ContentShardId; items: number; bytes: number } | null = null;

  constructor(
    private readonly repo: Repo,
    private readonly root: LibraryRoot,
    private readonly cache: HandleCache,
    private readonly device: string,
  ) {}

  /** Compresses an article (outside any lock: it is pure work). */
  compress(html: string): Promise<Uint8Array> {
    return deflateText(html);
  }

  /**
   * Appends a compressed article to this device's open content document (making a new one
   * when it is full), in memory, and runs `fn` while that document is held loaded.
   */
  async append<T>(clip: ClipId, html: Uint8Array, bytes: number, at: number, rev: string, fn: (appended: Appended) => Promise<T>): Promise<T> {
    const open = await this.openFor(html.byteLength);
    const write = async (handle: DocHandle<ContentDocV1>, opened: boolean) => {
      // Already there: an attempt whose batch failed (a full disk) appended it, and it is still to be written with the next batch.
      // Appending it again would add another copy of the article to the document's history at every retry.
      if (!sameItem(handle.doc().items?.[rev], clip, html, at)) handle.change((d) => void (d.items[rev] = { clip, html, bytes, at }));
      const result = await fn({ shard: open.id, rev, handle, opened });
      open.items++;
      open.bytes += html.byteLength;
      return result;
    };
    if (open.created) {
      const handle = this.repo.create<ContentDocV1>();
      handle.change((d) => {
        d.schema = 'commonplace/content';
        d.schemaVersion = CONTENT_SCHEMA_VERSION;
        d.device = this.device;
        d.createdAt = at;
        d.items = {};
      });
      this.root.change((d) => void (d.contents[open.id] = { doc: handle.url as DocUrl, device: this.device, createdAt: at }));
      try {
        return await write(handle, true);
      } finally {
        await this.cache.adopt(handle);
      }
    }
    return this.cache.use<ContentDocV1, T>(this.root.content(open.id)!.doc, (h) => write(h, false));
  }

  /** An article's HTML; throws `not-found` when its content document does not hold it (yet). */
  async read(shard: ContentShardId, rev: string): Promise<string> {
    const entry = this.root.content(shard);
    if (!entry) throw new AppFailure('not-found', "This clip's article has not arrived on this device yet. Keep sync on and try again.");
    const item = await this.cache
      .use<ContentDocV1, ContentDocV1['items'][string] | undefined>(entry.doc, (h) => h.doc().items?.[rev])
      .catch(() => undefined);
    if (!item) throw new AppFailure('not-found', "This clip's article has not arrived on this device yet. Keep sync on and try again.");
    return inflateText(item.html);
  }

  /**
   * `withArticles` as a lease: the document is held until `release` (call it in a `finally`;
   * it rethrows what releasing the document failed with), so a generator can hand on each article
   * as it is read instead of gathering a document's worth first.
   */
  async leaseArticles(shard: ContentShardId): Promise<{ read: ArticleReader; release: () => Promise<void> }> {
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let lend!: (read: ArticleReader) => void;
    const lent = new Promise<{ read: ArticleReader }>((r) => (lend = (read) => r({ read })));
    const outcome = this.withArticles(shard, (read) => (lend(read), released)).then(
      () => null,
      (error: unknown) => ({ error }),
    );
    const first = await Promise.race([lent, outcome]);
    if (first === null) throw new Error('The content document was released before it was read.');
    if ('error' in first) throw first.error;
    return {
      read: first.read,
      release: async () => {
        release();
        const o = await outcome;
        if (o) throw o.error;
      },
    };
  }

  /**
   * Runs `fn` with a reader of the articles of one content document, loaded once: through its
   * handle when the Repo has it loaded, else apart from the Repo (`DocStorage.peek`) and freed
   * right after, its articles' bytes with it (`releaseBytes`: nothing else holds them), so a pass
   * over every article (the search index's) holds one document at a time and leaves neither it
   * loaded nor its bytes waiting for a collection. Falls back to the handle cache when the
   * document is not stored here (it may arrive through sync). The reader's answers are null for
   * an article the document does not hold.
   */
  async withArticles<T>(shard: ContentShardId, fn: (read: ArticleReader) => Promise<T>): Promise<T> {
    const entry = this.root.content(shard);
    const reader = (items: ContentDocV1['items'] | undefined): ArticleReader => ({
      html: async (rev) => (items?.[rev] ? inflateText(items[rev]!.html) : null),
      textPrefix: async (rev, chars) => (items?.[rev] ? textPrefixOfDeflated(items[rev]!.html, chars) : null),
    });
    const id = entry?.doc.slice('automerge:'.length) as DocumentId | undefined;
    const peek = id && !this.repo.handles[id] ? DocStorage.of(this.repo) : undefined;
    const doc = peek ? await peek.peek<ContentDocV1>(id!).catch(() => null) : null;
    if (doc) {
      try {
        return await fn(reader(doc.items));
      } finally {
        // Materialised at load (a copy out of Automerge's memory) and read by no one else.
        for (const item of Object.values(doc.items ?? {})) if (item?.html instanceof Uint8Array) releaseBytes(item.html);
        free(doc);
      }
    }
    return this.useIfHere(shard, (h) => fn(reader(h?.doc().items)));
  }

  /**
   * Runs `fn` with content document `shard` loaded and held (the handle cache), or with null when
   * the root names no such document or it cannot be loaded on this device (not arrived through
   * sync, a write that failed half-way). An error `fn` throws is `fn`'s, never taken for a failed load.
   */
  private async useIfHere<T>(shard: ContentShardId, fn: (handle: DocHandle<ContentDocV1> | null) => Promise<T>): Promise<T> {
    const entry = this.root.content(shard);
    if (!entry) return fn(null);
    let ran = false;
    try {
      return await this.cache.use<ContentDocV1, T>(entry.doc, (h) => ((ran = true), fn(h)));
    } catch (e) {
      if (ran) throw e;
      return fn(null);
    }
  }

  /**
   * Deletes a superseded article from its document (in memory), running `fn` while it is held;
   * just runs `fn` when there is nothing to delete — the article is gone, or its document is not
   * on this device (a write that failed half-way, or one that has not arrived through sync):
   * the new article must be written either way.
   */
  remove<T>(shard: ContentShardId, rev: string, fn: (handle: DocHandle<ContentDocV1> | null) => Promise<T>): Promise<T> {
    return this.useIfHere(shard, (h) => {
      if (!h?.doc().items?.[rev]) return fn(null);
      h.change((d) => void delete d.items[rev]);
      return fn(h);
    });
  }

  /**
   * `remove` for many superseded articles at once: their documents are loaded and held first,
   * then every article is deleted (in memory) together, right before `fn`, which writes those
   * documents in the same batch as the entries that no longer name them (nothing is deleted
   * before the batch is ready, and no document is unloaded, so saved on its own, before it). An
   * article already gone, or whose document is not on this device, is skipped.
   */
  removeAll<T>(articles: ReadonlyArray<{ shard: ContentShardId; rev: string }>, fn: (changed: Array<DocHandle<ContentDocV1>>) => Promise<T>): Promise<T> {
    const shards = [...new Set(articles.map((a) => a.shard))];
    const hold = async (i: number, held: Array<{ shard: ContentShardId; handle: DocHandle<ContentDocV1> }>): Promise<T> => {
      if (i === shards.length) {
        const changed: Array<DocHandle<ContentDocV1>> = [];
        for (const { shard, handle } of held) {
          const revs = articles.filter((a) => a.shard === shard && handle.doc().items?.[a.rev]).map((a) => a.rev);
          if (revs.length === 0) continue;
          handle.change((d) => revs.forEach((rev) => delete d.items[rev]));
          changed.push(handle);
        }
        return fn(changed);
      }
      const shard = shards[i]!;
      return this.useIfHere(shard, (handle) => hold(i + 1, handle ? [...held, { shard, handle }] : held));
    };
    return hold(0, []);
  }

  /** This device's open content document with room for `bytes` more, or the id of a new one to make. */
  private async openFor(bytes: number): Promise<{ id: ContentShardId; items: number; bytes: number; created: boolean }> {
    if (!this.openShard) this.openShard = await this.findOpen();
    const o = this.openShard;
    if (o && o.items < CONTENT_ITEMS_PER_SHARD && (o.items === 0 || o.bytes + bytes <= CONTENT_BYTES_PER_SHARD) && this.root.content(o.id)) {
      return Object.assign(o, { created: false });
    }
    this.openShard = { id: newContentShardId(), items: 0, bytes: 0 };
    return Object.assign(this.openShard, { created: true });
  }

  /** The newest content document this device made, with its size, if it has room. */
  private async findOpen(): Promise<{ id: ContentShardId; items: number; bytes: number } | null> {
    const mine = Object.entries(this.root.contents())
      .filter(([, e]) => e.device === this.device)
      .sort((a, b) => b[1].createdAt - a[1].createdAt);
    const newest = mine[0];
    if (!newest) return null;
    return this.cache.use<ContentDocV1, { id: ContentShardId; items: number; bytes: number }>(newest[1].doc, (h) => {
      const items = Object.values(h.doc().items ?? {});
      return { id: newest[0] as ContentShardId, items: items.length, bytes: items.reduce((n, i) => n + (i.html?.byteLength ?? 0), 0) };
    });
  }
}

/** Whether `item` is this very article of `clip` (the same compressed bytes, captured at `at`). */
function sameItem(item: ContentDocV1['items'][string] | undefined, clip: ClipId, html: Uint8Array, at: number): boolean {
  if (!item || item.clip !== clip || item.at !== at || !(item.html instanceof Uint8Array) || item.html.byteLength !== html.byteLength) return false;
  for (let i = 0; i < html.byteLength; i++) if (item.html[i] !== html[i]) return false;
  return true;
}
