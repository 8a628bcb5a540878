// @vitest-environment jsdom
/**
 * A click on a highlight made inside a longer one (a phrase, then its whole paragraph) opens the
 * inner one. Before, the CSS painter answered with the last drawn highlight under the point, so
 * once the longer one was drawn after it, the inner one could not be opened on the page at all
 * (no colour, note or delete there). jsdom has no Custom Highlight API nor layout: a stand-in
 * `Highlight` is installed, and each range gives its own rectangles.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createPainter } from '../../../extension/highlighter/painter';

class FakeHighlight {
  readonly ranges: unknown[];
  priority = 0;
  constructor(...ranges: unknown[]) {
    this.ranges = ranges;
  }
}

beforeAll(() => {
  Object.assign(window, { Highlight: FakeHighlight, CSS: { highlights: new Map() }, CSSStyleSheet: class { replaceSync() {} } });
  Object.defineProperty(document, 'adoptedStyleSheets', { value: [], writable: true, configurable: true });
});

/** A range over `text` on one line, from x = `left` to `right` (y 0-20). */
function rangeOver(text: string, left: number, right: number): Range {
  const rect = { left, right, top: 0, bottom: 20, width: right - left, height: 20, x: left, y: 0 };
  return { collapsed: false, getClientRects: () => [rect], toString: () => text } as unknown as Range;
}

describe('hit-testing overlapping highlights on the live page', () => {
  it('opens the innermost highlight under the click, whichever was drawn last', () => {
    const painter = createPainter(document);
    expect(painter.kind).toBe('css');
    const phrase = { id: 'phrase', color: 'green' as const, range: rangeOver('twice a day', 100, 180) };
    const paragraph = { id: 'paragraph', color: 'yellow' as const, range: rangeOver('The mill turned with the tide twice a day.', 0, 300) };
    for (const items of [[phrase, paragraph], [paragraph, phrase]]) {
      painter.paint(items);
      expect(painter.hitTest(150, 10, null)).toBe('phrase');
      expect(painter.hitTest(50, 10, null)).toBe('paragraph');
      expect(painter.hitTest(400, 10, null)).toBeNull();
    }
    // Two highlights of the same passage: the one drawn last, as before.
    const again = { id: 'again', color: 'blue' as const, range: rangeOver('twice a day', 100, 180) };
    painter.paint([phrase, again]);
    expect(painter.hitTest(150, 10, null)).toBe('again');
    painter.clear();
  });
});
