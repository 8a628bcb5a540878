// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from 'vitest';
import type { TextModel } from '../../../src/capture/text-model';
import { firstVisibleOffset, loadReadingPosition, MAX_KEPT, openingOffset, saveReadingPosition } from '../../../extension/ui/reading-position';

/** The offset kept for `id` (0 for none). */
const offsetOf = (id: string) => loadReadingPosition(id)?.offset ?? 0;

beforeEach(() => localStorage.clear());

describe('reading positions', () => {
  it('keeps one offset per clip, with when it was taken; 0 forgets it', () => {
    expect(loadReadingPosition('a')).toBeNull();
    saveReadingPosition('a', 1234, 1_000);
    saveReadingPosition('b', 5, 2_000);
    expect(loadReadingPosition('a')).toEqual({ offset: 1234, at: 1_000 });
    saveReadingPosition('a', 0);
    expect(loadReadingPosition('a')).toBeNull();
    expect(loadReadingPosition('b')).toEqual({ offset: 5, at: 2_000 });
  });

  it(`keeps the last ${MAX_KEPT} clips read, forgetting the oldest`, () => {
    for (let i = 0; i < MAX_KEPT + 5; i++) saveReadingPosition(`c${i}`, i + 1);
    saveReadingPosition('c5', 99); // read again: now the most recent
    expect(offsetOf('c0')).toBe(0);
    expect(offsetOf('c4')).toBe(0);
    expect(offsetOf('c5')).toBe(99);
    expect(offsetOf(`c${MAX_KEPT + 4}`)).toBe(MAX_KEPT + 5);
  });

  it('ignores what it did not write: bad JSON, negative or fractional offsets, bad times', () => {
    localStorage.setItem('commonplace-reading-positions', '{not json');
    expect(loadReadingPosition('a')).toBeNull();
    localStorage.setItem('commonplace-reading-positions', JSON.stringify({ a: -3, b: 1.5, c: '7', d: 8, e: [9, 'x'], f: [-1, 5], g: [10, 20, 30], h: [11, 1e12] }));
    expect(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map(offsetOf)).toEqual([0, 0, 0, 8, 0, 0, 0, 11]);
  });

  it('reads positions kept before they had a time (bare offsets): known, but older than any synced one', () => {
    localStorage.setItem('commonplace-reading-positions', JSON.stringify({ a: 40 }));
    expect(loadReadingPosition('a')).toEqual({ offset: 40, at: 0 });
    expect(openingOffset(loadReadingPosition('a'), { offset: 70, at: 1 })).toBe(70);
  });

  it('opens at the later of this device’s position and the synced one', () => {
    expect(openingOffset(null, null)).toBe(0);
    expect(openingOffset(null, { offset: 300, at: 5 })).toBe(300);
    expect(openingOffset({ offset: 100, at: 9 }, null)).toBe(100);
    expect(openingOffset({ offset: 100, at: 9 }, { offset: 300, at: 5 })).toBe(100);
    expect(openingOffset({ offset: 100, at: 4 }, { offset: 300, at: 5 })).toBe(300);
    // The same write seen twice (this device's own, synced back): either is the same place.
    expect(openingOffset({ offset: 100, at: 5 }, { offset: 100, at: 5 })).toBe(100);
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
