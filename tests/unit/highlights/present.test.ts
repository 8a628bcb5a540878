import { describe, expect, it } from 'vitest';
import { byColor, excerpt, mergeNewestFirst, nextPage, quoteOf, readingOrder } from '../../../src/highlights/present';
import type { HighlightTarget } from '../../../src/schema/selectors';

const target = (exact: string): HighlightTarget => ({
  quote: { type: 'TextQuoteSelector', exact, prefix: '', suffix: '' },
  position: { type: 'TextPositionSelector', start: 0, end: exact.length },
  range: null,
});

describe('quoteOf', () => {
  it('prefers the saved-copy quote, then the live-page quote, then nothing', () => {
    expect(quoteOf({ target: target('saved'), page: target('live') })).toBe('saved');
    expect(quoteOf({ target: null, page: target('live') })).toBe('live');
    expect(quoteOf({ target: null, page: null })).toBe('');
  });
});

describe('excerpt', () => {
  it('collapses whitespace and keeps short text whole', () => {
    expect(excerpt('  a\n\n b\tc  ')).toBe('a b c');
  });

  it('cuts long text at a word boundary with an ellipsis, within the limit', () => {
    const text = 'word '.repeat(100);
    const out = excerpt(text, 42);
    expect(out.length).toBeLessThanOrEqual(42);
    expect(out.endsWith('word…')).toBe(true);
  });

  it('cuts a text without spaces at the limit, never inside a surrogate pair', () => {
    expect(excerpt('x'.repeat(50), 10)).toBe(`${'x'.repeat(9)}…`);
    const emoji = '😀'.repeat(20);
    const out = excerpt(emoji, 10);
    expect(out.endsWith('…')).toBe(true);
    expect(/[\ud800-\udbff]…$/.test(out)).toBe(false);
  });
});

describe('readingOrder', () => {
  const h = (id: string, createdAt: number) => ({ id, createdAt });

  it('lists placed highlights by position, then every orphan oldest first, dropping none', () => {
    const out = readingOrder([
      { highlight: h('late-orphan', 5), start: null },
      { highlight: h('second', 1), start: 40 },
      { highlight: h('early-orphan', 2), start: null },
      { highlight: h('first', 9), start: 3 },
      { highlight: h('tie-older', 1), start: 3 },
    ]);
    expect(out.map((p) => p.highlight.id)).toEqual(['tie-older', 'first', 'second', 'early-orphan', 'late-orphan']);
  });
});

describe('byColor', () => {
  it('groups items by colour in first-seen order', () => {
    const groups = byColor([
      { color: 'green' as const, n: 1 },
      { color: 'yellow' as const, n: 2 },
      { color: 'green' as const, n: 3 },
    ]);
    expect([...groups.keys()]).toEqual(['green', 'yellow']);
    expect(groups.get('green')!.map((x) => x.n)).toEqual([1, 3]);
  });
});

describe('library paging', () => {
  const h = (id: string, createdAt: number, updatedAt = createdAt) => ({ id, createdAt, updatedAt });

  it('merges a page newest first, once per id, keeping the version changed last', () => {
    const loaded = [h('c', 30), h('b', 20, 25)];
    const page = [h('b', 20, 21), h('a', 10)];
    const out = mergeNewestFirst(loaded, page);
    expect(out.map((x) => x.id)).toEqual(['c', 'b', 'a']);
    expect(out[1]!.updatedAt).toBe(25);
  });

  it('orders highlights made in the same millisecond by id, so pages are stable', () => {
    expect(mergeNewestFirst([h('y', 5), h('x', 5)], []).map((x) => x.id)).toEqual(['x', 'y']);
  });

  it('asks for the next page after the last loaded highlight, its time and id', () => {
    expect(nextPage([])).toEqual({});
    expect(nextPage([h('c', 30), h('a', 10), h('b', 20)])).toEqual({ before: 10, beforeId: 'a' });
    expect(nextPage([h('c', 30), h('a', 10), h('d', 10), h('b', 20)])).toEqual({ before: 10, beforeId: 'd' });
  });
});
