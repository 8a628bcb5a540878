// @vitest-environment jsdom
/**
 * Found in review: `imagesOfHtml` (src/images/image-list.ts) scanned for `<!--`, `<script`, `<style`,
 * `<title`, `<textarea` and `<img` anywhere in the text, attribute values included; the capture
 * sanitiser's serialisation leaves `<` and `>` unescaped in attribute values (jsdom here, Chromium
 * before 138, Firefox before 140), so a tooltip mentioning a tag decides which images are saved.
 */
import { describe, expect, it } from 'vitest';
import { imagesOfHtml } from '../../../src/images/image-list';
import { createSanitizer } from '../../../src/sanitize/sanitize';

const stored = (html: string) => createSanitizer(window as never).sanitizeCapture(html, 'https://example.com/post');

describe('imagesOfHtml and attribute values', () => {
  it('an image after a title attribute mentioning <script> or <!-- is still saved', () => {
    for (const title of ['Use a <script> tag', '<!-- a comment', 'the <style> element']) {
      const html = stored(`<p><abbr title="${title}">x</abbr></p><img src="/a.jpg" alt="A">`);
      expect(html).toContain('<img');
      // Empty today: the image is never fetched, and the reader says "(image not saved)" offline.
      expect(imagesOfHtml(html), title).toEqual([{ src: 'https://example.com/a.jpg', alt: 'A' }]);
    }
  });

  it('an <img> written inside an attribute value is not an image of the article', () => {
    const html = stored('<p><a href="/x" title="<img src=https://tracker.example/pixel.png>">x</a></p><img src="/a.jpg" alt="A">');
    // Today the tooltip's URL is fetched and saved too, and takes its share of the per-clip cap.
    expect(imagesOfHtml(html).map((i) => i.src)).toEqual(['https://example.com/a.jpg']);
  });
});
