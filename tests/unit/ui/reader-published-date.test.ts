// @vitest-environment jsdom
/**
 * The reader's published date. Pages state it in any words (capture keeps them as given, at most
 * 200 characters; imports too), and the reader showed `new Date(text).toLocaleDateString()`:
 * "Invalid Date" for words `Date` cannot read, and a bare day (`2024-03-18`) as the day before
 * west of Greenwich. It now shows the day in the list's form, or the page's own words.
 * (The time zone's part is tests/unit/ui/published-label.test.ts: this file's jsdom keeps UTC.)
 */

import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { mountPoint, wait } from './list-dom';

let published: string | null = null;
const clip = () => ({
  id: 'clipA', key: 'clipA', kind: 'page', url: 'https://example.com/a', pageUrl: 'https://example.com/a', title: 'A clip', siteName: 'Example', byline: 'Ann', excerpt: null,
  publishedTime: published, savedAt: 1, capturedAt: 1, wordCount: 3, readAt: null, archivedAt: null, deletedAt: null, favoriteAt: null, tags: [], hasNote: false,
  canonicalUrl: null, lang: null, dir: null, html: '<p>text</p>', text: 'text', note: '', position: null, tooNew: false,
});
vi.mock('../../../extension/messaging', () => ({
  background: vi.fn((method: string) => {
    if (method === 'getClip') return Promise.resolve({ ok: true, value: clip() });
    if (method === 'clipHighlights') return Promise.resolve({ ok: true, value: { highlights: [] } });
    return new Promise(() => undefined);
  }),
}));
window.scrollTo = (() => undefined) as never;
const { Reader } = await import('../../../extension/ui/Reader');

async function metaFor(raw: string | null): Promise<string> {
  published = raw;
  const root = mountPoint();
  await act(() => render(h(Reader, { clipId: 'clipA', onBack: () => undefined, onDelete: () => undefined }), root));
  await wait(20);
  const text = root.querySelector('.reader-meta')?.textContent ?? '';
  render(null, root);
  return text;
}

const day = (y: number, m: number, d: number) => new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' }).format(new Date(y, m - 1, d, 12));

describe('the reader’s published date', () => {
  it('shows words Date cannot read as the page wrote them, never "Invalid Date"', async () => {
    const meta = await metaFor('Spring 2019');
    expect(meta).not.toContain('Invalid Date');
    expect(meta).toContain('Ann · Example · Spring 2019 · Original');
    expect(await metaFor('yesterday')).toContain('Ann · Example · yesterday · Original');
    expect(await metaFor('18 March 2024')).toContain('Ann · Example · 18 March 2024 · Original');
  });

  it('shows a bare day as that day, in the list’s form', async () => {
    expect(await metaFor('2024-03-18')).toContain(`Ann · Example · ${day(2024, 3, 18)} · Original`);
  });

  it('shows a full timestamp as its day, and cuts very long words', async () => {
    expect(await metaFor('2024-03-18T12:00:00Z')).toContain(`Example · ${day(2024, 3, 18)} · Original`);
    const long = await metaFor(`Updated ${'x'.repeat(100)}`);
    expect(long).toContain('…');
    expect(long).not.toContain('x'.repeat(60));
  });

  it('shows nothing for no date', async () => {
    expect(await metaFor(null)).toMatch(/^Ann · Example · Original/);
  });
});
