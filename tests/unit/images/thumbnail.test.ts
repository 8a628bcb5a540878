import { describe, expect, it } from 'vitest';
import type { ImageCodec } from '../../../src/images/process';
import { makeThumbnail, pickThumbSource, THUMB_MAX_BYTES, THUMB_MAX_SIDE, thumbKey } from '../../../src/images/thumbnail';

const img = (type: string, width: number, height: number) => ({ type, width, height });

describe('thumbnails', () => {
  it('picks the first picture: not an icon, a strip or an SVG', () => {
    expect(pickThumbSource([img('image/png', 64, 64), img('image/svg+xml', 800, 600), img('image/webp', 1200, 200), img('image/jpeg', 800, 600), img('image/png', 900, 900)])).toBe(3);
    expect(pickThumbSource([img('image/png', 99, 400), img('image/gif', 300, 300)])).toBe(1);
    expect(pickThumbSource([img('image/png', 10, 10)])).toBe(-1);
    expect(pickThumbSource([])).toBe(-1);
  });

  it('is keyed by the images it comes from, for the current article only', () => {
    expect(thumbKey({ rev: 'r1', at: 5, count: 3 }, 'r1')).toBe('r1@5');
    expect(thumbKey({ rev: 'r1', at: 5, count: 3 }, 'r2')).toBeNull();
    expect(thumbKey({ rev: 'r1', at: 5, count: 0 }, 'r1')).toBeNull();
    expect(thumbKey(null, 'r1')).toBeNull();
    expect(thumbKey({ rev: 7, at: 5 }, '7')).toBeNull();
  });

  it('draws it small with the codec; refuses a failure or one too large', async () => {
    const asked: unknown[] = [];
    const codec = (out: Awaited<ReturnType<ImageCodec['reencode']>>): ImageCodec => ({
      reencode: async (...args) => (asked.push(args.slice(1)), out),
      sanitizeSvg: async () => null,
    });
    const source = { type: 'image/jpeg', width: 800, height: 600, data: new Uint8Array(10) };
    const small = { type: 'image/webp', data: new Uint8Array(900), width: 128, height: 96 };
    expect(await makeThumbnail(source, codec(small))).toBe(small);
    expect(asked[0]).toEqual(['image/jpeg', THUMB_MAX_SIDE, 0.7, { width: 800, height: 600 }]);
    expect(await makeThumbnail(source, codec(false))).toBeNull();
    expect(await makeThumbnail(source, codec(true))).toBeNull();
    expect(await makeThumbnail(source, codec({ ...small, data: new Uint8Array(THUMB_MAX_BYTES + 1) }))).toBeNull();
  });
});
