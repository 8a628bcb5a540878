import { describe, expect, it } from 'vitest';
import { MemoryClipIndex } from '../../../src/index-db/clip-index';
import { openLibrary, page } from './helpers';

const countWordsOf = (t: string) => t.split(/\s+/).filter(Boolean).length;

describe('Library', () => {
  it('saves a capture durably and lists it', async () => {
    const { library, index } = await openLibrary();
    const out = await library.save(page());
    expect(out.created).toBe(true);
    expect(out.clip.url).toBe('https://example.com/story');
    expect(out.clip.title).toBe('A story');
    expect((await index.list({ limit: 10 })).map((r) => r.id)).toEqual([out.clip.id]);
    const view = await library.get(out.clip.id);
    expect(view.html).toContain('It begins');
    expect(view.text).toBe('It begins. Then it ends.');
    expect(view.wordCount).toBe(5);
    expect(view.wordCount).toBe(countWordsOf('It begins. Then it ends.'));
  });

  it('updates instead of duplicating when the same page is saved again (tracking params, fragment, canonical)', async () => {
    const { library, index } = await openLibrary();
    const a = await library.save(page());
    const b = await library.save(page({ pageUrl: 'https://example.com/story?fbclid=1', title: 'A story, revised' }));
    expect(b.created).toBe(false);
    expect(b.clip.id).toBe(a.clip.id);
    expect(await index.count()).toBe(1);
    expect((await library.get(a.clip.id)).title).toBe('A story, revised');
  });

  it('survives a restart: the clip, its index row and de-duplication are rebuilt from storage', async () => {
    const first = await openLibrary();
    const a = await first.library.save(page());
    const second = await first.reopen();
    expect(second.url).toBe(first.url);
    expect((await second.library.get(a.clip.id)).title).toBe('A story');
    const again = await second.library.save(page());
    expect(again.created).toBe(false);
  });

  it('rebuilds a lost index from the documents', async () => {
    const first = await openLibrary();
    await first.library.save(page());
    await first.library.save(page({ pageUrl: 'https://example.com/other', canonicalUrl: null, title: 'Other' }));
    const fresh = new MemoryClipIndex();
    const second = await (await import('./helpers')).openLibrary(first.storage, fresh, first.url);
    const result = await second.library.reconcileIndex();
    expect(result.updated).toBe(2);
    expect((await fresh.list({ limit: 10 })).map((r) => r.title).sort()).toEqual(['A story', 'Other']);
    expect((await second.library.reconcileIndex()).updated).toBe(0);
  });

  it('reconciles an index left behind by a crash between the root write and the index write', async () => {
    const first = await openLibrary();
    const a = await first.library.save(page());
    await first.index.remove([a.clip.id]);
    await first.index.setMeta('rootHeads', 'stale');
    const second = await first.reopen();
    await second.library.reconcileIndex();
    expect((await second.index.get(a.clip.id))?.title).toBe('A story');
  });

  it('commits storage once per action, before the index row is written', async () => {
    const { library, commits, index } = await openLibrary();
    const before = commits.count;
    let committedBeforeIndex = false;
    const put = index.put.bind(index);
    index.put = async (...args) => {
      committedBeforeIndex = commits.count > before;
      return put(...args);
    };
    await library.save(page());
    expect(commits.count - before).toBe(1);
    expect(committedBeforeIndex).toBe(true);
    await library.markRead((await index.list({ limit: 1 }))[0]!.id, true);
    expect(commits.count - before).toBe(2);
  });

  it('writes a new clip document and its root entry in one batch: a failed commit stores neither, the next one both', async () => {
    const { library, storage, reopen } = await openLibrary();
    storage.failNextCommit = new Error('QuotaExceededError');
    await expect(library.save(page({ pageUrl: 'https://example.com/a', canonicalUrl: null }))).rejects.toThrow('QuotaExceededError');
    const afterFailure = await reopen();
    expect(Object.keys(afterFailure.library.entries())).toEqual([]);
    // The failed batch's documents go first into the next one, so nothing dangles.
    await library.save(page({ pageUrl: 'https://example.com/b', canonicalUrl: null }));
    const later = await reopen();
    const ids = Object.keys(later.library.entries());
    expect(ids.length).toBe(2);
    for (const id of ids) expect((await later.library.get(id as never)).text).toContain('It begins');
  });

  it('soft-deletes and restores', async () => {
    const { library, index } = await openLibrary();
    const a = await library.save(page());
    await library.setDeleted(a.clip.id, true);
    expect(await index.list({ limit: 10 })).toEqual([]);
    await library.setDeleted(a.clip.id, false);
    expect((await index.list({ limit: 10 })).length).toBe(1);
  });

  it('saving a deleted page again brings it back', async () => {
    const { library, index } = await openLibrary();
    const a = await library.save(page());
    await library.setDeleted(a.clip.id, true);
    const b = await library.save(page());
    expect(b.clip.id).toBe(a.clip.id);
    expect(b.clip.deletedAt).toBeNull();
    expect((await index.list({ limit: 10 })).length).toBe(1);
  });

  it('keeps selections of one page as separate clips, and finds the page by URL', async () => {
    const { library } = await openLibrary();
    const p = await library.save(page());
    const s1 = await library.save(page({ kind: 'selection', extractor: 'selection', text: 'It begins.', html: '<p>It begins.</p>' }));
    const s2 = await library.save(page({ kind: 'selection', extractor: 'selection', text: 'Then it ends.', html: '<p>Then it ends.</p>' }));
    expect(new Set([p.clip.id, s1.clip.id, s2.clip.id]).size).toBe(3);
    expect((await library.findByUrl('https://example.com/story#x'))?.id).toBe(p.clip.id);
  });

  it('keeps memory bounded: only a few clip documents stay loaded', async () => {
    const { library } = await openLibrary();
    for (let i = 0; i < 40; i++) await library.save(page({ pageUrl: `https://example.com/${i}`, canonicalUrl: null }));
    expect(library.loadedClips).toBeLessThanOrEqual(16);
  });

  it('serialises concurrent saves of the same page into one clip', async () => {
    const { library, index } = await openLibrary();
    const results = await Promise.all([library.save(page()), library.save(page()), library.save(page())]);
    expect(new Set(results.map((r) => r.clip.id)).size).toBe(1);
    expect(await index.count()).toBe(1);
  });
});
