/**
 * "Save link" on a link to a page already saved from a tab (the same clip key) fetched the page
 * from the network and replaced the clip's article, captured as the user saw it (logged in, past
 * a paywall), with the fetched copy (logged out, a teaser), and said "Updated". A fetched link
 * never replaces an article captured from a live tab: it fills in only what the clip lacks (its
 * byline, site name, date, language; a deleted clip comes back) and says the page is already
 * saved. A clip with no article yet, or one itself saved as a link, still takes the fetched copy.
 */
import { describe, expect, it, vi } from 'vitest';
import { openLibrary, page } from '../library/helpers';

vi.mock('wxt/browser', async () => ({ browser: (await import('./jobs-browser')).browser }));
const toasts = vi.hoisted(() => [] as string[]);
vi.mock('../../../extension/background/notices', () => ({ notify: async (_tab: number | undefined, t: { message: string }) => void toasts.push(t.message) }));
const { saveWithNotice } = await import('../../../extension/background/save-actions');

const TAB_TEXT = 'The whole story, as the subscriber read it. It goes on for paragraphs.';
const tabPage = (o = {}) => page({ html: `<p>${TAB_TEXT}</p>`, text: TAB_TEXT, ...o });
const fetched = (o = {}) =>
  page({ kind: 'link', extractor: 'readability', title: 'A story | Example', html: '<p>Subscribe to read.</p>', text: 'Subscribe to read.', byline: 'Ada Lovelace', siteName: 'Example News', ...o });

describe('Save link on a page already saved from a tab', () => {
  it('keeps the tab article and says it is already saved', async () => {
    const { library } = await openLibrary();
    const tab = await library.save(tabPage());
    const link = await library.save(fetched());
    expect(link.created).toBe(false);
    expect(link.kept).toBe(true);
    expect(link.clip.id).toBe(tab.clip.id);
    const view = await library.get(tab.clip.id);
    expect(view.text).toBe(TAB_TEXT);
    expect(view.kind).toBe('page');
    expect(view.title).toBe('A story');
    expect(view.byline).toBe('Ada');
    expect(view.capturedAt).toBe(tab.clip.capturedAt);
  });

  it('keeps it also when the tab capture is not yet written into the documents', async () => {
    const lib = await openLibrary();
    lib.stall();
    const tab = await lib.library.save(tabPage());
    const link = await lib.library.save(fetched());
    expect(link.kept).toBe(true);
    expect(link.clip.wordCount).toBe(tab.clip.wordCount);
    const again = await lib.crash();
    expect((await again.library.get(tab.clip.id)).text).toBe(TAB_TEXT);
  });

  it('fills in what the clip lacks, and brings a deleted clip back, article unchanged', async () => {
    const { library } = await openLibrary();
    const tab = await library.save(tabPage({ byline: null, siteName: null, publishedTime: null }));
    await library.setDeleted(tab.clip.id, true);
    const link = await library.save(fetched());
    expect(link.kept).toBe(true);
    expect(link.clip).toMatchObject({ byline: 'Ada Lovelace', siteName: 'Example News', publishedTime: '2026-01-02T03:04:05Z', deletedAt: null });
    const view = await library.get(tab.clip.id);
    expect(view.text).toBe(TAB_TEXT);
    expect(view.byline).toBe('Ada Lovelace');
    expect(view.deletedAt).toBeNull();
  });

  it('the menu says the page is already saved, not "Updated"', async () => {
    const { library } = await openLibrary();
    await library.save(tabPage());
    toasts.length = 0;
    await saveWithNotice(7, () => library.save(fetched()));
    expect(toasts[0]).toMatch(/already saved/i);
    expect(toasts[0]).not.toMatch(/^Updated/);
  });

  it('a clip with no article yet takes the fetched one', async () => {
    const { library } = await openLibrary();
    const tab = await library.save(tabPage({ html: '<p></p>', text: '' }));
    const link = await library.save(fetched());
    expect(link.kept).toBeFalsy();
    expect((await library.get(tab.clip.id)).text).toBe('Subscribe to read.');
  });

  it('a link saved again, or a tab saved over a link, is updated as before', async () => {
    const { library } = await openLibrary();
    const first = await library.save(fetched());
    const again = await library.save(fetched({ html: '<p>Subscribe now to read.</p>', text: 'Subscribe now to read.' }));
    expect(again.kept).toBeFalsy();
    expect((await library.get(first.clip.id)).text).toBe('Subscribe now to read.');
    const tab = await library.save(tabPage());
    expect(tab.kept).toBeFalsy();
    expect((await library.get(first.clip.id)).text).toBe(TAB_TEXT);
  });
});
