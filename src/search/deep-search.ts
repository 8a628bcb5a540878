import { clipTermsOf, cutText, DEFAULT_TEXT_CHARS, factsOf, type ClipFields } from './fields';
import { defaultCjkMode, fold, tokensOf, type CjkMode } from './normalize';
import type { ParsedQuery } from './query';
import { passes } from './search-index';
import { containsPhrases, snippetOf, type Snippet } from './snippet';

/**
 * The deep search: the rest of long articles, searched on demand. The index holds only the first
 * `DEFAULT_TEXT_CHARS` of each article (memory: src/search/README.md); this decides, one clip at a
 * time with its whole text in hand, whether the clip matches a query only thanks to the text past
 * that prefix. Matching is the index's (the same parsed query, `fold` and tokens, every term
 * required in any field, the last typed word a prefix, phrases checked on the text, CJK cut the
 * same way), so a deep hit is exactly a clip the regular search would find if it indexed everything
 * and does not find now. Pure: the caller (the background) reads articles a document at a time.
 */

/** How a clip came out of `deepMatch`. */
export type DeepMatch =
  /** Its whole text is in the index: the regular search already decided (nothing more to search). */
  | { readonly found: 'short' }
  /** It does not match, even with its whole text. */
  | { readonly found: 'miss' }
  /** It matches on what the index holds: the regular search finds it (not a deep hit). */
  | { readonly found: 'indexed' }
  /** It matches only with the text past the index's prefix: `snippet` is from that part, matches marked. */
  | { readonly found: 'deep'; readonly snippet: Snippet };

/** Options of the deep search: the index's own cut (so "what the index holds" is what it really holds). */
export interface DeepOptions {
  /** Characters of each article the index holds (default `DEFAULT_TEXT_CHARS`, the background's). */
  readonly textChars?: number;
  readonly cjk?: CjkMode;
}

/** Whether a query has anything to look for in a text (a filter-only query has not: the regular list is complete). */
export function deepSearchable(q: ParsedQuery): boolean {
  return !q.filterOnly;
}

/**
 * Whether a clip passes the query's filters (tags, state, favourite, site, dates, deleted), as the
 * regular search applies them: checked on the catalog entry before its article is read, so deep
 * results agree with the regular ones. The article text is not looked at.
 */
export function passesDeepFilters(f: ClipFields, q: ParsedQuery): boolean {
  return passes(factsOf(f), q.filters);
}

/**
 * Whether an article of `bytes` UTF-8 bytes of HTML may hold more text than the index: its text
 * (UTF-16 units, fewer than the HTML's bytes) cannot be longer than `bytes`. Lets the caller skip
 * short articles without loading their document.
 */
export function mayOutgrowIndex(bytes: number, opts: DeepOptions = {}): boolean {
  return !(bytes <= (opts.textChars ?? DEFAULT_TEXT_CHARS));
}

const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;

/** Where the part of `text` the index does not hold starts: after its cut (`cutText`), backed up to the start of a word the cut split. */
export function tailStart(text: string, textChars: number = DEFAULT_TEXT_CHARS): number {
  const cut = cutText(text, textChars).length;
  // Cut between words (at a space): the rest starts there. Cut inside a word (no space near): back to its start.
  if (cut === 0 || !WORD_CHAR.test(text[cut] ?? '') || !WORD_CHAR.test(text[cut - 1]!)) return cut;
  let at = cut;
  while (at > 0 && cut - at < 64 && WORD_CHAR.test(text[at - 1]!)) at--;
  return WORD_CHAR.test(text[at - 1] ?? '') ? cut : at;
}

const anyStartsWith = (terms: Iterable<string>, prefix: string) => {
  for (const t of terms) if (t.startsWith(prefix)) return true;
  return false;
};

const SPACE = /\s/;

/**
 * Where folded text holds `term` as one of its tokens (or a token starting with it, `prefix`), -1 if nowhere,
 * as `tokensOf` cuts the whole text, without cutting all of it: only the space-delimited stretches
 * where the term occurs are cut (tokens never cross a space, so they are the same tokens).
 */
function holds(folded: string, term: string, prefix: boolean, cjk: CjkMode): number {
  for (let i = folded.indexOf(term); i !== -1; ) {
    let a = i;
    while (a > 0 && !SPACE.test(folded[a - 1]!)) a--;
    let b = i + term.length;
    while (b < folded.length && !SPACE.test(folded[b]!)) b++;
    for (const t of tokensOf(folded.slice(a, b), cjk)) if (prefix ? t.term.startsWith(term) : t.term === term) return a + t.start;
    i = folded.indexOf(term, b);
  }
  return -1;
}

/** Characters of the rest of the article a snippet is cut from: around the first match, not the whole rest (which may be 1 MB). */
const SNIPPET_WINDOW = 2_000;

/**
 * Decides whether `f` (with its article's whole text in `f.text`) is a deep hit for `q` (a parsed
 * query, filters already applied by `withFilters`; check them first with `passesDeepFilters`):
 * it matches with the whole text (every term and the prefix in some field or anywhere in the
 * article, every phrase in order) and not on what the index holds (title, site, byline, host, tags,
 * notes, highlights and the article's first `textChars`). Cheap for most clips: the folded rest of
 * the article is searched for the words before anything is cut into terms. The snippet comes from
 * the rest of the article (`cutStart` always true: text comes before it).
 */
export function deepMatch(f: ClipFields, q: ParsedQuery, opts: DeepOptions = {}): DeepMatch {
  const textChars = opts.textChars ?? DEFAULT_TEXT_CHARS;
  const cjk = opts.cjk ?? defaultCjkMode();
  if (f.text.length <= textChars) return { found: 'short' };
  if (!deepSearchable(q) || f.deleted) return { found: 'miss' };
  const tail = f.text.slice(tailStart(f.text, textChars));
  const foldedTail = fold(tail);
  const wanted = q.prefix === null ? q.terms : [...q.terms, q.prefix];
  // A tail holding none of the words adds nothing: the clip is found by the index, or by nothing.
  if (!wanted.some((t) => foldedTail.includes(t))) return { found: 'miss' };
  const held = clipTermsOf(f, { textChars, cjk });
  const heldPrefix = q.prefix === null || anyStartsWith(held.terms.keys(), q.prefix);
  // Found by the index (every word in what it holds, phrases on the text it checks them on): the tail is not cut into terms.
  if (heldPrefix && q.terms.every((t) => held.terms.has(t)) && containsPhrases(held.snippetText, q.phrases, cjk)) return { found: 'indexed' };
  const at = new Map<string, number>();
  const inTail = (t: string, prefix: boolean) => {
    const i = holds(foldedTail, t, prefix, cjk);
    if (i !== -1) at.set(t, i);
    return i !== -1;
  };
  const inAll = q.terms.every((t) => inTail(t, false) || held.terms.has(t)) && (q.prefix === null || inTail(q.prefix, true) || heldPrefix);
  if (!inAll) return { found: 'miss' };
  const cut = cutText(f.text, textChars);
  if (q.phrases.length > 0 && !containsPhrases(held.snippetText + f.text.slice(cut.length), q.phrases, cjk)) return { found: 'miss' };
  // The passage: from a window around the first match in the rest. Folding may change the length
  // (ß → ss, ligatures): the folded offset is then off by at most the difference, which widens the window.
  let from = 0;
  let to = tail.length;
  const drift = Math.abs(foldedTail.length - tail.length);
  if (at.size > 0 && drift <= SNIPPET_WINDOW * 4) {
    // Around a word the index does not hold (why the clip is a deep hit), else any.
    const deepOnly = [...at].filter(([t, i]) => i >= 0 && (t === q.prefix ? !heldPrefix : !held.terms.has(t))).map(([, i]) => i);
    const first = Math.min(...(deepOnly.length > 0 ? deepOnly : at.values()));
    from = Math.max(0, first - 200 - drift);
    to = Math.min(tail.length, first + SNIPPET_WINDOW + drift);
  }
  const snippet = snippetOf(tail.slice(from, to), q, { cjk });
  return { found: 'deep', snippet: { ...snippet, cutStart: true, cutEnd: snippet.cutEnd || to < tail.length } };
}
