/**
 * The reader's highlight drawing, with the CSS Custom Highlight API: one `Highlight` per
 * colour registered as `commonplace-<colour>` (styled by `::highlight(commonplace-<colour>)`
 * in sidepanel.css), so the article's DOM is never changed by drawing. Also: scrolling to a
 * highlight and flashing it.
 */
import { byColor } from '../../src/highlights/present';
import { HIGHLIGHT_COLORS, type HighlightColor } from '../../src/schema/highlight';

/** The registry name of a colour's highlights: `commonplace-yellow`, … */
export const highlightName = (color: HighlightColor): string => `commonplace-${color}`;
/** The registry name of the short flash on a highlight scrolled to. */
export const FLASH_NAME = 'commonplace-flash';

/** Whether this browser has the CSS Custom Highlight API. */
export function highlightsSupported(): boolean {
  return typeof CSS !== 'undefined' && 'highlights' in CSS && typeof Highlight === 'function';
}

/** One highlight to draw: its colour and where it is. */
export interface Drawn {
  readonly color: HighlightColor;
  readonly range: AbstractRange;
}

/** Draws exactly `items` (replacing what was drawn before). Does nothing without the API. */
export function drawHighlights(items: readonly Drawn[]): void {
  if (!highlightsSupported()) return;
  const groups = byColor(items);
  for (const color of HIGHLIGHT_COLORS) {
    const ranges = groups.get(color)?.map((d) => d.range) ?? [];
    if (ranges.length > 0) CSS.highlights.set(highlightName(color), new Highlight(...ranges));
    else CSS.highlights.delete(highlightName(color));
  }
}

/** Removes every highlight the reader drew. */
export function clearHighlights(): void {
  if (!highlightsSupported()) return;
  for (const color of HIGHLIGHT_COLORS) CSS.highlights.delete(highlightName(color));
  CSS.highlights.delete(FLASH_NAME);
}

const reducedMotion = (): boolean => matchMedia('(prefers-reduced-motion: reduce)').matches;

/**
 * Scrolls the window so `range` sits below the reader's sticky bars, and flashes it for a
 * moment (drawn on top of the colours).
 */
export function revealRange(range: Range, flashMs = 1_400): void {
  const rect = range.getBoundingClientRect();
  const bar = document.querySelector('.reader-bar')?.getBoundingClientRect().bottom ?? 0;
  const top = window.scrollY + rect.top - bar - Math.max(24, (innerHeight - bar) / 4);
  window.scrollTo({ top: Math.max(0, top), behavior: reducedMotion() ? 'auto' : 'smooth' });
  if (!highlightsSupported()) return;
  const flash = new Highlight(range);
  flash.priority = 10;
  CSS.highlights.set(FLASH_NAME, flash);
  setTimeout(() => {
    if (CSS.highlights.get(FLASH_NAME) === flash) CSS.highlights.delete(FLASH_NAME);
  }, flashMs);
}
