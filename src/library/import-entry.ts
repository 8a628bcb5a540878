import type { ReadingProgressV1 } from '../schema/reading-progress';
import { ImmutableString } from '@automerge/automerge/slim';
import { anchorInText, describeText } from '../anchoring/anchor';
import type { ExtractedPage, Filing } from '../schema/capture';
import type { CatalogEntryV1, ContentRef } from '../schema/catalog-doc';
import { HIGHLIGHT_VERSION, type HighlightColor, type StoredHighlight } from '../schema/highlight';
import { newHighlightId, type ClipId, type HighlightId } from '../schema/ids';
import { MAX_QUOTE_CHARS, type HighlightTarget } from '../schema/selectors';
import { str, strOrNull } from './catalogs';
import { applyCapture, newEntry } from './clip-record';
import { fromStored, newStored, reanchorAll, targetInText, toStored } from './highlights';
import { importedTags, MAX_TAGS_PER_CLIP, storedTagKey } from './tags';
import { escapeRegExp } from '../util/escape-regexp';
import { INVISIBLE_CLASS } from '../util/invisible';

/**
 * What became of one imported item: `clip` is the library's clip it was imported as, or merged
 * into (absent for a duplicate of an item earlier in the same batch). `filled`: the library held
 * the item's page with only an importer's stand-in article (src/library/stand-in.ts), which the
 * item's real article replaced (`replaceStandIn`, the item merged as a duplicate's is). It is
 * told apart from a duplicate so the import's report can say the article was filled in: the
 * item was not skipped.
 */
export type ImportOutcome = ({ kind: 'imported' | 'duplicate'; clip?: ClipId } | { kind: 'filled'; clip: ClipId }) & MergeLoss | { kind: 'failed'; reason: string };

/**
 * What a merge into a clip the library held left out: `tagsLeftOut`, how many of the item's tags
 * the clip lacked and had no room for (it had, or reached, `MAX_TAGS_PER_CLIP`); absent when none.
 * Why: the import's report says so on the item, as for a new item's tags past the limit.
 */
export interface MergeLoss {
  tagsLeftOut?: number;
}

/** A highlight another service kept: its quote (and, where it kept them, a note and a colour). */
export interface ImportedHighlight {
  readonly quote: string;
  readonly createdAt: number;
  readonly note: string;
  readonly color: HighlightColor;
}

/** A highlight of a Commonplace export, written as it was: its id, colour, note, dates and exact selectors. */
export interface RestoredHighlight {
  readonly id: HighlightId;
  readonly color: HighlightColor;
  readonly note: string;
  readonly createdAt: number;
  readonly updatedAt: number;
  /** On the saved copy: offsets into `page.text` of the item it comes with. */
  readonly target: HighlightTarget | null;
  readonly page: HighlightTarget | null;
}

/**
 * What a Commonplace export keeps beyond another service's item: the clip's own id (kept when
 * the library has no clip with it), its last capture time, and its highlights exactly.
 */
export interface RestoredClip {
  readonly id: ClipId | null;
  readonly capturedAt: number;
  readonly highlights: readonly RestoredHighlight[];
}

/**
 * One clip to import, ready to write: the page as a capture (its HTML sanitised, its text
 * derived, as for a clipped page), where it is filed, and what the user had in the other
 * service (tags, read and archived state, highlights).
 */
export interface ImportCapture {
  readonly page: ExtractedPage;
  readonly filing: Filing;
  readonly savedAt: number;
  readonly tags: readonly string[];
  readonly readAt: number | null;
  readonly archivedAt: number | null;
  /** Marked a favourite at (Pocket's and Omnivore's favourites, a restored clip's), or null/absent. */
  readonly favoriteAt?: number | null;
  /** A note on the whole clip (Omnivore's page note, a restored clip's note), or ''/absent. */
  readonly note?: string;
  /** How far it was read (a restored clip's), or null/absent. */
  readonly progress?: ReadingProgressV1 | null;
  readonly highlights: readonly ImportedHighlight[];
  /** Set for a clip of a Commonplace export (then `highlights` is empty): see `RestoredClip`. */
  readonly restore?: RestoredClip;
  /**
   * The id to give the clip when the library has no clip with it (a restored clip's own id comes
   * first): an importer's, made from its job and the row (`rowClipId`), so that a batch written
   * just before a restart, whose progress was not recorded, is known as the job's own when the
   * job runs it again (reported as a duplicate of that id).
   */
  readonly id?: ClipId;
  /**
   * The file listed this item's page before (a bookmark in two folders): it is merged into the
   * clip of that page (its tags and highlights added) and never makes a clip of its own.
   */
  readonly mergeOnly?: boolean;
}

/** Characters an article's text may hold that a quote from another service does not: soft hyphens, and the invisible ones an import drops (src/import/clean.ts). */
const DROPPED = `\\u00ad${INVISIBLE_CLASS}`;

/**
 * The one place of another service's `quote` in `text` when whitespace and invisible
 * characters are not compared exactly: any whitespace run matches any run (a blank line
 * between paragraphs in an Omnivore quote is one line break in the text model), and the
 * characters the import drops from quotes may sit anywhere in the text; null when there is
 * none, or more than one. Why: such a quote comes without context, so an approximate match
 * is never taken (src/anchoring), and it was kept as not found though its words were there.
 */
function looselyOnce(text: string, quote: string): { start: number; end: number } | null {
  const words = quote.split(/\s+/u).filter((w) => w !== '');
  if (words.length === 0) return null;
  const word = (w: string): string => [...w].map(escapeRegExp).join(`[${DROPPED}]*`);
  const re = new RegExp(words.map(word).join(`[\\s${DROPPED}]+`), 'gu');
  const first = re.exec(text);
  if (!first) return null;
  re.lastIndex = first.index + 1;
  return re.exec(text) ? null : { start: first.index, end: first.index + first[0].length };
}

/**
 * The target of an imported quote in the clip's text: found and described there (offsets and
 * context of this text), or, when it is not there (no article, or the article changed), the
 * quote alone, so it is kept and listed as not found rather than lost.
 */
export function importedTarget(text: string, quote: string): HighlightTarget {
  return placeImported(text, quote).target;
}

/**
 * `importedTarget`, and whether the quote's words are in `text` at all (exactly, or once as
 * `looselyOnce` finds them): a stand-in's kept quote takes its place in the real article only then.
 */
function placeImported(text: string, quote: string): { target: HighlightTarget; present: boolean } {
  const exact = quote.trim().slice(0, MAX_QUOTE_CHARS) || '…';
  // Another service's quote comes without context: a passage found exactly once is the place, however short.
  const at = text.indexOf(exact);
  const unique = at >= 0 ? (text.indexOf(exact, at + 1) < 0 ? { start: at, end: at + exact.length } : null) : looselyOnce(text, exact);
  const found = unique ?? anchorInText(text, { quote: { type: 'TextQuoteSelector', exact, prefix: '', suffix: '' }, position: null });
  const described = found ? describeText(text, found.start, found.end) : null;
  const present = at >= 0 || unique !== null;
  if (described?.ok) return { target: { ...described.value, range: null }, present };
  return { target: { quote: { type: 'TextQuoteSelector', exact, prefix: '', suffix: '' }, position: { type: 'TextPositionSelector', start: 0, end: exact.length }, range: null }, present };
}

/** The catalog entry of an imported clip (the caller puts it in its catalog). */
export function importedEntry(id: ClipId, item: ImportCapture, content: Omit<ContentRef, 'extractor' | 'wordCount'>): CatalogEntryV1 {
  const e = newEntry(id, item.page, item.filing, item.savedAt, content);
  // Normalised as typed tags are (another service's "#toread" is "toread"), one spelling each: then renamed and removed like any other.
  for (const tag of importedTags(item.tags)) e.tags[tag] = true;
  e.readAt = item.readAt;
  e.archivedAt = item.archivedAt;
  if (typeof item.favoriteAt === 'number') e.favoriteAt = item.favoriteAt;
  if (item.note) e.note = item.note;
  if (item.progress) e.progress = { ...item.progress };
  for (const h of item.highlights) {
    const stored = importedStored(h, item.page.text);
    e.highlights[stored.id] = stored;
  }
  if (item.restore) {
    e.capturedAt = item.restore.capturedAt;
    for (const h of item.restore.highlights) e.highlights[h.id] = restoredStored(h, h.target);
  }
  return e;
}

/** Another service's highlight as stored: a new id, its quote found in `text` (else kept as a quote alone). */
function importedStored(h: ImportedHighlight, text: string): StoredHighlight {
  return newStored({ id: newHighlightId(), target: importedTarget(text, h.quote), page: null, color: h.color, note: h.note }, text, h.createdAt);
}

/** A restored highlight as stored, with `target` in the text of the clip it goes into. */
function restoredStored(h: RestoredHighlight, target: HighlightTarget | null): StoredHighlight {
  return {
    v: HIGHLIGHT_VERSION,
    id: h.id,
    color: new ImmutableString(h.color),
    note: h.note,
    createdAt: h.createdAt,
    updatedAt: h.updatedAt,
    deletedAt: null,
    target: target ? toStored(target) : null,
    page: h.page ? toStored(h.page) : null,
  };
}

/** The quotes of a clip's highlights, live or deleted (an imported quote the clip has, or had, is not added again). */
function quotesOf(e: CatalogEntryV1): Set<string> {
  const held = (e.highlights ?? {}) as unknown as Record<string, StoredHighlight | undefined>;
  const out = new Set<string>();
  for (const h of Object.values(held)) {
    const exact = h?.target?.quote?.exact ?? h?.page?.quote?.exact;
    if (exact !== undefined) out.add(String(exact).trim());
  }
  return out;
}

/** The imported quotes `item` would add to `e` (another service's highlights, matched by their text). */
function newQuotes(e: CatalogEntryV1, item: Omit<ImportCapture, 'filing'>): ImportedHighlight[] {
  if (item.highlights.length === 0) return [];
  const have = quotesOf(e);
  const out: ImportedHighlight[] = [];
  for (const h of item.highlights) {
    const exact = h.quote.trim().slice(0, MAX_QUOTE_CHARS) || '…';
    if (have.has(exact)) continue;
    have.add(exact);
    out.push(h);
  }
  return out;
}

/** How many of `tags` (as imported) a merge into `e` leaves out: those `e` lacks in every spelling, past the room its `MAX_TAGS_PER_CLIP` leaves. */
export function tagsLeftOut(e: CatalogEntryV1, tags: readonly string[]): number {
  const held = Object.keys(e.tags ?? {});
  const have = new Set(held.map(storedTagKey));
  const lacking = importedTags(tags).filter((t) => !have.has(storedTagKey(t))).length;
  return Math.max(0, lacking - Math.max(0, MAX_TAGS_PER_CLIP - held.length));
}

/** Whether merging `item` (a duplicate of `e`'s page) into `e` would add a tag or a highlight. */
export function mergeAddsSomething(e: CatalogEntryV1, item: Omit<ImportCapture, 'filing'>): boolean {
  const held = (e.highlights ?? {}) as unknown as Record<string, unknown>;
  const have = new Set(Object.keys(e.tags ?? {}).map(storedTagKey));
  const room = Object.keys(e.tags ?? {}).length < MAX_TAGS_PER_CLIP;
  return (room && importedTags(item.tags).some((t) => !have.has(storedTagKey(t)))) || (item.restore?.highlights ?? []).some((h) => !held[h.id]) || newQuotes(e, item).length > 0;
}

/**
 * Merges an imported item into the library's clip of the same page (a page the library already
 * held, or one listed twice in the file: a bookmark in two folders, a row exported twice): its
 * tags are added; a restored clip's highlights whose id the clip does not hold (live or
 * deleted: a highlight deleted here stays deleted) are added, their saved-copy target found
 * again in `text` (the library's article) when given, else kept as exported; another service's
 * highlights whose quote the clip has no highlight of are added, found in `text`. The clip's
 * article, metadata and read/archived/favourite state stay as the library has them (they may be
 * newer). Tags the clip has no room for (`MAX_TAGS_PER_CLIP`) are left out, and told to `loss`
 * (`tagsLeftOut`), never dropped without a word. Returns whether anything changed.
 */
export function mergeImported(e: CatalogEntryV1, item: Omit<ImportCapture, 'filing'>, text: string | null, loss: MergeLoss = {}): boolean {
  let changed = false;
  e.tags ??= {};
  // A tag the clip has in any spelling ("Café" there, "cafe" imported) is not added again.
  const have = new Set(Object.keys(e.tags).map(storedTagKey));
  for (const tag of importedTags(item.tags)) {
    if (have.has(storedTagKey(tag))) continue;
    if (Object.keys(e.tags).length >= MAX_TAGS_PER_CLIP) {
      loss.tagsLeftOut = (loss.tagsLeftOut ?? 0) + 1;
      continue;
    }
    e.tags[tag] = true;
    have.add(storedTagKey(tag));
    changed = true;
  }
  const held = e.highlights as unknown as Record<string, StoredHighlight | undefined>;
  for (const h of newQuotes(e, item)) {
    const stored = importedStored(h, text ?? item.page.text);
    held[stored.id] = stored;
    changed = true;
  }
  for (const h of item.restore?.highlights ?? []) {
    if (held[h.id]) continue;
    const again = h.target && text !== null && text !== item.page.text ? targetInText(text, h.target, true) : null;
    const target = again ? { ...again, range: null } : h.target;
    held[h.id] = restoredStored(h, target);
    changed = true;
  }
  return changed;
}

/**
 * The page that replaces a clip's stand-in article (src/library/stand-in.ts) with an imported
 * item's real one: the article (HTML, text, extractor) is the item's; the clip's identity (kind,
 * page and canonical address) stays, so it stays filed where it was (a selection's key follows its
 * text, as a save's does); its metadata wins where it has some (an untitled clip takes the
 * article's title), as the link fetch's `fetchedPage` does.
 */
export function standInReplacement(e: CatalogEntryV1, page: ExtractedPage): ExtractedPage {
  const title = str(e.title);
  const untitled = title === '' || title === str(e.url) || title === str(e.pageUrl);
  return {
    ...page,
    kind: e.kind,
    pageUrl: str(e.pageUrl),
    canonicalUrl: strOrNull(e.canonicalUrl),
    title: untitled ? page.title || title : title,
    byline: strOrNull(e.byline) ?? page.byline,
    siteName: strOrNull(e.siteName) ?? page.siteName,
    lang: strOrNull(e.lang) ?? page.lang,
    dir: e.dir ?? page.dir,
    publishedTime: strOrNull(e.publishedTime) ?? page.publishedTime,
    excerpt: strOrNull(e.excerpt) ?? page.excerpt,
  };
}

/**
 * Writes the real article over a clip's stand-in (a draft of its entry): `page` and `filing`
 * from `standInReplacement`, stored at `content`. As a re-save: tags, states, note and highlights
 * stay, each highlight found again in the new text (those not found stay, as orphans); then the
 * item is merged as any duplicate is (`mergeImported`: its tags and the highlights the clip lacks; tags left out told to `loss`).
 */
export function replaceStandIn(e: CatalogEntryV1, item: Omit<ImportCapture, 'filing'>, page: ExtractedPage, filing: Filing, at: number, content: Omit<ContentRef, 'extractor' | 'wordCount'>, loss: MergeLoss = {}): void {
  applyCapture(e, page, filing, at, content);
  const held = Object.values(e.highlights as unknown as Record<string, StoredHighlight | undefined>);
  // Another service's quote, kept alone while the stand-in could not hold it: found as an import finds it (however short).
  for (const h of held) {
    const q = h && h.v <= HIGHLIGHT_VERSION && h.deletedAt === null ? fromStored(h.target)?.quote : undefined;
    const placed = q && q.prefix === '' && q.suffix === '' ? placeImported(page.text, q.exact) : null;
    if (placed?.present) h!.target = toStored(placed.target);
  }
  reanchorAll(e, page.text);
  mergeImported(e, item, page.text, loss);
}
