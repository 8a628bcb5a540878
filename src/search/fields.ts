import { defaultCjkMode, eachTermOf, fold, type CjkMode } from './normalize';
import { clipStateOf, type ClipState } from '../schema/plain-values';
import { isPercent } from '../schema/reading-progress';
import { foldTag } from './fold-tag';
import { foldHost } from './query';

/**
 * What the search index is given for one clip: plain strings and numbers, no Automerge types,
 * so the background can build it from a catalog entry and the article text (`clipFieldsOf`
 * in the background, or any other source: an import, a test), and so the index never depends
 * on the document layout.
 */
export interface ClipFields {
  readonly id: string;
  readonly title: string;
  readonly siteName: string | null;
  readonly byline: string | null;
  /** The clip's URL; its host is indexed and is what `site:` matches. */
  readonly url: string;
  /** The article's plain text (`textOfHtml` of the stored HTML, as `withText` derives it). Only the first `textChars` are indexed. */
  readonly text: string;
  /** Live highlights: the quoted text and the note. */
  readonly highlights: readonly { readonly quote: string; readonly note: string }[];
  /** The clip's own note ('' when none). */
  readonly note: string;
  readonly tags: readonly string[];
  readonly savedAt: number;
  /** Optional: when the page says it was published, as captured (any form `Date.parse` reads); null or absent when it does not say. */
  readonly publishedTime?: string | null;
  /** Optional: how far it was read, 0-100 (0 or absent: not started). */
  readonly progress?: number;
  /** Optional: the article's length in words (the catalog's `wordCount`), what "Shortest" and "Longest" order by; 0 or absent when unknown (a link saved without its article). */
  readonly words?: number;
  readonly readAt: number | null;
  readonly archivedAt: number | null;
  readonly favorite: boolean;
  /** Soft-deleted clips are kept out of every result (add them, or remove them: both work). */
  readonly deleted: boolean;
  /**
   * Optional: a version of everything above, made by the caller (for example the catalog entry's
   * change hash and the content `rev`). Kept with the clip (`SearchIndex.revOf`), so the caller can
   * re-feed, after a restart, only the clips whose version changed since the index was saved.
   */
  readonly rev?: string;
}

/** Which part of a clip a term was found in: a bit each, so one posting says all of them. */
export const FIELD = { title: 1, meta: 2, notes: 4, text: 8 } as const;
/** The weight of a match in each part (title over site/byline/tags over highlights and notes over the article). */
/** In `ClipTerms.terms`, a term's `FIELD` bits are its number's low bits (`& FIELD_MASK`), its count in the text the rest (`>>> TF_SHIFT`). */
export const FIELD_MASK = 15;
export const TF_SHIFT = 4;
const TF_ONE = 1 << TF_SHIFT;
export const FIELD_WEIGHT = { title: 6, meta: 3, notes: 2.5, text: 1 } as const;

/** Default number of characters of an article's text that is indexed (chosen by measurement: src/search/README.md). */
export const DEFAULT_TEXT_CHARS = 4096;

/** The host of a URL as `site:` compares it ('' for a URL that does not parse). */
export function hostOf(url: string): string {
  try {
    return foldHost(new URL(url).hostname);
  } catch {
    return '';
  }
}

/** Cuts text at `max` characters without splitting a surrogate pair or, where one is near, a word. */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max;
  if (/[\ud800-\udbff]/.test(text[end - 1]!)) end--;
  const space = text.lastIndexOf(' ', end);
  return text.slice(0, space > max - 64 ? space : end);
}

/** What the index keeps of a clip beside its terms: what filters and sorting read. */
export interface ClipFacts {
  readonly id: string;
  /** Folded title, for sorting by title. */
  readonly title: string;
  readonly host: string;
  readonly tags: readonly string[];
  readonly savedAt: number;
  /** When it was published (ms since epoch), or null when not known: for sorting by publication. */
  readonly published: number | null;
  /** How far it was read, 0-100 (0: not started), for `is:reading`. */
  readonly progress: number;
  /** The article's words (0: unknown), for sorting by length. */
  readonly words: number;
  readonly state: ClipState;
  readonly favorite: boolean;
  readonly deleted: boolean;
  /** The caller's version of the clip (`ClipFields.rev`, '' when none was given). */
  readonly rev: string;
}

/** A clip cut into what the index stores: its facts, and each term with its fields (bits of `FIELD`) and count in the text. */
export interface ClipTerms {
  readonly facts: ClipFacts;
  /** Each term's fields (`FIELD` bits, `& FIELD_MASK`) and its count in the article text (`>>> TF_SHIFT`), in one number: no object per term. */
  readonly terms: Map<string, number>;
  /** The text snippets are cut from: title, highlights and notes, then the indexed part of the article. */
  readonly snippetText: string;
}

/**
 * Cuts a clip into terms. Title → `title`; site name, byline, URL host and tags → `meta`;
 * highlight quotes and notes and the clip's note → `notes`; the first `textChars` characters
 * of the article → `text` (the only field whose count matters for ranking). Pure.
 */
export function clipTermsOf(f: ClipFields, opts: { textChars?: number; cjk?: CjkMode } = {}): ClipTerms {
  const terms = new Map<string, number>();
  const addAll = (text: string | null, bit: number) => {
    if (!text) return;
    const add = bit === FIELD.text ? TF_ONE | bit : bit;
    eachTermOf(text, opts.cjk ?? defaultCjkMode(), (t) => {
      const e = terms.get(t);
      terms.set(t, e === undefined ? add : (e | bit) + (add - bit));
    });
  };
  const facts = factsOf(f);
  const { host, tags } = facts;
  const notes = [f.note, ...f.highlights.flatMap((h) => [h.quote, h.note])].filter((s) => s.trim() !== '').join('\n');
  const text = cutText(f.text, opts.textChars ?? DEFAULT_TEXT_CHARS);
  addAll(f.title, FIELD.title);
  addAll([f.siteName, f.byline, host, host.replace(/\./g, ' '), ...tags].filter(Boolean).join('\n'), FIELD.meta);
  addAll(notes, FIELD.notes);
  addAll(text, FIELD.text);
  return {
    facts,
    terms,
    snippetText: [f.title, notes, text].filter((s) => s !== '').join('\n'),
  };
}

/** A clip's length in words as the index keeps it: a whole, non-negative number (0 when unknown). */
export const wordsOf = (f: Pick<ClipFields, 'words'>): number => (typeof f.words === 'number' && Number.isFinite(f.words) && f.words > 0 ? Math.floor(f.words) : 0);

/** What filters and sorting read of a clip, as the index keeps it (`ClipFacts`); the deep search reads the same without cutting any text. */
export function factsOf(f: ClipFields): ClipFacts {
  return {
    id: f.id,
    title: fold(f.title).trim(),
    host: hostOf(f.url),
    tags: [...new Set(f.tags.map(foldTag).filter((t) => t !== ''))],
    savedAt: f.savedAt,
    published: publishedOf(f.publishedTime),
    progress: isPercent(f.progress) ? f.progress : 0,
    words: wordsOf(f),
    state: clipStateOf(f),
    favorite: f.favorite,
    deleted: f.deleted,
    rev: f.rev ?? '',
  };
}

/**
 * A page's published time as the index keeps it: ms since epoch, or null for none or a text
 * `Date.parse` does not read (pages write dates in many ways; what it cannot read sorts last).
 */
export function publishedOf(raw: string | null | undefined): number | null {
  if (typeof raw !== 'string' || raw.trim() === '') return null;
  const ms = Date.parse(raw.trim());
  return Number.isFinite(ms) ? ms : null;
}
