import { describe, expect, it } from 'vitest';
import { ContentStore, type ArticleReader } from '../../../src/library/content-store';
import type { ContentShardId } from '../../../src/schema/ids';

/** A ContentStore whose `withArticles` is `impl` (the lease is built on it alone). */
function storeWith(impl: (fn: (read: ArticleReader) => Promise<unknown>) => Promise<unknown>): ContentStore {
  const store = Object.create(ContentStore.prototype) as ContentStore;
  (store as unknown as { withArticles: unknown }).withArticles = (_shard: unknown, fn: (read: ArticleReader) => Promise<unknown>) => impl(fn);
  return store;
}

const reader: ArticleReader = { html: async () => '<p>x</p>', textPrefix: async () => 'x' };
const shard = 'shard' as ContentShardId;

describe('ContentStore.leaseArticles', () => {
  it('holds the document until release, then lets it go', async () => {
    let held = false;
    const store = storeWith(async (fn) => {
      held = true;
      await fn(reader);
      held = false;
    });
    const lease = await store.leaseArticles(shard);
    expect(await lease.read.textPrefix('r', 10)).toBe('x');
    await new Promise((r) => setTimeout(r, 10));
    expect(held).toBe(true);
    await lease.release();
    expect(held).toBe(false);
  });

  it('rejects when the document cannot be read before lending it, and rethrows at release what failed after', async () => {
    await expect(storeWith(async () => Promise.reject(new Error('not stored'))).leaseArticles(shard)).rejects.toThrow('not stored');
    const lease = await storeWith(async (fn) => {
      await fn(reader);
      throw new Error('the handle failed after its load');
    }).leaseArticles(shard);
    await expect(lease.release()).rejects.toThrow('the handle failed after its load');
  });
});
