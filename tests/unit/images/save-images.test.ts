import { describe, expect, it } from 'vitest';
import { overCapReason } from '../../../src/images/budget';
import { imageKey } from '../../../src/images/image-list';
import { REASONS } from '../../../src/images/inspect';
import { missingOf } from '../../../src/images/left-reasons';
import type { ImageCodec } from '../../../src/images/process';
import { CLIP_TIME_LIMIT_MS, INTERRUPTED, saveClipImages, TOO_SLOW, type ImageDeps } from '../../../src/images/save-images';
import { DEFAULT_IMAGE_SETTINGS } from '../../../src/images/settings';
import type { ClipId } from '../../../src/schema/ids';
import { openLibrary, page } from '../library/helpers';
import { png, utf8 } from './fixtures';

const codec: ImageCodec = {
  reencode: async (_b, _t, maxSide) => (maxSide === null ? true : { type: 'image/webp', data: new Uint8Array(500), width: 10, height: 10 }),
  sanitizeSvg: async (svg) => svg.replace(/<script[\s\S]*?<\/script>/g, ''),
};

// Trailing bytes after IEND (decoders ignore them) make it 5 KB.
const SMALL = new Uint8Array([...png(20, 10), ...new Uint8Array(5_000)]);
const files: Record<string, Uint8Array> = {
  'https://example.com/a.png': SMALL,
  'https://example.com/b.png': png(30, 30),
  'https://example.com/page.html': utf8('<!doctype html><p>Not found</p>'),
  'https://example.com/bomb.png': png(1, 1, { declare: [90_000, 90_000] }),
  'https://example.com/d.svg': utf8('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><script>x()</script></svg>'),
};

function deps(over: Partial<ImageDeps> = {}): ImageDeps {
  return { fetch: async (src) => files[src] ?? null, codec, settings: DEFAULT_IMAGE_SETTINGS, ...over };
}

async function saved(html: string) {
  const lib = await openLibrary();
  const out = await lib.library.save(page({ html, text: 'x' }));
  return { ...lib, id: out.clip.id as ClipId };
}

describe('saveClipImages', () => {
  it('saves every image that is one, in order, and counts the rest with their reasons', async () => {
    const lib = await saved(
      '<p>Text <img src="https://example.com/a.png" alt="A"><img src="https://example.com/gone.png"><img src="https://example.com/page.html"><img src="https://example.com/bomb.png"><img src="https://example.com/d.svg"><img src="https://example.com/a.png"></p>',
    );
    const out = await saveClipImages(lib.library, lib.id, deps());
    expect(out).toMatchObject({ kind: 'saved', count: 2, left: 3 });
    const got = await lib.library.media.images(lib.id);
    expect(got.state).toBe('saved');
    expect(got.images.map((i) => [i.blob, i.type]).sort()).toEqual([
      ['https://example.com/a.png', 'image/png'],
      ['https://example.com/d.svg', 'image/svg+xml'],
    ]);
    expect(Buffer.from(got.images.find((i) => i.blob.endsWith('a.png'))!.data).equals(Buffer.from(SMALL))).toBe(true);
    expect(new TextDecoder().decode(got.images.find((i) => i.blob.endsWith('.svg'))!.data)).not.toContain('script');
    expect(got.ref).toMatchObject({ count: 2, left: 3, reason: `1 ${REASONS.failed}; 1 ${REASONS.notImage}; 1 ${REASONS.bomb}` });
    // Each image left out with its own reason code, by its blob name (as the reader looks images up).
    expect(missingOf(got.ref?.missing)).toEqual({ 'https://example.com/gone.png': 'failed', 'https://example.com/page.html': 'type', 'https://example.com/bomb.png': 'bomb' });
  });

  it('records why a fetch failed (the site’s answer, a timeout) for each image', async () => {
    const lib = await saved('<p><img src="https://example.com/a.png"><img src="https://example.com/404.png"><img src="https://example.com/slow.png"></p>');
    const fetch: ImageDeps['fetch'] = async (src) => (src.endsWith('404.png') ? { failed: 'http:404' } : src.endsWith('slow.png') ? { failed: 'timeout' } : SMALL);
    expect(await saveClipImages(lib.library, lib.id, deps({ fetch }))).toMatchObject({ kind: 'saved', count: 1, left: 2 });
    const ref = (await lib.library.media.images(lib.id)).ref;
    expect(ref?.reason).toBe(REASONS.failed);
    expect(missingOf(ref?.missing)).toEqual({ 'https://example.com/404.png': 'http:404', 'https://example.com/slow.png': 'timeout' });
  });

  it('over the cap: the images that fit are saved in document order, the others left out with the cap as the reason', async () => {
    const lib = await saved('<p><img src="https://example.com/a.png"><img src="https://example.com/b.png"><img src="https://example.com/a2.png"></p>');
    const cap = SMALL.byteLength + 10;
    const out = await saveClipImages(lib.library, lib.id, deps({ settings: { enabled: true, capBytes: cap }, fetch: async (s) => files[s.replace('a2', 'a')] ?? null }));
    expect(out).toMatchObject({ kind: 'saved', count: 1, left: 2 });
    const got = await lib.library.media.images(lib.id);
    expect(got.images.map((i) => i.blob)).toEqual(['https://example.com/a.png']);
    expect(got.ref?.reason).toBe(overCapReason(cap));
    expect(missingOf(got.ref?.missing)).toEqual({ 'https://example.com/b.png': `cap:${cap}`, 'https://example.com/a2.png': `cap:${cap}` });
  });

  it('saves nothing when saving is off or the cap is 0, and names a data: URL blob by its key', async () => {
    const lib = await saved('<p><img src="https://example.com/a.png"></p>');
    expect(await saveClipImages(lib.library, lib.id, deps({ settings: { enabled: false, capBytes: 5_000_000 } }))).toMatchObject({ kind: 'skipped' });
    expect(await saveClipImages(lib.library, lib.id, deps({ settings: { enabled: true, capBytes: 0 } }))).toMatchObject({ kind: 'skipped' });
    const dataUrl = `data:image/png;base64,${Buffer.from(SMALL).toString('base64')}${'='.repeat(0)}`;
    const long = `${dataUrl}#${'x'.repeat(3000)}`;
    const lib2 = await saved(`<p><img src="${long}"></p>`);
    await saveClipImages(lib2.library, lib2.id, deps({ fetch: async () => SMALL }));
    expect((await lib2.library.media.images(lib2.id)).images.map((i) => i.blob)).toEqual([await imageKey(long)]);
  });

  it('a clip re-captured while saving is off loses its earlier version’s images (they can never show again)', async () => {
    const lib = await saved('<p><img src="https://example.com/a.png"></p>');
    await saveClipImages(lib.library, lib.id, deps());
    const parts = async () => {
      let n = 0;
      for (const m of lib.library.media.documents()) n += Object.values((await lib.repo.find<{ items: Record<string, { clip: string }> }>(m.doc as never)).doc().items).filter((i) => i.clip === lib.id).length;
      return n;
    };
    expect(await parts()).toBe(1);
    const off = deps({ settings: { enabled: false, capBytes: 5_000_000 } });
    // The same version: nothing to do, nothing written.
    expect(await saveClipImages(lib.library, lib.id, off)).toMatchObject({ kind: 'skipped' });
    expect(await parts()).toBe(1);
    await lib.library.save(page({ html: '<p>Changed <img src="https://example.com/a.png"></p>', text: 'Changed' }));
    expect(await saveClipImages(lib.library, lib.id, off)).toMatchObject({ kind: 'saved', count: 0 });
    expect(await parts()).toBe(0);
    expect((await lib.library.media.images(lib.id)).ref).toMatchObject({ rev: lib.library.media.articleRev(lib.id), count: 0, left: 0 });
  });

  it('stops fetching a clip’s images after its time limit, leaving the rest out with that reason', async () => {
    const lib = await saved('<p><img src="https://example.com/a.png"><img src="https://example.com/b.png"><img src="https://example.com/a3.png"></p>');
    let clock = 0;
    const slow = deps({ now: () => clock, fetch: async (src) => ((clock += CLIP_TIME_LIMIT_MS / 2 + 1), files[src] ?? SMALL) });
    expect(await saveClipImages(lib.library, lib.id, slow)).toMatchObject({ kind: 'saved', count: 2, left: 1 });
    expect((await lib.library.media.images(lib.id)).ref?.reason).toBe(TOO_SLOW);
    expect(missingOf((await lib.library.media.images(lib.id)).ref?.missing)).toEqual({ 'https://example.com/a3.png': 'slow' });
  });

  it('a clip given up on counts every image as interrupted; a clip re-saved meanwhile is skipped', async () => {
    const lib = await saved('<p><img src="https://example.com/a.png"><img src="https://example.com/b.png"></p>');
    await saveClipImages(lib.library, lib.id, deps(), true);
    expect((await lib.library.media.images(lib.id)).ref).toMatchObject({ count: 0, left: 2, reason: INTERRUPTED });
    expect(missingOf((await lib.library.media.images(lib.id)).ref?.missing)).toEqual({ 'https://example.com/a.png': 'interrupted', 'https://example.com/b.png': 'interrupted' });
    let resaved = false;
    const racing = deps({
      fetch: async (src) => {
        if (!resaved) {
          resaved = true;
          await lib.library.save(page({ html: '<p>New <img src="https://example.com/b.png"></p>', text: 'New' }));
        }
        return files[src] ?? null;
      },
    });
    expect(await saveClipImages(lib.library, lib.id, racing)).toMatchObject({ kind: 'skipped' });
  });
});
