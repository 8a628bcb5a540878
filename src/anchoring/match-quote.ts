/**
 * Finding a quote in a text, exactly or approximately, as Hypothesis's match-quote.ts does
 * (approx-string-match; candidates scored on quote, prefix, suffix and position), with one
 * difference: it refuses to guess. A match is returned only when the text around it
 * supports it, or the quote is long and unique, and no other place scores nearly as well:
 * a highlight shown in the wrong place is worse than one reported as not found.
 */
import search from 'approx-string-match';
import { snapToCharacters } from './graphemes';

/** What is known about where the quote was. */
export interface QuoteContext {
  /** Text before the quote when it was described ('' at the start of the text). */
  readonly prefix: string;
  /** Text after the quote when it was described ('' at the end of the text). */
  readonly suffix: string;
  /** Where the quote started then (a text offset), if known: breaks near-ties. */
  readonly hint?: number | null;
}

/** A place a quote was found: text offsets, and whether the text there differs from the quote. */
export interface QuoteMatch {
  readonly start: number;
  readonly end: number;
  readonly fuzzy: boolean;
}

/** Quotes at least this long are distinctive: found exactly once, they need no context (a 20-character run of prose does not recur by chance). */
export const DISTINCTIVE_QUOTE_CHARS = 20;
/** Least context support (mean prefix and suffix similarity, 0-1) a short, repeated or approximate match needs. */
export const MIN_CONTEXT_SUPPORT = 0.6;
/** How much better than any other place the chosen one must score (context support for exact matches, total score for approximate ones). */
const MIN_MARGIN = 0.15;
const MIN_FUZZY_MARGIN = 0.08;
/** Largest share of the quote an approximate match may differ in. */
const MAX_ERROR_RATE = 0.25;
/** Most errors searched for (the search costs O(errors ÷ 32 × text length)). */
const MAX_ERRORS = 256;
/** Quotes found more often than this exactly are not placed from context (a word like "the"). */
const MAX_EXACT_CANDIDATES = 1_000;
/** Approximate matches spread over more places than this are too ambiguous to place. */
const MAX_FUZZY_PLACES = 20;

/** Hypothesis's weights: similarity to the quote, the prefix, the suffix, and nearness to the hint. */
const W_QUOTE = 50;
const W_PREFIX = 20;
const W_SUFFIX = 20;
const W_POSITION = 2;

/**
 * 1 − errors ÷ length of the best approximate occurrence of `str` in `text` (1 when equal,
 * 0 when nothing matches): Hypothesis's textMatchScore, computed directly (edit distance
 * with free ends in `text`), which for 32-character contexts is far cheaper than a search.
 */
function similarity(text: string, str: string): number {
  if (text === str) return 1;
  const m = str.length;
  const n = text.length;
  if (m === 0 || n === 0) return 0;
  // row[j]: fewest errors aligning str[0..i) so that it ends at text[j] (any start).
  const row = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= m; i++) {
    let diag = row[0]!;
    row[0] = i;
    const c = str.charCodeAt(i - 1);
    for (let j = 1; j <= n; j++) {
      const up = row[j]!;
      row[j] = Math.min(up + 1, row[j - 1]! + 1, diag + (text.charCodeAt(j - 1) === c ? 0 : 1));
      diag = up;
    }
  }
  let best = m;
  for (let j = 0; j <= n; j++) best = Math.min(best, row[j]!);
  return Math.max(0, 1 - best / m);
}

/**
 * How well the text around [start, end) matches the stored context, 0-1: the mean of the
 * prefix's and the suffix's similarity. An empty stored side (the quote began or ended the
 * text) scores 1 at that end of the text and ½ elsewhere; where the text now ends inside a
 * stored side, the part that is there is compared and the rest counts ½ (unknown: neither
 * for nor against), as in a saved article that stops before the page's footer.
 */
export function contextSupport(text: string, start: number, end: number, ctx: QuoteContext): number {
  const { prefix, suffix } = ctx;
  const before = text.slice(Math.max(0, start - prefix.length), start);
  const after = text.slice(end, end + suffix.length);
  const side = (actual: string, stored: string, atEdge: boolean, storedPart: string): number => {
    if (stored === '') return atEdge ? 1 : 0.5;
    if (actual.length >= stored.length) return similarity(actual, stored);
    // The text ends inside the stored context: what is there is compared, the rest is unknown.
    const known = actual.length / stored.length;
    return known * similarity(actual, storedPart) + (1 - known) * 0.5;
  };
  const b = side(before, prefix, start === 0, prefix.slice(prefix.length - before.length));
  const a = side(after, suffix, end === text.length, suffix.slice(0, after.length));
  return (b + a) / 2;
}

interface Candidate {
  start: number;
  end: number;
  errors: number;
  support: number;
  score: number;
}

function candidate(text: string, quote: string, start: number, end: number, errors: number, ctx: QuoteContext): Candidate {
  const support = contextSupport(text, start, end, ctx);
  const hint = ctx.hint;
  const near = typeof hint === 'number' && text.length > 0 ? 1 - Math.min(1, Math.abs(start - hint) / text.length) : 1;
  const quoteScore = 1 - errors / quote.length;
  const score = (W_QUOTE * quoteScore + (W_PREFIX + W_SUFFIX) * support + W_POSITION * near) / (W_QUOTE + W_PREFIX + W_SUFFIX + W_POSITION);
  return { start, end, errors, support, score };
}

/** Start offsets of `quote` in `text`, at most `limit` of them. */
function exactStarts(text: string, quote: string, limit: number): number[] {
  const starts: number[] = [];
  for (let at = text.indexOf(quote); at !== -1 && starts.length < limit; at = text.indexOf(quote, at + 1)) starts.push(at);
  return starts;
}

/** The best candidate, if it clears `min` on `measure` and beats every other place by `margin`. */
function decide(candidates: Candidate[], measure: (c: Candidate) => number, min: number, margin: number): Candidate | null {
  let best: Candidate | null = null;
  for (const c of candidates) if (!best || measure(c) > measure(best) || (measure(c) === measure(best) && c.score > best.score)) best = c;
  if (!best || measure(best) < min) return null;
  for (const c of candidates) {
    const apart = c.end <= best.start || c.start >= best.end;
    if (c !== best && apart && measure(best) - measure(c) < margin) return null;
  }
  return best;
}

/**
 * The places where `quote` occurs in `haystack` with at most `budget` errors, the fewest
 * errors first, scored against `text` (the haystack is `text` with places already found
 * blanked out). approx-string-match reports only the places with the fewest errors, so
 * each round blanks those and searches again, until none is left within the budget. Null
 * when there are more than `MAX_FUZZY_PLACES`: too ambiguous to place.
 */
function approximate(text: string, quote: string, budget: number, ctx: QuoteContext): Candidate[] | null {
  const places: Candidate[] = [];
  let haystack = text;
  for (;;) {
    const found = search(haystack, quote, budget).sort((a, b) => a.start - b.start || a.end - b.end);
    if (found.length === 0) return places;
    const round: Candidate[] = [];
    let groupEnd = -1;
    for (const m of found) {
      const c = candidate(text, quote, m.start, m.end, m.errors, ctx);
      const last = round[round.length - 1];
      // Overlapping matches are one place: keep its best.
      if (last && m.start < groupEnd) {
        if (c.score > last.score) round[round.length - 1] = c;
      } else round.push(c);
      groupEnd = Math.max(groupEnd, m.end);
    }
    places.push(...round);
    if (places.length > MAX_FUZZY_PLACES) return null;
    let blanked = '';
    let at = 0;
    for (const c of round) {
      const from = Math.max(at, c.start);
      blanked += haystack.slice(at, from) + '\u0000'.repeat(Math.max(0, c.end - from));
      at = Math.max(at, c.end);
    }
    haystack = blanked + haystack.slice(at);
  }
}

const WORD_CHAR = /[\p{L}\p{N}\p{M}_]/u;
const wordAt = (s: string, i: number): boolean => i >= 0 && i < s.length && WORD_CHAR.test(s.charAt(i));
/** How far (in characters) an approximate match's end may move to reach a word boundary. */
const MAX_WORD_SHIFT = 32;

/**
 * Where an approximate match should end, as close to `start`/`end` as possible: an edit near
 * an end leaves its alignment uncertain ("thunder for" for "The fix for" in "The thunder
 * for"). First choice: where the stored context, found exactly within `slack` characters,
 * puts the end; else the nearest word boundary, where the quote had one.
 */
function refineEnds(text: string, quote: string, ctx: QuoteContext, start: number, end: number, slack: number): { start: number; end: number } {
  let s = -1;
  let e = -1;
  for (let d = 0; d <= slack && (s < 0 || e < 0); d++) {
    for (const at of d === 0 ? [start] : [start - d, start + d]) {
      if (s < 0 && ctx.prefix !== '' && at >= ctx.prefix.length && text.startsWith(ctx.prefix, at - ctx.prefix.length)) s = at;
    }
    for (const at of d === 0 ? [end] : [end + d, end - d]) {
      if (e < 0 && ctx.suffix !== '' && at <= text.length && text.startsWith(ctx.suffix, at)) e = at;
    }
  }
  if (s < 0) {
    s = start;
    if (wordAt(quote, 0) && !wordAt(ctx.prefix, ctx.prefix.length - 1)) {
      while (s > 0 && start - s < MAX_WORD_SHIFT && wordAt(text, s - 1)) s--;
      while (s < end && s - start < MAX_WORD_SHIFT && !wordAt(text, s)) s++;
    }
  }
  if (e < 0) {
    e = end;
    if (wordAt(quote, quote.length - 1) && !wordAt(ctx.suffix, 0)) {
      while (e < text.length && e - end < MAX_WORD_SHIFT && wordAt(text, e)) e++;
      while (e > s && end - e < MAX_WORD_SHIFT && !wordAt(text, e - 1)) e--;
    }
  }
  return e > s ? { start: s, end: e } : { start, end };
}

/** The exact occurrences of a quote: how many (counting stops past 1,000), and the start of the one to take, if any. */
export interface ExactChoice {
  readonly occurrences: number;
  readonly chosen: number | null;
}

/**
 * Which exact occurrence of `quote` in `text` is the quoted passage. One occurrence of a
 * distinctive quote (≥ 20 characters) is; otherwise (short or repeated) the occurrence
 * whose surroundings match `ctx` best is, if its context support is at least 0.6 and beats
 * every other occurrence's by 0.15; else none (`chosen` null). Why exported: a range or
 * position hit on a repeated quote is checked against this choice.
 */
export function exactChoice(text: string, quote: string, ctx: QuoteContext): ExactChoice {
  if (quote === '') return { occurrences: 0, chosen: null };
  const starts = exactStarts(text, quote, MAX_EXACT_CANDIDATES + 1);
  if (starts.length === 0) return { occurrences: 0, chosen: null };
  if (starts.length === 1 && quote.length >= DISTINCTIVE_QUOTE_CHARS) return { occurrences: 1, chosen: starts[0]! };
  if (starts.length > MAX_EXACT_CANDIDATES) return { occurrences: starts.length, chosen: null };
  const best = decide(
    starts.map((s) => candidate(text, quote, s, s + quote.length, 0, ctx)),
    (c) => c.support,
    MIN_CONTEXT_SUPPORT,
    MIN_MARGIN,
  );
  return { occurrences: starts.length, chosen: best ? best.start : null };
}

/**
 * Finds `quote` in `text`.
 *
 * Contract: if the quote occurs exactly, the occurrence `exactChoice` picks, or null. Else
 * every place within 25% of the quote's length in errors (approx-string-match; more than 20
 * places is too ambiguous), scored as Hypothesis does (quote 50, prefix 20, suffix 20,
 * position 2); the best is taken only if its context support is at least 0.6 and its score
 * beats every other place by 0.08, its ends moved to where the stored context (found exactly
 * nearby) or, failing that, word boundaries put them, and widened to whole characters
 * (grapheme clusters: `snapToCharacters`).
 * Returns null otherwise: never a guess.
 */
export function matchQuote(text: string, quote: string, ctx: QuoteContext): QuoteMatch | null {
  if (quote === '' || text === '') return null;
  const exact = exactChoice(text, quote, ctx);
  if (exact.occurrences > 0) return exact.chosen === null ? null : { start: exact.chosen, end: exact.chosen + quote.length, fuzzy: false };
  const budget = Math.min(MAX_ERRORS, Math.floor(quote.length * MAX_ERROR_RATE));
  if (budget < 1) return null;
  const places = approximate(text, quote, budget, ctx);
  if (!places || places.length === 0) return null;
  const chosen = decide(places, (c) => c.score, 0, MIN_FUZZY_MARGIN);
  if (!chosen || chosen.support < MIN_CONTEXT_SUPPORT) return null;
  const aligned = refineEnds(text, quote, ctx, chosen.start, chosen.end, chosen.errors);
  return { ...snapToCharacters(text, aligned.start, aligned.end), fuzzy: true };
}
