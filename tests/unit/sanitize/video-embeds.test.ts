// @vitest-environment jsdom
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { extractFromDocument } from '../../../src/capture/extract';
import { createSanitizer, type DomWindow } from '../../../src/sanitize/sanitize';

const PAGE_URL = 'https://blog.example.com/2024/how-tides-work';
const PARA = '<p>The tide comes in twice a day and leaves water caught among the rocks, where small animals wait for it to come back.</p>';
const sanitizer = () => createSanitizer(new JSDOM('').window as unknown as DomWindow);

describe('embedded videos', () => {
  it('leave a link to the video where the player was, not nothing', () => {
    const html = `<!doctype html><html><head><title>Tides</title></head><body><article><h1>Tides</h1>${PARA.repeat(3)}
      <p>Watch this first:</p>
      <iframe width="560" height="315" src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?start=30" title="How tides work" allowfullscreen></iframe>
      ${PARA.repeat(2)}<iframe src="//player.vimeo.com/video/76979871?h=8272103f6e" title="vimeo-player"></iframe>${PARA}</article></body></html>`;
    const page = extractFromDocument(new JSDOM(html, { url: PAGE_URL }).window.document, { kind: 'page', pageUrl: PAGE_URL });
    expect(page.html).toContain('<a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ&amp;t=30">Video: How tides work</a>');
    expect(page.html).toContain('<a href="https://vimeo.com/76979871">Video (vimeo.com)</a>');
    expect(page.text).toContain('Video: How tides work');
    expect(page.html).not.toContain('<iframe');
  });

  it('names a player with no title by its site', () => {
    const out = sanitizer().sanitizeCapture('<p>A</p><iframe src="https://www.dailymotion.com/embed/video/x8abc"></iframe>', PAGE_URL);
    expect(out).toContain('<a href="https://www.dailymotion.com/embed/video/x8abc">Video (www.dailymotion.com)</a>');
  });

  it('finds the player of a lazy-loaded frame in its data-src', () => {
    const out = sanitizer().sanitizeCapture('<p>A</p><iframe src="about:blank" data-src="https://www.youtube.com/embed/abc_DEF-123" title="Tide tables explained"></iframe>', PAGE_URL);
    expect(out).toBe('<p>A</p><a href="https://www.youtube.com/watch?v=abc_DEF-123">Video: Tide tables explained</a>');
  });

  it('leaves other frames out, as before (ads, widgets)', () => {
    const out = sanitizer().sanitizeCapture('<p>A</p><iframe src="https://ads.example.net/slot?id=1" title="Advertisement"></iframe><iframe srcdoc="<p>x</p>"></iframe>', PAGE_URL);
    expect(out).toBe('<p>A</p>');
  });
});
