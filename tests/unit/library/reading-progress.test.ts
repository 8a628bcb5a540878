import { change, clone, getHeads, merge } from '@automerge/automerge/slim';
import { describe, expect, it } from 'vitest';
import { encodeListRows, inflateListRows } from '../../../src/library/list-snapshot';
import { parseListRows } from '../../../src/schema/list-rows';
import { isClipSummaryJson } from '../../../src/schema/clip-summary-guard';
import { ClipSummarySchema } from '../../../src/schema/clip-summary';
import { readingProgressOf } from '../../../src/schema/reading-progress';
import { catalogHandle, openLibrary, page } from './helpers';

async function withClip() {
  const lib = await openLibrary();
  const id = (await lib.library.save(page({ pageUrl: 'https://example.com/long-read', canonicalUrl: null, title: 'A long read' }))).clip.id;
  await lib.library.settled();
  return { ...lib, id };
}


describe('reading progress', () => {
  it('records where the reader was left and the furthest point read: in the row, in the view, after a restart', async () => {
    const lib = await withClip();
    const fresh = await lib.library.get(lib.id);
    expect(fresh.progress).toBeUndefined();
    expect(fresh.position).toBeNull();
    expect((await lib.library.organise.setProgress(lib.id, 1200, 40)).progress).toBe(40);
    // Read back up: the place moves, the furthest point stays.
    const back = await lib.library.organise.setProgress(lib.id, 300, 15);
    expect(back.progress).toBe(40);
    expect(await lib.index.get(lib.id)).toMatchObject({ progress: 40 });
    const again = await lib.reopen();
    const view = await again.library.get(lib.id);
    expect(view.progress).toBe(40);
    expect(view.position).toMatchObject({ offset: 300 });
    expect((await again.library.organise.setProgress(lib.id, 5000, 100)).progress).toBe(100);
  });

  it('writes nothing when the reader reports the place it already holds', async () => {
    const lib = await withClip();
    await lib.library.organise.setProgress(lib.id, 800, 30);
    const handle = await catalogHandle(lib, lib.id);
    const heads = JSON.stringify(getHeads(handle.doc()));
    await lib.library.organise.setProgress(lib.id, 800, 20);
    expect(JSON.stringify(getHeads(handle.doc()))).toBe(heads);
  });

  it('merges with a position written on another device at the same time, field by field (a field both wrote: one of the two)', async () => {
    const lib = await withClip();
    await lib.library.organise.setProgress(lib.id, 100, 10);
    const handle = await catalogHandle(lib, lib.id);
    const phone = change(clone(handle.doc()), (d) => void (d.clips[lib.id]!.progress!.percent = 60));
    await lib.library.organise.setProgress(lib.id, 200, 12);
    const merged = merge(clone(handle.doc()), phone);
    const p = readingProgressOf(merged.clips[lib.id]!.progress);
    expect(p).not.toBeNull();
    expect(p!.offset).toBe(200);
    expect([12, 60]).toContain(p!.percent);
  });

  it('replaces a progress another device wrote wrong, rather than keeping its numbers', async () => {
    const lib = await withClip();
    const handle = await catalogHandle(lib, lib.id);
    handle.change((d) => void (d.clips[lib.id]!.progress = { offset: 'top', percent: 150, at: 1 } as never));
    expect((await lib.library.organise.setProgress(lib.id, 50, 20)).progress).toBe(20);
    expect(readingProgressOf(handle.doc().clips[lib.id]!.progress)).toMatchObject({ offset: 50, percent: 20 });
  });

  it('refuses a progress that is not one, wherever it comes from', () => {
    expect(readingProgressOf({ offset: 10, percent: 50, at: 1 })).toEqual({ offset: 10, percent: 50, at: 1 });
    for (const bad of [null, 'x', {}, { offset: -1, percent: 5, at: 1 }, { offset: 1.5, percent: 5, at: 1 }, { offset: 1, percent: 101, at: 1 }, { offset: 1, percent: 5.5, at: 1 }, { offset: 1, percent: 5, at: Infinity }, { offset: 1, percent: 5 }])
      expect(readingProgressOf(bad), JSON.stringify(bad)).toBeNull();
  });

  it('keeps index rows without it valid, and checks it when there (the guard agrees with the schema)', () => {
    const row = { id: 'c_abcdefghijklmnop', key: 'k', kind: 'page', url: 'u', pageUrl: 'u', title: 't', siteName: null, byline: null, excerpt: null, publishedTime: null, savedAt: 1, capturedAt: 1, wordCount: 3, readAt: null, archivedAt: null, deletedAt: null, favoriteAt: null, tags: [], hasNote: false };
    for (const r of [row, { ...row, progress: 0 }, { ...row, progress: 100 }, { ...row, progress: 101 }, { ...row, progress: 2.5 }, { ...row, progress: '5' }, { ...row, progress: null }, { ...row, other: 1 }, { ...row, progress: 5, other: 1 }])
      expect(isClipSummaryJson(r), JSON.stringify(r)).toBe(ClipSummarySchema.safeParse(r).success);
    expect(isClipSummaryJson({ ...row, progress: 40 })).toBe(true);
  });

  it('leaves it out of list documents, which versions before it read strictly', async () => {
    const row = ClipSummarySchema.parse({ id: 'c_abcdefghijklmnop', key: 'k', kind: 'page', url: 'u', pageUrl: 'u', title: 't', siteName: null, byline: null, excerpt: null, publishedTime: null, savedAt: 1, capturedAt: 1, wordCount: 3, readAt: null, archivedAt: null, deletedAt: null, favoriteAt: null, tags: [], hasNote: false, progress: 40 });
    const [back] = parseListRows(await inflateListRows(await encodeListRows([row])));
    expect(back).not.toHaveProperty('progress');
    expect(back).toMatchObject({ id: row.id, title: 't' });
  });
});
