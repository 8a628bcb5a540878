import { init, loadIncremental } from '@automerge/automerge/slim';
import type { DocHandle, Repo, StorageAdapterInterface } from '@automerge/automerge-repo/slim';
import { CATALOG_SLOTS, catalogSlot, type CatalogEntryV1 } from '../schema/catalog-doc';
import type { ClipDocV1 } from '../schema/clip-doc';
import { CONTENT_SCHEMA_VERSION, type ContentDocV1 } from '../schema/content-doc';
import { newContentShardId, type ClipId, type DocUrl } from '../schema/ids';
import { LIBRARY_SCHEMA_VERSION, type LibraryEntryV1 } from '../schema/library-doc';
import { Catalogs, imm, str, strOrNull } from './catalogs';
import { deflateText } from './compress';
import type { HandleCache } from './handle-cache';
import type { Persister } from './persist';
import type { LibraryRoot } from './root';

/** Clips moved per batch: one new content document each, so a batch is one atomic write. */
const BATCH = 100;

/** Fields of a version 1 clip document this migration maps; any other is copied as it is. */
const KNOWN = new Set(['schema', 'schemaVersion', 'id', 'kind', 'key', 'url', 'pageUrl', 'canonicalUrl', 'title', 'byline', 'siteName', 'lang', 'dir', 'publishedTime', 'excerpt', 'savedAt', 'capturedAt', 'content', 'tags', 'readAt', 'archivedAt', 'highlights']);
const KNOWN_CONTENT = new Set(['html', 'text', 'extractor', 'wordCount']);

export interface MigrationContext {
  readonly repo: Repo;
  /** The Repo's storage: version 1 documents are read from it directly, never loaded into the Repo. */
  readonly storage: StorageAdapterInterface;
  readonly root: LibraryRoot;
  readonly persister: Persister;
  readonly cache: HandleCache;
  readonly device: string;
  readonly now: () => number;
  /** Progress, for the options page: clips moved so far of all. */
  readonly progress?: (moved: number, total: number) => void;
}

/**
 * Library schema 1 → 2, losing nothing. Version 1 kept each clip in a document of its own;
 * version 2 keeps its metadata and state in a catalog entry and its article, compressed, in
 * a content document (docs/schema.md, "Layout and why"). Runs inside the write lock, in
 * batches of 100 clips: each batch — a new content document, the catalog entries, the
 * root's entries removed and the old documents deleted — is one atomic write, so a process
 * killed at any instant resumes where it stopped. The text is not copied: version 2
 * derives it from the HTML, as version 1 computed it.
 */
export async function migrateV1(ctx: MigrationContext): Promise<void> {
  const { repo, root, persister } = ctx;
  if (root.version >= LIBRARY_SCHEMA_VERSION || root.readOnly) return;
  if (Object.keys(root.catalogs()).length < CATALOG_SLOTS) {
    const made = Catalogs.create(repo);
    root.change((d) => {
      d.catalogs = {};
      made.forEach((c, slot) => void (d.catalogs[String(slot)] = c.url as DocUrl));
      if (!d.contents) d.contents = {};
    });
    await persister.persist([...made, root.handle]);
  }
  const catalogs = await Catalogs.open(repo, root.catalogs(), () => new Map());
  const all = Object.keys(root.handle.doc().clips ?? {});
  let moved = 0;
  for (;;) {
    const ids = Object.keys(root.handle.doc().clips ?? {}).slice(0, BATCH) as ClipId[];
    if (ids.length === 0) break;
    await moveBatch(ctx, catalogs, ids);
    moved += ids.length;
    ctx.progress?.(moved, all.length);
  }
  root.change((d) => {
    delete d.clips;
    d.schemaVersion = LIBRARY_SCHEMA_VERSION;
  });
  await persister.persist([root.handle]);
}

async function moveBatch(ctx: MigrationContext, catalogs: Catalogs, ids: readonly ClipId[]): Promise<void> {
  const { repo, root, cache, device, now } = ctx;
  const shardId = newContentShardId();
  const at = now();
  const items: ContentDocV1['items'] = {};
  const entries: CatalogEntryV1[] = [];
  const oldDocs: string[] = [];
  for (const id of ids) {
    const v1 = root.handle.doc().clips![id]!;
    const read = await readClip(ctx.storage, v1).catch(() => null);
    oldDocs.push(v1.doc.slice('automerge:'.length));
    if (!read) continue; // a root entry whose document never held anything (version 1 wrote both at once)
    const rev = `v1-${id}`;
    items[rev] = { clip: id, html: await deflateText(read.html), bytes: new TextEncoder().encode(read.html).byteLength, at };
    entries.push(entryOf(id, v1, read.doc, { shard: shardId, rev, bytes: items[rev]!.bytes }));
  }
  const shard = repo.create<ContentDocV1>();
  shard.change((d) => {
    d.schema = 'commonplace/content';
    d.schemaVersion = CONTENT_SCHEMA_VERSION;
    d.device = device;
    d.createdAt = at;
    d.items = items;
  });
  const touched = new Set<number>();
  for (const e of entries) {
    touched.add(catalogSlot(e.id));
    catalogs.change(e.id, (clips) => void (clips[e.id] = e));
  }
  root.change((d) => {
    d.contents[shardId] = { doc: shard.url as DocUrl, device, createdAt: at };
    for (const id of ids) delete d.clips![id];
  });
  const docs: Array<DocHandle<unknown>> = [shard, ...[...touched].map((s) => catalogs.handle(s)), root.handle];
  await ctx.persister.persist(docs, { remove: oldDocs });
  await cache.adopt(shard);
}

/**
 * Reads a version 1 clip document straight from storage. Not through the Repo: a document it
 * loads schedules a compacting save that could land after the batch that deletes it.
 */
async function readClip(storage: StorageAdapterInterface, v1: LibraryEntryV1): Promise<{ doc: Record<string, unknown>; html: string } | null> {
  const chunks = await storage.loadRange([v1.doc.slice('automerge:'.length)]);
  if (chunks.length === 0) return null;
  let doc = init<ClipDocV1>();
  for (const c of chunks) if (c.data) doc = loadIncremental(doc, c.data);
  const plain = JSON.parse(JSON.stringify(doc, (_k, v) => (v instanceof Uint8Array ? Array.from(v) : v))) as Record<string, unknown>;
  return { doc: plain, html: str(doc.content?.html) };
}

/** The catalog entry of a version 1 clip: every field mapped, and any field version 1 did not know kept as it is. */
function entryOf(id: ClipId, v1: LibraryEntryV1, doc: Record<string, any>, ref: { shard: string; rev: string; bytes: number }): CatalogEntryV1 {
  const e: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(doc)) if (!KNOWN.has(k)) e[k] = v;
  const content: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(doc.content ?? {})) if (!KNOWN_CONTENT.has(k)) content[k] = v;
  Object.assign(content, { ...ref, extractor: doc.content?.extractor ?? 'body', wordCount: doc.content?.wordCount ?? 0 });
  return Object.assign(e, {
    id,
    kind: doc.kind ?? 'page',
    key: imm(typeof doc.key === 'string' ? doc.key : v1.key),
    url: imm(String(doc.url ?? '')),
    pageUrl: imm(String(doc.pageUrl ?? doc.url ?? '')),
    canonicalUrl: imm(strOrNull(doc.canonicalUrl)),
    title: imm(String(doc.title ?? '')),
    byline: imm(strOrNull(doc.byline)),
    siteName: imm(strOrNull(doc.siteName)),
    lang: imm(strOrNull(doc.lang)),
    dir: doc.dir ?? null,
    publishedTime: imm(strOrNull(doc.publishedTime)),
    excerpt: imm(strOrNull(doc.excerpt)),
    savedAt: doc.savedAt ?? v1.addedAt,
    capturedAt: doc.capturedAt ?? v1.addedAt,
    content,
    tags: doc.tags ?? {},
    readAt: doc.readAt ?? null,
    archivedAt: doc.archivedAt ?? null,
    deletedAt: v1.deletedAt ?? null,
    highlights: doc.highlights ?? {},
  }) as unknown as CatalogEntryV1;
}
