// @vitest-environment jsdom
/**
 * MediaWiki (Wikipedia, Wikibooks, …) shows a formula as an SVG picture marked
 * `aria-hidden="true"` (class `mwe-math-fallback-image-inline`), next to its MathML copy hidden by
 * an inline `display: none` for screen readers. Readability drops the hidden MathML and keeps
 * the picture (its `fallback-image` rule, mozilla/readability#561), then the capture profile
 * deleted the picture as aria-hidden: every formula of a saved Wikipedia article vanished
 * ("The area of a circle is , where r is …"). Now the picture is kept (without `aria-hidden`,
 * so the reader shows it as a saved image) and the hidden MathML copy is not stored twice.
 */
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { extractFromDocument, extractSelection } from '../../../src/capture/extract';
import { imagesOfHtml } from '../../../src/images/image-list';
import { createSanitizer } from '../../../src/sanitize/sanitize';

const URL_ = 'https://en.wikipedia.org/wiki/Circle';
const SVG = 'https://wikimedia.org/api/rest_v1/media/math/render/svg/2b6b3a7c7e1bd6a1f2b7e6f6d1f3c1e4a2b6c7d8';
const TEX = '{\\displaystyle A=\\pi r^{2}}';
const FORMULA =
  `<span class="mwe-math-element"><span class="mwe-math-mathml-inline mwe-math-mathml-a11y" style="display: none;">` +
  `<math xmlns="http://www.w3.org/1998/Math/MathML" alttext="${TEX}"><semantics><mrow><mstyle displaystyle="true" scriptlevel="0">` +
  `<mi>A</mi><mo>=</mo><mi>π</mi><msup><mi>r</mi><mn>2</mn></msup></mstyle></mrow>` +
  `<annotation encoding="application/x-tex">${TEX}</annotation></semantics></math></span>` +
  `<img src="${SVG}" class="mwe-math-fallback-image-inline mw-invert skin-invert" aria-hidden="true" ` +
  `style="vertical-align: -0.338ex; width:9.06ex; height:2.676ex;" alt="${TEX}"></span>`;
const PROSE = Array.from(
  { length: 6 },
  (_, i) => `<p>Paragraph ${i}: a circle is the set of points in a plane at a given distance, the radius, from a given point, its centre; it has been studied since antiquity.</p>`,
).join('');

function doc(body: string): JSDOM {
  return new JSDOM(`<!doctype html><html lang="en"><head><title>Circle - Wikipedia</title></head><body>${body}</body></html>`, { url: URL_ });
}

describe('a MediaWiki formula', () => {
  it('is saved as its picture with the article (Readability), and the reader shows it', () => {
    const dom = doc(`<main><div id="mw-content-text"><h1>Circle</h1>${PROSE}<p id="f">The area of a circle is ${FORMULA}, where r is the radius.</p>${PROSE}</div></main>`);
    const page = extractFromDocument(dom.window.document, { kind: 'page', pageUrl: URL_, win: dom.window as never });
    expect(page.extractor).toBe('readability');
    expect(imagesOfHtml(page.html)).toEqual([{ src: SVG, alt: TEX }]);
    expect(page.html).not.toContain('aria-hidden');
    expect(page.html).not.toContain('<math');
    const reader = createSanitizer(dom.window as never).sanitizeForReaderMedia(page.html);
    expect(reader.media).toEqual([{ kind: 'image', src: SVG, alt: TEX }]);
  });

  it('is saved once, as its picture, from the body of a page without an article', () => {
    const dom = doc(`<p>Area: ${FORMULA}.</p>`);
    const page = extractFromDocument(dom.window.document, { kind: 'page', pageUrl: URL_, win: dom.window as never });
    expect(page.extractor).toBe('body');
    expect(imagesOfHtml(page.html)).toEqual([{ src: SVG, alt: TEX }]);
    expect(page.html).not.toContain('<math');
  });

  it('is saved as its picture with a selection', () => {
    const dom = doc(`${PROSE}<p id="f">The area of a circle is ${FORMULA}, where r is the radius.</p>`);
    const d = dom.window.document;
    const range = d.createRange();
    range.selectNodeContents(d.getElementById('f')!);
    const page = extractSelection(d, { rangeCount: 1, getRangeAt: () => range } as unknown as Selection, URL_, { win: dom.window as never });
    expect(imagesOfHtml(page.html)).toEqual([{ src: SVG, alt: TEX }]);
    expect(page.text).toBe('The area of a circle is , where r is the radius.');
  });

  it('other aria-hidden images and icons are still dropped', () => {
    const html = createSanitizer(window).sanitizeCapture('<p>Text <img src="/icon.png" aria-hidden="true" alt=""><svg aria-hidden="true"><path d="M0 0"></path></svg></p>', URL_);
    expect(html).toBe('<p>Text </p>');
  });
});
