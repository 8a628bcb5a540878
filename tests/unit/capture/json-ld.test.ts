// @vitest-environment jsdom
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { extractFromDocument } from '../../../src/capture/extract';

const PAGE_URL = 'https://news.example.com/2024/05/harbour';
const BODY = `<article><h2>Harbour</h2>${'<p>The harbour wall was rebuilt after the storm, stone by stone, by the people who fish from it every morning before dawn.</p>'.repeat(6)}</article>`;

function extract(jsonLd: unknown): ReturnType<typeof extractFromDocument> {
  const html = `<!doctype html><html><head><title>Harbour | News</title>
    <script type="application/ld+json">${JSON.stringify(jsonLd)}</script></head><body>${BODY}</body></html>`;
  const doc = new JSDOM(html, { url: PAGE_URL }).window.document;
  return extractFromDocument(doc, { kind: 'page', pageUrl: PAGE_URL });
}

const ARTICLE = {
  headline: 'The harbour wall, rebuilt',
  author: { '@type': 'Person', name: 'Ines Duarte' },
  datePublished: '2024-05-06T07:00:00Z',
  description: 'How a village rebuilt its harbour wall.',
  publisher: { '@type': 'Organization', name: 'Coast News' },
};

describe('JSON-LD metadata', () => {
  it('reads an article whose @type is an array', () => {
    const page = extract({ '@context': 'https://schema.org', '@type': ['Article', 'NewsArticle'], ...ARTICLE });
    expect(page.title).toBe('The harbour wall, rebuilt');
    expect(page.byline).toBe('Ines Duarte');
    expect(page.publishedTime).toBe('2024-05-06T07:00:00Z');
    expect(page.excerpt).toBe('How a village rebuilt its harbour wall.');
    expect(page.siteName).toBe('Coast News');
  });

  it('reads an article inside an @graph', () => {
    const page = extract({
      '@context': 'https://schema.org',
      '@graph': [
        { '@type': 'WebSite', name: 'Coast News', url: 'https://news.example.com/' },
        { '@type': 'BreadcrumbList', itemListElement: [] },
        { '@type': 'NewsArticle', ...ARTICLE },
      ],
    });
    expect(page.title).toBe('The harbour wall, rebuilt');
    expect(page.byline).toBe('Ines Duarte');
    expect(page.publishedTime).toBe('2024-05-06T07:00:00Z');
  });

  it('reads an article inside an @graph whose @type is an array', () => {
    const page = extract({ '@context': 'https://schema.org', '@graph': [{ '@type': ['WebPage'] }, { '@type': ['BlogPosting', 'Article'], ...ARTICLE }] });
    expect(page.title).toBe('The harbour wall, rebuilt');
    expect(page.byline).toBe('Ines Duarte');
  });

  it('ignores JSON-LD that names no article', () => {
    const page = extract({ '@context': 'https://schema.org', '@type': ['Product'], name: 'A boat' });
    expect(page.title).not.toBe('A boat');
  });
});

// Review of the helper's reader over the corpus (../shared/corpus, lazy-image-2): a CMS writes
// entities in JSON-LD strings, and the saved excerpt read "That&#039;s"; Readability decodes them.
describe('JSON-LD values as the page meant them', () => {
  it('decodes the HTML entities a CMS writes in them, as Readability does', () => {
    const page = extract({ '@context': 'https://schema.org', '@type': 'Article', ...ARTICLE, headline: 'Tom &amp; Jerry&#039;s &quot;harbour&quot; &#x2014; rebuilt', description: 'That&#039;s the wall &lt;3' });
    expect(page.title).toBe('Tom & Jerry\'s "harbour" — rebuilt');
    expect(page.excerpt).toBe("That's the wall <3");
  });

  it('reads no object outside schema.org (its words may mean anything), as Readability', () => {
    const page = extract({ '@context': 'https://example.org/vocab', '@type': 'Article', ...ARTICLE, headline: 'Not the title' });
    expect(page.title).not.toBe('Not the title');
    const graph = extract({ '@context': 'https://schema.org/', '@graph': [{ '@type': 'WebPage', name: 'Page' }, { '@type': ['BlogPosting'], ...ARTICLE }] });
    expect(graph.title).toBe('The harbour wall, rebuilt');
  });
});
