import { z } from './zod';

/**
 * Where a highlight is: W3C Web Annotation selectors (https://www.w3.org/TR/annotation-model/#selectors),
 * stored as Hypothesis stores them: a TextQuoteSelector (the quote with 32 characters of
 * context each side), a TextPositionSelector (offsets into the text model, see
 * src/capture/text-model.ts) and a RangeSelector (simple XPaths from the root to the
 * elements holding each end, with character offsets in those elements' `textContent`).
 * Defined once, here; `src/anchoring` makes and resolves them. Strict objects: a field
 * these schemas do not know is rejected, never dropped (docs/schema.md, "Unknown fields").
 */

/** Most characters a highlight may quote: longer selections are refused with an error value. */
export const MAX_QUOTE_CHARS = 10_000;
/** Characters of context `describe` stores on each side of a quote, as Hypothesis does. */
export const QUOTE_CONTEXT_CHARS = 32;
/** Most context characters accepted on each side (other W3C producers may store more than 32). */
const MAX_CONTEXT_CHARS = 256;
/** Longest XPath accepted (a page nested ~200 elements deep). */
const MAX_XPATH_CHARS = 4_096;
/** Largest offset accepted: the longest article text (see capture.ts, `MAX_ARTICLE_CHARS`). */
const MAX_OFFSET = 30_000_000;

/** An element name as a simple XPath step writes it: letters, digits, `_ . : -`. */
export const XPATH_NAME = /^[\p{L}\p{N}_.:-]+$/u;
/**
 * A simple XPath: `/name[n]` steps from the root down to an element (`n` counts same-named
 * element siblings from 1; names lower-case), or '' for the root itself. No other XPath is
 * evaluated, so a stored selector can never run a query of its own.
 */
export const SIMPLE_XPATH = /^(?:\/[\p{L}\p{N}_.:-]+\[[1-9]\d*\])*$/u;

const Offset = z.int().check(z.nonnegative(), z.lte(MAX_OFFSET));
const XPath = z.string().check(z.maxLength(MAX_XPATH_CHARS), z.regex(SIMPLE_XPATH, 'must be a simple XPath (/name[n]/name[n]…)'));

/** The quote and its context: what re-anchoring searches for when nothing else holds. */
export const TextQuoteSelectorSchema = z.strictObject({
  type: z.literal('TextQuoteSelector'),
  /** The highlighted text, exactly as in the text model (never empty, never starting or ending with whitespace when `describe` made it). */
  exact: z.string().check(z.minLength(1), z.maxLength(MAX_QUOTE_CHARS)),
  /** Up to 32 characters of the text model before `exact` ('' at the start of the text). */
  prefix: z.string().check(z.maxLength(MAX_CONTEXT_CHARS)),
  /** Up to 32 characters of the text model after `exact` ('' at the end of the text). */
  suffix: z.string().check(z.maxLength(MAX_CONTEXT_CHARS)),
});

/** Offsets [start, end) into the text model of the root the highlight was described on: a hint, always checked against the quote. */
export const TextPositionSelectorSchema = z
  .strictObject({
    type: z.literal('TextPositionSelector'),
    start: Offset,
    end: Offset,
  })
  .check(z.refine((s) => s.end > s.start, { message: 'end must be after start', path: ['end'] }));

/** The DOM position of each end: an element (simple XPath from the root) and a character offset in its `textContent`. */
export const RangeSelectorSchema = z.strictObject({
  type: z.literal('RangeSelector'),
  startContainer: XPath,
  startOffset: Offset,
  endContainer: XPath,
  endOffset: Offset,
});

/**
 * Everything stored to find a highlight again. `range` is null when the target was made or
 * re-anchored from text alone (no DOM, e.g. in the background re-anchoring a re-saved article).
 */
export const HighlightTargetSchema = z.strictObject({
  quote: TextQuoteSelectorSchema,
  position: TextPositionSelectorSchema,
  range: z.nullable(RangeSelectorSchema),
});

/** The types, derived from the schemas (never written by hand). */
export type TextQuoteSelector = z.infer<typeof TextQuoteSelectorSchema>;
export type TextPositionSelector = z.infer<typeof TextPositionSelectorSchema>;
export type RangeSelector = z.infer<typeof RangeSelectorSchema>;
export type HighlightTarget = z.infer<typeof HighlightTargetSchema>;
