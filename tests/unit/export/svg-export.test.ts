/**
 * An SVG image is written to the export zip (`images/<name>/<n>.svg`, and the page's `data:`
 * URL) made inert, whatever stored it. This device sanitises the SVGs it saves, but an
 * imported export or another device may have stored any bytes under `image/svg+xml`, and an
 * `.svg` file opened from the unzipped export runs its scripts. docs/schema.md ("Export
 * format") promises sanitised SVG. Before, the stored bytes were written as they were.
 */
import { strFromU8 } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { textOfHtml } from '../../../src/capture/text';
import { repoSource } from '../../../src/export/repo-source';
import { imageKey } from '../../../src/images/image-list';
import type { ClipId } from '../../../src/schema/ids';
import { openLibrary, page } from '../library/helpers';
import { sanitizer } from '../import/commonplace-helpers';
import { writeSite } from '../../../src/export/site';
import { domWindow } from './fixtures';
import { exportToMemory, memorySink, parseHtml } from './helpers';

const HOSTILE = 'https://img.example/hostile.svg';
const FAKE = 'https://img.example/not-really.svg';
const PLAIN = 'https://img.example/plain.png';
const HOSTILE_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" onload="alert(1)"><script>alert(2)</script><a href="javascript:alert(3)"><rect width="10" height="10" fill="red"/></a><foreignObject><iframe xmlns="http://www.w3.org/1999/xhtml" src="https://evil.example/"/></foreignObject></svg>';
const utf8 = (s: string) => new TextEncoder().encode(s);
const png = Uint8Array.from([137, 80, 78, 71, 13, 10, 26, 10, 1, 2, 3]);

let lib: Awaited<ReturnType<typeof openLibrary>>;
let id: ClipId;

beforeAll(async () => {
  lib = await openLibrary();
  const html = sanitizer.sanitizeCapture(`<p>Drawings.</p><img src="${HOSTILE}" alt="drawing"><img src="${FAKE}" alt="fake"><img src="${PLAIN}" alt="plain">`, 'https://example.com/svg');
  id = (await lib.library.save(page({ title: 'Drawings', pageUrl: 'https://example.com/svg', canonicalUrl: null, html, text: textOfHtml(html) }))).clip.id;
  await lib.library.settled();
  // As an import of a crafted export, or another device, could have stored them: not sanitised.
  await lib.library.media.attachImages(id, lib.library.media.articleRev(id)!, [
    { src: await imageKey(HOSTILE), type: 'image/svg+xml', data: utf8(HOSTILE_SVG), width: 10, height: 10 },
    { src: await imageKey(FAKE), type: 'image/svg+xml', data: utf8('<html><body><script>alert(4)</script></body></html>'), width: 0, height: 0 },
    { src: await imageKey(PLAIN), type: 'image/png', data: png, width: 1, height: 1 },
  ], { count: 0, reason: null });
});

describe('SVG images in an export', () => {
  it('are written inert, whatever stored them; a file under the SVG type holding no drawing is left out', async () => {
    const out = await exportToMemory(repoSource(lib.repo, lib.url));
    const entry = out.manifest.clips.find((c) => c.id === id)!;
    expect(entry.images.map((p) => p.split('.').pop())).toEqual(['svg', 'png']);
    const svg = strFromU8(out.files[entry.images[0]!]!);
    expect(svg).toContain('<rect');
    expect(svg).not.toMatch(/script|onload|javascript:|foreignObject|iframe|evil/i);
    expect(out.files[entry.images[1]!]).toEqual(png);
    // The page embeds the same inert drawing.
    const doc = parseHtml(out.text(entry.html));
    const src = [...doc.querySelectorAll('img')].map((i) => i.getAttribute('src') ?? '').find((s) => s.startsWith('data:image/svg+xml'))!;
    expect(Buffer.from(src.slice(src.indexOf(',') + 1), 'base64').toString('utf8')).toBe(svg);
  });
});

describe('SVG images in the Node reader’s pages (`npm run read`)', () => {
  it('are embedded inert too, whatever stored them (before, the stored bytes went into the data: URL as they were)', async () => {
    const sink = memorySink();
    await writeSite(repoSource(lib.repo, lib.url), sink, { window: domWindow() });
    const pageHtml = [...sink.files.entries()].find(([path, html]) => path.startsWith('clips/') && html.includes('Drawings'))![1];
    const srcs = [...parseHtml(pageHtml).querySelectorAll('img')].map((i) => i.getAttribute('src') ?? '').filter((s) => s.startsWith('data:image/svg+xml'));
    expect(srcs.length).toBe(1);
    const svg = Buffer.from(srcs[0]!.slice(srcs[0]!.indexOf(',') + 1), 'base64').toString('utf8');
    expect(svg).toContain('<rect');
    expect(svg).not.toMatch(/script|onload|javascript:|foreignObject|iframe|evil/i);
  });
});
