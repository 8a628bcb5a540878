/**
 * Found hunting full-disk bugs: a capture whose documents' batch failed (the disk full) stays
 * journaled and is written again before every later write (`ClipWriter.run` drains first). Each
 * attempt appended its whole article to the content document again, in memory: the document's
 * history gained another copy of the article at every click made while the disk was full, and
 * once space was freed all of them were stored (on the disk that had just been full).
 */
import * as A from '@automerge/automerge/slim';
import { describe, expect, it } from 'vitest';
import type { ContentDocV1 } from '../../../src/schema/content-doc';
import type { LibraryDoc } from '../../../src/schema/library-doc';
import { noise, openLibrary, page } from './helpers';

/** An article that does not compress: 100 KB of letters from `noise`. */
const article = () => `<p>${Array.from(noise(100_000, 7), (b) => String.fromCharCode(97 + (b % 26))).join('')}</p>`;

/** The bytes of every content document of `lib` in its storage, and their count of changes. */
async function contentStored(lib: Awaited<ReturnType<typeof openLibrary>>): Promise<{ bytes: number; changes: number }> {
  const root = await lib.repo.find<LibraryDoc>(lib.url);
  let bytes = 0;
  let changes = 0;
  for (const c of Object.values(root.doc().contents)) {
    const handle = await lib.repo.find<ContentDocV1>(c.doc);
    for (const chunk of await lib.storage.loadRange([handle.documentId])) bytes += chunk.data?.byteLength ?? 0;
    changes += A.getAllChanges(handle.doc()).length;
  }
  return { bytes, changes };
}

describe('a capture retried while the disk is full', () => {
  it('appends its article once, however many writes retried it, and lands whole once there is room', async () => {
    const attempts = async (retries: number) => {
      const lib = await openLibrary();
      const a = await lib.library.save(page({ pageUrl: 'https://example.com/a', canonicalUrl: null, title: 'A' }));
      await lib.library.settled();
      lib.storage.failCommits = new Error('QuotaExceededError');
      const b = await lib.library.save(page({ pageUrl: 'https://example.com/b', canonicalUrl: null, title: 'B', html: article() }));
      await lib.library.settled();
      // Clicks made while the disk is full: each is refused, and each retried the journaled capture first.
      for (let i = 0; i < retries; i++) await expect(lib.library.markRead(a.clip.id, i % 2 === 0)).rejects.toThrow('QuotaExceededError');
      lib.storage.failCommits = null;
      await lib.library.markRead(a.clip.id, true);
      const stored = await contentStored(lib);
      const later = await lib.reopen();
      expect(later.library.pendingCaptures).toBe(0);
      expect((await later.library.get(b.clip.id)).html).toContain('<p>');
      return stored;
    };
    const once = await attempts(0);
    const many = await attempts(6);
    expect(once.bytes).toBeGreaterThan(50_000);
    expect(many.bytes).toBeLessThan(once.bytes + 2_000);
    expect(many.changes).toBe(once.changes);
  });
});

/**
 * Found hunting full-disk bugs: a change whose documents' batch was durable, but whose index row
 * the disk then refused (the list's database is written after the documents), was reported as
 * failed: the user read "no room left… Nothing was half-saved" for a clip that was marked read (or
 * deleted, archived…) for good, and a capture written into its documents stayed counted as still
 * journaled ("Saved, still being written") and was written again. Now the write resolves once the
 * documents hold it, and the list catches up at its next reconcile.
 */
describe('a change saved in the documents whose index row the full disk refused', () => {
  it('is reported saved, is durable, and the list catches up once there is room', async () => {
    const lib = await openLibrary();
    const a = await lib.library.save(page({ pageUrl: 'https://example.com/a', canonicalUrl: null, title: 'A' }));
    await lib.library.settled();
    const index = lib.index;
    const { put, putMany, setMeta } = { put: index.put.bind(index), putMany: index.putMany.bind(index), setMeta: index.setMeta.bind(index) };
    const full = () => Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
    index.put = full;
    index.putMany = full;
    index.setMeta = full;
    const read = await lib.library.markRead(a.clip.id, true);
    expect(read.readAt).not.toBeNull();
    await lib.library.organise.changeMany([a.clip.id], { favorite: true });
    const b = await lib.library.save(page({ pageUrl: 'https://example.com/b', canonicalUrl: null, title: 'B' }));
    await lib.library.settled();
    // Written into its documents: not still journaled.
    expect(lib.library.pendingCaptures).toBe(0);
    const crashed = await lib.crash();
    expect((await crashed.library.get(a.clip.id)).readAt).not.toBeNull();
    expect((await crashed.library.get(a.clip.id)).favoriteAt).not.toBeNull();
    expect((await crashed.library.get(b.clip.id)).title).toBe('B');
    index.put = put;
    index.putMany = putMany;
    index.setMeta = setMeta;
    await lib.library.reconcileIndex();
    const rows = await index.list({ limit: 10 });
    expect(rows.find((r) => r.id === a.clip.id)).toMatchObject({ readAt: read.readAt });
    expect(rows.find((r) => r.id === a.clip.id)?.favoriteAt).not.toBeNull();
    expect(rows.map((r) => r.title).sort()).toEqual(['A', 'B']);
  });
});
