import { describe, expect, it } from 'vitest';
import { ImageBudget, leftOutNote, overCapReason } from '../../../src/images/budget';
import { REASONS } from '../../../src/images/inspect';
import { formatMb, MAX_MISSING, MAX_MISSING_KEY_CHARS } from '../../../src/images/left-reasons';

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
    b.leave('could not be loaded', 'failed');
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

  it('records each image’s own reason code by its key, bounded', () => {
    const b = new ImageBudget(1000);
    b.take(2000, 'https://example.com/big.png');
    b.leave(REASONS.bomb, 'bomb', 'https://example.com/bomb.png');
    b.leave(REASONS.failed, 'http:404', 'https://example.com/gone.png');
    b.leave(REASONS.failed, 'Not a code', 'https://example.com/odd.png');
    b.leave(REASONS.failed, 'failed');
    b.leave(REASONS.failed, 'failed', 'x'.repeat(MAX_MISSING_KEY_CHARS));
    expect(b.leftOut()).toMatchObject({
      count: 6,
      // A malformed code and keys over the catalog's bounds are not kept (missingOf).
      missing: { 'https://example.com/big.png': 'cap:1000', 'https://example.com/bomb.png': 'bomb', 'https://example.com/gone.png': 'http:404' },
    });
    const many = new ImageBudget(10);
    for (let i = 0; i < 100; i++) many.take(20, `https://example.com/${i}.png`);
    expect(Object.keys(many.leftOut().missing!)).toHaveLength(MAX_MISSING);
    expect(many.leftOut().count).toBe(100);
    expect(new ImageBudget(10).leftOut()).toEqual({ count: 0, reason: null });
  });
});
