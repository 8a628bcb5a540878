/**
 * Review (import path): an imported item for a page saved from the browser under its canonical
 * link is found by the page's own address (`clipAtPageUrl`), through the index's `findByUrl`,
 * which answers one row: the first whose address matches, deleted clips and saved selections
 * included. When that row was a selection of the page, or a deleted clip of it, the live clip
 * of the page was never looked at: the import made a second clip of the page, or merged into
 * the deleted clip (never seen again).
 */
import { describe, expect, it } from 'vitest';
import { textOfHtml } from '../../../src/capture/text';
import type { ImportCapture } from '../../../src/library/import-entry';
import { openLibrary, page } from './helpers';

const ADDRESS = 'https://merge.example/post?id=9';
const ARTICLE = '<p>The sea was calm that morning. Nobody expected the storm.</p>';

function link(url: string, tags: string[]): Omit<ImportCapture, 'filing'> {
  const html = `<p>Imported. <a href="${url}">open the original</a>.</p>`;
  return {
    page: page({ kind: 'link', extractor: 'text', pageUrl: url, canonicalUrl: null, title: url, html, text: textOfHtml(html) }),
    savedAt: 1_600_000_000_000,
    tags,
    readAt: null,
    archivedAt: null,
    highlights: [],
  };
}

describe('an import of a page address the library holds under its canonical link', () => {
  it('is a duplicate of the clip of the page, not of a selection saved from it before', async () => {
    const lib = await openLibrary();
    await lib.library.save(page({ kind: 'selection', pageUrl: ADDRESS, canonicalUrl: 'https://merge.example/posts/nine', html: '<p>calm</p>', text: 'calm' }));
    const saved = await lib.library.save(page({ pageUrl: ADDRESS, canonicalUrl: 'https://merge.example/posts/nine', html: ARTICLE, text: textOfHtml(ARTICLE) }));
    await lib.library.settled();
    const [o] = await lib.library.importBatch([link(ADDRESS, ['pocket'])]);
    expect(o).toEqual({ kind: 'duplicate', clip: saved.clip.id });
    expect(lib.library.counts().live).toBe(2);
    expect((await lib.library.get(saved.clip.id)).tags).toEqual(['pocket']);
  });

  it('is a duplicate of the live clip of the page, not of a deleted one saved from the same address', async () => {
    const lib = await openLibrary();
    // Saved under one canonical link, deleted; the site's canonical link changed, saved again.
    const old = await lib.library.save(page({ pageUrl: ADDRESS, canonicalUrl: 'https://merge.example/posts/nine', html: ARTICLE, text: textOfHtml(ARTICLE) }));
    await lib.library.setDeleted(old.clip.id, true);
    const saved = await lib.library.save(page({ pageUrl: ADDRESS, canonicalUrl: 'https://merge.example/2026/nine', html: ARTICLE, text: textOfHtml(ARTICLE) }));
    await lib.library.settled();
    expect(saved.created).toBe(true);
    const [o] = await lib.library.importBatch([link(ADDRESS, ['pocket'])]);
    expect(o).toEqual({ kind: 'duplicate', clip: saved.clip.id });
    expect((await lib.library.get(saved.clip.id)).tags).toEqual(['pocket']);
  });
});
