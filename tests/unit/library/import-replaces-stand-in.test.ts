/**
 * Found in a bug hunt: a clip imported without its article holds a stand-in (a link's "Imported
 * from Pocket. The article was not fetched: …", a restored clip's "This clip's article was not in
 * the Commonplace export …"), and a later import that has the article merged into it as any
 * duplicate does: the library's article won, so the stand-in stayed for good. Now an importer's
 * stand-in (src/library/stand-in.ts) is replaced by the real article, in the batch's one durable
 * write, the stand-in deleted from its document; the clip keeps its tags, states, note and
 * highlights (found again in the article); a real article is never replaced by an import. The
 * item is reported as `filled` (not as a duplicate: it was not skipped).
 */
import { describe, expect, it } from 'vitest';
import { textOfHtml } from '../../../src/capture/text';
import { batchItemOf, linkPage, type ImportBatchItem } from '../../../src/import/to-capture';
import type { ImportItem } from '../../../src/import/import-item';
import { isStandIn } from '../../../src/library/stand-in';
import type { ContentDocV1 } from '../../../src/schema/content-doc';
import type { LibraryDoc } from '../../../src/schema/library-doc';
import type { ClipId } from '../../../src/schema/ids';
import { catalogHandle, openLibrary, page } from './helpers';

type Lib = Awaited<ReturnType<typeof openLibrary>>;

const URL_A = 'https://stand-in.example/a';
const ARTICLE = '<p>The river rises in the hills. It reaches the sea in spring.</p>';
const item = (over: Partial<ImportItem> = {}): ImportItem => ({ url: URL_A, title: 'The river', savedAt: 1_600_000_000_000, tags: [], state: 'unread', highlights: [], ...over });
/** An item of another import that has the article (as the Save-link extraction gives it). */
function withArticle(html: string, over: Partial<ImportItem> = {}): ImportBatchItem {
  return batchItemOf(item(over), page({ kind: 'link', pageUrl: URL_A, canonicalUrl: null, title: 'Extracted title', byline: null, siteName: 'Rivers', lang: 'en', dir: null, publishedTime: null, excerpt: null, html, text: textOfHtml(html) }));
}

/** Every article item held in the library's content documents, by rev. */
async function contentItems(lib: Lib): Promise<string[]> {
  const root = (await lib.repo.find<LibraryDoc>(lib.url)).doc();
  const revs: string[] = [];
  for (const c of Object.values(root.contents)) revs.push(...Object.keys((await lib.repo.find<ContentDocV1>(c.doc)).doc().items));
  return revs.sort();
}

describe('an imported stand-in article', () => {
  it('is replaced by the real article a later import has; tags, states, note and highlights stay', async () => {
    const lib = await openLibrary();
    const first = item({ tags: ['rivers'], state: 'archived', note: 'my note', highlights: [{ quote: 'reaches the sea', createdAt: 1_600_000_000_001 }] });
    const [o1] = await lib.library.importBatch([batchItemOf(first, linkPage(first, 'pocket-csv'))]);
    const id = (o1 as { clip: ClipId }).clip;
    const before = await lib.library.get(id);
    expect(isStandIn('text', before.text)).toBe(true);
    expect((await lib.library.highlights.list(id)).map((h) => h.found)).toEqual([false]);
    const oldRev = (await catalogHandle(lib, id)).doc().clips[id]!.content.rev;

    const outcomes = await lib.library.importBatch([withArticle(ARTICLE, { tags: ['spring'], highlights: [{ quote: 'rises in the hills', createdAt: 1_600_000_000_002 }] })]);
    // Told apart from a duplicate: the clip's article was filled in, the item not skipped.
    expect(outcomes).toEqual([{ kind: 'filled', clip: id }]);
    const after = await lib.library.get(id);
    expect(after).toMatchObject({ html: ARTICLE, text: textOfHtml(ARTICLE), kind: 'link', title: 'The river', siteName: 'Rivers', note: 'my note', archivedAt: before.archivedAt, readAt: before.readAt, savedAt: before.savedAt });
    expect([...after.tags].sort()).toEqual(['rivers', 'spring']);
    expect((await catalogHandle(lib, id)).doc().clips[id]!.content.extractor).toBe('readability');
    expect((await lib.library.highlights.list(id)).map((h) => [h.target?.quote.exact, h.found]).sort()).toEqual([['reaches the sea', true], ['rises in the hills', true]]);
    expect(lib.library.counts()).toEqual({ live: 1, deleted: 0 });
    // The stand-in is gone from its document; durable as one batch.
    expect(await contentItems(lib)).not.toContain(oldRev);
    const again = await lib.crash();
    expect((await again.library.get(id)).html).toBe(ARTICLE);
  });

  it('a real article in the library is never replaced by an import; a stand-in never replaces anything', async () => {
    const lib = await openLibrary();
    const [o1] = await lib.library.importBatch([withArticle(ARTICLE)]);
    const id = (o1 as { clip: ClipId }).clip;
    const other = '<p>Another copy of the river, from another service.</p>';
    expect(await lib.library.importBatch([withArticle(other, { tags: ['x'] })])).toEqual([{ kind: 'duplicate', clip: id }]);
    const stand = item({ tags: ['y'] });
    expect(await lib.library.importBatch([batchItemOf(stand, linkPage(stand, 'omnivore'))])).toEqual([{ kind: 'duplicate', clip: id }]);
    const got = await lib.library.get(id);
    expect(got.html).toBe(ARTICLE);
    expect([...got.tags].sort()).toEqual(['x', 'y']);
  });

  it('a stand-in is replaced once when a batch lists its page twice; a deleted clip keeps its stand-in', async () => {
    const lib = await openLibrary();
    const first = item();
    const [o1] = await lib.library.importBatch([batchItemOf(first, linkPage(first, 'bookmarks-html'))]);
    const id = (o1 as { clip: ClipId }).clip;
    const revsBefore = (await contentItems(lib)).length;
    const second = '<p>A second copy of the river article, in the same batch.</p>';
    expect(await lib.library.importBatch([withArticle(ARTICLE, { tags: ['a'] }), withArticle(second, { tags: ['b'] })])).toEqual([{ kind: 'filled', clip: id }, { kind: 'duplicate', clip: id }]);
    const got = await lib.library.get(id);
    expect(got.html).toBe(ARTICLE);
    expect([...got.tags].sort()).toEqual(['a', 'b']);
    expect((await contentItems(lib)).length).toBe(revsBefore);

    const gone = item({ url: 'https://stand-in.example/gone' });
    const [o2] = await lib.library.importBatch([batchItemOf(gone, linkPage(gone, 'pocket-csv'))]);
    const goneId = (o2 as { clip: ClipId }).clip;
    await lib.library.setDeleted(goneId, true);
    await lib.library.importBatch([batchItemOf(gone, { ...linkPage(gone, 'pocket-csv'), kind: 'link', extractor: 'readability', html: ARTICLE, text: textOfHtml(ARTICLE) })]);
    expect(isStandIn('text', (await lib.library.get(goneId)).text)).toBe(true);
  });
});
