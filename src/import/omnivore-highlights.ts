import type { RawHighlight } from './types';

/**
 * Omnivore's `highlights/<slug>.md`, as its exporter wrote it: highlights separated by blank
 * lines, each a `> quote` (later lines of a multi-line quote are not always prefixed with `>`,
 * and its inner blank lines became `> ` lines, so a quote is always one block), then an
 * optional line of `#label` words, then an optional note (which may span paragraphs). A note
 * written on the page rather than on a highlight is a block of its own before any quote.
 *
 * The format is ambiguous where the exporter was: a page note written after a highlight reads
 * as that highlight's note, and a note that begins with `>` reads as a new highlight. Dates are
 * not in the file; the caller gives each highlight the item's date.
 */

export interface OmnivoreHighlights {
  readonly highlights: RawHighlight[];
  /** Text before the first quote: the page's own note. */
  readonly pageNote?: string;
}

/** A block that is only labels: one line starting `#word` (labels may hold spaces, so split at ` #`). */
function labelsOf(block: string): string[] | null {
  const line = block.trim();
  if (line.includes('\n') || !/^#[^\s#]/.test(line)) return null;
  return line
    .split(/\s+(?=#[^\s#])/)
    .map((l) => l.replace(/^#/, '').trim())
    .filter((l) => l !== '');
}

/** The quote of a `>` block: each line's `>` marker (and one space after it) removed. */
function quoteOf(block: string): string {
  return block
    .split('\n')
    .map((l) => l.replace(/^\s*>\s?/, ''))
    .join('\n')
    .trim();
}

/**
 * Parses one highlights file. Contract: never throws; every `>` block becomes one highlight,
 * in file order; a labels line only counts right after its quote; all other text is a note.
 */
export function parseOmnivoreHighlights(markdown: string): OmnivoreHighlights {
  const blocks = markdown.replace(/\r\n?/g, '\n').split(/\n[ \t]*\n/);
  const highlights: RawHighlight[] = [];
  const pageNote: string[] = [];
  let current: { quote: string; tags?: string[]; note: string[] } | null = null;
  const finish = () => {
    if (current === null) return;
    const note = current.note.join('\n\n').trim();
    highlights.push({ quote: current.quote, ...(current.tags ? { tags: current.tags } : {}), ...(note ? { note } : {}) });
    current = null;
  };
  for (const block of blocks) {
    if (block.trim() === '') continue;
    if (/^\s*>/.test(block)) {
      finish();
      current = { quote: quoteOf(block), note: [] };
      if (current.quote === '') current = null;
      continue;
    }
    const labels = current !== null && current.tags === undefined && current.note.length === 0 ? labelsOf(block) : null;
    if (current !== null && labels !== null) current.tags = labels;
    else if (current !== null) current.note.push(block.trim());
    else pageNote.push(block.trim());
  }
  finish();
  const note = pageNote.join('\n\n').trim();
  return note === '' ? { highlights } : { highlights, pageNote: note };
}
