import * as A from '@automerge/automerge/slim';
import { describe, expect, it } from 'vitest';
import { MemoryClipIndex } from '../../../src/index-db/clip-index';
import type { Library } from '../../../src/library/library';
import { CATALOG_SLOTS } from '../../../src/schema/catalog-doc';
import type { ClipId } from '../../../src/schema/ids';
import type { ImagesRef, SnapshotRef } from '../../../src/schema/media-doc';
import { writableMediaRefs } from '../../../src/library/media-refs';
import { MEDIA_SCAN_KEY } from '../../../src/library/media-scan';
import { catalogHandle, openLibrary, page, carryCatalogs } from './helpers';

const carry = carryCatalogs;

const images = (rev: string, at: number): ImagesRef => ({ rev, shards: ['SSSSSSSSSSSSSSSSSSSSSA'], count: 2, bytes: 10, left: 0, reason: null, at }) as ImagesRef;
const snapshot = (at: number): SnapshotRef => ({ id: 'snap1', shards: ['SSSSSSSSSSSSSSSSSSSSSB'], bytes: 5, htmlBytes: 9, left: 0, at });

/**
 * Device `a` saves a clip (and `more` pages besides) and `b` opens the same library; then `a`
 * gives the clip images and `b` a snapshot, before either saw the other: what clip-media.ts
 * wrote for a clip with no media yet (`e.media ??= {}` before the fix). Not merged yet.
 */
async function concurrentMedia(...more: ReturnType<typeof page>[]) {
  const a = await openLibrary();
  const id: ClipId = (await a.library.save(page())).clip.id;
  const others: ClipId[] = [];
  for (const p of more) others.push((await a.library.save(p)).clip.id);
  await a.library.settled();
  await a.repo.flush();
  const b = await openLibrary(a.storage.snapshot(), new MemoryClipIndex(), a.url);
  const rev = a.library.media.articleRev(id)!;
  (await catalogHandle(a, id)).change((d) => void ((d.clips[id]!.media ??= {}), (d.clips[id]!.media!.images = images(rev, 5))));
  (await catalogHandle(b, id)).change((d) => void ((d.clips[id]!.media ??= {}), (d.clips[id]!.media!.snapshot = snapshot(6))));
  return { a, b, id, rev, others };
}

describe("a clip's media references two devices wrote at once", () => {
  it('images saved on one device and a snapshot on the other, before either saw the other: both stay the clip\'s, on both devices', async () => {
    const { a, b, id, rev } = await concurrentMedia();
    carry(a.library, b.library);
    carry(b.library, a.library);
    for (const lib of [a.library, b.library]) {
      expect(lib.media.refs(id)).toMatchObject({ images: { rev, count: 2 }, snapshot: { id: 'snap1' } });
      expect(lib.media.snapshotRef(id)).toMatchObject({ id: 'snap1' });
    }
    // Healed as the merge arrived: the visible map holds both, for the loops that read it as it is (usage, sync, sweeps).
    await new Promise((r) => setTimeout(r, 20));
    for (const lib of [a, b]) {
      await lib.library.settled();
      expect(Object.keys((await catalogHandle(lib, id)).doc().clips[id]!.media!).sort()).toEqual(['images', 'snapshot']);
      expect(lib.library.media.usage()).toMatchObject({ images: 2, snapshots: 1 });
    }
    // A write to the entry's media starts from every version too.
    (await catalogHandle(a, id)).change((d) => void (writableMediaRefs(d.clips[id]!).snapshot!.left = 1));
    expect((await catalogHandle(a, id)).doc().clips[id]!.media!.snapshot!.left).toBe(1);
  });

  it('merged before the heal on arrival existed: found by the one scan per library, healed, and not scanned again', async () => {
    const { a, b, id, others } = await concurrentMedia(page({ pageUrl: 'https://example.com/other', canonicalUrl: 'https://example.com/other', title: 'Other' }));
    const other = others[0]!;
    // An older Commonplace merged it: nothing followed the conflict, and it was stored as it is.
    a.library.close();
    carry(b.library, a.library);
    await a.repo.flush();
    const c = await a.reopen();
    expect(c.library.media.refs(id)).toMatchObject({ images: { count: 2 }, snapshot: { id: 'snap1' } });
    // Space used sees one of the two: the loops over the library read `e.media` as it is.
    const { images: shown, snapshots } = c.library.media.usage();
    expect([[2, 0], [0, 1]]).toContainEqual([shown, snapshots]);

    expect(await c.library.healHiddenMedia()).toBe(1);
    expect(c.library.media.usage()).toMatchObject({ images: 2, snapshots: 1 });
    expect(Object.keys((await catalogHandle(c, id)).doc().clips[id]!.media!).sort()).toEqual(['images', 'snapshot']);
    expect((await catalogHandle(c, other)).doc().clips[other]!.media).toBeUndefined();
    expect(await c.index.getMeta(MEDIA_SCAN_KEY)).toBe(c.url);
    // Durable: a start after a crash reads both, and the scan is recorded (the index kept).
    const d = await c.crash();
    expect(d.library.media.usage()).toMatchObject({ images: 2, snapshots: 1 });
    expect(await d.library.healHiddenMedia()).toBeNull();
    // Another library (joined, or the index deleted) is scanned again: nothing is hidden now.
    await c.index.setMeta(MEDIA_SCAN_KEY, 'automerge:another');
    expect(await c.library.healHiddenMedia()).toBe(0);
    c.library.close();
    expect(await c.library.healHiddenMedia()).toBeNull();
  });
});
