import { describe, expect, it } from 'vitest';
import { inspectImage, REASONS, refused } from '../../../src/images/inspect';
import { ENCODE_QUALITY, KEEP_BELOW_BYTES, MAX_STORED_SIDE, processImage, storedSize, type ImageCodec } from '../../../src/images/process';
import { gif, png, utf8 } from './fixtures';

/** A codec that records its calls: decodes anything but `undecodable`, encodes to `encodedBytes` bytes of WebP. */
function fakeCodec(opts: { undecodable?: boolean; encodedBytes?: number; noEncoder?: boolean } = {}) {
  const calls: Array<{ type: string; maxSide: number | null; quality: number }> = [];
  const codec: ImageCodec = {
    async reencode(bytes, type, maxSide, quality) {
      calls.push({ type, maxSide, quality });
      if (opts.undecodable) return false;
      if (maxSide === null || opts.noEncoder) return true;
      const size = inspectImage(bytes);
      const scaled = size.ok ? storedSize(size.width, size.height, maxSide) : { width: 0, height: 0 };
      return { type: 'image/webp', data: new Uint8Array(opts.encodedBytes ?? 100), width: scaled.width, height: scaled.height };
    },
    async sanitizeSvg(svg) {
      return svg.includes('<svg') ? svg.replace(/<script[\s\S]*?<\/script>/g, '') : null;
    },
  };
  return { codec, calls };
}

/** A PNG padded past `bytes` (a tEXt chunk), so it is "large" without being large in pixels. */
function paddedPng(w: number, h: number, bytes: number): Uint8Array {
  const base = png(w, h);
  const out = new Uint8Array(Math.max(bytes, base.byteLength));
  out.set(base);
  return out;
}

describe('storedSize', () => {
  it('scales the longest side down to the limit, keeping the ratio', () => {
    expect(storedSize(4096, 1024)).toEqual({ width: MAX_STORED_SIDE, height: 512, scaled: true });
    expect(storedSize(1000, 3000)).toEqual({ width: 683, height: MAX_STORED_SIDE, scaled: true });
    expect(storedSize(800, 600)).toEqual({ width: 800, height: 600, scaled: false });
  });
});

describe('processImage', () => {
  it('scales a very large image down and re-encodes it, even when that is not smaller', async () => {
    const { codec, calls } = fakeCodec({ encodedBytes: 10_000_000 });
    const out = await processImage(png(4000, 3000), codec);
    expect(calls).toEqual([{ type: 'image/png', maxSide: MAX_STORED_SIDE, quality: ENCODE_QUALITY }]);
    expect(out).toMatchObject({ ok: true, type: 'image/webp', width: 2048, height: 1536, reencoded: true });
  });

  it('keeps a small image byte for byte once it decodes (no encoding)', async () => {
    const { codec, calls } = fakeCodec();
    const src = png(100, 80);
    const out = await processImage(src, codec);
    expect(calls).toEqual([{ type: 'image/png', maxSide: null, quality: ENCODE_QUALITY }]);
    expect(out).toMatchObject({ ok: true, type: 'image/png', width: 100, height: 80, reencoded: false });
    expect(out.ok && out.data).toBe(src);
  });

  it('re-encodes a heavy image and keeps whichever is smaller by a tenth', async () => {
    const heavy = paddedPng(500, 400, KEEP_BELOW_BYTES * 4);
    const smaller = await processImage(heavy, fakeCodec({ encodedBytes: 1_000 }).codec);
    expect(smaller).toMatchObject({ ok: true, type: 'image/webp', reencoded: true });
    const notWorthIt = await processImage(heavy, fakeCodec({ encodedBytes: heavy.byteLength - 10 }).codec);
    expect(notWorthIt).toMatchObject({ ok: true, type: 'image/png', reencoded: false });
  });

  it('keeps GIFs (animation) as they are', async () => {
    const { codec, calls } = fakeCodec();
    const out = await processImage(gif(3000, 3000), codec);
    expect(calls[0]!.maxSide).toBeNull();
    expect(out).toMatchObject({ ok: true, type: 'image/gif', width: 3000, height: 3000, reencoded: false });
  });

  it('without an encoder, keeps the original within the cap', async () => {
    const out = await processImage(png(3000, 10), fakeCodec({ noEncoder: true }).codec);
    expect(out).toMatchObject({ ok: true, type: 'image/png', width: 3000, height: 10, reencoded: false });
  });

  it('leaves out what cannot be decoded, what is not an image, and bombs (never decoded)', async () => {
    expect(await processImage(png(10, 10), fakeCodec({ undecodable: true }).codec)).toEqual(refused('damaged'));
    expect(await processImage(utf8('<html>login</html>'), fakeCodec().codec)).toEqual(refused('notImage'));
    const { codec, calls } = fakeCodec();
    expect(await processImage(png(1, 1, { declare: [60_000, 20_000] }), codec)).toEqual(refused('bomb'));
    expect(calls).toEqual([]);
  });

  it('sanitises SVG and stores it as image/svg+xml', async () => {
    const out = await processImage(utf8('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="12"><script>alert(1)</script><rect/></svg>'), fakeCodec().codec);
    expect(out).toMatchObject({ ok: true, type: 'image/svg+xml', width: 10, height: 12 });
    expect(out.ok && new TextDecoder().decode(out.data)).not.toContain('script');
  });
});
