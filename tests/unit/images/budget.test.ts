import { describe, expect, it } from 'vitest';
import { formatMb, ImageBudget, leftOutNote, overCapReason } from '../../../src/images/budget';

describe('ImageBudget', () => {
  it('takes images in order while they fit, counting the rest over the cap', () => {
    const b = new ImageBudget(5 * 1024 * 1024);
    expect(b.take(3 * 1024 * 1024)).toBe(true);
    expect(b.take(3 * 1024 * 1024)).toBe(false);
    expect(b.take(1024 * 1024)).toBe(true);
    expect(b.usedBytes).toBe(4 * 1024 * 1024);
    expect(b.leftOut()).toEqual({ count: 1, reason: 'over the 5 MB per-clip limit set in Options' });
    expect(leftOutNote(3, b.leftOut().reason)).toBe('3 images were not saved: over the 5 MB per-clip limit set in Options.');
  });

  it('sums up mixed reasons, most frequent first', () => {
    const b = new ImageBudget(1000);
    b.leave('could not be loaded');
    b.take(2000);
    b.take(2000);
    expect(b.leftOut()).toEqual({ count: 3, reason: `2 ${overCapReason(1000)}; 1 could not be loaded` });
    expect(new ImageBudget(10).leftOut()).toEqual({ count: 0, reason: null });
  });

  it('is full when less than a useful image is left', () => {
    const b = new ImageBudget(2000);
    expect(b.full).toBe(false);
    b.take(1500);
    expect(b.full).toBe(true);
    expect(formatMb(512 * 1024)).toBe('0.5 MB');
    expect(leftOutNote(1, null)).toBe('1 image was not saved.');
    expect(leftOutNote(0, 'x')).toBe('');
  });
});
