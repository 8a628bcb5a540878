/**
 * Describing a selection as a `HighlightTarget` and finding it again, in a DOM (the live
 * page, the reader) or in a plain text (the background, re-anchoring in a re-saved
 * article's text). One text model (src/capture/text-model.ts) gives the offsets everywhere.
 */
import type { RangeLike, TextModel } from '../capture/text-model';
import { textModelOf } from '../capture/text-model';
import type { HighlightTarget, TextPositionSelector, TextQuoteSelector } from '../schema/selectors';
import { MAX_QUOTE_CHARS } from '../schema/selectors';
import { err, ok } from '../util/result';
import { snapToCharacters } from './graphemes';
import type { Result } from '../util/result';
import { contextSupport, DISTINCTIVE_QUOTE_CHARS, exactChoice, MIN_CONTEXT_SUPPORT } from './match-quote';
import type { AnchorMethod, Located, Passage, Scope } from './selector-kinds';
import { positionKind, quoteKind, rangeKind } from './selector-kinds';

export type { AnchorMethod };

/** What re-anchoring in plain text needs: the quote, and the position when there is one. */
export interface TextTarget {
  readonly quote: TextQuoteSelector;
  readonly position?: TextPositionSelector | null;
}

/** Where a target was found in a text: offsets [start, end) and how. */
export interface TextAnchor {
  readonly start: number;
  readonly end: number;
  readonly method: AnchorMethod;
}

/**
 * Where a target was found in a DOM: the text anchor and a DOM Range over it (tight around
 * its text). `range` is made on first read: a live Range costs the page something on every
 * DOM change, and a caller may need only the offsets (jsdom also makes one in time linear in
 * the document's size).
 */
export interface DomAnchor extends TextAnchor {
  readonly range: Range;
}

/** Options of the DOM functions: a text model already built for the root saves building another. */
export interface ModelOption {
  /** The text model of the same root, if already built (it must be current: built after the DOM's last change). */
  readonly model?: TextModel;
}

type Root = Element | DocumentFragment;

const isSpace = (c: string | undefined): boolean => c !== undefined && /\s/.test(c);

/**
 * Describes the text offsets [start, end) of `text` as a quote and a position (no range:
 * there is no DOM). Leading and trailing whitespace is left out of the quote; an end inside a
 * character (an emoji sequence, a letter and its marks) is moved out to take all of it.
 *
 * Contract: errors as values: 'bad-request' for offsets outside the text, 'no-content'
 * when no text is left, 'too-large' over 10,000 characters (`MAX_QUOTE_CHARS`). Why
 * exported: the background describes highlights it re-anchored in a re-saved article's text.
 */
export function describeText(text: string, start: number, end: number): Result<Omit<HighlightTarget, 'range'>> {
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > text.length || start > end) {
    return err('bad-request', 'The passage to highlight is not inside the article text.');
  }
  const r = trimmed({ text, model: null, start, end });
  if (!r.ok) return r;
  return ok({ quote: quoteKind.describe(r.value)!, position: positionKind.describe(r.value)! });
}

/**
 * The passage without whitespace at either end, then widened to whole characters (grapheme
 * clusters: `snapToCharacters`), or why it cannot be a highlight. Why widened: a selection
 * ending after 👩 of 👩‍💻 or before a joiner or an accent (browsers allow it, by keyboard or in
 * Firefox) was stored and drawn with the character cut; a highlight now takes the whole of it.
 */
function trimmed(p: Passage): Result<Passage> {
  let { start, end } = p;
  while (start < end && isSpace(p.text[start])) start++;
  while (end > start && isSpace(p.text[end - 1])) end--;
  if (end === start) return err('no-content', 'The selection holds no text to highlight. Select some words, then try again.');
  ({ start, end } = snapToCharacters(p.text, start, end));
  if (end - start > MAX_QUOTE_CHARS) {
    const n = (x: number): string => x.toLocaleString('en-US');
    return err(
      'too-large',
      `This selection is too long to highlight: ${n(end - start)} characters, and the limit is ${n(MAX_QUOTE_CHARS)}. Select a shorter passage.`,
    );
  }
  return ok({ ...p, start, end });
}

/**
 * Describes a DOM range under `root` as a `HighlightTarget`: a quote with 32 characters of
 * context, a position in `root`'s text model and a range selector, all naming the same
 * characters (whitespace at either end left out, ends inside a character moved out to take
 * all of it: a highlight never splits a grapheme cluster).
 *
 * Contract: never throws for bad input; errors as values: 'bad-request' when the range is
 * not inside `root`, 'no-content' when it holds no text, 'too-large' over 10,000
 * characters. Positions refer to `root`'s text model: describe on the root whose text is
 * stored (the reader's article) for positions that hold in the stored text; on the live page
 * they are only a hint elsewhere (the quote still finds it).
 */
export function describe(range: RangeLike, root: Root, opts: ModelOption = {}): Result<HighlightTarget> {
  const inside = (n: Node): boolean => n === root || root.contains(n);
  if (!inside(range.startContainer) || !inside(range.endContainer)) {
    return err('bad-request', 'The selection is outside the text that can be highlighted here.');
  }
  const model = opts.model ?? textModelOf(root);
  const offsets = model.offsetsOf(range);
  if (!offsets) return err('bad-request', 'The selection is outside the text that can be highlighted here.');
  const r = trimmed({ text: model.text, model, ...offsets });
  if (!r.ok) return r;
  const passage = r.value;
  return ok({ quote: quoteKind.describe(passage)!, position: positionKind.describe(passage)!, range: rangeKind.describe(passage) });
}

/**
 * Checks a place against the quote. The text there must be exactly the quote (approximate
 * matches were checked within their error budget by `matchQuote`). A range or position hit
 * on a short quote must also sit in its context; on a repeated quote it must be the
 * occurrence the context picks, or, when the contexts cannot tell the copies apart, be
 * where the position selector points too (a range) or sit in its context (a position). So
 * an XPath that now names the neighbouring copy of a repeated paragraph is refused.
 */
function verified(found: Located, scope: Scope, position: TextPositionSelector | null | undefined): boolean {
  if (found.method === 'fuzzy') return true;
  const { exact } = scope.quote;
  if (scope.text.slice(found.start, found.end) !== exact) return false;
  if (found.method === 'quote') return true;
  const choice = exactChoice(scope.text, exact, scope.quote);
  if (choice.chosen === found.start) return true;
  const supported = (): boolean => contextSupport(scope.text, found.start, found.end, scope.quote) >= MIN_CONTEXT_SUPPORT;
  if (choice.occurrences === 1) return exact.length >= DISTINCTIVE_QUOTE_CHARS || supported();
  if (choice.chosen !== null) return false;
  const agrees = position?.start === found.start && position.end === found.end;
  return (found.method === 'position' || agrees) && supported();
}

/** Tries the selectors in order, range, position, quote (exact, then approximate), and returns the first verified place. */
function locate(target: TextTarget & { range?: HighlightTarget['range'] }, text: string, model: TextModel | null): TextAnchor | null {
  const scope: Scope = { text, model, quote: target.quote, hint: target.position?.start ?? null };
  const steps: Array<() => Located | null> = [];
  if (target.range && model) steps.push(() => rangeKind.locate(target.range!, scope));
  if (target.position) steps.push(() => positionKind.locate(target.position!, scope));
  steps.push(() => quoteKind.locate(target.quote, scope));
  for (const step of steps) {
    const found = step();
    if (found && verified(found, scope, target.position)) return found;
  }
  return null;
}

/**
 * Finds `target` under `root`: by its range selector, then its position, then its quote
 * exactly, then approximately (approx-string-match, scored on quote, prefix, suffix and
 * position as Hypothesis does).
 *
 * Contract: every result holds exactly the quoted text, except 'fuzzy' ones, which differ
 * from it by at most a quarter of its length and are supported by its context; then, where
 * an end falls inside a character (a grapheme cluster), it is moved out to take all of it
 * (`snapToCharacters`). Returns null (an orphan) rather than a doubtful place. Builds
 * `root`'s text model unless `opts.model` is given; to anchor many targets use `anchorAll`.
 * Why widened here: a DOM anchor is what the live page, the reader and the export draw, and
 * targets stored before `describe` snapped its ends can end inside 👩‍💻 or before an accent;
 * they are drawn whole, without rewriting what is stored (`anchorInText` is not widened).
 */
export function anchor(target: HighlightTarget, root: Root, opts: ModelOption = {}): DomAnchor | null {
  const model = opts.model ?? textModelOf(root);
  const located = locate(target, model.text, model);
  if (!located) return null;
  const found = { ...located, ...snapToCharacters(model.text, located.start, located.end) };
  let range: Range | null = null;
  return {
    ...found,
    get range(): Range {
      return (range ??= model.rangeOf(found.start, found.end));
    },
  };
}

/**
 * `anchor` for many targets on one root, with one text model: what a page or the reader
 * does on load. Results are in the order of `targets` (null for each orphan).
 */
export function anchorAll(targets: readonly HighlightTarget[], root: Root, opts: ModelOption = {}): Array<DomAnchor | null> {
  const model = opts.model ?? textModelOf(root);
  return targets.map((t) => anchor(t, root, { model }));
}

/**
 * Finds a target in plain text (no DOM): by its position, then its quote exactly, then
 * approximately, with the same checks as `anchor`. Why: the background, which has no DOM,
 * re-anchors highlights in a re-saved article's text (`textOfHtml` of its HTML).
 */
export function anchorInText(text: string, target: TextTarget): TextAnchor | null {
  return locate(target, text, null);
}
