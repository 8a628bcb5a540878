import { textOfHtml } from '../capture/text';
import type { ExportClip, ExportHighlight } from '../export/types';
import type { RestoredHighlight } from '../library/import-entry';
import { targetInText } from '../library/highlights';
import { notExportedStandInHtml } from '../library/stand-in';
import { ExtractedPageSchema, MAX_ARTICLE_CHARS, type ExtractedPage } from '../schema/capture';
import { HIGHLIGHT_COLORS, HIGHLIGHT_VERSION, MAX_NOTE_CHARS, type HighlightColor } from '../schema/highlight';
import { asClipId, ID_PATTERN, type HighlightId } from '../schema/ids';
import { readingProgressOf } from '../schema/reading-progress';
import { err, ok, type Result } from '../util/result';
import { keptTags, quoted, tagCutWords, TAGS_OVER_WORDS } from './clean';
import type { ImportBatchItem } from './to-capture';
import { isDateMs } from '../util/dates';

/**
 * A clip of a Commonplace export (`ExportClip`, read from its Automerge documents) as one item
 * of `Library.importBatch`, losslessly: its metadata, kind, dates, tags, read and archived state,
 * its id, and its highlights with their ids, colours, notes, dates and exact selectors. Only the
 * article is not taken as it is: a zip is untrusted input, so the stored HTML goes through the
 * capture sanitiser again (`SanitizeArticle`). An export Commonplace wrote comes out of it
 * unchanged, and so do the highlights' offsets; if the sanitiser changed the text (a tampered
 * zip), each saved-copy target is found again in the new text, or kept as an orphan.
 */

/**
 * Runs stored article HTML through the capture profile of the sanitiser
 * (`createSanitizer(window).sanitizeCapture`), on whatever DOM the context has: the background
 * page (Firefox), the offscreen document (Chromium), jsdom (tests). May throw.
 */
export type SanitizeArticle = (html: string, baseUrl: string) => Promise<string>;

/** `s` cut to at most `max` UTF-16 units, never between the two halves of a surrogate pair (a lone half would be stored as U+FFFD). */
function cut(s: string, max: number): string {
  if (s.length <= max) return s;
  const end = /[\uD800-\uDBFF]/.test(s[max - 1]!) && /[\uDC00-\uDFFF]/.test(s[max]!) ? max - 1 : max;
  return s.slice(0, end);
}

const finite = (v: number, fallback: number): number => (isDateMs(v) ? v : fallback);
const finiteOrNull = (v: number | null): number | null => (v !== null && isDateMs(v) ? v : null);

/** FNV-1a (32-bit) in base 36: the stand-in id of a highlight whose exported id is not an id. */
function hashOf(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36);
}

/**
 * The longest clip note a restore keeps: the catalog sets no limit on a clip's note, and the
 * library holds notes longer than can be typed (100,000, `MAX_NOTE_CHARS` of organise.ts): two
 * devices' versions put together (`noteOf`), two edits merged by sync. Its export holds the whole
 * note, so the restore keeps it whole; this only bounds a crafted file (as an article is bounded),
 * and a note cut at it is said.
 */
export const MAX_RESTORED_CLIP_NOTE_CHARS = MAX_ARTICLE_CHARS;

/** Where the export holds a clip's whole text, for the report: its page (`clips/<name>.html`), else its Markdown. */
const fullTextIn = (page: string | null | undefined): string => (page ? `the export's ${page}` : "the clip's page in the export's clips folder");

/** Said of a highlight whose note was cut to the highlight schema's limit (longer, it would not show), and where the whole note is. */
export const highlightNoteCutWords = (quote: string, page?: string | null): string =>
  `The note of its highlight "${quoted(quote)}" was longer than ${MAX_NOTE_CHARS.toLocaleString('en-US')} characters; only its first ${MAX_NOTE_CHARS.toLocaleString('en-US')} were kept. The whole note is in ${fullTextIn(page)}.`;

/** Said of a clip whose note was cut at `MAX_RESTORED_CLIP_NOTE_CHARS` (a crafted file), and where the whole note is. */
const clipNoteCutWords = (page?: string | null): string =>
  `Its note was longer than ${MAX_RESTORED_CLIP_NOTE_CHARS.toLocaleString('en-US')} characters; only its first ${MAX_RESTORED_CLIP_NOTE_CHARS.toLocaleString('en-US')} were kept. The whole note is in ${fullTextIn(page)}.`;

/** Said of a clip whose export holds `n` highlights of a newer layout, left out. */
export function newerHighlightsWords(n: number): string {
  const which = n === 1 ? 'One of its highlights was' : `${n} of its highlights were`;
  return `${which} made by a newer version of Commonplace, which this one cannot write back without losing part of ${n === 1 ? 'it' : 'them'}. Update Commonplace, then import this file again to add ${n === 1 ? 'it' : 'them'}.`;
}

/**
 * The exported highlights, checked: ids kept (a malformed one mapped to a stable stand-in), colours
 * known, notes capped. One of a newer layout (`v` above `HIGHLIGHT_VERSION`, which the library keeps
 * untouched and read-only) is left out and told to `leave`: written back as a layout-1 highlight it
 * would lose what that layout holds, and its id, then held, would stop an updated Commonplace from
 * adding the real one when the same file is imported again.
 */
function highlightsOf(clip: ExportClip, text: string, exportedText: string | null, leave: (why: string) => void, page: string | null | undefined): RestoredHighlight[] {
  const seen = new Set<string>();
  const out: RestoredHighlight[] = [];
  let newer = 0;
  for (const h of clip.highlights as readonly ExportHighlight[]) {
    if (typeof h.v === 'number' && h.v > HIGHLIGHT_VERSION) {
      newer++;
      continue;
    }
    const id = (ID_PATTERN.test(h.id) ? h.id : `restored-${hashOf(`${clip.id}:${h.id}`).padStart(7, '0')}`) as HighlightId;
    if (seen.has(id)) continue;
    seen.add(id);
    const createdAt = finite(h.createdAt, clip.savedAt);
    // The article changed in the sanitiser: the saved-copy target is described afresh where it is found again.
    const again = h.target && exportedText !== null && exportedText !== text ? targetInText(text, h.target, true) : null;
    const note = typeof h.note === 'string' ? h.note : '';
    // Longer than the highlight schema allows (the highlight would not show): cut, and said, never silently.
    if (note.length > MAX_NOTE_CHARS) leave(highlightNoteCutWords(h.target?.quote.exact ?? h.page?.quote.exact ?? '', page));
    out.push({
      id,
      color: (HIGHLIGHT_COLORS as readonly string[]).includes(h.color) ? (h.color as HighlightColor) : 'yellow',
      note: cut(note, MAX_NOTE_CHARS),
      createdAt,
      updatedAt: finite(h.updatedAt, createdAt),
      target: again ? { ...again, range: null } : h.target,
      page: h.page,
    });
  }
  if (newer > 0) leave(newerHighlightsWords(newer));
  return out;
}

/** A clip's note as restored: whole, up to `MAX_RESTORED_CLIP_NOTE_CHARS` (past it cut, and said). */
function noteKept(note: string, leave: (why: string) => void, page: string | null | undefined): string {
  if (note.length <= MAX_RESTORED_CLIP_NOTE_CHARS) return note;
  leave(clipNoteCutWords(page));
  return cut(note, MAX_RESTORED_CLIP_NOTE_CHARS);
}

/** The first problem zod found, in words. */
function why(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): string {
  const first = issues[0];
  return first ? `${first.path.map(String).join('.') || 'the clip'}: ${first.message}` : 'it does not parse';
}

/**
 * The batch item of an exported clip, or why it cannot be imported (its metadata does not
 * parse, its article is too large, or the sanitiser failed on it). Never throws. What of the
 * clip is not kept (a tag longer than the library keeps, cut; tags past the most a clip can
 * have) is told to `leave`, in words for the person, for the job to list with the clip
 * ("Part of it was not imported. …"), as it lists another service's items' (`lost`); a note cut
 * says where the whole of it is: `exportPage`, the clip's page in the export (its manifest's `html`).
 */
export async function restoreItem(clip: ExportClip, sanitize: SanitizeArticle, leave: (why: string) => void = () => undefined, exportPage?: string | null): Promise<Result<ImportBatchItem>> {
  const baseUrl = clip.pageUrl || clip.url;
  let html: string;
  if (clip.html === null) html = notExportedStandInHtml(clip.url || clip.pageUrl);
  else if (clip.html.length > MAX_ARTICLE_CHARS) return err('too-large', 'Its article is larger than Commonplace stores (30 million characters).');
  else {
    try {
      html = await sanitize(clip.html, baseUrl);
    } catch (e) {
      return err('bad-request', `Its article could not be cleaned up for storing (${e instanceof Error ? e.message : String(e)}).`);
    }
  }
  const text = textOfHtml(html);
  const page = ExtractedPageSchema.safeParse({
    kind: clip.kind,
    extractor: clip.html === null ? 'text' : clip.extractor,
    pageUrl: clip.pageUrl,
    canonicalUrl: clip.canonicalUrl,
    title: clip.title,
    byline: clip.byline,
    siteName: clip.siteName,
    lang: clip.lang,
    dir: clip.dir,
    publishedTime: clip.publishedTime,
    excerpt: clip.excerpt,
    html,
    text,
  } satisfies Record<keyof ExtractedPage, unknown>);
  if (!page.success) return err('bad-request', `The export's record of it is not valid (${why(page.error.issues)}).`);
  const savedAt = finite(clip.savedAt, 0);
  return ok({
    page: page.data,
    savedAt,
    // The library's limits and rule, as for another service's tags (an emoji is one character), each loss told: never cut without a word.
    tags: keptTags(clip.tags.filter((t) => typeof t === 'string' && t.trim() !== ''), { onCut: (tag) => leave(tagCutWords(tag)), onOver: () => leave(TAGS_OVER_WORDS) }),
    readAt: finiteOrNull(clip.readAt),
    archivedAt: finiteOrNull(clip.archivedAt),
    favoriteAt: finiteOrNull(clip.favoriteAt),
    note: typeof clip.note === 'string' ? noteKept(clip.note, leave, exportPage) : '',
    progress: readingProgressOf(clip.progress),
    highlights: [],
    restore: {
      id: asClipId(clip.id),
      capturedAt: finite(clip.capturedAt, savedAt),
      highlights: highlightsOf(clip, text, clip.html === null ? null : clip.html === html ? text : textOfHtml(clip.html), leave, exportPage),
    },
  });
}
