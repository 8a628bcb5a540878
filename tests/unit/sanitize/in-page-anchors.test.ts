// @vitest-environment jsdom
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { extractFromDocument, extractFromHtml } from '../../../src/capture/extract';
import { createSanitizer, type DomWindow } from '../../../src/sanitize/sanitize';

const PAGE_URL = 'https://docs.example.com/guide/tides?lang=en';
const PARA = '<p>The tide comes in twice a day and leaves water caught among the rocks, where small animals wait for it to come back.</p>';

function guide(extra = ''): string {
  return `<!doctype html><html><head><title>Tides</title></head><body><article>
    <h1>Tides</h1>
    <nav><ol><li><a href="#section-2">Second part</a></li><li><a href="#caf%C3%A9">Café</a></li><li><a href="#old-anchor">Old</a></li><li><a href="#gone">Gone</a></li></ol></nav>
    ${PARA.repeat(3)}
    <h2 id="section-2">Second part</h2>${PARA.repeat(2)}
    <h2 id="café">Café</h2>${PARA}
    <p><a name="old-anchor"></a>Old style anchor. ${PARA}</p>
    <p>Back to <a href="${PAGE_URL}#section-2">the second part</a>, or <a href="https://docs.example.com/guide/other#section-2">another page</a>.</p>
    ${extra}
  </article></body></html>`;
}

const extractPage = (html: string) => extractFromDocument(new JSDOM(html, { url: PAGE_URL }).window.document, { kind: 'page', pageUrl: PAGE_URL });

describe('in-page anchor links', () => {
  it('stay links to their kept target inside the saved article, under a prefixed id', () => {
    const page = extractPage(guide());
    expect(page.html).toContain('<a href="#user-content-section-2">Second part</a>');
    expect(page.html).toMatch(/<h2 id="user-content-section-2">Second part<\/h2>/);
    // A percent-encoded fragment finds its decoded id, as a browser finds it.
    expect(page.html).toContain('<a href="#user-content-caf%C3%A9">Café</a>');
    expect(page.html).toContain('id="user-content-café"');
    // An old `<a name>` anchor is a target too.
    expect(page.html).toContain('<a href="#user-content-old-anchor">Old</a>');
    expect(page.html).toMatch(/<a id="user-content-old-anchor"><\/a>/);
    // An absolute link to this very page plus a fragment is in-document too; another page's is not.
    expect(page.html).toContain('<a href="#user-content-section-2">the second part</a>');
    expect(page.html).toContain('href="https://docs.example.com/guide/other#section-2"');
  });

  it('points at the original page when the target is not kept', () => {
    const page = extractPage(guide());
    expect(page.html).toContain(`<a href="${PAGE_URL}#gone">Gone</a>`);
  });

  it('keeps no id that no link names', () => {
    const page = extractPage(guide('<h3 id="unlinked">Unlinked</h3>'));
    expect(page.html).not.toContain('unlinked"');
    expect(page.html.match(/ id="/g)?.length).toBe(3);
  });

  it('works for a saved link (no tab) too', () => {
    const { DOMParser } = new JSDOM('').window;
    const page = extractFromHtml(guide(), PAGE_URL, 'text/html', new DOMParser());
    expect(page.html).toContain('<a href="#user-content-section-2">Second part</a>');
    expect(page.html).toMatch(/<h2 id="user-content-section-2">/);
  });

  it('leaves a stored article unchanged when it is sanitised again (an import)', () => {
    const win = new JSDOM('').window as unknown as DomWindow;
    const stored = extractPage(guide()).html;
    expect(createSanitizer(win).sanitizeCapture(stored, PAGE_URL)).toBe(stored);
  });

  it('are kept by the reader profile, which opens them in place and keeps only prefixed ids', () => {
    const win = new JSDOM('').window as unknown as DomWindow;
    const reader = createSanitizer(win).sanitizeForReader(
      '<p><a href="#user-content-s2">Jump</a> <a href="#s2">raw</a></p><h2 id="user-content-s2">Two</h2><h2 id="location">Clobber</h2><a href="https://example.com/">out</a>',
    );
    expect(reader).toContain('<a href="#user-content-s2">Jump</a>');
    expect(reader).toContain('<h2 id="user-content-s2">Two</h2>');
    expect(reader).not.toContain('id="location"');
    expect(reader).not.toContain('href="#s2"');
    expect(reader).toContain('<a href="https://example.com/" target="_blank" rel="noopener noreferrer">out</a>');
  });
});
