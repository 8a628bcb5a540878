import { MAX_ARTICLE_CHARS } from '../schema/capture';
import { HIGHLIGHT_COLORS, MAX_NOTE_CHARS, type HighlightColor } from '../schema/highlight';
import { checkUrl, cleanTags, MIN_SAVED_AT, noteText, optionalText, plainText, publishedDate, savedDate, labelsOverWords, tagCutWords, TAGS_OVER_WORDS, toMillis, type TagLosses } from './clean';
import { ImportItemSchema, MAX_HIGHLIGHTS, MAX_IMPORT_TEXT, MAX_IMPORT_TITLE, MAX_QUOTE_CHARS, type ImportHighlight, type ImportItem } from './import-item';
import type { RawHighlight, RawItem } from './types';

/**
 * `RawItem` → `ImportItem`: every format's items go through this one function, so the rules
 * (clean.ts) apply alike to Pocket, Omnivore and bookmarks, and the result is checked against
 * `ImportItemSchema` before anyone sees it.
 */

/** `buildItem`'s answer: a checked item with the changes made to it, or why it was refused. */
export type Built =
  | { readonly ok: true; readonly item: ImportItem; readonly warnings: string[]; readonly lost: string[] }
  | { readonly ok: false; readonly reason: string };

const COLORS: ReadonlySet<string> = new Set(HIGHLIGHT_COLORS);

function highlightOf(raw: RawHighlight, savedAt: number, now: number, losses: TagLosses): ImportHighlight | null {
  const quote = noteText(raw.quote, MAX_QUOTE_CHARS);
  if (quote === undefined) return null;
  const created = toMillis(raw.createdAt);
  const highlight: ImportHighlight = {
    quote,
    createdAt: created === null || created < MIN_SAVED_AT || created > now + 86_400_000 ? savedAt : created,
  };
  const note = noteText(raw.note, MAX_NOTE_CHARS);
  if (note !== undefined) highlight.note = note;
  const color = raw.color?.trim().toLowerCase();
  if (color && COLORS.has(color)) highlight.color = color as HighlightColor;
  const tags = cleanTags(raw.tags ?? [], losses);
  if (tags.length > 0) highlight.tags = tags;
  return highlight;
}

/** Sets `item[key]` only when `value` is defined (the schema's optional fields are absent, never undefined). */
function put<K extends keyof ImportItem>(item: ImportItem, key: K, value: ImportItem[K] | undefined): void {
  if (value !== undefined) item[key] = value;
}

/**
 * Builds one item. Contract: refuses (with a reason for the person) only when the URL cannot
 * be imported; everything else is cleaned, capped or clamped, and each such change is listed in
 * `warnings`; those that leave part of the item behind (the parser's `lost`, an article too
 * large, highlights, tags or a highlight's labels past the cap, a tag or label cut) are listed in `lost` too, for the consumer to tell the person.
 * The result always satisfies `ImportItemSchema`. `now` is the import's time.
 */
export function buildItem(raw: RawItem, now: number): Built {
  const url = checkUrl(raw.url);
  if (!url.ok) return { ok: false, reason: url.reason };
  const warnings = [...(raw.warnings ?? []), ...(raw.lost ?? [])];
  /** The warnings that mean part of the item is left behind (also in `warnings`). */
  const lost = [...(raw.lost ?? [])];
  const leave = (why: string) => void (warnings.push(why), lost.push(why));
  const saved = savedDate(raw.savedAt, now, now, 'save date');
  if (saved.warning) warnings.push(saved.warning);
  const rawTitle = typeof raw.title === 'string' ? raw.title : '';
  const title = plainText(rawTitle, MAX_IMPORT_TITLE);
  if (title.endsWith('…') && !rawTitle.trimEnd().endsWith('…')) warnings.push(`Its title was cut to ${MAX_IMPORT_TITLE} characters.`);
  const highlights: ImportHighlight[] = [];
  // Labels past a highlight's most are told once for the item, with how many highlights had too many.
  let labelsOver = 0;
  const labelLosses: TagLosses = { onCut: (tag) => leave(tagCutWords(tag)), onOver: () => void labelsOver++ };
  for (const h of raw.highlights ?? []) {
    const built = highlightOf(h, saved.ms, now, labelLosses);
    if (built) highlights.push(built);
    if (highlights.length === MAX_HIGHLIGHTS) {
      leave(`Only its first ${MAX_HIGHLIGHTS} highlights were kept.`);
      break;
    }
  }
  if (labelsOver > 0) leave(labelsOverWords(labelsOver));
  const item: ImportItem = { url: url.url, title, savedAt: saved.ms, tags: cleanTags(raw.tags ?? [], { onCut: (tag) => leave(tagCutWords(tag)), onOver: () => leave(TAGS_OVER_WORDS) }), state: raw.state, highlights };
  if (raw.placeholderUrl) item.placeholderUrl = true;
  if (raw.favorite !== undefined) item.favorite = raw.favorite;
  put(item, 'author', optionalText(raw.author, MAX_IMPORT_TEXT));
  put(item, 'siteName', optionalText(raw.siteName, MAX_IMPORT_TEXT));
  put(item, 'excerpt', optionalText(raw.excerpt, MAX_IMPORT_TEXT));
  put(item, 'publishedAt', publishedDate(raw.publishedAt, now));
  put(item, 'note', noteText(raw.note, MAX_NOTE_CHARS));
  if (typeof raw.html === 'string' && raw.html.trim() !== '') {
    if (raw.html.length > MAX_ARTICLE_CHARS) leave('Its article is too large to keep; only its link was imported.');
    else item.untrustedHtml = raw.html;
  }
  const checked = ImportItemSchema.safeParse(item);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    return { ok: false, reason: `It could not be read (${issue?.path.join('.') || 'item'}: ${issue?.message ?? 'invalid'}).` };
  }
  return { ok: true, item, warnings, lost };
}
