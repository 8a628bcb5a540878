import { describe, expect, it } from 'vitest';
import { fetchedPage, mayAwaitArticle, needsArticle, outcomeOfFailure, retryAfterMs } from '../../../src/import/fetch-outcome';
import { countWords } from '../../../src/library/clip-record';
import { linkPage } from '../../../src/import/to-capture';
import { fileOf } from '../../../src/library/clip-record';
import type { ExtractedPage } from '../../../src/schema/capture';
import type { ClipView } from '../../../src/schema/clip-summary';
import type { ClipId } from '../../../src/schema/ids';

const NOW = Date.UTC(2026, 0, 2);
const item = { url: 'https://news.example/story?id=7', title: '', savedAt: NOW, tags: [], state: 'unread' as const, highlights: [] };

/** The clip an import wrote for `item` (as the reader reads it back). */
function viewOf(page: ExtractedPage, over: Partial<ClipView> = {}): ClipView {
  const filing = fileOf(page);
  return {
    id: 'c1' as ClipId,
    key: filing.key,
    kind: page.kind,
    url: filing.url,
    pageUrl: filing.pageUrl,
    title: page.title,
    siteName: page.siteName,
    byline: page.byline,
    excerpt: page.excerpt,
    publishedTime: page.publishedTime,
    savedAt: NOW,
    capturedAt: NOW,
    wordCount: 11,
    readAt: null,
    archivedAt: null,
    deletedAt: null,
    canonicalUrl: page.canonicalUrl,
    lang: null,
    dir: null,
    html: page.html,
    text: page.text,
    favoriteAt: null,
    tags: [],
    hasNote: false,
    note: '',
    position: null,
    tooNew: false,
    ...over,
  };
}

const article: ExtractedPage = {
  kind: 'link',
  extractor: 'readability',
  pageUrl: 'https://www.news.example/2026/story-seven',
  canonicalUrl: 'https://news.example/canonical/seven',
  title: 'Story seven',
  byline: 'Ann',
  siteName: 'News',
  lang: 'en',
  dir: null,
  publishedTime: null,
  excerpt: 'The start',
  html: '<p>The whole story.</p>',
  text: 'The whole story.',
};

describe('needsArticle', () => {
  it('knows the placeholder of every import source, and nothing else', () => {
    for (const format of ['pocket-csv', 'pocket-html', 'omnivore', 'bookmarks-html'] as const) expect(needsArticle(viewOf(linkPage(item, format)))).toBe(true);
    const page = linkPage(item, 'pocket-csv');
    expect(needsArticle(viewOf(page, { deletedAt: NOW }))).toBe(false);
    expect(needsArticle(viewOf(page, { kind: 'page' }))).toBe(false);
    expect(needsArticle(viewOf(page, { text: 'The whole story.' }))).toBe(false);
  });
});

describe('mayAwaitArticle', () => {
  it("takes every import source's placeholder, by its kind and length alone, and no page or longer link", () => {
    for (const format of ['pocket-csv', 'pocket-html', 'omnivore', 'bookmarks-html'] as const) {
      const page = linkPage(item, format);
      expect(mayAwaitArticle({ kind: page.kind, wordCount: countWords(page.text) })).toBe(true);
    }
    expect(mayAwaitArticle({ kind: 'page', wordCount: 12 })).toBe(false);
    expect(mayAwaitArticle({ kind: 'link', wordCount: 21 })).toBe(false);
  });
});

describe('fetchedPage', () => {
  it('files the article under the clip it updates, whatever the redirect or canonical link said', () => {
    const clip = viewOf(linkPage({ ...item, title: 'My title', excerpt: 'Mine' }, 'pocket-csv'));
    const page = fetchedPage(clip, article);
    expect(fileOf(page).key).toBe(clip.key);
    expect(page).toMatchObject({ kind: 'link', title: 'My title', excerpt: 'Mine', byline: 'Ann', siteName: 'News', html: '<p>The whole story.</p>', extractor: 'readability' });
  });

  it('an untitled link takes the article title', () => {
    const clip = viewOf(linkPage(item, 'bookmarks-html'));
    expect(clip.title).toBe(item.url);
    expect(fetchedPage(clip, article).title).toBe('Story seven');
  });
});

describe('outcomeOfFailure', () => {
  const url = 'https://a.example/x';
  it('404 fails the link with the message; not HTML and too large are skipped', () => {
    expect(outcomeOfFailure({ url, code: 'fetch-failed', message: 'the server answered 404 Not Found.', status: 404 }, NOW)).toEqual({ kind: 'failed', url, reason: 'the server answered 404 Not Found.', retry: false });
    expect(outcomeOfFailure({ url, code: 'unsupported-type', message: 'This link is a PDF.' }, NOW)).toEqual({ kind: 'skipped', reason: 'This link is a PDF.', requested: true });
    expect(outcomeOfFailure({ url, code: 'too-large', message: 'Larger than 15 MB.' }, NOW).kind).toBe('skipped');
    expect(outcomeOfFailure({ url, code: 'no-content', message: 'No readable text.' }, NOW)).toMatchObject({ kind: 'failed', retry: false });
  });

  it('429, 503 and 5xx are retried, with the Retry-After; network errors too; a refused address is not requested', () => {
    expect(outcomeOfFailure({ url, code: 'fetch-failed', message: '429', status: 429, retryAfter: '120' }, NOW)).toMatchObject({ retry: true, retryAfterMs: 120_000 });
    expect(outcomeOfFailure({ url, code: 'fetch-failed', message: '503', status: 503, retryAfter: null }, NOW)).toEqual({ kind: 'failed', url, reason: '503', retry: true });
    expect(outcomeOfFailure({ url, code: 'fetch-failed', message: '502', status: 502 }, NOW)).toMatchObject({ retry: true });
    expect(outcomeOfFailure({ url, code: 'fetch-failed', message: 'no answer within 20 s' }, NOW)).toMatchObject({ retry: true });
    expect(outcomeOfFailure({ url, code: 'forbidden-page', message: 'not a web page' }, NOW)).toMatchObject({ retry: false, requested: false });
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(retryAfterMs('30', NOW)).toBe(30_000);
    expect(retryAfterMs(new Date(NOW + 90_000).toUTCString(), NOW)).toBe(90_000);
    expect(retryAfterMs(new Date(NOW - 90_000).toUTCString(), NOW)).toBe(0);
    expect(retryAfterMs('soon', NOW)).toBeUndefined();
    expect(retryAfterMs(null, NOW)).toBeUndefined();
  });
});
