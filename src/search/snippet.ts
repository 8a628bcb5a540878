import { escapeRegExp } from '../util/escape-regexp';
import { defaultCjkMode, eachTermOf, fold, foldedOffsets, MAX_TERM_CHARS, rawTokensOf, SPACED_WORD_CHAR, UNSPACED_RE, type CjkMode } from './normalize';

/** A passage of a clip's text to show under a result, with the matching words to mark. */
export interface Snippet {
  /** The passage, as in the clip (not folded). */
  readonly text: string;
  /** `[start, end)` UTF-16 offsets into `text` of each matching word, in order; overlapping matches merged into one. */
  readonly marks: readonly Readonly<Mark>[];
  /** Whether text was cut before / after the passage (show an ellipsis). */
  readonly cutStart: boolean;
  readonly cutEnd: boolean;
}

/** What a snippet marks: the query's terms, its prefix and its phrases (as `ParsedQuery` holds them). */
export interface SnippetQuery {
  readonly terms: readonly string[];
  readonly prefix: string | null;
  readonly phrases: readonly string[];
}

/** Default passage length, in characters. */
export const SNIPPET_CHARS = 180;
/** Marks in a title, at most: a title has no length limit, and what crosses to the panel has (search-result.ts). */
export const MAX_TITLE_MARKS = 100;
/** Occurrences of one term looked at, at most (the passage is near the start anyway). */
const MAX_OCCURRENCES = 256;

/** A character a word of the index goes on across: not CJK or Thai beside a Latin word or a number ("新款iPhone" holds the word `iphone`). */
const WORD_CHAR = new RegExp(SPACED_WORD_CHAR, 'v');
/** Scripts written without spaces (CJK, Thai…): their phrases are matched on the terms the text is cut into. */
const CJK = UNSPACED_RE;
const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;
/** The character at `i`: both halves of a surrogate pair, whichever half `i` is at (`s[i]` alone is never a letter). */
const charAt = (s: string, i: number) =>
  isHigh(s.charCodeAt(i)) && isLow(s.charCodeAt(i + 1)) ? s.slice(i, i + 2) : isLow(s.charCodeAt(i)) && isHigh(s.charCodeAt(i - 1)) ? s.slice(i - 1, i + 1) : s[i]!;
/**
 * Whether `s[i]` is (part of) a letter, digit or mark, astral ones included: a word goes on there.
 * ASCII is told apart without the Unicode pattern: it is most of what is looked at.
 */
const isWordAt = (s: string, i: number) => {
  if (i < 0 || i >= s.length) return false;
  const c = s.charCodeAt(i);
  return c < 0x80 ? (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a) : WORD_CHAR.test(charAt(s, i));
};

const MARK = /\p{M}/u;
/** Whether `s[i]` is (part of) a combining mark: a cut there would part it from its character. */
const isMarkAt = (s: string, i: number) => s.charCodeAt(i) >= 0x300 && MARK.test(charAt(s, i));

interface Hit {
  readonly term: string;
  readonly start: number;
  readonly end: number;
}

/**
 * Where the query's terms are in `folded` (offsets that are also the raw text's: the caller
 * checked that folding kept the length): whole words for terms, words starting with the prefix
 * (marked to the word's end). CJK terms match anywhere (they are not delimited by spaces).
 */
function hitsIn(folded: string, q: SnippetQuery): Hit[] {
  const hits: Hit[] = [];
  const find = (term: string, prefix: boolean) => {
    const cjk = CJK.test(term);
    // A word longer than the longest term kept was cut to it (maybe between the halves of a
    // surrogate pair): any word it starts is a match, marked to its end, as the index matched it.
    const cut = term.length >= MAX_TERM_CHARS;
    let n = 0;
    for (let i = folded.indexOf(term); i !== -1 && n < MAX_OCCURRENCES; i = folded.indexOf(term, i + 1)) {
      if (!cjk && isWordAt(folded, i - 1)) continue;
      let end = i + term.length;
      if (!cjk && !prefix && !cut && isWordAt(folded, end)) continue;
      if ((prefix || cut) && !cjk) while (isWordAt(folded, end)) end++;
      hits.push({ term, start: i, end });
      n++;
    }
  };
  for (const t of new Set(q.terms)) if (t) find(t, false);
  if (q.prefix) find(q.prefix, true);
  return hits.sort((a, b) => a.start - b.start || b.end - a.end);
}

/**
 * Whether a clip's text holds every phrase of the query as consecutive words (the index only
 * knows that it holds the words). True when the query has no phrase.
 */
export function containsPhrases(text: string, phrases: readonly string[], cjk?: CjkMode): boolean {
  if (phrases.length === 0) return true;
  // CJK phrases were cut by the tokeniser (words or overlapping pairs): their terms must follow
  // each other in the text's terms, as the index cut them.
  const cjkPhrases = phrases.filter((p) => CJK.test(p));
  if (cjkPhrases.length > 0 && !holdsTermRuns(text, cjkPhrases.map((p) => p.split(' ')), cjk ?? defaultCjkMode())) return false;
  // The others as patterns over the folded text.
  let folded: string | null = null;
  const ascii = !/[^\x00-\x7f]/.test(text);
  return phrases.every((phrase) => {
    if (cjkPhrases.includes(phrase)) return true;
    const re = phrasePattern(phrase);
    // ASCII text folds to its lower case, which the `i` flag already ignores: no need to fold it.
    if (ascii) return re.test(text);
    return re.test((folded ??= fold(text)));
  });
}

/** The last phrases' patterns: a phrase check tests one phrase against a page of texts or more (stateless patterns: no `g` or `y`). */
const PHRASE_PATTERNS = new Map<string, RegExp>();
const MAX_PHRASE_PATTERNS = 32;

/** A phrase's words, in order, as whole words with anything but letters, digits and marks between (case aside). */
function phrasePattern(phrase: string): RegExp {
  let re = PHRASE_PATTERNS.get(phrase);
  if (re) return re;
  // A word cut to the longest term kept (`MAX_TERM_CHARS`) goes on in the text: its cut is not its end.
  // Its cut may split a surrogate pair: the lone half is left to the pattern (as a `v` pattern, it matches no half of a pair).
  // A word ends where the tokeniser ends it (`SPACED_WORD_CHAR`): CJK or Thai right beside it is not more of it.
  const words = phrase.split(' ').map((w) => (w.length >= MAX_TERM_CHARS ? escapeRegExp(isHigh(w.charCodeAt(w.length - 1)) ? w.slice(0, -1) : w) + `${SPACED_WORD_CHAR}*` : escapeRegExp(w)));
  re = new RegExp(`(?<!${SPACED_WORD_CHAR})${words.join('[^\\p{L}\\p{N}\\p{M}]+')}(?!${SPACED_WORD_CHAR})`, 'iv');
  if (PHRASE_PATTERNS.size >= MAX_PHRASE_PATTERNS) PHRASE_PATTERNS.clear();
  PHRASE_PATTERNS.set(phrase, re);
  return re;
}

/**
 * Whether the terms of `text` hold each of `runs` (term sequences) consecutively. It cuts the
 * text term by term and stops once every run was seen: cutting CJK by dictionary costs ~1 µs a
 * character, and cutting whole texts was nearly all of a CJK phrase search (20 ms a page at
 * 10,000 clips, for a phrase near each text's start).
 */
function holdsTermRuns(text: string, runs: readonly (readonly string[])[], mode: CjkMode): boolean {
  const longest = Math.max(...runs.map((r) => r.length));
  const last: string[] = [];
  const left = new Set(runs);
  eachTermOf(text, mode, (term) => {
    last.push(term);
    if (last.length > longest) last.shift();
    for (const run of left) {
      const from = last.length - run.length;
      if (from >= 0 && run.every((w, j) => last[from + j] === w)) left.delete(run);
    }
    return left.size === 0;
  });
  return left.size === 0;
}

/** `[start, end)` offsets of marked words in a shown text (`Snippet.marks`, a result's title). */
export type Mark = { start: number; end: number };

/** Where `q`'s words are in `text` (raw offsets, whatever folding does to the length), sorted. */
function hitsOf(text: string, q: SnippetQuery, cjk: CjkMode | undefined): Hit[] {
  if (q.terms.length === 0 && q.prefix === null) return [];
  const folded = fold(text);
  if (folded.length === text.length) {
    // Offsets into the folded text are the raw text's only where folding kept each part's length:
    // "Straße report café" (decomposed) is as long folded, "ß" → "ss" before the word, "é" one shorter after it.
    const hits = hitsIn(folded, q);
    if (hits.every((h) => fold(text.slice(h.start, h.end)) === folded.slice(h.start, h.end))) return hits;
  }
  // Folding changed the length (ß → ss, ligatures, decomposed text composed), or moved offsets:
  // match on the folded text as above, each hit widened to the text's units it came from.
  const at = foldedOffsets(text, folded);
  if (at) return hitsIn(folded, q).map((h) => ({ term: h.term, start: at.starts[h.start]!, end: at.ends[h.end - 1]! }));
  // Folding a unit at a time differs (a Greek final sigma): word by word on the raw text's tokens.
  const terms = new Set(q.terms);
  return rawTokensOf(text, cjk).filter((t) => terms.has(t.term) || (q.prefix !== null && t.term.startsWith(q.prefix)));
}

/** The hits starting inside `[base, base + length)` as marks relative to `base` (one running past its end marked to it); overlapping ones (a prefix and a term, CJK pairs) made one run. */
function marksOf(hits: readonly Hit[], base: number, length: number): Mark[] {
  const marks: Mark[] = [];
  for (const h of hits) {
    if (h.start < base || h.start >= base + length) continue;
    // A word running past the passage (a prefix of a 300-letter word) is marked as far as shown.
    const end = Math.min(h.end, base + length) - base;
    const last = marks.at(-1);
    if (last && h.start - base < last.end) last.end = Math.max(last.end, end);
    else marks.push({ start: h.start - base, end });
  }
  return marks;
}

/**
 * The query's words in a clip's title, to mark where the result shows the title (its passage is
 * then looked for past a copy of the title heading the text: `snippetOf`'s `title`).
 */
export function titleMarks(title: string, q: SnippetQuery, cjk?: CjkMode): Mark[] {
  return marksOf(hitsOf(title, q, cjk), 0, title.length).slice(0, MAX_TITLE_MARKS);
}

/**
 * Where the text goes on past its first line when that line is the title (an article's text
 * usually opens with its own heading, a line of its own: src/capture/text.ts), the line break
 * and the spaces after it included; 0 otherwise. Case and the spaces between words may differ.
 */
export function afterLeadingTitle(text: string, title: string): number {
  const words = title.trim().split(/\s+/u).filter(Boolean);
  if (words.length === 0) return 0;
  const head = text.slice(0, title.length * 2 + 64);
  // Most titles and texts are ASCII there: decided without making a pattern (a new RegExp for
  // each result's title, twice, was the dearest step of cutting its passage in the background).
  let end = asciiAfterTitle(head, words);
  if (end === undefined) end = new RegExp(`^\\s*${words.map(escapeRegExp).join('\\s+')}[^\\S\\n]*\\n\\s*`, 'iu').exec(head)?.[0].length ?? 0;
  return end < text.length ? end : 0;
}

/**
 * `afterLeadingTitle`'s pattern (`^\s*` the words, case aside, apart by `\s+`, then `[^\S\n]*\n\s*`)
 * matched by hand while every character it looks at is ASCII: the length matched (0: none), or
 * undefined at the first one that is not, which the pattern itself then decides (a non-ASCII
 * space, or a letter that matches an ASCII one case aside: the Kelvin sign, the long s).
 */
function asciiAfterTitle(head: string, words: readonly string[]): number | undefined {
  const n = head.length;
  let i = 0;
  const isSpace = (c: number) => c === 32 || (c >= 9 && c <= 13);
  const isLetter = (c: number) => (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a;
  // Past the spaces at i: false at a character that is not ASCII.
  const spaces = (): boolean => {
    for (; i < n; i++) {
      const c = head.charCodeAt(i);
      if (c >= 0x80) return false;
      if (!isSpace(c)) return true;
    }
    return true;
  };
  for (let w = 0; w < words.length; w++) {
    const from = i;
    if (!spaces()) return undefined;
    if (w > 0 && i === from) return 0;
    const word = words[w]!;
    for (let k = 0; k < word.length; k++, i++) {
      const a = word.charCodeAt(k);
      if (a >= 0x80) return undefined;
      if (i >= n) return 0;
      const b = head.charCodeAt(i);
      if (b >= 0x80) return undefined;
      if (a !== b && !(isLetter(a) && (a | 0x20) === (b | 0x20))) return 0;
    }
  }
  for (; i < n; i++) {
    const c = head.charCodeAt(i);
    if (c >= 0x80) return undefined;
    if (c === 10) break;
    if (!isSpace(c)) return 0;
  }
  if (i >= n) return 0;
  i++;
  return spaces() ? i : undefined;
}

/**
 * The passage of `text` of about `chars` characters holding the most distinct query terms
 * (the earliest such passage), cut at spaces, with each matching word marked. With no match (a
 * clip found by a filter, or by a word past the indexed text) it is the start of the text with
 * no marks. With `title`, lines heading the text that are the title are left out (the result
 * shows the title above the passage, marked with `titleMarks`): a passage repeating it wasted
 * one of its two lines. Pure; it searches the folded text with `indexOf`, so it costs little per result.
 */
export function snippetOf(whole: string, q: SnippetQuery, opts: { chars?: number; cjk?: CjkMode; title?: string } = {}): Snippet {
  const chars = opts.chars ?? SNIPPET_CHARS;
  // The index's text opens with the title's line (fields.ts `snippetText`), and the article's
  // own text often with its heading: both are left out.
  let skip = 0;
  for (let n = 0; opts.title && n < 2; n++) {
    const more = afterLeadingTitle(whole.slice(skip), opts.title);
    if (more === 0) break;
    skip += more;
  }
  const text = whole.slice(skip);
  const hits = hitsOf(text, q, opts.cjk);
  let from = 0;
  if (hits.length > 0) {
    // Slide a window over the hits: the one covering the most distinct terms wins.
    let best = -1;
    let lo = 0;
    const count = new Map<string, number>();
    for (let hi = 0; hi < hits.length; hi++) {
      count.set(hits[hi]!.term, (count.get(hits[hi]!.term) ?? 0) + 1);
      // `lo < hi`: a hit longer than the window alone (a prefix of a 300-letter word) is a window of its own.
      while (lo < hi && hits[hi]!.end - hits[lo]!.start > chars) {
        const n = count.get(hits[lo]!.term)! - 1;
        if (n === 0) count.delete(hits[lo]!.term);
        else count.set(hits[lo]!.term, n);
        lo++;
      }
      if (count.size > best) {
        best = count.size;
        from = hits[lo]!.start;
      }
    }
    // Some context before the first match, from a line start or a space.
    const back = Math.max(0, from - Math.min(40, Math.floor(chars / 4)));
    if (back === 0) from = 0;
    else {
      const line = text.lastIndexOf('\n', from - 1);
      const space = text.indexOf(' ', back);
      from = line >= back ? line + 1 : space !== -1 && space < from ? space + 1 : from;
    }
  }
  let to = Math.min(text.length, from + chars);
  if (to < text.length) {
    const space = text.lastIndexOf(' ', to);
    if (space > from + chars / 2) to = space;
  }
  // Never between a character and its marks (a kana and its dakuten, a letter and its accent), nor inside a pair.
  while (to > from && to < text.length && isMarkAt(text, to)) to--;
  if (/[\ud800-\udbff]/.test(text[to - 1] ?? '')) to--;
  const raw = text.slice(from, to);
  const lead = raw.length - raw.trimStart().length;
  const passage = raw.trim().replace(/\s/g, ' ');
  return { text: passage, marks: marksOf(hits, from + lead, passage.length), cutStart: from > 0, cutEnd: to < text.length };
}
