/**
 * Found in a review: an SVG image read from a Commonplace export was stored as the zip had it.
 * `checkedImages` looked at its bytes (`inspectImage`: it is an SVG, under 2 MB) but never
 * sanitised it, though a captured SVG always goes through the SVG sanitiser
 * (src/sanitize/svg.ts, via `processImage`) and a zip is untrusted input: a hand-edited or
 * hostile export could store an SVG with a script, an event handler, `foreignObject` or a
 * remote reference. Now a restored SVG passes the same function (`sanitizedSvg`), is kept as
 * sanitised, and one with nothing usable left is refused with its reason, the clip imported.
 */
import { describe, expect, it } from 'vitest';
import { textOfHtml } from '../../../src/capture/text';
import { repoSource } from '../../../src/export/repo-source';
import { imageKey } from '../../../src/images/image-list';
import { missingOf } from '../../../src/images/left-reasons';
import { newJob, runJob } from '../../../src/import/job-runner';
import { checkedImages } from '../../../src/import/restore-images';
import { restoreMedia } from '../../../src/import/restore-media';
import type { ClipId } from '../../../src/schema/ids';
import { exportToMemory } from '../export/helpers';
import { openLibrary, page } from '../library/helpers';
import { restoreWorld, sanitizer, svgSanitizer } from './commonplace-helpers';
import { NOW } from './fixtures';

const utf8 = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array) => new TextDecoder().decode(b);
const HOSTILE = utf8(
  '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="12" onload="alert(1)">' +
    '<script>alert(2)</script><foreignObject><iframe src="https://evil.example/"></iframe></foreignObject>' +
    '<image href="https://evil.example/track.png" width="5" height="5"/><rect width="4" height="4" fill="url(https://evil.example/x)" onclick="alert(3)"/></svg>',
);
const DRAWING = 'https://img.example/drawing.svg';
const BROKEN = 'https://img.example/broken.svg';
const sanitizeSvg = async (svg: string) => svgSanitizer(svg);

async function exportWith(images: ReadonlyArray<{ src: string; data: Uint8Array }>): Promise<{ bytes: Uint8Array; id: ClipId }> {
  const lib = await openLibrary();
  const h = sanitizer.sanitizeCapture(`<p>Intro.</p>${images.map((i, n) => `<img src="${i.src}" alt="drawing ${n}">`).join('')}`, 'https://example.com/svg');
  const id = (await lib.library.save(page({ title: 'Drawings', pageUrl: 'https://example.com/svg', canonicalUrl: null, html: h, text: textOfHtml(h) }))).clip.id;
  await lib.library.settled();
  const list = await Promise.all(images.map(async (i) => ({ src: await imageKey(i.src), type: 'image/svg+xml', data: i.data, width: 10, height: 12 })));
  await lib.library.media.attachImages(id, lib.library.media.articleRev(id)!, list, { count: 0, reason: null });
  return { bytes: (await exportToMemory(repoSource(lib.repo, lib.url))).bytes, id };
}

describe('an SVG image of a Commonplace export', () => {
  it('is sanitised as a captured SVG is: no script, handler, foreignObject or remote reference is stored', async () => {
    const { bytes, id } = await exportWith([{ src: DRAWING, data: HOSTILE }]);
    const fresh = await openLibrary();
    const deps = { ...restoreWorld(fresh, bytes).deps, restoreMedia: (clip: ClipId, media: Parameters<typeof restoreMedia>[2], only: boolean) => restoreMedia(fresh.library, clip, media, only) };
    const job = await runJob(newJob('f', 'commonplace-export.zip', NOW), deps);
    expect(job).toMatchObject({ state: 'done', imported: 1, failedCount: 0 });
    const saved = await fresh.library.media.images(id);
    expect(saved.images).toHaveLength(1);
    const stored = text(saved.images[0]!.data);
    expect(stored).toBe(svgSanitizer(text(HOSTILE)));
    expect(stored).toContain('<rect');
    expect(stored).not.toMatch(/script|onload|onclick|foreignObject|iframe|evil\.example/i);
    expect(saved.images[0]).toMatchObject({ type: 'image/svg+xml', width: 10, height: 12 });
  });

  it('with nothing usable left after sanitising is refused with its reason; the clip still imports', async () => {
    const { bytes, id } = await exportWith([{ src: BROKEN, data: HOSTILE }]);
    const fresh = await openLibrary();
    // The sanitiser finds no `<svg>` it can keep (src/sanitize/svg.ts answers null).
    const deps = { ...restoreWorld(fresh, bytes).deps, sanitizeSvg: async () => null, restoreMedia: (clip: ClipId, media: Parameters<typeof restoreMedia>[2], only: boolean) => restoreMedia(fresh.library, clip, media, only) };
    const job = await runJob(newJob('f', 'commonplace-export.zip', NOW), deps);
    expect(job).toMatchObject({ state: 'done', imported: 1, failedCount: 1 });
    expect(job.failed[0]!.reason).toBe('Part of it was not imported. One of its saved images was not imported (an SVG file that could not be read): the article shows its description in its place.');
    const ref = fresh.library.media.refs(id)!.images!;
    expect(ref).toMatchObject({ count: 0, left: 1 });
    expect(missingOf(ref.missing)).toEqual({ [await imageKey(BROKEN)]: 'svg' });
  });

  it('is refused, never kept as it is, when no SVG sanitiser is given', async () => {
    const got = await checkedImages([{ src: 'a', type: 'image/svg+xml', data: HOSTILE, width: 10, height: 12 }]);
    expect(got).toMatchObject({ images: [], count: 1, reason: 'an SVG file that could not be read', missing: { a: 'svg' } });
    const clean = await checkedImages([{ src: 'a', type: 'image/svg+xml', data: HOSTILE, width: 10, height: 12 }], sanitizeSvg);
    expect(clean.images.map((i) => text(i.data))).toEqual([svgSanitizer(text(HOSTILE))]);
    const failing = await checkedImages([{ src: 'a', type: 'image/svg+xml', data: HOSTILE, width: 10, height: 12 }], () => Promise.reject(new Error('no offscreen document')));
    expect(failing).toMatchObject({ images: [], count: 1, missing: { a: 'damaged' } });
  });
});
