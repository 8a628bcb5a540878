/**
 * Drawing highlights on the live page. Where the browser has the CSS Custom Highlight API
 * (Chromium 105+, Firefox 140+), the page's DOM is never touched: one `Highlight` per colour
 * in `CSS.highlights`, styled by a constructed stylesheet adopted by the document (no
 * `<style>` element). Elsewhere the fallback wraps text in `<mark>` elements (mark-painter.ts).
 */
import { HIGHLIGHT_COLORS, type HighlightColor } from '../../src/schema/highlight';
import { FLASH_FILL, FLASH_MS, HIGHLIGHT_FILL } from './colors';
import { markPainter } from './mark-painter';

/** One highlight to draw. */
export interface PaintItem {
  readonly id: string;
  readonly color: HighlightColor;
  readonly range: Range;
}

/** Draws highlights; each `paint` replaces everything drawn before. */
export interface Painter {
  /**
   * 'css': nothing in the DOM changes, ranges stay valid across paints. 'marks': drawing
   * changes the DOM, so ranges made before a paint are stale after it: call `clear()` and
   * anchor again before the next paint.
   */
  readonly kind: 'css' | 'marks';
  paint(items: readonly PaintItem[]): void;
  /** The innermost highlight under the viewport point (x, y), or null. `target` is the event's target. */
  hitTest(x: number, y: number, target: EventTarget | null): string | null;
  /** Flashes one drawn highlight for a moment; returns the element to scroll to, or null when it is not drawn. */
  flash(id: string): Element | null;
  /** Removes everything drawn. */
  clear(): void;
}

const NAME_PREFIX = 'commonplace-';
const FLASH_NAME = `${NAME_PREFIX}flash`;

/** The `CSS.highlights` name of a colour. */
export const highlightName = (color: HighlightColor): string => `${NAME_PREFIX}${color}`;

const SHEET_TEXT =
  HIGHLIGHT_COLORS.map((c) => `::highlight(${highlightName(c)}){background-color:${HIGHLIGHT_FILL[c]}}`).join('\n') +
  `\n::highlight(${FLASH_NAME}){background-color:${FLASH_FILL}}`;

const sheets = new WeakMap<Document, CSSStyleSheet>();

/** Adopts the highlight stylesheet into `doc` unless it is there (a page may replace `adoptedStyleSheets`: checked on every paint). */
function adoptSheet(doc: Document): void {
  const win = doc.defaultView!;
  let sheet = sheets.get(doc);
  if (!sheet) {
    sheet = new win.CSSStyleSheet();
    sheet.replaceSync(SHEET_TEXT);
    sheets.set(doc, sheet);
  }
  if (doc.adoptedStyleSheets.includes(sheet)) return;
  try {
    doc.adoptedStyleSheets.push(sheet);
  } catch {
    doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
  }
}

const elementOf = (node: Node): Element | null => (node.nodeType === 1 ? (node as Element) : node.parentElement);

const inside = (r: DOMRect, x: number, y: number) => x >= r.left && x <= r.right && y >= r.top && y <= r.bottom;

/** Whether the CSS Custom Highlight API is there. */
export function hasHighlightApi(doc: Document): boolean {
  const win = doc.defaultView as (Window & typeof globalThis) | null;
  return !!win && typeof win.Highlight === 'function' && !!win.CSS?.highlights;
}

function cssPainter(doc: Document): Painter {
  const win = doc.defaultView! as Window & typeof globalThis;
  const registry = win.CSS.highlights;
  let drawn: readonly PaintItem[] = [];
  let flashTimer: ReturnType<typeof setTimeout> | undefined;
  return {
    kind: 'css',
    paint(items) {
      drawn = [...items];
      if (items.length > 0) adoptSheet(doc);
      for (const color of HIGHLIGHT_COLORS) {
        const ranges = items.filter((i) => i.color === color).map((i) => i.range);
        if (ranges.length > 0) registry.set(highlightName(color), new win.Highlight(...ranges));
        else registry.delete(highlightName(color));
      }
    },
    hitTest(x, y) {
      // The innermost highlight under the point (the shortest; of equal ones, the last drawn): one made
      // inside a longer one, drawn after it, can still be clicked (before, the longer one always won).
      let hit: { id: string; length: number } | null = null;
      for (let i = drawn.length - 1; i >= 0; i--) {
        const item = drawn[i]!;
        if (item.range.collapsed) continue;
        if (![...item.range.getClientRects()].some((rect) => inside(rect, x, y))) continue;
        const length = item.range.toString().length;
        if (!hit || length < hit.length) hit = { id: item.id, length };
      }
      return hit?.id ?? null;
    },
    flash(id) {
      const item = drawn.find((i) => i.id === id);
      if (!item || item.range.collapsed) return null;
      adoptSheet(doc);
      const flash = new win.Highlight(item.range);
      flash.priority = 1;
      registry.set(FLASH_NAME, flash);
      clearTimeout(flashTimer);
      flashTimer = setTimeout(() => registry.delete(FLASH_NAME), FLASH_MS);
      return elementOf(item.range.startContainer);
    },
    clear() {
      drawn = [];
      for (const color of HIGHLIGHT_COLORS) registry.delete(highlightName(color));
      registry.delete(FLASH_NAME);
    },
  };
}

/** The painter for `doc`: the Custom Highlight API where there is one, else `<mark>` elements. */
export function createPainter(doc: Document): Painter {
  return hasHighlightApi(doc) ? cssPainter(doc) : markPainter(doc);
}
