import { describe, expect, it } from 'vitest';
import { IMAGE_LIMITS, inspectImage, jpegSize, REASONS, refused } from '../../../src/images/inspect';
import { missingImageNote } from '../../../src/images/left-reasons';
import { acTL, gif, jpegHeader, png, utf8 } from './fixtures';

describe('inspectImage', () => {
  it('reads type and size from the bytes, whatever a server would claim', () => {
    expect(inspectImage(png(30, 20))).toEqual({ ok: true, type: 'image/png', width: 30, height: 20, animated: false });
    expect(inspectImage(jpegHeader(640, 480))).toMatchObject({ ok: true, type: 'image/jpeg', width: 640, height: 480 });
    expect(inspectImage(gif(5, 7))).toMatchObject({ ok: true, type: 'image/gif', width: 5, height: 7, animated: true });
    expect(inspectImage(png(4, 4, { extra: [acTL()] }))).toMatchObject({ ok: true, animated: true });
    expect(inspectImage(utf8('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="30"></svg>'))).toMatchObject({ ok: true, type: 'image/svg+xml', width: 40, height: 30 });
  });

  it('refuses what is not an image: HTML error pages, text, empty and truncated files', () => {
    expect(inspectImage(utf8('<!doctype html><html><body>Not found</body></html>'))).toEqual(refused('notImage'));
    expect(inspectImage(utf8('hello'))).toEqual(refused('notImage'));
    expect(inspectImage(new Uint8Array())).toEqual(refused('notImage'));
    expect(inspectImage(png(4, 4).slice(0, 12))).toEqual(refused('damaged'));
  });

  it('refuses decompression bombs from the header, before any decoding', () => {
    const bomb = png(1, 1, { declare: [100_000, 100_000] });
    expect(bomb.byteLength).toBeLessThan(100);
    expect(inspectImage(bomb)).toEqual(refused('bomb'));
    expect(inspectImage(jpegHeader(10_000, 6_000))).toEqual(refused('bomb'));
    expect(inspectImage(png(1, 1, { declare: [40_000, 1] }))).toEqual(refused('bomb'));
    expect(inspectImage(png(1, 1, { declare: [7_000, 7_000] }))).toMatchObject({ ok: true });
  });

  it('reads a JPEG size in one linear walk, past APP segments, and gives up on garbage quickly', () => {
    const app = new Uint8Array([0xff, 0xe1, 0x00, 0x10, ...new Array(14).fill(0)]);
    const head = jpegHeader(300, 200);
    expect(jpegSize(new Uint8Array([...head.slice(0, 2), ...app, ...head.slice(2)]))).toEqual({ width: 300, height: 200 });
    const garbage = new Uint8Array(5_000_000).fill(0x41);
    garbage.set([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04]);
    const t0 = performance.now();
    expect(inspectImage(garbage)).toEqual(refused('damaged'));
    expect(performance.now() - t0).toBeLessThan(2_000);
  });

  it('refuses files over the size limit unread', () => {
    const big = new Uint8Array(IMAGE_LIMITS.maxFileBytes + 1);
    big.set(png(2, 2));
    expect(inspectImage(big)).toEqual(refused('tooBig'));
    expect(inspectImage(utf8(`<svg xmlns="http://www.w3.org/2000/svg">${' '.repeat(IMAGE_LIMITS.maxSvgBytes)}</svg>`))).toEqual(refused('svgTooBig'));
  });

  it('says an SVG over its own 2 MB limit is that, not "over 20 MB" (the reason and the reader’s note)', () => {
    const svg = inspectImage(utf8(`<svg xmlns="http://www.w3.org/2000/svg">${' '.repeat(3 * 1024 * 1024)}</svg>`));
    expect(svg.ok).toBe(false);
    if (svg.ok) return;
    expect(svg.reason).not.toContain('20 MB');
    expect(svg.reason).toContain('2 MB');
    expect(missingImageNote(svg.code)).toBe('(image not saved: an SVG file too large to save (over 2 MB))');
  });
});
