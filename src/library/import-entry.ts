import { anchorInText, describeText } from '../anchoring/anchor';
import type { ExtractedPage, Filing } from '../schema/capture';
import type { CatalogEntryV1, ContentRef } from '../schema/catalog-doc';
import type { HighlightColor } from '../schema/highlight';
import { newHighlightId, type ClipId } from '../schema/ids';
import { MAX_QUOTE_CHARS, type HighlightTarget } from '../schema/selectors';
import { newEntry } from './clip-record';
import { newStored } from './highlights';

/** What became of one imported item. */
export type ImportOutcome = { kind: 'imported' | 'duplicate' } | { kind: 'failed'; reason: string };

/** A highlight another service kept: its quote (and, where it kept them, a note and a colour). */
export interface ImportedHighlight {
  readonly quote: string;
  readonly createdAt: number;
  readonly note: string;
  readonly color: HighlightColor;
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
  readonly highlights: readonly ImportedHighlight[];
}

/**
 * The target of an imported quote in the clip's text: found and described there (offsets and
 * context of this text), or, when it is not there (no article, or the article changed), the
 * quote alone, so it is kept and listed as not found rather than lost.
 */
export function importedTarget(text: string, quote: string): HighlightTarget {
  const exact = quote.trim().slice(0, MAX_QUOTE_CHARS) || '…';
  // Another service's quote comes without context: a passage found exactly once is the place, however short.
  const at = text.indexOf(exact);
  const unique = at >= 0 && text.indexOf(exact, at + 1) < 0 ? { start: at, end: at + exact.length } : null;
  const found = unique ?? anchorInText(text, { quote: { type: 'TextQuoteSelector', exact, prefix: '', suffix: '' }, position: null });
  const described = found ? describeText(text, found.start, found.end) : null;
  if (described?.ok) return { ...described.value, range: null };
  return { quote: { type: 'TextQuoteSelector', exact, prefix: '', suffix: '' }, position: { type: 'TextPositionSelector', start: 0, end: exact.length }, range: null };
}

/** The catalog entry of an imported clip (the caller puts it in its catalog). */
export function importedEntry(id: ClipId, item: ImportCapture, content: Omit<ContentRef, 'extractor' | 'wordCount'>): CatalogEntryV1 {
  const e = newEntry(id, item.page, item.filing, item.savedAt, content);
  for (const tag of item.tags) e.tags[tag] = true;
  e.readAt = item.readAt;
  e.archivedAt = item.archivedAt;
  for (const h of item.highlights) {
    const stored = newStored({ id: newHighlightId(), target: importedTarget(item.page.text, h.quote), page: null, color: h.color, note: h.note }, item.page.text, h.createdAt);
    e.highlights[stored.id] = stored;
  }
  return e;
}
