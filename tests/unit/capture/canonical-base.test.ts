// @vitest-environment jsdom
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { extractFromDocument, extractFromHtml } from '../../../src/capture/extract';

const BODY = `<article><h1>Tides</h1>${'<p>The tide comes in twice a day and leaves water caught among the rocks, where small animals wait for it to come back.</p>'.repeat(6)}</article>`;
const PAGE_URL = 'https://www.example.com/2024/05/tides?ref=home';

function page(head: string): string {
  return `<!doctype html><html><head><title>Tides</title><base href="https://www.example.com/blog/">${head}</head><body>${BODY}</body></html>`;
}

describe('canonical URL of a page with <base href>', () => {
  it('resolves a relative <link rel=canonical> against the document base, as a browser does', () => {
    const doc = new JSDOM(page('<link rel="canonical" href="tides">'), { url: PAGE_URL }).window.document;
    expect(extractFromDocument(doc, { kind: 'page', pageUrl: PAGE_URL }).canonicalUrl).toBe('https://www.example.com/blog/tides');
  });

  it('resolves a relative og:url against the document base', () => {
    const doc = new JSDOM(page('<meta property="og:url" content="tides-og">'), { url: PAGE_URL }).window.document;
    expect(extractFromDocument(doc, { kind: 'page', pageUrl: PAGE_URL }).canonicalUrl).toBe('https://www.example.com/blog/tides-og');
  });

  it('resolves it against the page base for a saved link too', () => {
    const { DOMParser } = new JSDOM('').window;
    const got = extractFromHtml(page('<link rel="canonical" href="tides">'), PAGE_URL, 'text/html', new DOMParser());
    expect(got.canonicalUrl).toBe('https://www.example.com/blog/tides');
  });

  it('still resolves against the page URL when there is no <base>', () => {
    const html = `<!doctype html><html><head><title>Tides</title><link rel="canonical" href="/a"></head><body>${BODY}</body></html>`;
    const doc = new JSDOM(html, { url: PAGE_URL }).window.document;
    expect(extractFromDocument(doc, { kind: 'page', pageUrl: PAGE_URL }).canonicalUrl).toBe('https://www.example.com/a');
  });
});
