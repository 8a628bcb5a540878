/**
 * Reads a library (docs/schema.md) from Automerge documents, whatever holds them: the root,
 * its 16 catalogs (kept for the whole read: a few MB at 10,000 clips), then one content
 * document at a time. The Repo source and the zip source differ only in their loader, so
 * `read --server` and `read --from` run this same code.
 */
import { isValidAutomergeUrl } from '@automerge/automerge-repo/slim';
import { readingProgressOf } from '../schema/reading-progress';
import { noteOf } from '../library/note-merge';
import { missingOf } from '../images/left-reasons';
import { str, strOrNull } from '../library/catalogs';
import { shownTags } from '../library/tags';
import { inflateText } from '../library/compress';
import { fromStored, liveHighlights } from '../library/highlights';
import { CATALOG_SLOTS, type CatalogDocV1, type CatalogEntryV1 } from '../schema/catalog-doc';
import type { ContentDocV1 } from '../schema/content-doc';
import { isRetiredMedia, LIBRARY_SCHEMA_VERSION, type LibraryDoc } from '../schema/library-doc';
import { migrationState } from '../schema/migrations';
import { AppFailure } from '../util/result';
import { mergedMap } from '../library/map-conflicts';
import { mediaRefsOf } from '../library/media-refs';
import { MediaReader } from './media-reader';
import type { ClipMediaMeta, ClipMeta, ExportDocument, ExportHighlight, LibraryInfo, LibrarySource, ReadOptions, SourceItem } from './types';

/** A document as a loader hands it over: its state now, and its binary on demand. */
export interface LoadedDocument {
  readonly doc: unknown;
  save(): Uint8Array;
}

/** Where documents come from. `use` may unload the document once `fn` has run (bounded memory). */
export interface DocumentLoader {
  /** Runs `fn` with the document at `url`, or with null when it cannot be had (unknown, unavailable, damaged). */
  use<T>(url: string, fn: (doc: LoadedDocument | null) => T | Promise<T>): Promise<T>;
}

interface Loaded {
  readonly root: LibraryDoc;
  readonly rootBytes: Uint8Array;
  /** Each catalog's binary, saved when it was read (its entries are kept only as `ClipMeta`). */
  readonly catalogs: ReadonlyArray<{ readonly url: string; readonly bytes: Uint8Array }>;
  readonly listed: readonly ClipMeta[];
  readonly unlisted: number;
  /** The slots of the catalogs that could not be read (a `partial` source only; otherwise the read fails). */
  readonly unreadable: readonly number[];
}

/** Options of `librarySource`. */
export interface LibrarySourceOptions {
  /**
   * Read the library without the catalogs that cannot be loaded (damaged, missing), and name
   * them in `info().unreadableCatalogs`, instead of failing. For reading an old export one
   * catalog of which is damaged: the other 15 sixteenths of the clips are still shown. Never for
   * a new export or backup, which must hold the whole library or fail.
   */
  readonly partial?: boolean;
  /**
   * The documents are a selection's (an export with `documents: 'touched'`): a catalog absent
   * from them holds none of its clips and is read as empty, neither a failure nor named in
   * `unreadableCatalogs`. One that is there and cannot be loaded is still either.
   */
  readonly selection?: boolean;
}

/** What the listing needs of an entry: its key, age, id and whether it is deleted, with its metadata. */
interface Candidate {
  readonly key: string;
  readonly savedAt: number;
  readonly id: string;
  readonly deleted: boolean;
  readonly meta: ClipMeta;
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const numOrNull = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
/** Strings already checked as document URLs: a check is a checksum (20-40 µs), and a library names a few hundred documents, each from many entries. */
const checkedUrls = new Map<string, boolean>();
/** A root entry's `doc` when it is a document URL; null for anything else (a damaged entry, or one another version wrote): its clips have no article or media here. */
function docUrlOf(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  let valid = checkedUrls.get(v);
  if (valid === undefined) {
    if (checkedUrls.size >= 10_000) checkedUrls.clear();
    valid = isValidAutomergeUrl(v);
    checkedUrls.set(v, valid);
  }
  return valid ? v : null;
}

/** A live highlight as plain values. */
function highlightOf(h: ReturnType<typeof liveHighlights>[number]): ExportHighlight {
  return {
    id: String(h.id),
    color: str(h.color) || 'yellow',
    note: typeof h.note === 'string' ? h.note : String(h.note ?? ''),
    createdAt: num(h.createdAt),
    updatedAt: num(h.updatedAt),
    v: num(h.v),
    target: fromStored(h.target),
    page: fromStored(h.page),
  };
}

/** Where an entry's images (of its current article) and snapshot are, as document URLs; null when it has neither. */
function mediaOf(e: CatalogEntryV1, rev: string, root: LibraryDoc): ClipMediaMeta | null {
  const m = mediaRefsOf(e);
  if (!m || typeof m !== 'object') return null;
  const media = mergedMap<{ doc: unknown }>(root, 'media');
  const docs = (shards: unknown) => (Array.isArray(shards) ? shards.map((s) => docUrlOf(media[s as string]?.doc)).filter((d): d is string => d !== null) : []);
  const i = m.images;
  const missing = i && typeof i === 'object' ? missingOf(i.missing) : undefined;
  // Kept when every image was left out too (none saved, some not): the export says each was not saved, and why, so an import keeps saying so.
  const images = i && typeof i === 'object' && String(i.rev) === rev && (num(i.count) > 0 || num(i.left) > 0) ? { rev, docs: docs(i.shards), count: num(i.count), left: num(i.left), reason: strOrNull(i.reason), ...(missing ? { missing } : {}) } : null;
  const s = m.snapshot;
  const snapshot = s && typeof s === 'object' && typeof s.id === 'string' ? { id: s.id, docs: docs(s.shards), htmlBytes: num(s.htmlBytes), left: num(s.left) } : null;
  return images || snapshot ? { images, snapshot } : null;
}

/** A catalog entry as plain values (anything of an unexpected type becomes its empty value). */
function metaOf(e: CatalogEntryV1, catalog: string, root: LibraryDoc): ClipMeta {
  const content = e.content ?? ({} as Partial<CatalogEntryV1['content']>);
  const shard = typeof content.shard === 'string' ? root.contents?.[content.shard] : undefined;
  // As the library shows them: one spelling per tag (two devices' "Work" and "work" are one tag).
  const tags = shownTags(e.tags);
  return {
    id: String(e.id),
    kind: String(e.kind ?? 'page'),
    url: str(e.url),
    pageUrl: str(e.pageUrl),
    canonicalUrl: strOrNull(e.canonicalUrl),
    title: str(e.title),
    byline: strOrNull(e.byline),
    siteName: strOrNull(e.siteName),
    lang: strOrNull(e.lang),
    dir: e.dir === 'ltr' || e.dir === 'rtl' ? e.dir : null,
    publishedTime: strOrNull(e.publishedTime),
    excerpt: strOrNull(e.excerpt),
    savedAt: num(e.savedAt),
    capturedAt: num(e.capturedAt),
    readAt: numOrNull(e.readAt),
    archivedAt: numOrNull(e.archivedAt),
    favoriteAt: numOrNull(e.favoriteAt),
    note: noteOf(e),
    progress: readingProgressOf(e.progress),
    tags,
    wordCount: num(content.wordCount),
    extractor: String(content.extractor ?? ''),
    highlights: liveHighlights(e).map(highlightOf),
    stored: { catalog, content: docUrlOf(shard?.doc), rev: String(content.rev ?? '') },
    media: mediaOf(e, String(content.rev ?? ''), root),
  };
}

/** The candidates of one catalog (every entry, deleted ones included). */
function candidatesOf(data: CatalogDocV1, catalog: string, root: LibraryDoc): Candidate[] {
  return Object.values(data?.clips ?? {})
    .filter((e) => e && typeof e === 'object')
    .map((e) => ({ key: str(e.key) || String(e.id), savedAt: num(e.savedAt), id: String(e.id), deleted: e.deletedAt !== null && e.deletedAt !== undefined, meta: metaOf(e, catalog, root) }));
}

/**
 * The listed clips, as the extension lists them (`Catalogs.isListed`): of two entries sharing
 * a de-duplication key (two devices saved one page offline) the oldest (`savedAt`, ties by
 * id), deleted or not; then soft-deleted ones left out. Everything else stays in the binaries.
 */
function listed(candidates: readonly Candidate[]): { clips: ClipMeta[]; unlisted: number } {
  const byKey = new Map<string, Candidate>();
  for (const c of candidates) {
    const held = byKey.get(c.key);
    if (!held || c.savedAt < held.savedAt || (c.savedAt === held.savedAt && c.id < held.id)) byKey.set(c.key, c);
  }
  const clips = [...byKey.values()].filter((c) => !c.deleted).map((c) => c.meta);
  clips.sort((a, b) => a.savedAt - b.savedAt || (a.id < b.id ? -1 : 1));
  return { clips, unlisted: candidates.length - clips.length };
}

async function load(loader: DocumentLoader, rootUrl: string, partial: boolean, selection: boolean): Promise<Loaded> {
  const got = await loader.use(rootUrl, (d) => (d ? { root: d.doc as LibraryDoc, bytes: d.save() } : null));
  const root = got?.root;
  if (!got || !root) throw new AppFailure('not-found', `The library ${rootUrl} was not found. Check the library URL (the options page shows it), and that it was synced to this server.`);
  if (root.schema !== 'commonplace/library') throw new AppFailure('bad-request', `${rootUrl} is not a Commonplace library (its schema is ${JSON.stringify(root.schema ?? null)}).`);
  // A newer root is read as it is (as the extension shows it, read-only), unless it has no catalogs where this version looks.
  const state = migrationState(root.schemaVersion, LIBRARY_SCHEMA_VERSION);
  if (state === 'too-new' && !root.catalogs) {
    throw new AppFailure('bad-request', `This library was made by a newer version of Commonplace (layout version ${String(root.schemaVersion)}), which this one cannot read. Update Commonplace, then try again.`);
  }
  if (state === 'needs-migration' || !root.catalogs) {
    throw new AppFailure('bad-request', `This library is in an older layout (version ${String(root.schemaVersion)}). Open it once in Commonplace to upgrade it, then export again.`);
  }
  // Each catalog is read into plain records and its binary at once; its document is not kept.
  // One at a time: a catalog of a large library is big while it loads (its sync, its patches),
  // and Automerge's WebAssembly memory, once grown, is never given back.
  const catalogs: Array<{ url: string; bytes: Uint8Array; candidates: Candidate[] }> = [];
  const unreadable: number[] = [];
  for (let slot = 0; slot < CATALOG_SLOTS; slot++) {
    const url = docUrlOf(root.catalogs[String(slot)]);
    const reading = url ? loader.use(url, (d) => (d ? { url, bytes: d.save(), candidates: candidatesOf(d.doc as CatalogDocV1, url, root) } : null)) : Promise.resolve(null);
    // A damaged binary fails its load with a message naming it: a partial read goes on without it.
    const read = await reading.catch((e: unknown) => {
      if (partial) return 'damaged' as const;
      throw e;
    });
    if (read && read !== 'damaged') catalogs.push(read);
    // Absent from a selection's documents: it holds none of the selected clips.
    else if (read === null && url && selection) continue;
    else if (partial) unreadable.push(slot);
    else throw new AppFailure('not-found', `The library's catalog ${slot} (${url ?? 'missing or damaged'}) could not be loaded, so its clips cannot be read.`);
  }
  if (catalogs.length === 0) throw new AppFailure('not-found', "None of the library's catalogs could be loaded (missing or damaged), so no clip can be read.");
  const { clips, unlisted } = listed(catalogs.flatMap((c) => c.candidates));
  return { root, rootBytes: got.bytes, catalogs: catalogs.map(({ url, bytes }) => ({ url, bytes })), listed: clips, unlisted, unreadable };
}

/** The content documents in the order they were made (the order clips come out). */
function contentUrls(root: LibraryDoc): string[] {
  const entries = Object.entries(root.contents ?? {}).sort(([ai, a], [bi, b]) => num(a?.createdAt) - num(b?.createdAt) || (ai < bi ? -1 : 1));
  return [...new Set(entries.map(([, e]) => docUrlOf(e?.doc)).filter((u): u is string => u !== null))];
}

/** The media documents (images, snapshots) in the order they were made; not a retired one (it holds no part, and no device keeps it). */
function mediaUrls(root: LibraryDoc): string[] {
  const entries = Object.entries(mergedMap<{ doc: unknown; createdAt: unknown }>(root, 'media')).filter(([, e]) => !isRetiredMedia(e)).sort(([ai, a], [bi, b]) => num(a?.createdAt) - num(b?.createdAt) || (ai < bi ? -1 : 1));
  return [...new Set(entries.map(([, e]) => docUrlOf(e?.doc)).filter((u): u is string => u !== null))];
}

/** The compressed article of a clip in a content document, or null when it is not there. */
function itemOf(doc: unknown, clip: ClipMeta): Uint8Array | null {
  const item = (doc as ContentDocV1 | undefined)?.items?.[clip.stored.rev];
  return item && item.clip === clip.id && item.html instanceof Uint8Array ? item.html : null;
}

async function htmlOf(bytes: Uint8Array | null): Promise<string | null> {
  if (!bytes) return null;
  try {
    return await inflateText(bytes);
  } catch {
    return null;
  }
}

/** A source over a loader: `info` and `read` share one load of the root and catalogs. */
export function librarySource(loader: DocumentLoader, rootUrl: string, opts: LibrarySourceOptions = {}): LibrarySource {
  let loading: Promise<Loaded> | null = null;
  const loaded = () => (loading ??= load(loader, rootUrl, opts.partial === true, opts.selection === true));
  const chosen = (lib: Loaded, opts: ReadOptions) => (opts.select ? lib.listed.filter(opts.select) : lib.listed);
  return {
    async info(opts = {}): Promise<LibraryInfo> {
      const lib = await loaded();
      return {
        url: rootUrl,
        schemaVersion: lib.root.schemaVersion,
        createdAt: num(lib.root.createdAt),
        clips: chosen(lib, opts).length,
        unlisted: lib.unlisted,
        contentDocuments: contentUrls(lib.root).length,
        ...(lib.unreadable.length > 0 && { unreadableCatalogs: lib.unreadable }),
      };
    },
    async *read(opts = {}): AsyncIterable<SourceItem> {
      const lib = await loaded();
      const choice = opts.documents ?? 'all';
      const clips = chosen(lib, opts);
      const byDoc = new Map<string, ClipMeta[]>();
      const homeless: ClipMeta[] = [];
      for (const c of clips) {
        if (c.stored.content) byDoc.set(c.stored.content, [...(byDoc.get(c.stored.content) ?? []), c]);
        else homeless.push(c);
      }
      const known = contentUrls(lib.root);
      const media = opts.media === false ? null : new MediaReader(loader);
      const withMedia = async (c: ClipMeta, html: string | null) => ({ ...c, html, ...(media ? await media.read(c.id, c.media) : { images: [], snapshot: null }) });
      for (const url of known) {
        const here = byDoc.get(url) ?? [];
        const wantDoc = choice === 'all' || (choice === 'touched' && here.length > 0);
        if (here.length === 0 && !wantDoc) continue;
        const got = await loader.use(url, (d) => ({ items: here.map((c) => itemOf(d?.doc, c)), bytes: d && wantDoc ? d.save() : null }));
        for (let i = 0; i < here.length; i++) {
          yield { type: 'clip', clip: await withMedia(here[i]!, await htmlOf(got.items[i] ?? null)) };
          got.items[i] = null;
        }
        if (got.bytes) yield { type: 'document', document: { url, kind: 'content', bytes: got.bytes } };
      }
      for (const c of homeless) yield { type: 'clip', clip: await withMedia(c, null) };
      if (choice === 'none') return;
      yield { type: 'document', document: { url: rootUrl, kind: 'root', bytes: lib.rootBytes } };
      const touched = new Set(clips.map((c) => c.stored.catalog));
      for (const c of lib.catalogs) {
        if (choice === 'all' || touched.has(c.url)) yield { type: 'document', document: { url: c.url, kind: 'catalog', bytes: c.bytes } satisfies ExportDocument };
      }
      // Saved images and snapshots: the whole library's export carries them too (a document not here is left out); a
      // selection's, the media documents its clips' images and snapshots are in, so they are restored with them.
      const wanted = choice === 'all' ? null : new Set(clips.flatMap((c) => [...(c.media?.images?.docs ?? []), ...(c.media?.snapshot?.docs ?? [])]));
      for (const url of mediaUrls(lib.root)) {
        if (wanted && !wanted.has(url)) continue;
        const bytes = await loader.use(url, (d) => (d ? d.save() : null));
        if (bytes) yield { type: 'document', document: { url, kind: 'media', bytes } };
      }
    },
  };
}
