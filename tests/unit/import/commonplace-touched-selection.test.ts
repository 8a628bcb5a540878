/**
 * An export of a selection with its documents (`documents: 'touched'`: the root, and the
 * catalogs and content documents holding the selected clips) can be restored. Before, the
 * import loaded all 16 catalogs and refused the file ("The library's catalog N … could not be
 * loaded") as soon as one held no selected clip, i.e. nearly always: a backup of a tag that
 * could not be restored. And the selected clips' saved images were not in it (no media
 * documents were written), so a restore said they were "not in the export".
 */
import { describe, expect, it } from 'vitest';
import { textOfHtml } from '../../../src/capture/text';
import { repoSource } from '../../../src/export/repo-source';
import { imageKey } from '../../../src/images/image-list';
import { catalogSlot } from '../../../src/schema/catalog-doc';
import { png } from '../images/fixtures';
import { exportToMemory } from '../export/helpers';
import { openLibrary, page } from '../library/helpers';
import { newJob, runJob } from '../../../src/import/job-runner';
import { restoreMedia } from '../../../src/import/restore-media';
import type { ClipId } from '../../../src/schema/ids';
import { clipsOf, importInto, restoreWorld, rezip, sanitizer } from './commonplace-helpers';
import { NOW } from './fixtures';

async function libraryWithTaggedClips() {
  const lib = await openLibrary();
  const ids: string[] = [];
  for (let i = 0; i < 12; i++) {
    const html = sanitizer.sanitizeCapture(`<p>Clip number ${i}.</p>${i === 0 ? '<img src="https://img.example/a.png" alt="a">' : ''}`, `https://example.com/${i}`);
    const { clip } = await lib.library.save(page({ title: `Clip ${i}`, pageUrl: `https://example.com/${i}`, canonicalUrl: null, html, text: textOfHtml(html) }));
    ids.push(clip.id);
    if (i % 4 === 0) await lib.library.organise.setTags(clip.id, ['keep']);
  }
  await lib.library.settled();
  const image = { src: await imageKey('https://img.example/a.png'), type: 'image/png', data: png(3, 2), width: 3, height: 2 };
  await lib.library.media.attachImages(ids[0] as never, lib.library.media.articleRev(ids[0] as never)!, [image], { count: 0, reason: null });
  await lib.library.settled();
  return { lib, ids };
}

describe("a selection exported with its documents ('touched')", () => {
  it('is restored: the selected clips, with their images, and no other clip', async () => {
    const { lib, ids } = await libraryWithTaggedClips();
    const selected = ids.filter((_, i) => i % 4 === 0);
    const out = await exportToMemory(repoSource(lib.repo, lib.url), { select: (c) => c.tags.includes('keep'), documents: 'touched' });
    expect(out.manifest.clips.map((c) => c.id).sort()).toEqual([...selected].sort());
    // Not every catalog is in it (the selection's clips sit in fewer than 16).
    expect(new Set(selected.map((id) => catalogSlot(id as never))).size).toBeLessThan(16);
    const fresh = await openLibrary();
    const world = restoreWorld(fresh, out.bytes);
    const deps = { ...world.deps, restoreMedia: (clip: ClipId, media: Parameters<typeof restoreMedia>[2], only: boolean) => restoreMedia(fresh.library, clip, media, only) };
    const job = await runJob(newJob('f', 'a.zip', NOW), deps);
    expect(job).toMatchObject({ state: 'done', imported: selected.length, failedCount: 0 });
    await fresh.library.settled();
    const before = (await clipsOf(lib.repo, lib.url)).filter((c) => selected.includes(c.id));
    const after = await clipsOf(fresh.repo, fresh.url);
    expect(after.map((c) => c.id)).toEqual(before.map((c) => c.id));
    expect(after.map((c) => c.tags)).toEqual(before.map((c) => c.tags));
    expect(after.map((c) => c.html)).toEqual(before.map((c) => c.html));
    // The saved image came with it.
    const saved = await fresh.library.media.images(ids[0] as ClipId);
    expect(saved.images.map((i) => i.blob)).toEqual([await imageKey('https://img.example/a.png')]);
  });

  it('still fails as damaged when a catalog it holds is damaged', async () => {
    const { lib } = await libraryWithTaggedClips();
    const out = await exportToMemory(repoSource(lib.repo, lib.url), { select: (c) => c.tags.includes('keep'), documents: 'touched' });
    const catalog = out.manifest.documentFiles.find((d) => d.kind === 'catalog')!;
    const broken = rezip(out.bytes, () => ({ [catalog.file]: new Uint8Array([1, 2, 3, 4]) }));
    const fresh = await openLibrary();
    const job = await importInto(fresh, broken, 'f');
    expect(job.state).toBe('failed');
    expect(job.error ?? '').toMatch(/damaged/);
  });
});

