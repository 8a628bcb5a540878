/**
 * Found in a review: importing an export again reported its refused images again, as if
 * something new went wrong. An image left out (refused by a first import's check, or never saved
 * at capture) is recorded in the export as not saved (`media.images`: `left`, `reason`, its own
 * code in `missing`). Three ways it came back:
 * - bytes the zip held under that image's name were checked again, refused again and listed among
 *   the import's failures (and counted twice in `left`, the export's reason overwritten);
 * - a clip none of whose images was saved lost the record on export (the reader only read
 *   `media.images` with at least one saved), so a second import no longer knew why;
 * - the same export imported twice into one library listed the refusal again on the duplicate,
 *   though the clip held that record already and nothing was written.
 * Now an image the export records as not saved is carried over as not saved, with its original
 * reason, and never reported as a new refusal.
 */
import { describe, expect, it } from 'vitest';
import { textOfHtml } from '../../../src/capture/text';
import { repoSource } from '../../../src/export/repo-source';
import { imageKey } from '../../../src/images/image-list';
import { missingOf } from '../../../src/images/left-reasons';
import { newJob, runJob } from '../../../src/import/job-runner';
import { restoreMedia } from '../../../src/import/restore-media';
import type { ClipId } from '../../../src/schema/ids';
import { exportToMemory } from '../export/helpers';
import { png } from '../images/fixtures';
import { openLibrary, page } from '../library/helpers';
import { restoreWorld, sanitizer } from './commonplace-helpers';
import { NOW } from './fixtures';

type Lib = Awaited<ReturnType<typeof openLibrary>>;
const GOOD = 'https://img.example/good.png';
const GONE = 'https://img.example/gone.png';
const NOT_IMAGE = new TextEncoder().encode('<!doctype html><p>Not found</p>');
const REFUSED = 'Part of it was not imported. One of its saved images was not imported (not an image): the article shows its description in its place.';

/** A library with one clip showing `srcs`, its images `saved` attached with `left` recorded as not saved. */
async function libraryWith(srcs: readonly string[], saved: ReadonlyArray<{ src: string; data: Uint8Array }>, left: { count: number; reason: string | null; missing?: Record<string, string> }) {
  const lib = await openLibrary();
  const h = sanitizer.sanitizeCapture(`<p>Intro.</p>${srcs.map((s, i) => `<img src="${s}" alt="picture ${i}">`).join('')}`, 'https://example.com/pics');
  const id = (await lib.library.save(page({ title: 'Pictures', pageUrl: 'https://example.com/pics', canonicalUrl: null, html: h, text: textOfHtml(h) }))).clip.id;
  await lib.library.settled();
  const list = await Promise.all(saved.map(async (i) => ({ src: await imageKey(i.src), type: 'image/png', data: i.data, width: 3, height: 2 })));
  await lib.library.media.attachImages(id, lib.library.media.articleRev(id)!, list, left);
  return { lib, id };
}

const exportOf = async (lib: Lib) => (await exportToMemory(repoSource(lib.repo, lib.url))).bytes;

/** `bytes` imported into `lib` (a fresh one by default) through the job runner, images and all. */
async function importInto(bytes: Uint8Array, lib?: Lib, job = 'f') {
  const into = lib ?? (await openLibrary());
  const world = restoreWorld(into, bytes);
  const deps = { ...world.deps, readFile: async (f: string) => ({ id: f, name: 'commonplace-export.zip', bytes }), restoreMedia: (clip: ClipId, media: Parameters<typeof restoreMedia>[2], only: boolean) => restoreMedia(into.library, clip, media, only) };
  return { lib: into, job: await runJob(newJob(job, 'commonplace-export.zip', NOW), deps) };
}

describe('importing an export of images recorded as not saved', () => {
  it('carries an image the export records as not saved over with its reason, and does not report it, whatever bytes the zip holds under its name', async () => {
    // Never saved at capture (the site answered 404), yet the media documents hold a file under its name (an edited zip).
    const gone = await imageKey(GONE);
    const { lib, id } = await libraryWith([GOOD, GONE], [{ src: GOOD, data: png(3, 2) }, { src: GONE, data: NOT_IMAGE }], { count: 1, reason: 'the site answered 404', missing: { [gone]: 'http:404' } });
    const { lib: fresh, job } = await importInto(await exportOf(lib));
    expect(job).toMatchObject({ state: 'done', imported: 1, failedCount: 0, failed: [] });
    const ref = fresh.library.media.refs(id)!.images!;
    expect(ref).toMatchObject({ count: 1, left: 1, reason: 'the site answered 404' });
    expect(missingOf(ref.missing)).toEqual({ [gone]: 'http:404' });
    expect((await fresh.library.media.images(id)).images.map((i) => i.blob)).toEqual([await imageKey(GOOD)]);
  });

  it('an export of a clip whose every image was refused at its first import keeps them not saved, with their reason, and does not report them again', async () => {
    const { lib, id } = await libraryWith([GONE], [{ src: GONE, data: NOT_IMAGE }], { count: 0, reason: null });
    const first = await importInto(await exportOf(lib));
    expect(first.job).toMatchObject({ failedCount: 1, failed: [{ reason: REFUSED }] });
    const second = await importInto(await exportOf(first.lib));
    expect(second.job).toMatchObject({ state: 'done', imported: 1, failedCount: 0, failed: [] });
    const ref = second.lib.library.media.refs(id)?.images;
    expect(ref).toMatchObject({ count: 0, left: 1, reason: 'not an image' });
    expect(missingOf(ref?.missing)).toEqual({ [await imageKey(GONE)]: 'type' });
  });

  it('the same export imported twice into one library reports its refused images once', async () => {
    const { lib, id } = await libraryWith([GOOD, GONE], [{ src: GOOD, data: png(3, 2) }, { src: GONE, data: NOT_IMAGE }], { count: 0, reason: null });
    const bytes = await exportOf(lib);
    const first = await importInto(bytes, undefined, 'a');
    expect(first.job).toMatchObject({ imported: 1, failedCount: 1, failed: [{ reason: REFUSED }] });
    const again = await importInto(bytes, first.lib, 'b');
    expect(again.job).toMatchObject({ state: 'done', imported: 0, duplicates: 1, failedCount: 0, failed: [] });
    const ref = first.lib.library.media.refs(id)!.images!;
    expect(ref).toMatchObject({ count: 1, left: 1 });
    expect(missingOf(ref.missing)).toEqual({ [await imageKey(GONE)]: 'type' });
  });
});
