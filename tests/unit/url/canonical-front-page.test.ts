// @vitest-environment jsdom
/**
 * A canonical naming the site's front page, given by a page below it, is a template's mistake:
 * a single-page app ships one static `index.html` with `<link rel="canonical" href="/">` (or a
 * site's layout sets the site root on every page), a theme hard-codes the home page as `og:url`.
 * Such a canonical was same-site, so it was respected: every article of the site was filed under
 * `https://site/`, one clip, and saving the second article overwrote the first.
 */
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { extractFromDocument } from '../../../src/capture/extract';
import { fileOf } from '../../../src/library/clip-record';
import { chooseCanonical } from '../../../src/url/canonical';

const P = (topic: string) =>
  Array.from({ length: 4 }, (_, i) => `<p>Part ${i} of the article about ${topic}: what it is, where it comes from, and why readers of this site keep asking about it.</p>`).join('');

function saved(url: string, head: string, topic: string) {
  const dom = new JSDOM(`<!doctype html><html lang="en"><head><title>${topic}</title>${head}</head><body><article><h1>${topic}</h1>${P(topic)}</article></body></html>`, { url });
  return fileOf(extractFromDocument(dom.window.document, { kind: 'page', pageUrl: url, win: dom.window as never }));
}

describe('a canonical that names the front page', () => {
  it('does not file two articles of a single-page app as one clip', () => {
    const head = '<link rel="canonical" href="/">';
    const a = saved('https://app.example.com/articles/tides', head, 'Tides');
    const b = saved('https://app.example.com/articles/lamps', head, 'Lamps');
    expect([a.key, b.key]).toEqual(['https://app.example.com/articles/tides', 'https://app.example.com/articles/lamps']);
  });

  it("is ignored from a page below it (og:url of a theme, the site root of a layout), in its front page's spellings", () => {
    expect(saved('https://www.example.com/2024/05/tides/', '<meta property="og:url" content="https://www.example.com/">', 'Tides').key).toBe('https://www.example.com/2024/05/tides/');
    expect(chooseCanonical('https://www.example.com/blog/post-1', 'https://example.com')).toBe('https://www.example.com/blog/post-1');
    expect(chooseCanonical('https://example.com/news/1', 'https://example.com/index.html?utm_source=x')).toBe('https://example.com/news/1');
    // WordPress's plain permalinks: the post is a query on the front page.
    expect(chooseCanonical('https://example.com/?p=123', 'https://example.com/')).toBe('https://example.com/?p=123');
  });

  it('is respected from the front page itself, and other canonicals still are', () => {
    expect(chooseCanonical('https://www.example.com/index.php#top', 'https://example.com/')).toBe('https://example.com/');
    expect(chooseCanonical('https://example.com/amp/news/1', 'https://example.com/news/1')).toBe('https://example.com/news/1');
    expect(chooseCanonical('https://example.com/2024/05/hello/', 'https://example.com/?p=123')).toBe('https://example.com/?p=123');
  });
});
