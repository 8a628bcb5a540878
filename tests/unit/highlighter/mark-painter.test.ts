// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MARK_ATTRIBUTE, markPainter } from '../../../extension/highlighter/mark-painter';
import { createPainter } from '../../../extension/highlighter/painter';

const ARTICLE = '<p id="a">The mill turned with <em>the tide</em> twice a day.</p><ul>\n  <li id="b">Second item text</li>\n</ul>';

function rangeOver(startSel: string, start: number, endSel: string, end: number): Range {
  const r = document.createRange();
  r.setStart(document.querySelector(startSel)!.firstChild!, start);
  r.setEnd(document.querySelector(endSel)!.firstChild!, end);
  return r;
}

beforeEach(() => {
  document.body.innerHTML = ARTICLE;
});
afterEach(() => vi.useRealTimers());

describe('the mark painter (no CSS Custom Highlight API)', () => {
  it('is what createPainter gives where CSS.highlights is missing (jsdom)', () => {
    expect(createPainter(document).kind).toBe('marks');
  });

  it('wraps exactly the highlighted text, across elements, and never whitespace-only text', () => {
    const p = markPainter(document);
    p.paint([{ id: 'h1', color: 'green', range: rangeOver('#a', 4, '#b', 6) }]);
    const marks = [...document.querySelectorAll(`mark[${MARK_ATTRIBUTE}=h1]`)];
    expect(marks.map((m) => m.textContent).join('|')).toBe('mill turned with |the tide| twice a day.|Second');
    expect(document.querySelector('ul > mark')).toBeNull();
    expect(document.body.textContent).toBe(new DOMParser().parseFromString(ARTICLE, 'text/html').body.textContent);
  });

  it('puts the DOM back exactly as it was on clear, the original text nodes included', () => {
    const first = document.querySelector('#a')!.firstChild!;
    const p = markPainter(document);
    p.paint([
      { id: 'h1', color: 'yellow', range: rangeOver('#a', 4, '#a', 8) },
      { id: 'h2', color: 'blue', range: rangeOver('#a', 12, '#a', 16) },
    ]);
    expect(document.querySelectorAll('mark')).toHaveLength(2);
    p.clear();
    expect(document.body.innerHTML).toBe(ARTICLE);
    expect(document.querySelector('#a')!.firstChild).toBe(first);
    expect(document.querySelector('#a')!.childNodes).toHaveLength(3);
  });

  it('draws overlapping highlights once (the first keeps the overlap)', () => {
    const p = markPainter(document);
    p.paint([
      { id: 'h1', color: 'yellow', range: rangeOver('#a', 4, '#a', 12) },
      { id: 'h2', color: 'pink', range: rangeOver('#a', 9, '#a', 16) },
    ]);
    expect([...document.querySelectorAll('mark')].map((m) => `${m.getAttribute(MARK_ATTRIBUTE)}:${m.textContent}`)).toEqual(['h1:mill tur', 'h2:ned ']);
    p.clear();
    expect(document.body.innerHTML).toBe(ARTICLE);
  });

  it('hit-tests by the clicked element and flashes then restores a highlight', () => {
    vi.useFakeTimers();
    const p = markPainter(document);
    p.paint([{ id: 'h1', color: 'yellow', range: rangeOver('#a', 4, '#a', 8) }]);
    const mark = document.querySelector('mark')!;
    expect(p.hitTest(0, 0, mark)).toBe('h1');
    expect(p.hitTest(0, 0, document.querySelector('#b'))).toBeNull();
    const before = mark.style.backgroundColor;
    expect(p.flash('h1')).toBe(mark);
    expect(mark.style.backgroundColor).not.toBe(before);
    vi.advanceTimersByTime(2_000);
    expect(mark.style.backgroundColor).toBe(before);
    expect(p.flash('nope')).toBeNull();
  });
});
