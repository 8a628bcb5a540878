import { describe, expect, it } from 'vitest';
import { textOfHtml } from '../../../src/capture/text';
import type { ImportItem } from '../../../src/import/import-item';
import { FAVORITE_TAG, linkPage, toBatchItem, type ExtractHtml } from '../../../src/import/to-capture';
import type { ExtractedPage } from '../../../src/schema/capture';
import { AppFailure } from '../../../src/util/result';

const item = (over: Partial<ImportItem> = {}): ImportItem => ({
  url: 'https://example.com/a?x=1&y=2',
  title: 'A <title>',
  savedAt: 1_700_000_000_000,
  tags: ['news'],
  state: 'unread',
  highlights: [],
  ...over,
});
const noExtract: ExtractHtml = () => Promise.reject(new Error('must not be called'));

describe('toBatchItem', () => {
  it('makes an item without content a small link capture, its HTML escaped and its text derived', async () => {
    const out = await toBatchItem(item({ author: 'Ann', siteName: 'Ex', excerpt: 'Short', publishedAt: Date.UTC(2020, 0, 1) }), 'pocket-csv', noExtract);
    const page = out.page;
    expect(page).toMatchObject({ kind: 'link', extractor: 'text', pageUrl: 'https://example.com/a?x=1&y=2', title: 'A <title>', byline: 'Ann', siteName: 'Ex', excerpt: 'Short', publishedTime: '2020-01-01T00:00:00.000Z', canonicalUrl: null });
    expect(page.html).toBe('<p>Imported from Pocket. The article was not fetched: <a href="https://example.com/a?x=1&amp;y=2">open the original</a>.</p>');
    expect(page.text).toBe(textOfHtml(page.html));
    expect(out).toMatchObject({ savedAt: 1_700_000_000_000, tags: ['news'], readAt: null, archivedAt: null, highlights: [] });
  });

  it('an untitled item is titled by its URL; a bookmark says where it came from', () => {
    const page = linkPage(item({ title: '' }), 'bookmarks-html');
    expect(page.title).toBe('https://example.com/a?x=1&y=2');
    expect(page.text).toContain('Imported from your bookmarks.');
  });

  it('maps states, a favourite and highlights', async () => {
    const highlights = [
      { quote: 'one', createdAt: 5, note: 'why' },
      { quote: 'two', createdAt: 6, color: 'blue' as const },
    ];
    const read = await toBatchItem(item({ state: 'read', favorite: true, highlights }), 'omnivore', noExtract);
    expect(read).toMatchObject({ readAt: 1_700_000_000_000, archivedAt: null, tags: ['news', FAVORITE_TAG] });
    expect(read.highlights).toEqual([
      { quote: 'one', createdAt: 5, note: 'why', color: 'yellow' },
      { quote: 'two', createdAt: 6, note: '', color: 'blue' },
    ]);
    const archived = await toBatchItem(item({ state: 'archived', tags: ['Favorite'], favorite: true }), 'pocket-csv', noExtract);
    expect(archived).toMatchObject({ readAt: 1_700_000_000_000, archivedAt: 1_700_000_000_000, tags: ['Favorite'] });
  });

  it("sends untrustedHtml only through the extractor (url = item.url, text/html), the item's metadata over the page's", async () => {
    const calls: string[][] = [];
    const extract: ExtractHtml = async (html, url, type) => {
      calls.push([html, url, type]);
      const clean = '<p>Clean article</p>';
      return { kind: 'link', extractor: 'readability', pageUrl: url, canonicalUrl: null, title: 'Page title', byline: 'Page author', siteName: null, lang: 'en', dir: null, publishedTime: null, excerpt: 'Page excerpt', html: clean, text: textOfHtml(clean) } satisfies ExtractedPage;
    };
    const out = await toBatchItem(item({ untrustedHtml: '<p onclick="x()">Article</p><script>bad()</script>', author: 'Ann' }), 'omnivore', extract);
    expect(calls).toEqual([['<p onclick="x()">Article</p><script>bad()</script>', 'https://example.com/a?x=1&y=2', 'text/html']]);
    expect(out.page).toMatchObject({ extractor: 'readability', html: '<p>Clean article</p>', title: 'A <title>', byline: 'Ann', excerpt: 'Page excerpt', lang: 'en' });
  });

  it('keeps an item whose article the extractor refuses, as a link capture', async () => {
    const refuse: ExtractHtml = () => Promise.reject(new AppFailure('no-content', 'nothing readable'));
    const out = await toBatchItem(item({ untrustedHtml: '<div></div>', highlights: [{ quote: 'q', createdAt: 1 }] }), 'omnivore', refuse);
    expect(out.page.extractor).toBe('text');
    expect(out.page.html).not.toContain('<div>');
    expect(out.highlights).toHaveLength(1);
  });
});
