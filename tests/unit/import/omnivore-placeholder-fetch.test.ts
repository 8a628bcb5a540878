import { describe, expect, it } from 'vitest';
import { needsArticle } from '../../../src/import/fetch-outcome';
import type { ImportItem } from '../../../src/import/import-item';
import { toBatchItem } from '../../../src/import/to-capture';
import { collect, omnivoreMeta, omnivoreZip } from './fixtures';

/**
 * Found in review. ImportItem.placeholderUrl (import-item.ts): "the URL must not be fetched or used to replace it".
 * Nothing reads the flag: an Omnivore newsletter (`https://omnivore.app/no_url?q=…`) imported
 * without its content becomes an ordinary link placeholder, which the background link fetch
 * picks up (`needsArticle`) and requests from omnivore.app, saving whatever page answers as
 * the newsletter's article.
 */
describe('Omnivore placeholder URLs and the link fetch', () => {
  it('an Omnivore newsletter without a copy is imported with the flag set', () => {
    const zip = omnivoreZip([omnivoreMeta(0, { url: 'https://omnivore.app/no_url?q=7f9c2b1e', slug: 'letter' })]);
    const [event] = collect('omnivore', zip);
    expect(event?.kind === 'item' && event.item.placeholderUrl).toBe(true);
  });

  it('its clip is not queued for the background fetch of its (stand-in) URL', async () => {
    const item: ImportItem = { url: 'https://omnivore.app/no_url?q=7f9c2b1e', placeholderUrl: true, title: 'Weekly letter', savedAt: Date.UTC(2024, 0, 1), tags: [], state: 'unread', highlights: [] };
    const batch = await toBatchItem(item, 'omnivore', () => Promise.reject(new Error('unused')));
    expect(needsArticle({ kind: batch.page.kind, text: batch.page.text, deletedAt: null })).toBe(false);
  });

  it('nor when its only copy could not be extracted (the copy is then lost and the stand-in URL fetched)', async () => {
    const item: ImportItem = {
      url: 'https://omnivore.app/no_url?q=7f9c2b1e', placeholderUrl: true, title: 'Weekly letter', savedAt: Date.UTC(2024, 0, 1), tags: [], state: 'unread', highlights: [],
      untrustedHtml: '<table><tr><td>The only copy of this newsletter.</td></tr></table>',
    };
    const batch = await toBatchItem(item, 'omnivore', () => Promise.reject(new Error('no readable content')));
    expect(needsArticle({ kind: batch.page.kind, text: batch.page.text, deletedAt: null })).toBe(false);
    // Its only copy's text is kept, and the stand-in address is linked nowhere.
    expect(batch.page.text).toBe('The only copy of this newsletter.');
    expect(batch.page.html).not.toContain('omnivore.app');
  });
});
