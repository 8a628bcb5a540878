// @vitest-environment jsdom
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { captureDocument } from '../../../src/capture/extract';

const PAGE_URL = 'https://mag.example.com/story';
const PARA = '<p>The harbour wall was rebuilt after the storm, stone by stone, by the people who fish from it every morning before dawn.</p>';

/** What a browser reports for an image it has loaded: its srcset choice and its natural size (jsdom loads nothing). */
function shown(img: HTMLImageElement, currentSrc: string): void {
  Object.defineProperty(img, 'currentSrc', { value: currentSrc });
  Object.defineProperty(img, 'complete', { value: true });
  Object.defineProperty(img, 'naturalWidth', { value: 1200 });
}

describe('images on a page with an open modal (a cookie banner)', () => {
  it('are the ones the browser chose, as on a page without one', () => {
    const html = `<!doctype html><html><head><title>Story</title></head><body>
      <main aria-hidden="true"><article><h1>Story</h1>${PARA.repeat(3)}
        <img srcset="/w400.jpg 400w, /w1200.jpg 1200w, /w2400.jpg 2400w" sizes="100vw" src="/w400.jpg" alt="Harbour">
        ${PARA.repeat(2)}</article></main>
      <div role="dialog" aria-modal="true"><p>We use cookies.</p><button>OK</button></div></body></html>`;
    const doc = new JSDOM(html, { url: PAGE_URL }).window.document;
    // A 2× screen: the browser took the 2400 px picture.
    shown(doc.querySelector('img')!, 'https://mag.example.com/w2400.jpg');
    const page = captureDocument(doc, { kind: 'page', pageUrl: PAGE_URL });
    expect(page.html).toContain('src="https://mag.example.com/w2400.jpg"');
    expect(page.html).not.toContain('cookies');
  });
});
