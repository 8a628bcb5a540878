// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from 'vitest';
import type { TextModel } from '../../../src/capture/text-model';
import { firstVisibleOffset, loadReadingPosition, MAX_KEPT, saveReadingPosition } from '../../../extension/ui/reading-position';

beforeEach(() => localStorage.clear());

describe('reading positions', () => {
  it('keeps one offset per clip; 0 forgets it', () => {
    expect(loadReadingPosition('a')).toBe(0);
    saveReadingPosition('a', 1234);
    saveReadingPosition('b', 5);
    expect(loadReadingPosition('a')).toBe(1234);
    saveReadingPosition('a', 0);
    expect(loadReadingPosition('a')).toBe(0);
    expect(loadReadingPosition('b')).toBe(5);
  });

  it(`keeps the last ${MAX_KEPT} clips read, forgetting the oldest`, () => {
    for (let i = 0; i < MAX_KEPT + 5; i++) saveReadingPosition(`c${i}`, i + 1);
    saveReadingPosition('c5', 99); // read again: now the most recent
    expect(loadReadingPosition('c0')).toBe(0);
    expect(loadReadingPosition('c4')).toBe(0);
    expect(loadReadingPosition('c5')).toBe(99);
    expect(loadReadingPosition(`c${MAX_KEPT + 4}`)).toBe(MAX_KEPT + 5);
  });

  it('ignores what it did not write: bad JSON, negative or fractional offsets', () => {
    localStorage.setItem('commonplace-reading-positions', '{not json');
    expect(loadReadingPosition('a')).toBe(0);
    localStorage.setItem('commonplace-reading-positions', JSON.stringify({ a: -3, b: 1.5, c: '7', d: 8 }));
    expect([loadReadingPosition('a'), loadReadingPosition('b'), loadReadingPosition('c'), loadReadingPosition('d')]).toEqual([0, 0, 0, 8]);
  });

  it('finds the first character below the top of the view, by binary search over the lines', () => {
    // 10 characters a line, 20 px a line: character o is on line floor(o / 10), bottom at (line + 1) * 20 - scroll.
    const scroll = 95;
    const model = {
      text: 'x'.repeat(1_000),
      rangeOf: (o: number) => ({ getBoundingClientRect: () => ({ bottom: (Math.floor(o / 10) + 1) * 20 - scroll }) }),
    } as unknown as TextModel;
    // Lines whose bottom is at or above 0 are hidden; line 4 (bottom 5) is the first visible.
    expect(firstVisibleOffset(model, 0)).toBe(40);
    expect(firstVisibleOffset(model, 30)).toBe(60);
    expect(firstVisibleOffset({ ...model, rangeOf: () => ({ getBoundingClientRect: () => ({ bottom: 50 }) }) } as unknown as TextModel, 0)).toBe(0);
  });
});
