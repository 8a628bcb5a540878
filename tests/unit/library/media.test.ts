import { describe, expect, it } from 'vitest';
import type { ClipId } from '../../../src/schema/ids';
import type { MediaDocV1 } from '../../../src/schema/media-doc';
import { MEDIA_BYTES_PER_SHARD, MEDIA_PART_BYTES } from '../../../src/schema/media-doc';
import { openLibrary, page, savedClip } from './helpers';

const bytes = (n: number, seed = 1) => {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (i * 31 + seed) & 255;
  return out;
};
/** Byte equality without a deep comparison per element (slow on megabytes). */
const same = (a: Uint8Array | undefined, b: Uint8Array) => !!a && Buffer.from(a).equals(Buffer.from(b));
const image = (src: string, n: number, seed = 1) => ({ src, type: 'image/webp', data: bytes(n, seed), width: 10, height: 20 });

async function withClip() {
  const lib = await openLibrary();
  return { ...lib, ...(await savedClip(lib)) };
}

describe('saved images', () => {
  it('stores images apart from the catalogs, references them from the entry, and reads them back whole', async () => {
    const lib = await withClip();
    await lib.library.media.attachImages(lib.id, lib.rev, [image('https://example.com/a.png', 5000), image('https://example.com/b.png', 300, 7)], { count: 1, reason: 'over the cap' });
    const ref = lib.catalog.doc().clips[lib.id]!.media!.images!;
    expect(ref).toMatchObject({ rev: lib.rev, count: 2, bytes: 5300, left: 1, reason: 'over the cap' });
    expect(Object.keys(lib.root.doc().media ?? {})).toHaveLength(1);
    const got = await lib.library.media.images(lib.id);
    expect(got.state).toBe('saved');
    expect(got.images.map((i) => [i.blob, i.data.byteLength, i.type, i.width, i.height]).sort()).toEqual([
      ['https://example.com/a.png', 5000, 'image/webp', 10, 20],
      ['https://example.com/b.png', 300, 'image/webp', 10, 20],
    ]);
    expect(same(got.images.find((i) => i.blob.endsWith('a.png'))?.data, bytes(5000))).toBe(true);
  });

  it('is durable: a restarted library reads the images', async () => {
    const lib = await withClip();
    await lib.library.media.attachImages(lib.id, lib.rev, [image('https://example.com/a.png', 1234)], { count: 0, reason: null });
    const again = await lib.crash();
    const got = await again.library.media.images(lib.id);
    expect(got.state).toBe('saved');
    expect(same(got.images[0]?.data, bytes(1234))).toBe(true);
  });

  it('splits a blob over 1 MB into parts and spreads parts over documents of at most 2 MB', async () => {
    const lib = await withClip();
    const big = MEDIA_PART_BYTES * 2 + 10;
    await lib.library.media.attachImages(lib.id, lib.rev, [image('https://example.com/big.png', big), image('https://example.com/c.png', MEDIA_PART_BYTES)], { count: 0, reason: null });
    const shards = Object.values(lib.root.doc().media ?? {});
    expect(shards.length).toBeGreaterThan(1);
    for (const s of shards) {
      const d = (await lib.repo.find<MediaDocV1>(s.doc)).doc();
      const total = Object.values(d.items).reduce((n, i) => n + i.data.byteLength, 0);
      expect(total).toBeLessThanOrEqual(MEDIA_BYTES_PER_SHARD);
      expect(Object.values(d.items).every((i) => i.data.byteLength <= MEDIA_PART_BYTES)).toBe(true);
    }
    const got = await lib.library.media.images(lib.id);
    expect(same(got.images.find((i) => i.blob.endsWith('big.png'))?.data, bytes(big))).toBe(true);
  });

  it('replacing the images deletes the old parts in the same write', async () => {
    const lib = await withClip();
    await lib.library.media.attachImages(lib.id, lib.rev, [image('https://example.com/a.png', 1000)], { count: 0, reason: null });
    await lib.library.media.attachImages(lib.id, lib.rev, [image('https://example.com/b.png', 10)], { count: 0, reason: null });
    const all = await Promise.all(Object.values(lib.root.doc().media ?? {}).map(async (s) => Object.values((await lib.repo.find<MediaDocV1>(s.doc)).doc().items)));
    expect(all.flat().map((i) => i.blob)).toEqual(['https://example.com/b.png']);
  });

  it('refuses images saved for an article that was re-captured meanwhile, and shows none for a newer article', async () => {
    const lib = await withClip();
    await lib.library.media.attachImages(lib.id, lib.rev, [image('https://example.com/a.png', 10)], { count: 0, reason: null });
    await lib.library.save(page({ html: '<p>New text, new images.</p>', text: 'New text, new images.' }));
    await lib.library.settled();
    await expect(lib.library.media.attachImages(lib.id, lib.rev, [image('https://example.com/a.png', 10)], { count: 0, reason: null })).rejects.toMatchObject({ code: 'not-found' });
    expect((await lib.library.media.images(lib.id)).state).toBe('none');
  });

  it('text only: reads and sync leave out another device’s media documents', async () => {
    const lib = await withClip();
    await lib.library.media.attachImages(lib.id, lib.rev, [image('https://example.com/a.png', 10)], { count: 0, reason: null });
    const [shard] = Object.entries(lib.root.doc().media ?? {});
    // Pretend another device made it.
    lib.root.change((d) => void (d.media![shard![0] as never]!.device = 'another-device'));
    const docs = lib.library.syncDocs();
    expect(docs.contents()).toContain(shard![1].doc);
    lib.library.media.textOnly = true;
    expect(docs.contents()).not.toContain(shard![1].doc);
    expect((await lib.library.media.images(lib.id)).state).toBe('elsewhere');
    lib.library.media.textOnly = false;
    expect((await lib.library.media.images(lib.id)).state).toBe('saved');
  });
});

describe('full-page snapshots', () => {
  it('stores one snapshot per clip, replacing the last, and accounts text, images and snapshots', async () => {
    const lib = await withClip();
    const first = await lib.library.media.attachSnapshot(lib.id, bytes(3000), 9000, 2);
    const second = await lib.library.media.attachSnapshot(lib.id, bytes(2_500_000, 3), 5_000_000, 0);
    expect(first.id).not.toBe(second.id);
    const got = await lib.library.media.snapshot(lib.id);
    expect(got!.ref).toMatchObject({ id: second.id, bytes: 2_500_000, htmlBytes: 5_000_000, left: 0 });
    expect(same(got!.html, bytes(2_500_000, 3))).toBe(true);
    const items = await Promise.all(Object.values(lib.root.doc().media ?? {}).map(async (s) => Object.values((await lib.repo.find<MediaDocV1>(s.doc)).doc().items)));
    expect(items.flat().every((i) => i.rev === second.id)).toBe(true);
    await lib.library.media.attachImages(lib.id, lib.rev, [image('https://example.com/a.png', 100)], { count: 0, reason: null });
    expect(lib.library.media.usage()).toMatchObject({ imageBytes: 100, images: 1, snapshotBytes: 2_500_000, snapshots: 1 });
    expect(lib.library.media.usage().textBytes).toBeGreaterThan(0);
  });

  it('a document of another library is never read as media; a clip without a snapshot answers null', async () => {
    const lib = await withClip();
    expect(await lib.library.media.snapshot(lib.id)).toBeNull();
    await expect(lib.library.media.images('nope-nope-nope-nope1' as ClipId)).rejects.toMatchObject({ code: 'not-found' });
  });
});
