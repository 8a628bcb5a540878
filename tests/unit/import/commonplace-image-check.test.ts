/**
 * Found in a bug hunt: importing a Commonplace export stored the images of its media documents
 * as the zip had them, without looking at their bytes: a file that is no image (an HTML page, a
 * script) under `image/png`, or a decompression bomb (a header declaring 40,000 × 40,000 px),
 * went into the library and on to the reader. A captured image passes `inspectImage` first
 * (type from the magic bytes, the size and pixel limits). Now a restored image does too: one
 * that fails is left out with its reason (`missing`, so the reader shows its alternative text
 * with "(image not saved: …)" as for any image not saved), the clip is imported, and the item's
 * report says so ("Part of it was not imported. …").
 */
import { describe, expect, it } from 'vitest';
import { textOfHtml } from '../../../src/capture/text';
import { imageKey } from '../../../src/images/image-list';
import { missingOf } from '../../../src/images/left-reasons';
import { newJob, runJob } from '../../../src/import/job-runner';
import { checkedImages } from '../../../src/import/restore-images';
import { restoreMedia } from '../../../src/import/restore-media';
import type { ClipId } from '../../../src/schema/ids';
import { exportToMemory } from '../export/helpers';
import { repoSource } from '../../../src/export/repo-source';
import { gif, png } from '../images/fixtures';
import { openLibrary, page } from '../library/helpers';
import { restoreWorld, sanitizer } from './commonplace-helpers';
import { NOW } from './fixtures';

const GOOD = 'https://img.example/good.png';
const PAGE = 'https://img.example/page.png';
const BOMB = 'https://img.example/bomb.png';
const html = (srcs: readonly string[]) => sanitizer.sanitizeCapture(`<p>Intro.</p>${srcs.map((s, i) => `<img src="${s}" alt="picture ${i}">`).join('')}`, 'https://example.com/pics');

/** An export of one clip whose saved images are `images` (stored as they are, whatever their bytes), and the clip's id. */
async function exportWith(images: ReadonlyArray<{ src: string; type: string; data: Uint8Array }>): Promise<{ bytes: Uint8Array; id: ClipId }> {
  const lib = await openLibrary();
  const h = html(images.map((i) => i.src));
  const id = (await lib.library.save(page({ title: 'Pictures', pageUrl: 'https://example.com/pics', canonicalUrl: null, html: h, text: textOfHtml(h) }))).clip.id;
  await lib.library.settled();
  const list = await Promise.all(images.map(async (i) => ({ src: await imageKey(i.src), type: i.type, data: i.data, width: 3, height: 2 })));
  await lib.library.media.attachImages(id, lib.library.media.articleRev(id)!, list, { count: 0, reason: null });
  return { bytes: (await exportToMemory(repoSource(lib.repo, lib.url))).bytes, id };
}

async function importOf(bytes: Uint8Array) {
  const fresh = await openLibrary();
  const world = restoreWorld(fresh, bytes);
  const deps = { ...world.deps, restoreMedia: (clip: ClipId, media: Parameters<typeof restoreMedia>[2], only: boolean) => restoreMedia(fresh.library, clip, media, only) };
  return { fresh, job: await runJob(newJob('f', 'commonplace-export.zip', NOW), deps) };
}

describe('the images of a Commonplace export', () => {
  it('are checked as a capture’s are: those that fail are left out with their reason, the clip imported, and the report says so', async () => {
    const notImage = new TextEncoder().encode('<!doctype html><script>alert(1)</script>');
    const { bytes, id } = await exportWith([
      { src: GOOD, type: 'image/png', data: png(3, 2) },
      { src: PAGE, type: 'image/png', data: notImage },
      { src: BOMB, type: 'image/png', data: png(3, 2, { declare: [40_000, 40_000] }) },
    ]);
    const { fresh, job } = await importOf(bytes);
    expect(job).toMatchObject({ state: 'done', imported: 1, failedCount: 1 });
    expect(job.failed[0]!.source).toContain('Pictures');
    expect(job.failed[0]!.reason).toMatch(/^Part of it was not imported\. 2 of its saved images were not imported \((1 not an image; 1 too many pixels to decode safely|1 too many pixels to decode safely; 1 not an image)\): the article shows their description in their place\.$/);
    const ref = fresh.library.media.refs(id)!.images!;
    expect(ref).toMatchObject({ count: 1, left: 2 });
    expect(missingOf(ref.missing)).toEqual({ [await imageKey(PAGE)]: 'type', [await imageKey(BOMB)]: 'bomb' });
    const saved = await fresh.library.media.images(id);
    expect(saved.images.map((i) => i.blob)).toEqual([await imageKey(GOOD)]);
  });

  it('a clip all of whose images fail still records them as not saved, each with its reason', async () => {
    const { bytes, id } = await exportWith([{ src: PAGE, type: 'image/png', data: new TextEncoder().encode('not an image at all') }]);
    const { fresh, job } = await importOf(bytes);
    expect(job).toMatchObject({ state: 'done', imported: 1, failedCount: 1 });
    expect(job.failed[0]!.reason).toMatch(/^Part of it was not imported\. One of its saved images was not imported \(not an image\): the article shows its description in its place\.$/);
    const ref = fresh.library.media.refs(id)!.images!;
    expect(ref).toMatchObject({ count: 0, left: 1 });
    expect(missingOf(ref.missing)).toEqual({ [await imageKey(PAGE)]: 'type' });
  });

  it('an image whose bytes are fine is kept as it is, under the type its bytes say', async () => {
    const data = gif(3, 2);
    const got = await checkedImages([{ src: 'a', type: 'image/png', data, width: 3, height: 2 }, { src: 'b', type: 'image/png', data: png(3, 2), width: 3, height: 2 }]);
    expect(got).toEqual({ images: [{ src: 'a', type: 'image/gif', data, width: 3, height: 2 }, { src: 'b', type: 'image/png', data: png(3, 2), width: 3, height: 2 }], count: 0, reason: null });
  });
});
