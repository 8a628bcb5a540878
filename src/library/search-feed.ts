import { textOfHtml } from '../capture/text';
import type { CatalogEntryV1 } from '../schema/catalog-doc';
import type { ClipId, ContentShardId } from '../schema/ids';
import type { ClipFields } from '../search/fields';
import type { Catalogs } from './catalogs';
import { str, strOrNull } from './catalogs';
import type { ContentStore } from './content-store';
import { fromStored, liveHighlights } from './highlights';

/** FNV-1a of a string, as 8 hex digits (a version, not a secret). */
function fnv(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

/**
 * A version of everything the search index holds of a clip (its article's `rev`, metadata,
 * tags, states, note and highlights): equal versions mean the index is current for it. Kept
 * with the clip in the index (`ClipFields.rev`), so after a restart only changed clips are fed.
 */
export function searchRev(e: CatalogEntryV1): string {
  const hs = liveHighlights(e)
    .map((h) => `${h.id}:${h.updatedAt}`)
    .join(',');
  const tags = Object.keys(e.tags ?? {}).sort().join('\u0001');
  const note = typeof e.note === 'string' ? e.note : '';
  return fnv([e.content?.rev ?? '', str(e.title), str(e.siteName), str(e.byline), str(e.url), tags, e.readAt, e.archivedAt, e.favoriteAt ?? null, e.deletedAt, e.savedAt, hs, note].join('\u0002'));
}

/** What the search index is given for a clip: its entry as plain values and its article's text. */
export function searchFieldsOf(e: CatalogEntryV1, text: string): ClipFields {
  return {
    id: e.id,
    title: str(e.title),
    siteName: strOrNull(e.siteName),
    byline: strOrNull(e.byline),
    url: str(e.url),
    text,
    highlights: liveHighlights(e).map((h) => ({ quote: (fromStored(h.target) ?? fromStored(h.page))?.quote.exact ?? '', note: typeof h.note === 'string' ? h.note : '' })),
    note: typeof e.note === 'string' ? e.note : '',
    tags: Object.keys(e.tags ?? {}),
    savedAt: e.savedAt,
    readAt: e.readAt ?? null,
    archivedAt: e.archivedAt ?? null,
    favorite: typeof e.favoriteAt === 'number',
    deleted: e.deletedAt !== null,
    rev: searchRev(e),
  };
}

/**
 * The clips `ids` (or every listed one) as search input, their articles read a content
 * document at a time (grouped by document, so each is loaded once, and not kept loaded:
 * `ContentStore.withArticles`). `textChars`: how much of each article's text the index reads
 * (`SearchIndex.textChars`); the rest is dropped at once. A clip whose article is not
 * on this device yet is fed with its metadata only; it is fed again when the article arrives
 * (its entry changes). Entries that are not listed (a duplicate from an offline merge) are fed
 * as deleted, so they never show twice.
 */
export async function* searchFeed(catalogs: Catalogs, content: ContentStore, ids?: readonly ClipId[], textChars?: number): AsyncGenerator<ClipFields> {
  catalogs.ensureKeyMap();
  const entries = ids ? ids.flatMap((id) => catalogs.entry(id) ?? []) : [...catalogs.entries()];
  entries.sort((a, b) => (a.content?.shard ?? '').localeCompare(b.content?.shard ?? ''));
  for (let i = 0; i < entries.length; ) {
    // One content document's clips: their texts read with the document loaded once.
    const shard = entries[i]!.content?.shard ?? '';
    let end = i;
    while (end < entries.length && (entries[end]!.content?.shard ?? '') === shard) end++;
    const group = entries.slice(i, end);
    i = end;
    const texts = new Map<ClipId, string>();
    const wanted = group.filter((e) => e.deletedAt === null && e.content?.shard);
    if (wanted.length > 0) {
      await content.withArticles(shard as ContentShardId, async (read) => {
        for (const e of wanted) {
          let text = await read(e.content.rev).then((html) => (html === null ? '' : textOfHtml(html)), () => '');
          // The index reads no further (its cut looks at most one character past it): the rest is not held while a batch is fed.
          if (textChars !== undefined && text.length > textChars + 1) text = text.slice(0, textChars + 1);
          texts.set(e.id, text);
        }
      });
    }
    for (const e of group) {
      const fields = searchFieldsOf(e, texts.get(e.id) ?? '');
      yield catalogs.isListed(e) ? fields : { ...fields, deleted: true };
    }
  }
}

/** Every entry's search version, for comparing with what the index holds. */
export function searchRevs(catalogs: Catalogs): Map<ClipId, string> {
  const out = new Map<ClipId, string>();
  for (const e of catalogs.entries()) out.set(e.id, searchRev(e));
  return out;
}
