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
    await first.library.settled();
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

  it('answers once the capture is journaled and listed, then writes the documents in one batch per action', async () => {
    const { library, commits, index, storage } = await openLibrary();
    const before = commits.count;
    const out = await library.save(page());
    // Durable and listed, documents not yet written.
    expect((await storage.journalEntries()).length).toBe(1);
    expect(await index.get(out.clip.id)).toEqual(out.clip);
    expect(commits.count - before).toBe(0);
    await library.settled();
    expect(commits.count - before).toBe(1);
    expect(await storage.journalEntries()).toEqual([]);
    expect(library.pendingCaptures).toBe(0);
    // The row answered is the row the documents give.
    expect(await index.get(out.clip.id)).toEqual(out.clip);
    await library.markRead(out.clip.id, true);
    expect(commits.count - before).toBe(2);
  });

  it('a re-capture answers with the row the documents then give (read state kept, a deleted clip restored)', async () => {
    const { library, index } = await openLibrary();
    const a = await library.save(page());
    await library.markRead(a.clip.id, true);
    await library.setDeleted(a.clip.id, true);
    const b = await library.save(page({ title: 'A story, revised', text: 'It begins. It goes on. Then it ends.' }));
    expect(b.created).toBe(false);
    expect(b.clip.deletedAt).toBeNull();
    expect(b.clip.readAt).not.toBeNull();
    await library.settled();
    expect(await index.get(a.clip.id)).toEqual(b.clip);
  });

  it('a failed journal write (full disk) rejects and stores nothing; the next save works', async () => {
    const { library, storage, index, reopen } = await openLibrary();
    storage.failNextJournal = new Error('QuotaExceededError');
    await expect(library.save(page({ pageUrl: 'https://example.com/a', canonicalUrl: null }))).rejects.toThrow('QuotaExceededError');
    expect(await index.count()).toBe(0);
    expect(library.pendingCaptures).toBe(0);
    const b = await library.save(page({ pageUrl: 'https://example.com/a', canonicalUrl: null }));
    expect(b.created).toBe(true);
    const later = await reopen();
    expect(later.library.clipIds()).toEqual([b.clip.id]);
  });

  it('a failed document batch after the journal loses nothing: the clip reads from its record, and a later write stores it', async () => {
    const { library, storage, reopen, crash } = await openLibrary();
    storage.failCommits = new Error('QuotaExceededError');
    const a = await library.save(page({ pageUrl: 'https://example.com/a', canonicalUrl: null, title: 'A' }));
    await library.settled();
    expect(library.pendingCaptures).toBe(1);
    expect((await library.get(a.clip.id)).title).toBe('A');
    await expect(library.markRead(a.clip.id, true)).rejects.toThrow('QuotaExceededError');
    // Killed now: the journal replays it on the next start.
    const replayed = await crash();
    replayed.storage.failCommits = null;
    expect((await replayed.library.get(a.clip.id)).text).toContain('It begins');
    // Not killed: once the disk has room, the next write stores both, the failed one first.
    storage.failCommits = null;
    await library.save(page({ pageUrl: 'https://example.com/b', canonicalUrl: null, title: 'B' }));
    const later = await reopen();
    expect(later.library.pendingCaptures).toBe(0);
    expect((await later.storage.journalEntries()).length).toBe(0);
    const titles = await Promise.all(later.library.clipIds().map(async (id) => (await later.library.get(id as never)).title));
    expect(titles.sort()).toEqual(['A', 'B']);
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
    await library.settled();
    expect(library.loadedClips).toBeLessThanOrEqual(16);
  });

  it('serialises concurrent saves of the same page into one clip', async () => {
    const { library, index } = await openLibrary();
    const results = await Promise.all([library.save(page()), library.save(page()), library.save(page())]);
    expect(new Set(results.map((r) => r.clip.id)).size).toBe(1);
    expect(await index.count()).toBe(1);
  });
});
