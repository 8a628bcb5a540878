import { describe, expect, it, vi } from 'vitest';
import { textOfHtml } from '../../../src/capture/text';
import { mergeNewestFirst, nextPage } from '../../../src/highlights/present';
import { uiToBackground } from '../../../src/protocol/protocol';
import { createClient, createServer, type Envelope } from '../../../src/protocol/rpc';
import type { LibraryHighlight } from '../../../src/schema/highlight';
import { openLibrary, page } from '../library/helpers';
import { fakeServices } from './fake-services';


vi.mock('wxt/browser', async () => ({ browser: (await import('./fake-browser')).fakeBrowser }));
vi.mock('../../../extension/background/services', async () => (await import('./fake-services')).servicesModule());
vi.mock('../../../extension/messaging', () => ({ contentOf: () => async () => ({ ok: false, error: { code: 'interrupted', message: 'no tab' } }) }));
vi.mock('../../../extension/background/save-actions', () => ({ savePageInTab: async () => null }));
vi.mock('../../../extension/snapshot/serve-resources', () => ({ fetchSnapshotResource: async () => ({ resource: null }) }));

const { uiHighlightHandlers } = await import('../../../extension/background/highlights');

/** The side panel's "Highlights" tab (extension/ui/AllHighlights.tsx): 50 a page, "Load more" with `before: nextBefore(items)` until `more` is false. */
const HIGHLIGHTS_PAGE = 50;

describe('libraryHighlights paging (every highlight in the library, newest first)', () => {
  it('"Load more" reaches every highlight, also those created at the same millisecond as the last one of a page', async () => {
    const lib = await openLibrary();
    // An imported article with 60 highlights whose file gave no creation times: the importer
    // dates each at the clip's save date (src/import/build-item.ts `highlightOf`), so all 60 share one createdAt.
    const sentences = Array.from({ length: 60 }, (_, i) => `Sentence number ${i + 1} says something of its own.`);
    const html = `<p>${sentences.join(' ')}</p>`;
    const savedAt = 1_650_000_000_000;
    const [outcome] = await lib.library.importBatch([
      {
        page: page({ pageUrl: 'https://import.example/a', canonicalUrl: null, title: 'Imported', html, text: textOfHtml(html), extractor: 'text' }),
        savedAt,
        tags: [],
        readAt: null,
        archivedAt: null,
        highlights: sentences.map((s) => ({ quote: s, createdAt: savedAt, note: '', color: 'yellow' as const })),
      },
    ]);
    expect(outcome?.kind).toBe('imported');
    await lib.library.settled();
    const clip = await lib.library.findByUrl('https://import.example/a');
    expect(await lib.library.highlights.list(clip!.id)).toHaveLength(60);
    fakeServices.current = { library: lib.library };

    const server = createServer('background', uiToBackground, uiHighlightHandlers as never, () => true);
    const call = createClient('background', uiToBackground, async (e: Envelope) => server.handle(e, { id: 'me', url: 'chrome-extension://me/sidepanel.html' }));

    const first = await call('libraryHighlights', { limit: HIGHLIGHTS_PAGE });
    if (!first.ok) throw new Error(first.error.message);
    let items: LibraryHighlight[] = first.value.highlights;
    let more = first.value.more;
    expect(items).toHaveLength(50);
    expect(more).toBe(true);
    for (let pages = 0; more && pages < 10; pages++) {
      const next = await call('libraryHighlights', { limit: HIGHLIGHTS_PAGE, ...nextPage(items) });
      if (!next.ok) throw new Error(next.error.message);
      items = mergeNewestFirst(items, next.value.highlights);
      more = next.value.more;
    }
    expect(new Set(items.map((h) => h.id)).size).toBe(60);
  });
});
