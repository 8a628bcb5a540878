import { describe, expect, it } from 'vitest';
import { scanCache } from '../../../extension/ui/scan-cache';

const same = (a: string, b: string) => a === b;

describe('scanCache: the list kept across re-mounts', () => {
  it('gives back what was kept, for the same filter only', () => {
    const c = scanCache<string, number[]>(same);
    expect(c.take('all')).toBeNull();
    c.keep('all', [1, 2], c.epoch());
    expect(c.take('all')).toEqual([1, 2]);
    expect(c.take('unread')).toBeNull();
  });

  it('drops it once the index announced a write', () => {
    const c = scanCache<string, number[]>(same);
    c.keep('all', [1], c.epoch());
    c.changed();
    expect(c.take('all')).toBeNull();
    c.keep('all', [1, 2], c.epoch());
    expect(c.take('all')).toEqual([1, 2]);
  });

  it('never keeps a read as fresh when a write was announced while it ran', () => {
    const c = scanCache<string, number[]>(same);
    const started = c.epoch();
    c.changed(); // announced mid-read
    c.keep('all', [1], started);
    expect(c.take('all')).toBeNull();
  });
});

describe('scanCache listeners (the mounted list re-reads from the same announcement)', () => {
  it('calls each listener on every announced write until it stops listening', () => {
    const c = scanCache<string, number[]>(same);
    let heard = 0;
    const stop = c.listen(() => heard++);
    c.changed();
    c.changed();
    stop();
    c.changed();
    expect(heard).toBe(2);
  });
});
