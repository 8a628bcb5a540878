/**
 * The three selector kinds behind one small interface, as Hypothesis's anchoring/types.ts
 * wraps each W3C selector: each kind describes a passage and says where a stored selector
 * points. Callers (anchor.ts) never branch on a selector's shape; adding a kind is adding
 * an object here.
 */
import type { TextModel } from '../capture/text-model';
import type { RangeSelector, TextPositionSelector, TextQuoteSelector } from '../schema/selectors';
import { QUOTE_CONTEXT_CHARS } from '../schema/selectors';
import { matchQuote } from './match-quote';
import { charOffsetIn, elementAt, pointAtCharOffset, xpathOf } from './xpath';

/** How a highlight was found: by its range, its position, its exact quote, or approximately. */
export type AnchorMethod = 'range' | 'position' | 'quote' | 'fuzzy';

/** A passage of a text model: offsets [start, end), with the DOM model when there is one. */
export interface Passage {
  readonly text: string;
  readonly model: TextModel | null;
  readonly start: number;
  readonly end: number;
}

/** Where to look: the text (and its DOM model, if any), what the quote was, and a position hint. */
export interface Scope {
  readonly text: string;
  readonly model: TextModel | null;
  readonly quote: TextQuoteSelector;
  readonly hint: number | null;
}

/** Where a selector points, as text offsets, before it is checked against the quote. */
export interface Located {
  readonly start: number;
  readonly end: number;
  readonly method: AnchorMethod;
}

/** One selector kind. */
export interface SelectorKind<S> {
  /** The selector for a passage, or null when this kind cannot describe it here (a range without a DOM). */
  describe(passage: Passage): S | null;
  /** Where `selector` points in `scope`, or null when it points nowhere. */
  locate(selector: S, scope: Scope): Located | null;
}

const ELEMENT_NODE = 1;

/** The element holding a DOM position (the node itself when it is an element). */
function elementOf(node: Node): Node | null {
  return node.nodeType === ELEMENT_NODE ? node : node.parentNode;
}

/** Drops a lone surrogate left at either end of a cut. */
function wholeCodePoints(s: string): string {
  let a = 0;
  let b = s.length;
  if (b > 0 && (s.charCodeAt(0) & 0xfc00) === 0xdc00) a = 1;
  if (b > a && (s.charCodeAt(b - 1) & 0xfc00) === 0xd800) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}

/** RangeSelector: XPaths to the elements holding each end, and offsets in their `textContent`. Needs a DOM. */
export const rangeKind: SelectorKind<RangeSelector> = {
  describe({ model, start, end }) {
    if (!model) return null;
    const a = model.pointAt(start, 'start');
    const b = model.pointAt(end, 'end');
    const startEl = elementOf(a.node);
    const endEl = elementOf(b.node);
    if (!startEl || !endEl) return null;
    const startContainer = xpathOf(startEl, model.root);
    const endContainer = xpathOf(endEl, model.root);
    const startOffset = startContainer === null ? null : charOffsetIn(startEl, a.node, a.offset);
    const endOffset = endContainer === null ? null : charOffsetIn(endEl, b.node, b.offset);
    if (startContainer === null || endContainer === null || startOffset === null || endOffset === null) return null;
    return { type: 'RangeSelector', startContainer, startOffset, endContainer, endOffset };
  },
  locate(selector, { model }) {
    if (!model) return null;
    const startEl = elementAt(selector.startContainer, model.root);
    const endEl = elementAt(selector.endContainer, model.root);
    if (!startEl || !endEl) return null;
    const a = pointAtCharOffset(startEl, selector.startOffset, 'start');
    const b = pointAtCharOffset(endEl, selector.endOffset, 'end');
    if (!a || !b) return null;
    const start = model.offsetOf(a.node, a.offset, 'start');
    const end = model.offsetOf(b.node, b.offset, 'end');
    if (start === null || end === null || end <= start) return null;
    return { start, end, method: 'range' };
  },
};

/** TextPositionSelector: offsets into the text model. */
export const positionKind: SelectorKind<TextPositionSelector> = {
  describe: ({ start, end }) => ({ type: 'TextPositionSelector', start, end }),
  locate(selector, { text }) {
    if (selector.end > text.length || selector.end <= selector.start) return null;
    return { start: selector.start, end: selector.end, method: 'position' };
  },
};

/** TextQuoteSelector: the quote and 32 characters of context each side; found by `matchQuote`. */
export const quoteKind: SelectorKind<TextQuoteSelector> = {
  describe: ({ text, start, end }) => ({
    type: 'TextQuoteSelector',
    exact: text.slice(start, end),
    prefix: wholeCodePoints(text.slice(Math.max(0, start - QUOTE_CONTEXT_CHARS), start)),
    suffix: wholeCodePoints(text.slice(end, end + QUOTE_CONTEXT_CHARS)),
  }),
  locate(selector, { text, hint }) {
    const found = matchQuote(text, selector.exact, { prefix: selector.prefix, suffix: selector.suffix, hint });
    return found && { start: found.start, end: found.end, method: found.fuzzy ? 'fuzzy' : 'quote' };
  },
};
