/**
 * The image fixtures of tests/e2e/scenarios/images.e2e.ts, generated in code (no binary files
 * in git): pages full of images of every kind a clip meets, and the images themselves, served
 * by the fixture site under `/images/` and `/img/`. See `imageRoute`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pngFile, tinyPng } from './binary';
import { articleHtml, prng } from './generated';

/** `n` paragraphs of seeded prose (inner text, escaped). */
function paragraphs(seed: number, n: number): string[] {
  const all = articleHtml({ title: 'x', targetChars: n * 900, seed }).match(/<p>[^<]*<\/p>/g) ?? [];
  return all.slice(0, n).map((p) => p.slice(3, -4));
}

/** An RGB PNG of `w`×`h`: a gradient, or seeded noise (incompressible) with `seed`; `declare` overrides the header's size (a bomb). */
export function pngOf(w: number, h: number, opts: { seed?: number; declare?: [number, number] } = {}): Buffer {
  const rows = Buffer.alloc((w * 3 + 1) * h);
  const rnd = opts.seed === undefined ? null : prng(opts.seed);
  for (let y = 0; y < h; y++) {
    const row = y * (w * 3 + 1);
    for (let x = 0; x < w; x++) {
      const at = row + 1 + x * 3;
      if (rnd) {
        rows[at] = (rnd() * 256) | 0;
        rows[at + 1] = (rnd() * 256) | 0;
        rows[at + 2] = (rnd() * 256) | 0;
      } else {
        rows[at] = (x * 255) / w;
        rows[at + 1] = (y * 255) / h;
        rows[at + 2] = 0x97;
      }
    }
  }
  return pngFile(opts.declare?.[0] ?? w, opts.declare?.[1] ?? h, 2, rows);
}

/** An SVG file with a script, a handler and a remote image in it (all to be removed when saved). */
export const HOSTILE_SVG = `<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="60" height="40" viewBox="0 0 60 40" onload="top.__pwned = 'svg-onload'">
  <script>top.__pwned = 'svg-script';</script>
  <rect width="60" height="40" fill="#f2c14e"/><circle cx="30" cy="20" r="12" fill="#2a6f97"/>
  <image href="{{REMOTE}}/svg-remote.png" width="10" height="10"/>
</svg>`;

/** The cookie the images page sets, which `/img/cookie.png` requires. */
export const IMAGE_COOKIE = 'cp-images=member';

const TINY_DATA_URL = `data:image/png;base64,${tinyPng(6).toString('base64')}`;
const LAZY_PLACEHOLDER = 'data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7';

const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><article><h1>${title}</h1>${body}</article></body></html>`;

/**
 * Every kind of image, in an article: plain, lazy (`data-src`), `srcset`, `<picture>`, inline
 * SVG, an SVG file with a script, cross-origin (the remote server), behind a cookie check,
 * broken, a decompression bomb, a redirect to another host, a data: URL, and a very large one.
 */
function imagesPage(remote: string): string {
  const prose = paragraphs(11, 9).map((p) => `<p>${p}</p>`);
  return page(
    'Lamps of the Northern Harbours',
    [
      prose[0],
      '<figure><img src="/img/plain.png" alt="Plain lamp" width="64" height="64"><figcaption>A plain image.</figcaption></figure>',
      prose[1],
      `<p><img src="${LAZY_PLACEHOLDER}" data-src="/img/lazy.png" alt="Lazy lamp"></p>`,
      '<p><img src="/img/small.png" srcset="/img/small.png 1x, /img/large.png 2x" alt="Srcset lamp"></p>',
      '<picture><source srcset="/img/pic.png" type="image/png"><img src="/img/fallback.png" alt="Picture lamp"></picture>',
      prose[2],
      '<p>The compass rose <svg width="48" height="48" viewBox="0 0 48 48" role="img" aria-label="Inline compass"><circle cx="24" cy="24" r="20" fill="#2a6f97"></circle></svg> points north.</p>',
      '<p><img src="/img/drawing.svg" alt="Drawing with a script"></p>',
      prose[3],
      `<p><img src="${remote}/cross-origin.png" alt="Cross-origin lamp"></p>`,
      '<p><img src="/img/cookie.png" alt="Members-only lamp"></p>',
      prose[4],
      '<p><img src="/img/broken.png" alt="Broken lamp"></p>',
      '<p><img src="/img/bomb.png" alt="Bomb lamp"></p>',
      `<p><img src="/img/redirect.png?to=${encodeURIComponent(remote)}" alt="Redirected lamp"></p>`,
      prose[5],
      `<p><img src="${TINY_DATA_URL}" alt="Inline data lamp"></p>`,
      '<p><img src="/img/huge.png" alt="Huge lamp"></p>',
      ...prose.slice(6),
    ].join('\n'),
  );
}

/** Four noise images (each ~200 KB, ~100 KB as WebP): a clip over a small cap. */
const heavyPage = () =>
  page('Noise Over the Estuary', paragraphs(12, 6).map((p, i) => `<p>${p}</p>${i < 4 ? `<p><img src="/img/noise.png?seed=${i + 1}" alt="Noise ${i + 1}"></p>` : ''}`).join('\n'));

/** A fast image and a slow one (`ms` late): a background stopped while it fetches. */
const slowPage = (ms: number, tag: string) =>
  page('The Slow Lamp', paragraphs(13, 4).map((p, i) => `<p>${p}</p>${i === 1 ? `<p><img src="/img/plain.png?slow=${tag}" alt="Fast"><img src="/img/slow.png?ms=${ms}&amp;tag=${tag}" alt="Slow"></p>` : ''}`).join('\n'));

function send(res: ServerResponse, status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

let huge: Buffer | null = null;

/**
 * Serves the image fixtures; false for any other path. Pages: `/images/article.html` (sets
 * `IMAGE_COOKIE`), `/images/heavy.html`, `/images/slow.html?ms=N&tag=T`. Images: `/img/*.png`
 * (small PNGs; `huge.png` 3000×1500; `noise.png?seed=N` 256×256 noise; `slow.png?ms=N`
 * late; `cookie.png` 403 without the cookie; `broken.png` not an image; `bomb.png` a header
 * declaring 100,000×100,000; `redirect.png?to=ORIGIN` a 302 there), `/img/drawing.svg`.
 */
export function imageRoute(url: URL, req: IncomingMessage, res: ServerResponse, remote: string): boolean {
  const path = url.pathname;
  const html = 'text/html; charset=utf-8';
  if (path === '/images/article.html') return send(res, 200, html, imagesPage(remote), { 'set-cookie': `${IMAGE_COOKIE}; Path=/; SameSite=Lax` }), true;
  if (path === '/images/heavy.html') return send(res, 200, html, heavyPage()), true;
  if (path === '/images/slow.html') return send(res, 200, html, slowPage(Number(url.searchParams.get('ms')) || 3_000, url.searchParams.get('tag') ?? 'x')), true;
  if (!path.startsWith('/img/')) return false;
  const name = path.slice('/img/'.length);
  if (name === 'drawing.svg') return send(res, 200, 'image/svg+xml', HOSTILE_SVG.replaceAll('{{REMOTE}}', remote)), true;
  if (name === 'cookie.png') {
    const member = (req.headers.cookie ?? '').split(/;\s*/).includes(IMAGE_COOKIE);
    return member ? send(res, 200, 'image/png', pngOf(40, 30)) : send(res, 403, 'text/plain', 'members only'), true;
  }
  if (name === 'broken.png') return send(res, 200, 'image/png', 'this is not a PNG, whatever the header says'), true;
  if (name === 'bomb.png') return send(res, 200, 'image/png', pngOf(1, 1, { declare: [100_000, 100_000] })), true;
  if (name === 'redirect.png') return send(res, 302, 'text/plain', '', { location: `${url.searchParams.get('to') ?? ''}/redirected.png` }), true;
  if (name === 'huge.png') return send(res, 200, 'image/png', (huge ??= pngOf(3000, 1500))), true;
  if (name === 'noise.png') return send(res, 200, 'image/png', pngOf(256, 256, { seed: Number(url.searchParams.get('seed')) || 1 })), true;
  if (name === 'slow.png') {
    const timer = setTimeout(() => send(res, 200, 'image/png', pngOf(50, 20)), Math.min(Number(url.searchParams.get('ms')) || 0, 60_000));
    req.once('close', () => clearTimeout(timer));
    return true;
  }
  const sizes: Record<string, number> = { 'plain.png': 64, 'lazy.png': 40, 'small.png': 24, 'large.png': 48, 'pic.png': 36, 'fallback.png': 12 };
  return send(res, 200, 'image/png', pngOf(sizes[name] ?? 16, sizes[name] ?? 16)), true;
}

/**
 * A picture-like RGB PNG of `w`×`h` (a sky over water, a sun, a shore), its colours turned by
 * `hue` (0-1): what a clip's saved lead image looks like in a screenshot, made in code.
 */
export function scenePng(w: number, h: number, hue: number): Buffer {
  const rows = Buffer.alloc((w * 3 + 1) * h);
  const tint = (base: number, k: number) => Math.max(0, Math.min(255, Math.round(base + 90 * Math.sin(2 * Math.PI * (hue + k)))));
  const [sunX, sunY, sunR] = [w * (0.25 + 0.5 * hue), h * 0.35, Math.min(w, h) * 0.12];
  for (let y = 0; y < h; y++) {
    const row = y * (w * 3 + 1);
    for (let x = 0; x < w; x++) {
      const at = row + 1 + x * 3;
      const sky = y < h * 0.55;
      const shore = y > h * (0.8 - 0.1 * Math.sin((x / w) * Math.PI * 2 + hue * 6));
      const sun = (x - sunX) ** 2 + (y - sunY) ** 2 < sunR ** 2;
      const t = y / h;
      const [r, g, b] = sun ? [250, 214, 120] : sky ? [tint(150 + 60 * t, 0), tint(180 + 40 * t, 0.33), tint(230, 0.66)] : shore ? [tint(120, 0.1), tint(100, 0.2), 70] : [tint(40, 0.5), tint(90 + 60 * t, 0.8), tint(140, 0.6)];
      rows[at] = r;
      rows[at + 1] = g;
      rows[at + 2] = b;
    }
  }
  return pngFile(w, h, 2, rows);
}
