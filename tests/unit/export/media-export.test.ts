/**
 * Saved images and snapshots in the export: image files referenced from the Markdown by relative
 * paths and embedded as data: URLs in the offline page, the snapshot inflated with its policy
 * first in a sealed frame, the manifest listing them; the static site (`npm run read`) showing them; and a
 * Commonplace export imported back restoring them on the new article version.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { textOfHtml } from '../../../src/capture/text';
import { deflateText } from '../../../src/library/compress';
import { imageKey, imagesOfHtml } from '../../../src/images/image-list';
import { repoSource } from '../../../src/export/repo-source';
import { writeSite } from '../../../src/export/site';
import { newJob, runJob } from '../../../src/import/job-runner';
import { restoreMedia } from '../../../src/import/restore-media';
import { missingOf } from '../../../src/images/left-reasons';
import type { ClipId } from '../../../src/schema/ids';
import { openLibrary, page } from '../library/helpers';
import { restoreWorld, sanitizer } from '../import/commonplace-helpers';
import { NOW } from '../import/fixtures';
import { domWindow } from './fixtures';
import { activeContent, exportToMemory, memorySink, parseHtml, splitMarkdown } from './helpers';
import { jpegHeader, png } from '../images/fixtures';

const A = 'https://img.example/a.png';
/** As the capture sanitiser stores it (spaces escaped), which is what images are named by. */
const B = 'https://img.example/b%20(1).jpg';
const LONG = `data:image/png;base64,${'A'.repeat(3_000)}`;
const ARTICLE = `<p>Intro.</p><p><img src="https://img.example/b (1).jpg" alt="second"></p><p>Middle.</p><img src="${A}" alt="first &quot;one&quot;"><img src="${LONG}" alt="inline"><img src="https://img.example/not-saved.png" alt="not saved">`;
const SNAPSHOT = '<!doctype html><html><head><title>Full page</title></head><body><h1>The page as it looked</h1><img src="data:image/png;base64,iVBORw0KGgo=" alt=""></body></html>';

const bytes = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * 37 + seed * 11) & 255);
const same = (a: Uint8Array | undefined, b: Uint8Array) => !!a && Buffer.from(a).equals(Buffer.from(b));

let lib: Awaited<ReturnType<typeof openLibrary>>;
let id: ClipId;
let plain: ClipId;
// Real images (an import checks their bytes as capture does): a PNG, and a JPEG of 70 KB (its header, then filler).
const imgA = png(30, 20);
const imgB = new Uint8Array([...jpegHeader(300, 200), ...bytes(70_000, 2)]);
const imgLong = png(1, 1);

beforeAll(async () => {
  lib = await openLibrary();
  const html = sanitizer.sanitizeCapture(ARTICLE, 'https://example.com/pics');
  id = (await lib.library.save(page({ title: 'Pictures', pageUrl: 'https://example.com/pics', canonicalUrl: null, html, text: textOfHtml(html) }))).clip.id;
  plain = (await lib.library.save(page({ title: 'No pictures', pageUrl: 'https://example.com/plain', canonicalUrl: null }))).clip.id;
  await lib.library.settled();
  const rev = lib.library.media.articleRev(id)!;
  expect(imagesOfHtml((await lib.library.get(id)).html).map((i) => i.src)).toEqual([B, A, LONG, 'https://img.example/not-saved.png']);
  const saved = [
    { src: await imageKey(A), type: 'image/png', data: imgA, width: 30, height: 20 },
    { src: await imageKey(B), type: 'image/jpeg', data: imgB, width: 300, height: 200 },
    { src: await imageKey(LONG), type: 'image/png', data: imgLong, width: 1, height: 1 },
  ];
  await lib.library.media.attachImages(id, rev, saved, { count: 1, reason: 'failed to load', missing: { 'https://img.example/not-saved.png': 'http:404' } });
  await lib.library.media.attachSnapshot(id, await deflateText(SNAPSHOT), SNAPSHOT.length, 2);
});

describe('an export with saved images and a snapshot', () => {
  it('writes each image as a file, numbered in article order, linked from the Markdown and embedded in the page; the snapshot beside them', async () => {
    const out = await exportToMemory(repoSource(lib.repo, lib.url));
    const entry = out.manifest.clips.find((c) => c.id === id)!;
    const name = entry.markdown.slice('clips/'.length, -'.md'.length);
    expect(entry.images).toEqual([`images/${name}/1.jpg`, `images/${name}/2.png`, `images/${name}/3.png`]);
    expect(entry.snapshot).toBe(`snapshots/${name}.html`);
    expect(out.manifest.counts).toMatchObject({ images: 3, snapshots: 1 });
    expect(out.manifest.clips.find((c) => c.id === plain)).toMatchObject({ images: [], snapshot: null });
    expect(same(out.files[`images/${name}/1.jpg`], imgB)).toBe(true);
    expect(same(out.files[`images/${name}/2.png`], imgA)).toBe(true);
    expect(same(out.files[`images/${name}/3.png`], imgLong)).toBe(true);

    const { body } = splitMarkdown(out.text(entry.markdown));
    expect(body).toContain(`![second](../images/${name}/1.jpg)`);
    expect(body).toContain(`](../images/${name}/2.png)`);
    expect(body).toContain(`](../images/${name}/3.png)`);
    expect(body).toContain('![not saved](https://img.example/not-saved.png)');

    const doc = parseHtml(out.text(entry.html));
    const imgs = Array.from(doc.querySelectorAll('article img'));
    expect(imgs.map((i) => i.getAttribute('alt'))).toEqual(['second', 'first "one"', 'inline']);
    expect(imgs.every((i) => i.getAttribute('src')!.startsWith('data:image/'))).toBe(true);
    expect(same(Buffer.from(imgs[1]!.getAttribute('src')!.split(',')[1]!, 'base64'), imgA)).toBe(true);
    // Nothing but data: images: the page still runs and loads nothing.
    expect(activeContent(doc).filter((a) => a !== '<img>' && a !== 'img[src]')).toEqual([]);
    expect(doc.querySelector('meta[http-equiv="Content-Security-Policy"]')!.getAttribute('content')).toContain('img-src data:');
    expect(doc.querySelector('nav a[href$=".html"]')?.getAttribute('href')).toBe(`../snapshots/${name}.html`);

    const snapshot = out.text(`snapshots/${name}.html`);
    // Sealed in a frame (snapshot-sealed.test.ts), its policy first inside it.
    expect(parseHtml(snapshot).querySelector('iframe[sandbox=""]')?.getAttribute('srcdoc')).toMatch(/^<!doctype html><meta http-equiv="Content-Security-Policy"/);
    expect(snapshot).toContain('<h1>The page as it looked</h1>');
    // The media documents are in the zip too (the source of truth).
    expect(out.manifest.documentFiles.filter((d) => d.kind === 'media').length).toBeGreaterThan(0);
  });

  it('the static site shows the images in each clip page and writes the snapshot', async () => {
    const sink = memorySink();
    await writeSite(repoSource(lib.repo, lib.url), sink, { window: domWindow() });
    const pageFile = [...sink.files.keys()].find((k) => k.startsWith('clips/') && k.includes('pictures'))!;
    const doc = parseHtml(sink.files.get(pageFile)!);
    expect(Array.from(doc.querySelectorAll('article img')).map((i) => i.getAttribute('src')!.slice(0, 15))).toEqual(['data:image/jpeg', 'data:image/png;', 'data:image/png;']);
    expect([...sink.files.keys()].some((k) => k.startsWith('snapshots/') && k.endsWith('.html'))).toBe(true);
  });
});

describe('a Commonplace export with images imported back', () => {
  it('restores every image and the snapshot on the restored article, and a second import adds nothing', async () => {
    const out = await exportToMemory(repoSource(lib.repo, lib.url));
    const fresh = await openLibrary();
    const world = restoreWorld(fresh, out.bytes);
    const deps = { ...world.deps, restoreMedia: (clip: ClipId, media: Parameters<typeof restoreMedia>[2], only: boolean) => restoreMedia(fresh.library, clip, media, only) };
    const job = await runJob(newJob('f', 'commonplace-export.zip', NOW), deps);
    expect(job).toMatchObject({ state: 'done', imported: 2, failedCount: 0 });
    await fresh.library.settled();
    const got = await fresh.library.media.images(id);
    expect(got.state).toBe('saved');
    expect(got.ref).toMatchObject({ rev: fresh.library.media.articleRev(id), count: 3, left: 1, reason: 'failed to load' });
    expect(got.ref!.rev).not.toBe(lib.library.media.articleRev(id));
    // Each image's own reason comes along (catalog field `missing`).
    expect(missingOf(got.ref!.missing)).toEqual({ 'https://img.example/not-saved.png': 'http:404' });
    const byKey = new Map(got.images.map((i) => [i.blob, i]));
    expect(same(byKey.get(await imageKey(A))?.data, imgA)).toBe(true);
    expect(same(byKey.get(await imageKey(B))?.data, imgB)).toBe(true);
    expect(byKey.get(await imageKey(B))).toMatchObject({ type: 'image/jpeg', width: 300, height: 200 });
    expect(same(byKey.get(await imageKey(LONG))?.data, imgLong)).toBe(true);
    const snap = await fresh.library.media.snapshot(id);
    expect(snap?.ref).toMatchObject({ htmlBytes: SNAPSHOT.length, left: 2 });
    expect(same(snap?.html, await deflateText(SNAPSHOT))).toBe(true);
    expect((await fresh.library.media.images(plain)).state).toBe('none');

    // Again: every clip is a duplicate of itself, already holding its media: nothing is written again.
    const refs = JSON.stringify(fresh.library.media.refs(id));
    const again = await runJob(newJob('g', 'commonplace-export.zip', NOW), { ...deps, readFile: async () => ({ id: 'g', name: 'commonplace-export.zip', bytes: out.bytes }) });
    expect(again).toMatchObject({ state: 'done', imported: 0, duplicates: 2 });
    expect(JSON.stringify(fresh.library.media.refs(id))).toBe(refs);
  });

  it('a job that wrote its batch and was killed before the images restores them when it resumes', async () => {
    const out = await exportToMemory(repoSource(lib.repo, lib.url));
    const fresh = await openLibrary();
    const world = restoreWorld(fresh, out.bytes);
    let killed = false;
    const deps = {
      ...world.deps,
      restoreMedia: async (clip: ClipId, media: Parameters<typeof restoreMedia>[2], only: boolean) => {
        if (!killed) {
          killed = true;
          throw new Error('the background was stopped');
        }
        return restoreMedia(fresh.library, clip, media, only);
      },
    };
    const first = await runJob(newJob('f', 'commonplace-export.zip', NOW), deps);
    expect(first.state).toBe('failed');
    expect(fresh.library.media.refs(id)).toBeNull();
    // Resumed from its record (nothing advanced): the clips are duplicates of themselves now, their media restored.
    const resumed = await runJob({ ...world.stored()!, state: 'running' }, { ...deps, readFile: async () => ({ id: 'f', name: 'commonplace-export.zip', bytes: out.bytes }) });
    expect(resumed).toMatchObject({ state: 'done', failedCount: 0 });
    expect((await fresh.library.media.images(id)).state).toBe('saved');
    expect(await fresh.library.media.snapshot(id)).not.toBeNull();
  });
});
