/**
 * Text normalisation and tokenisation for search: one function pair used for documents and
 * queries alike, so whatever a document was cut into, a query typed in any case, with or
 * without accents, is cut the same way.
 */

import { FOLDED_MARKS, IN_WORD_INVISIBLE, LEADING_FOLDED_MARKS } from './folded-marks';

/**
 * Letters folded to one form: Arabic alef maksura → yeh, German sharp s → ss, Latin ligatures NFKD
 * keeps, and the typographic apostrophes to the typed one (articles print "O’Brien", people type "o'brien").
 */
const LETTER_FOLDS: Readonly<Record<string, string>> = { 'ى': 'ي', 'ß': 'ss', 'æ': 'ae', 'œ': 'oe', 'ø': 'o', 'đ': 'd', 'ł': 'l', 'ı': 'i', '’': "'", 'ʼ': "'" };
const LETTER_FOLD_RE = /[ىßæœøđłı’ʼ]/g;
const ASCII = /^[\x00-\x7f]*$/;

/**
 * Folds text for matching: compatibility decomposition (NFKD: full-width forms, ligatures,
 * superscripts, mathematical letters), lower case, the marks in `FOLDED_MARKS` removed, then
 * recomposed (NFC, so Hangul and kana with dakuten stay whole). "Café", "CAFE" and "café" all
 * fold to "cafe"; "مُحَمَّد" to "محمد"; "Ёлка" to "елка". Deterministic and locale-independent.
 */
export function fold(text: string): string {
  // ASCII has no marks, ligatures or compatibility forms: lower case is all (and most text is ASCII).
  if (ASCII.test(text)) return text.toLowerCase();
  // '…' and '‥' decompose to several dots: made one, so folding keeps most texts' length (snippet offsets).
  // Lower case after NFKD: compatibility forms decompose to capitals ("𝐁𝐨𝐥𝐝" → "Bold", "™" → "TM"), and "bold" must find them.
  let s = text.replace(/[…‥]/g, '.').normalize('NFKD').toLowerCase().replace(FOLDED_MARKS, '').normalize('NFC');
  if (LETTER_FOLD_RE.test(s)) s = s.replace(LETTER_FOLD_RE, (c) => LETTER_FOLDS[c] ?? c);
  LETTER_FOLD_RE.lastIndex = 0;
  return s;
}

/** What goes on a character's unit (`foldedOffsets`): marks (a kana's dakuten, an accent, a selector) and the Hangul vowel and final jamo a syllable composes with. */
const UNIT_EXTEND_Y = /[\p{M}\u1160-\u11ff\ud7b0-\ud7ff]+/uy;

/** Where each character of `fold(text)` came from in `text`: its unit's `[starts[i], ends[i])`. */
export interface FoldedOffsets {
  readonly starts: Int32Array;
  readonly ends: Int32Array;
}

/**
 * Maps `folded` (`fold(text)`, given) back to `text` unit by unit, a unit being a character with
 * the marks and jamo that follow it (never split: a mark on "か" + U+3099 spans both); null when
 * folding the units one by one does not give `folded` (not expected: a Greek final sigma, the
 * one lower case that depends on context, is allowed for), so the caller cuts word by word instead. Why: folding composes decomposed (NFD) text
 * and drops marks, so offsets into the folded text are not the text's; cutting the raw text into
 * words instead split a CJK run at its first combining dakuten, and "が" written か + U+3099 was
 * found by the index (which folds first) but never marked. ASCII costs a comparison a character.
 */
export function foldedOffsets(text: string, folded: string): FoldedOffsets | null {
  const starts = new Int32Array(folded.length);
  const ends = new Int32Array(folded.length);
  const n = text.length;
  let out = 0;
  for (let i = 0; i < n; ) {
    const c = text.charCodeAt(i);
    let j = i + (c >= 0xd800 && c <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? 2 : 1);
    if (j < n && text.charCodeAt(j) >= 0x300) {
      UNIT_EXTEND_Y.lastIndex = j;
      if (UNIT_EXTEND_Y.test(text)) j = UNIT_EXTEND_Y.lastIndex;
    }
    if (c < 0x80 && j === i + 1) {
      // ASCII folds to its lower case: one character, compared without a string.
      if (out >= folded.length || folded.charCodeAt(out) !== (c >= 0x41 && c <= 0x5a ? c | 0x20 : c)) return null;
      starts[out] = i;
      ends[out++] = j;
    } else {
      const piece = fold(text.slice(i, j));
      // Σ alone lowers to σ, at a word's end in context to ς: the one case-mapping that depends on context.
      if (!folded.startsWith(piece, out) && !(piece === 'σ' && folded[out] === 'ς')) return null;
      for (const end = out + piece.length; out < end; out++) {
        starts[out] = i;
        ends[out] = j;
      }
    }
    i = j;
  }
  return out === folded.length ? { starts, ends } : null;
}

/**
 * The runs text is cut into, as sticky patterns tried at each run's start (`eachRun`): a run of
 * a script written without spaces between words (CJK ideographs and kana; Thai, Lao, Khmer,
 * Myanmar), which is cut further (`cjkWords`), else a run of other word characters (letters,
 * digits, kept marks, and `'`/`’` or the invisible characters `fold` drops inside a word), and
 * what lies between runs. A word run never takes in such a script's characters: "2024年" and
 * "Python编程" are a word and a run each, so the words after a number or a Latin name are found.
 * Hangul is written with spaces, so it is an ordinary word. Sticky `test`s build no match object: one per word was most of what indexing
 * allocated. (`v`: a class minus a class, one character class, as fast as the plain one.)
 */
const UNSPACED = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}ー々〆\\p{Script=Thai}\\p{Script=Lao}\\p{Script=Khmer}\\p{Script=Myanmar}';
/**
 * A character a word goes on across (a letter, digit or mark of a script written with spaces), as
 * a `v` pattern's class: where a word of the index ends. Why exported: the phrase check and the
 * marks (snippet.ts) must end a word where the tokeniser does; taking CJK beside a word for more
 * of it, `"iphone 15"` missed "新款iPhone 15发布" and `iphone` was found there but not marked.
 */
export const SPACED_WORD_CHAR = `[[\\p{L}\\p{N}\\p{M}]--[${UNSPACED}]]`;
const WORD_CHAR = SPACED_WORD_CHAR;
const CJK_RUN_Y = new RegExp(`[${UNSPACED}]+`, 'vy');
/** Whether text holds a character of a script written without spaces (its phrases are matched on the terms it is cut into). */
export const UNSPACED_RE = new RegExp(`[${UNSPACED}]`, 'v');
const WORD_Y = new RegExp(`${WORD_CHAR}+(?:(?:['’]|[${IN_WORD_INVISIBLE}]+)${WORD_CHAR}+)*`, 'vy');
const NOT_WORD_Y = /[^\p{L}\p{N}\p{M}]+/uy;
const LETTER_RE = /[\p{L}\p{N}々〆]/u;
/** Longest token kept: a longer run (a hash, base64) is cut to this, so no term is unbounded. */
export const MAX_TERM_CHARS = 40;

/** How runs of CJK are cut into terms: dictionary words (`Intl.Segmenter`) or overlapping character pairs. */
export type CjkMode = 'segmenter' | 'bigram';

type Segmenter = { segment(s: string): Iterable<{ segment: string; index: number; isWordLike?: boolean }> };
let segmenter: Segmenter | null | undefined;
function wordSegmenter(): Segmenter | null {
  if (segmenter === undefined) {
    const Ctor = (Intl as unknown as { Segmenter?: new (l: string, o: { granularity: 'word' }) => Segmenter }).Segmenter;
    try {
      segmenter = Ctor ? new Ctor('ja', { granularity: 'word' }) : null;
    } catch {
      segmenter = null;
    }
  }
  return segmenter;
}

/** The CJK mode this runtime gives: `segmenter` where `Intl.Segmenter` exists (Chromium 87+, Firefox 125+, Node 16+), else `bigram`. */
export function defaultCjkMode(): CjkMode {
  return wordSegmenter() ? 'segmenter' : 'bigram';
}

/** A term and where it is in the text it was cut from (UTF-16 offsets, `[start, end)`). */
export interface Token {
  readonly term: string;
  readonly start: number;
  readonly end: number;
}

/** Cuts a run of CJK into terms: dictionary words, or every overlapping pair (a lone character is its own term). */
function cjkWords(run: string, at: number, mode: CjkMode, out: Token[]): void {
  const seg = mode === 'segmenter' ? wordSegmenter() : null;
  if (seg) {
    // Every segment of a CJK run is letters: `isWordLike` is not trusted (Firefox 153's segmenter calls a lone "東京" not word-like).
    for (const s of seg.segment(run)) if (LETTER_RE.test(s.segment)) out.push({ term: s.segment, start: at + s.index, end: at + s.index + s.segment.length });
    return;
  }
  const chars = Array.from(run);
  if (chars.length === 1) return void out.push({ term: run, start: at, end: at + run.length });
  let offset = at;
  for (let i = 0; i + 1 < chars.length; i++) {
    const pair = chars[i]! + chars[i + 1]!;
    out.push({ term: pair, start: offset, end: offset + pair.length });
    offset += chars[i]!.length;
  }
}

/**
 * Tokens of already folded text (`fold`), in order, with offsets into it. Word runs are kept
 * whole (cut at `MAX_TERM_CHARS`), CJK runs are cut by `mode`. Never throws; the empty string
 * gives no tokens.
 */
export function tokensOf(folded: string, mode: CjkMode = defaultCjkMode()): Token[] {
  const out: Token[] = [];
  eachRun(folded, (start, end, cjk) => {
    if (cjk) cjkWords(folded.slice(start, end), start, mode, out);
    else out.push({ term: folded.slice(start, Math.min(end, start + MAX_TERM_CHARS)), start, end });
  });
  return out;
}

/** The terms of raw text: `tokensOf(fold(text))`, without offsets (what the index is given). */
export function termsOf(text: string, mode: CjkMode = defaultCjkMode()): string[] {
  const out: string[] = [];
  eachTermOf(text, mode, (t) => void out.push(t));
  return out;
}

/**
 * Calls `fn` with each term of raw text, in order, until it returns true: `termsOf` without its
 * array, nor an object per word. Why: indexing 10,000 clips cuts millions of words, and what each
 * one allocated was most of the background's garbage during a rebuild; a phrase check stops at
 * its match, before cutting the rest of the text (dictionary cutting of CJK is the dear part).
 */
export function eachTermOf(text: string, mode: CjkMode, fn: (term: string) => boolean | void): void {
  const s = fold(text);
  eachRun(s, (start, end, cjk) => {
    if (!cjk) return fn(s.slice(start, Math.min(end, start + MAX_TERM_CHARS)));
    const parts: Token[] = [];
    cjkWords(s.slice(start, end), start, mode, parts);
    for (const p of parts) if (fn(p.term) === true) return true;
  });
}

/**
 * Calls `fn` with each run of `s`, in order, until it returns true: `[start, end)` and whether it
 * is a run of a script written without spaces (CJK, Thai…), cut further into words. The one
 * scanner `tokensOf`, `eachTermOf` and `rawTokensOf` cut text with, so the index, queries and
 * snippets cut it alike.
 */
export function eachRun(s: string, fn: (start: number, end: number, cjk: boolean) => boolean | void): void {
  const n = s.length;
  let at = 0;
  while (at < n) {
    NOT_WORD_Y.lastIndex = at;
    if (NOT_WORD_Y.test(s)) at = NOT_WORD_Y.lastIndex;
    if (at >= n) return;
    CJK_RUN_Y.lastIndex = at;
    const cjk = CJK_RUN_Y.test(s);
    WORD_Y.lastIndex = at;
    // Every character NOT_WORD_Y stops at is a letter, digit or mark, so a word starts here.
    if (!cjk && !WORD_Y.test(s)) return;
    const end = cjk ? CJK_RUN_Y.lastIndex : WORD_Y.lastIndex;
    if (fn(at, end, cjk) === true) return;
    at = end;
  }
}

/**
 * Tokens of raw text with offsets into the raw text (not the folded one), for marking matches
 * in a snippet: each word is folded on its own, so an offset never drifts when folding changes
 * a string's length ("ß" → "ss", decomposed input).
 */
export function rawTokensOf(text: string, mode: CjkMode = defaultCjkMode()): Token[] {
  const out: Token[] = [];
  eachRun(text, (at, end, cjk) => {
    const word = text.slice(at, end);
    const folded = fold(word);
    if (cjk && folded.length === word.length) {
      const parts: Token[] = [];
      cjkWords(folded, at, mode, parts);
      out.push(...parts);
    } else {
      const term = tokensOf(folded, mode)[0]?.term;
      // A run may open with marks folding drops (the variation selector of "❤️" before a word): not part of the word marked.
      if (term) out.push({ term, start: at + (LEADING_FOLDED_MARKS.exec(word)?.[0].length ?? 0), end });
    }
  });
  return out;
}
