// @vitest-environment jsdom
/**
 * Lazy-loading scripts put a placeholder in `src` until the image scrolls into view: often a
 * data: URL, but as often a real file the browser loads at once (Jetpack's `1x1.trans.gif` with
 * `data-lazy-src`, a3 Lazy Load's `lazy_placeholder.gif` with `data-src`, a blurred thumbnail).
 * Such a placeholder has loaded, so the browser's `currentSrc` was trusted and the clip stored a
 * blank 1×1 GIF for every image below the fold. A script (its class says `lazy…`) copies its
 * attribute into `src` (or `srcset`) as written; until it has, the lazy attribute names the image.
 *
 * And the `<source>` of a `<picture>` chosen for an image not loaded yet (every image of a
 * "Save link", far-below-the-fold `loading=lazy` ones) ignored its `type`: a JPEG XL source,
 * which Chromium and Firefox skip and src/images cannot keep, was stored instead of the WebP or
 * JPEG the browser shows.
 */
import { describe, expect, it } from 'vitest';
import { extractFromDocument, extractFromHtml } from '../../../src/capture/extract';
import { imagesOfHtml } from '../../../src/images/image-list';
import { chooseImage, type ImageFacts } from '../../../src/snapshot/images';

const PAGE = 'https://blog.example.com/2024/lamps/';
const GIF = 'https://blog.example.com/wp-content/plugins/jetpack/modules/lazy-images/images/1x1.trans.gif';
const prose = (n: number) => Array.from({ length: n }, (_, i) => `<p>Paragraph ${i} about the lamps that keep ships off the rocks at night, and the keepers who tended them.</p>`).join('');

/** What a browser reports for an `<img>` that has loaded `url`. */
function loaded(img: Element, url: string, naturalWidth = 1): void {
  Object.defineProperty(img, 'currentSrc', { value: url });
  Object.defineProperty(img, 'complete', { value: true });
  Object.defineProperty(img, 'naturalWidth', { value: naturalWidth });
}

const facts = (attrs: Record<string, string>, more: Partial<ImageFacts>): ImageFacts => ({
  currentSrc: '', loaded: false, attr: (n) => attrs[n] ?? null, pictureSrcset: null, width: 0, dpr: 1, ...more,
});

describe('a lazy image whose placeholder has loaded', () => {
  it('is stored as the lazy image, not the placeholder (Jetpack, a3 Lazy Load, a blurred thumbnail)', () => {
    const doc = new DOMParser().parseFromString(
      `<!doctype html><html><head><title>Lamps</title><base href="${PAGE}"></head><body><article><h1>Lamps</h1>${prose(3)}
      <img id="jp" src="${GIF}" data-lazy-src="/wp-content/uploads/2024/lamp.jpg?is-pending-load=1" class="jetpack-lazy-image" width="1024" height="768" alt="Jetpack">
      <img id="a3" src="/wp-content/plugins/a3-lazy-load/assets/images/lazy_placeholder.gif" data-src="/img/keeper.jpg" class="lazy lazy-hidden" alt="a3">
      <img id="lqip" src="/img/tower-20px.jpg" data-srcset="/img/tower-800.jpg 800w, /img/tower-1600.jpg 1600w" class="lazyload" width="800" alt="Blurred">
      <img id="done" src="/img/swapped.jpg" data-src="/img/swapped.jpg" class="lazyloaded" alt="Swapped">
      ${prose(3)}</article></body></html>`,
      'text/html',
    );
    loaded(doc.getElementById('jp')!, GIF);
    loaded(doc.getElementById('a3')!, 'https://blog.example.com/wp-content/plugins/a3-lazy-load/assets/images/lazy_placeholder.gif');
    loaded(doc.getElementById('lqip')!, 'https://blog.example.com/img/tower-20px.jpg', 20);
    loaded(doc.getElementById('done')!, 'https://blog.example.com/img/swapped.jpg', 1200);
    const out = extractFromDocument(doc, { kind: 'page', pageUrl: PAGE });
    expect(imagesOfHtml(out.html)).toEqual([
      { src: 'https://blog.example.com/wp-content/uploads/2024/lamp.jpg?is-pending-load=1', alt: 'Jetpack' },
      { src: 'https://blog.example.com/img/keeper.jpg', alt: 'a3' },
      { src: 'https://blog.example.com/img/tower-800.jpg', alt: 'Blurred' },
      { src: 'https://blog.example.com/img/swapped.jpg', alt: 'Swapped' },
    ]);
  });

  it("keeps the browser's choice once the script has swapped the image in (lazysizes keeps data-src and data-srcset), or with no lazy loader", () => {
    const swapped = { class: 'lazyloaded', src: 'real.jpg', 'data-src': 'real.jpg', srcset: 'a.jpg 1x, b.jpg 2x', 'data-srcset': 'a.jpg 1x, b.jpg 2x' };
    expect(chooseImage(facts(swapped, { currentSrc: 'https://x/b.jpg', loaded: true, dpr: 2 }))).toEqual({ url: 'https://x/b.jpg', lazyAttrs: [] });
    const waiting = { class: 'lazyload', src: 'blank.gif', 'data-src': 'real.jpg' };
    expect(chooseImage(facts(waiting, { currentSrc: 'https://x/blank.gif', loaded: true }))).toEqual({ url: 'real.jpg', lazyAttrs: ['data-src'] });
    // A script that set `src` to the absolute URL it was given.
    expect(chooseImage(facts({ class: 'lazy', src: 'https://x/real.jpg', 'data-src': 'https://x/real.jpg' }, { currentSrc: 'https://x/real.jpg', loaded: true }))).toEqual({ url: 'https://x/real.jpg', lazyAttrs: [] });
    // No lazy loader's class: a loaded image is what shows (a zoom library's larger `data-original` is not).
    expect(chooseImage(facts({ src: 'small.jpg', 'data-original': 'large.jpg' }, { currentSrc: 'https://x/small.jpg', loaded: true }))).toEqual({ url: 'https://x/small.jpg', lazyAttrs: [] });
  });
});

describe('the <source> of a <picture> not loaded yet', () => {
  it('is the first, before the image, of a type the browser shows (a saved link)', () => {
    const html = `<!doctype html><html><head><title>Lamps</title></head><body><article><h1>Lamps</h1>${prose(3)}
      <picture><source type="image/jxl" srcset="/img/lamp.jxl"><source type="image/webp" srcset="/img/lamp.webp"><img src="/img/lamp.jpg" alt="Typed" loading="lazy"></picture>
      <picture><source type="image/jpg" srcset="/img/keeper-2x.jpg"><img src="/img/keeper.jpg" alt="Jpg"></picture>
      <picture><source data-srcset="/img/tower.webp" type="image/webp"><img src="/img/tower.jpg" alt="Lazy source"></picture>
      <picture><img src="/img/first.jpg" alt="Source after"><source srcset="/img/never.webp"></picture>
      ${prose(3)}</article></body></html>`;
    const out = extractFromHtml(html, PAGE, 'text/html', new DOMParser());
    expect(imagesOfHtml(out.html)).toEqual([
      { src: 'https://blog.example.com/img/lamp.webp', alt: 'Typed' },
      { src: 'https://blog.example.com/img/keeper-2x.jpg', alt: 'Jpg' },
      { src: 'https://blog.example.com/img/tower.webp', alt: 'Lazy source' },
      { src: 'https://blog.example.com/img/first.jpg', alt: 'Source after' },
    ]);
  });
});
