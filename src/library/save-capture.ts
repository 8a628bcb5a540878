import type { ClipIndex } from '../index-db/clip-index';
import type { ExtractedPage } from '../schema/capture';
import type { CatalogEntryV1 } from '../schema/catalog-doc';
import { CAPTURE_RECORD_VERSION, type CaptureRecord } from '../schema/capture-record';
import type { ClipSummary, SaveOutcome } from '../schema/clip-summary';
import { newClipId, type ClipId } from '../schema/ids';
import { journalKey, rowOfRecord, type CaptureJournal } from './capture-journal';
import { imm, strOrNull, type Catalogs } from './catalogs';
import { fileOf } from './clip-record';
import type { ClipWriter, EntryChange } from './clip-writer';
import { rowOf } from './index-rows';

/** What a save's first phase needs of the library (library.ts passes its own). */
export interface SaveParts {
  readonly catalogs: Catalogs;
  readonly journal: CaptureJournal;
  readonly writer: ClipWriter;
  readonly index: ClipIndex;
  readonly now: () => number;
}

/**
 * Phase one of `Library.save` (the caller holds the write lock): the journal record, then (once
 * it is durable) the index row. A link fetched onto a clip whose article was captured from a live
 * tab journals nothing (`keepsTabArticle`): the article stays, what the clip lacks is filled in
 * (`fillFromLink`, one durable entry change) and the outcome says `kept`.
 */
export async function journalCapture(d: SaveParts, page: ExtractedPage): Promise<SaveOutcome> {
  const filing = fileOf(page);
  const at = d.now();
  const existing = d.catalogs.clipForPage(filing, page.kind);
  const journaledNew = existing ? d.journal.newClipRows().get(existing) : undefined;
  if (existing && !journaledNew) d.writer.assertClipWritable(existing);
  const base = existing ? (journaledNew ?? rowOf(d.catalogs.entry(existing)!)) : null;
  const kept = existing && base ? await keptOutcome(d, existing, base, page) : null;
  if (kept) return kept;
  const clipId = existing ?? newClipId();
  const record: CaptureRecord = { v: CAPTURE_RECORD_VERSION, key: journalKey(at), op: existing ? 'update' : 'create', clipId, at, filing, page: { ...page } };
  const row = rowOfRecord(record, base);
  await d.journal.append(record, row, !existing || !!journaledNew, () => d.index.put(row));
  if (!existing) d.catalogs.claimKey(filing.key, clipId);
  return { clip: row, created: !existing };
}

/**
 * Whether a capture must leave the clip's article as it is: a link fetched from the network
 * (kind 'link') onto a clip whose article was captured from a live tab (kind 'page' or
 * 'selection') and has words. Why: the tab's copy is the page as the user saw it (logged in,
 * past a paywall); a fetched copy is often worse (logged out, a teaser). A clip with no article
 * yet, or itself saved as a link (an import's stand-in included), takes the fetched one.
 */
export function keepsTabArticle(prior: Pick<ClipSummary, 'kind' | 'wordCount'>, page: Pick<ExtractedPage, 'kind'>): boolean {
  return page.kind === 'link' && prior.kind !== 'link' && prior.wordCount > 0;
}

const FILLED = ['byline', 'siteName', 'publishedTime', 'lang'] as const;

/**
 * The change a kept link capture makes to the clip, or null for none: the metadata the clip
 * lacks (byline, site name, date, language) taken from the link's page, and a deleted clip
 * restored (as every save does). Title, addresses, article and capture time stay the tab's.
 */
export function fillFromLink(e: CatalogEntryV1, page: ExtractedPage): EntryChange | null {
  const missing = FILLED.filter((f) => strOrNull(e[f]) === null && page[f] !== null);
  if (missing.length === 0 && e.deletedAt === null) return null;
  return (d) => {
    for (const f of missing) d[f] = imm(page[f]);
    if (d.deletedAt !== null) d.deletedAt = null;
  };
}

/**
 * The outcome of a link capture that keeps the clip's tab article, or null when it does not.
 * The clip's article as it will be: a capture journaled and not yet written counts (the new
 * clip's row, or the record applied), and then nothing is filled in (the record goes first).
 */
async function keptOutcome(d: SaveParts, id: ClipId, base: ClipSummary, page: ExtractedPage): Promise<SaveOutcome | null> {
  const pending = d.journal.latest(id);
  const prior = pending && !d.journal.newClipRows().has(id) ? rowOfRecord(pending, base) : base;
  if (!keepsTabArticle(prior, page)) return null;
  const fill = pending ? null : fillFromLink(d.catalogs.entry(id)!, page);
  return { clip: fill ? await d.writer.change(id, fill, true) : prior, created: false, kept: true };
}
