import { textOfHtml } from '../capture/text';
import { mayAwaitArticle } from '../import/fetch-outcome';
import type { CatalogEntryV1 } from '../schema/catalog-doc';
import type { ClipId, ContentShardId } from '../schema/ids';
import { readingProgressOf } from '../schema/reading-progress';
import type { ClipFields } from '../search/fields';
import type { Catalogs } from './catalogs';
import { str, strOrNull } from './catalogs';
import type { ContentStore } from './content-store';
import { fromStored, liveHighlights } from './highlights';
import { noteOf } from './note-merge';

/** FNV-1a of a string, as 8 hex digits (a version, not a secret). */
function fnv(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

/**
 * A version of everything the search index holds of a clip (its article's `rev`, metadata, reading progress,
 * tags, states, note and highlights): equal versions mean the index is current for it. Kept
 * with the clip in the index (`ClipFields.rev`), so after a restart only changed clips are fed.
 */
export function searchRev(e: CatalogEntryV1): string {
  const hs = liveHighlights(e)
    .map((h) => `${h.id}:${h.updatedAt}`)
    .join(',');
  const tags = Object.keys(e.tags ?? {}).sort().join('\u0001');
  const note = noteOf(e);
  return fnv([e.content?.rev ?? '', str(e.title), str(e.siteName), str(e.byline), str(e.url), tags, e.readAt, e.archivedAt, e.favoriteAt ?? null, e.deletedAt, e.savedAt, hs, note, readingProgressOf(e.progress)?.percent ?? 0].join('\u0002'));
}

/**
 * `searchRev` and whether the clip is listed: an entry that an offline merge made a duplicate
 * (another device's entry now holds its key) did not change, but must leave the index, so its
 * version differs once it is no longer listed (and again if it is listed once more).
 */
function listedRev(catalogs: Catalogs, e: CatalogEntryV1, rev = searchRev(e)): string {
  return catalogs.isListed(e) ? rev : `${rev}:unlisted`;
}

/** What the search index is given for a clip: its entry as plain values and its article's text (`rev`: its version, when known already). */
export function searchFieldsOf(e: CatalogEntryV1, text: string, rev = searchRev(e)): ClipFields {
  return {
    id: e.id,
    title: str(e.title),
    siteName: strOrNull(e.siteName),
    byline: strOrNull(e.byline),
    url: str(e.url),
    text,
    highlights: liveHighlights(e).map((h) => ({ quote: (fromStored(h.target) ?? fromStored(h.page))?.quote.exact ?? '', note: typeof h.note === 'string' ? h.note : '' })),
    note: noteOf(e),
    tags: Object.keys(e.tags ?? {}),
    savedAt: e.savedAt,
    publishedTime: strOrNull(e.publishedTime),
    progress: readingProgressOf(e.progress)?.percent ?? 0,
    // An imported link still waiting for its article has a placeholder's dozen words: its length is not known yet (as the list shows it).
    words: mayAwaitArticle({ kind: e.kind, wordCount: e.content.wordCount }) ? 0 : e.content.wordCount,
    readAt: e.readAt ?? null,
    archivedAt: e.archivedAt ?? null,
    favorite: typeof e.favoriteAt === 'number',
    deleted: e.deletedAt !== null,
    rev,
  };
}

/**
 * The clips `ids` (or every listed one) as search input, their articles read a content
 * document at a time (grouped by document, so each is loaded once, held while its clips are
 * handed on one by one, and not kept loaded: `ContentStore.leaseArticles`). `textChars`: how
 * much of each article's text the index reads (`SearchIndex.textChars`); the rest is dropped
 * at once. A clip whose article is not on this device yet is fed with its metadata only; it is
 * fed again when the article arrives (its entry changes). Entries that are not listed (a
 * duplicate from an offline merge) are fed as deleted, so they never show twice.
 */
export async function* searchFeed(catalogs: Catalogs, content: ContentStore, ids?: readonly ClipId[], textChars?: number): AsyncGenerator<ClipFields> {
  catalogs.ensureKeyMap();
  const entries = ids ? ids.flatMap((id) => catalogs.entry(id) ?? []) : [...catalogs.entries()];
  entries.sort((a, b) => (a.content?.shard ?? '').localeCompare(b.content?.shard ?? ''));
  // The index reads no further (its cut looks at most one character past it): the rest is neither inflated, converted nor held.
  const chars = textChars === undefined ? Infinity : textChars + 1;
  for (let i = 0; i < entries.length; ) {
    // One content document's clips: their texts read with the document loaded once.
    const shard = entries[i]!.content?.shard ?? '';
    let end = i;
    while (end < entries.length && (entries[end]!.content?.shard ?? '') === shard) end++;
    const group = entries.slice(i, end);
    i = end;
    // Each clip handed on as soon as its text is read, while its document is held: a document's
    // worth of texts gathered first outlived the young generation's collections (promoted garbage).
    const wanted = new Set(group.filter((e) => e.deletedAt === null && e.content?.shard).map((e) => e.id));
    const lease = wanted.size > 0 ? await content.leaseArticles(shard as ContentShardId) : null;
    try {
      for (const e of group) {
        // Changed since this feed began (edited, deleted, synced; a rebuild takes tens of seconds):
        // that change is fed on its own, and this older version, handed on now, would undo it.
        const rev = searchRev(e);
        const now = catalogs.entry(e.id) ?? e;
        if (now !== e && searchRev(now) !== rev) continue;
        const text = lease && wanted.has(e.id) ? ((await lease.read.textPrefix(e.content.rev, chars).catch(() => null)) ?? '') : '';
        const fields = searchFieldsOf(e, text, listedRev(catalogs, e, rev));
        yield catalogs.isListed(e) ? fields : { ...fields, deleted: true };
      }
    } finally {
      await lease?.release();
    }
  }
}

/** Every entry's search version (listed or not, `listedRev`), for comparing with what the index holds. */
export function searchRevs(catalogs: Catalogs): Map<ClipId, string> {
  catalogs.ensureKeyMap();
  const out = new Map<ClipId, string>();
  for (const e of catalogs.entries()) out.set(e.id, listedRev(catalogs, e));
  return out;
}

/** What one step of a deep scan is told: where to resume, what to read, and when to stop. */
export interface DeepScanOptions {
  /** The cursor a previous step returned (the last content document read), or null to start. */
  readonly cursor: string | null;
  /** Characters of each article the search index holds: articles no longer than this are not read (already fully searched). */
  readonly textChars: number;
  /** Whether a clip is wanted (the query's filters), given its fields without text; read before its article. */
  readonly accept: (fields: ClipFields) => boolean;
  /** A wanted clip whose article is longer than `textChars`, with the article's whole text; called while its document is loaded. */
  readonly visit: (fields: ClipFields) => void;
  /** Content documents loaded in this step, at most (at least one is, when any is left). */
  readonly maxDocs: number;
  /** No further document is loaded once this many milliseconds have passed (one always is). */
  readonly budgetMs: number;
  /** Checked before each further document: true ends the step there (e.g. enough hits for one answer). */
  readonly stop?: () => boolean;
  readonly now?: () => number;
}

/** Where a step of a deep scan got to. */
export interface DeepScanStep {
  /** Where the next step resumes; null when every clip has been scanned. */
  readonly next: string | null;
  /** Wanted clips scanned so far, over every step (those in the documents up to the cursor). */
  readonly scanned: number;
  /** Wanted clips in all (live, listed, passing the filters). */
  readonly total: number;
  /** Content documents loaded in this step. */
  readonly loaded: number;
}

const shardOf = (e: CatalogEntryV1) => e.content?.shard ?? '';

/**
 * One step of a deep scan of the library: the wanted clips, grouped by content document (in
 * document order, so a cursor — the last document read — says what is done without any state
 * kept between steps), their long articles read a document at a time (`ContentStore.withArticles`:
 * loaded once, not kept), until `maxDocs` documents or `budgetMs`. Clips whose article's HTML is
 * no longer than `textChars` bytes, or whose text is not, are not visited (the index holds all of
 * their text); clips without an article on this device are scanned with nothing to read. A clip
 * saved into a document already passed during a scan is not seen by that scan.
 */
export async function deepScan(catalogs: Catalogs, content: ContentStore, opts: DeepScanOptions): Promise<DeepScanStep> {
  const now = opts.now ?? (() => performance.now());
  const t0 = now();
  catalogs.ensureKeyMap();
  const wanted: { e: CatalogEntryV1; f: ClipFields }[] = [];
  for (const e of catalogs.entries()) {
    if (e.deletedAt !== null || !catalogs.isListed(e)) continue;
    const f = searchFieldsOf(e, '');
    if (opts.accept(f)) wanted.push({ e, f });
  }
  wanted.sort((a, b) => (shardOf(a.e) < shardOf(b.e) ? -1 : shardOf(a.e) > shardOf(b.e) ? 1 : a.e.id < b.e.id ? -1 : a.e.id > b.e.id ? 1 : 0));
  const cursor = opts.cursor;
  let i = 0;
  if (cursor !== null) while (i < wanted.length && shardOf(wanted[i]!.e) <= cursor) i++;
  let loaded = 0;
  let last: string | null = cursor;
  while (i < wanted.length) {
    const shard = shardOf(wanted[i]!.e);
    let end = i;
    while (end < wanted.length && shardOf(wanted[end]!.e) === shard) end++;
    const long = shard === '' ? [] : wanted.slice(i, end).filter(({ e }) => !(e.content.bytes <= opts.textChars));
    if (long.length > 0) {
      if (loaded > 0 && (loaded >= opts.maxDocs || now() - t0 >= opts.budgetMs || opts.stop?.())) break;
      loaded++;
      await content.withArticles(shard as ContentShardId, async (read) => {
        for (const { e, f } of long) {
          const html = await read.html(e.content.rev).catch(() => null);
          if (html === null) continue;
          const text = textOfHtml(html);
          if (text.length > opts.textChars) opts.visit({ ...f, text });
        }
      });
    }
    last = shard;
    i = end;
  }
  return { next: i < wanted.length ? last : null, scanned: i, total: wanted.length, loaded };
}
