import { textOfHtml } from '../capture/text';
import type { CatalogEntryV1 } from '../schema/catalog-doc';
import type { ContentShardId } from '../schema/ids';
import type { ClipFields } from '../search/fields';
import type { Catalogs } from './catalogs';
import type { ContentStore } from './content-store';
import { searchFieldsOf } from './search-feed';

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
          const html = await read(e.content.rev).catch(() => null);
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
