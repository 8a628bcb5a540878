import { Repo, type Chunk, type StorageAdapterInterface, type StorageKey } from '@automerge/automerge-repo/slim';
import { describe, expect, it } from 'vitest';
import { HandleCache } from '../../../src/library/handle-cache';
import type { DocUrl } from '../../../src/schema/ids';

/** In-memory storage with a few ms of latency, like IndexedDB. */
class SlowMemoryStorage implements StorageAdapterInterface {
  private readonly m = new Map<string, Uint8Array>();
  async load(k: StorageKey) {
    await new Promise((r) => setTimeout(r, 2));
    return this.m.get(k.join('/'));
  }
  async save(k: StorageKey, d: Uint8Array) {
    await new Promise((r) => setTimeout(r, 5));
    this.m.set(k.join('/'), d);
  }
  async remove(k: StorageKey) {
    this.m.delete(k.join('/'));
  }
  async loadRange(p: StorageKey): Promise<Chunk[]> {
    const pre = p.join('/');
    return [...this.m].filter(([k]) => k.startsWith(pre)).map(([k, data]) => ({ key: k.split('/'), data }));
  }
  async removeRange(p: StorageKey) {
    const pre = p.join('/');
    for (const k of [...this.m.keys()]) if (k.startsWith(pre)) this.m.delete(k);
  }
}


describe('HandleCache', () => {
  it('never unloads a document while a use() holds it (an eviction chosen meanwhile is waited for)', async () => {
    let unloadedInUse = 0;
    for (let trial = 0; trial < 15; trial++) {
      const repo = new Repo({ storage: new SlowMemoryStorage(), network: [] });
      const cache = new HandleCache(repo, 8);
      const urls: DocUrl[] = [];
      for (let i = 0; i < 10; i++) {
        const h = repo.create<{ items: Record<string, string> }>();
        h.change((d) => void (d.items = { x: 'y'.repeat(1000 * i) }));
        urls.push(h.url as DocUrl);
        await cache.adopt(h);
      }
      const queue = [...urls].sort(() => Math.random() - 0.5);
      const worker = async () => {
        for (let u = queue.shift(); u; u = queue.shift()) {
          await cache.use(u, async (h) => {
            await new Promise((r) => setTimeout(r, 30));
            if (!h.isReady()) unloadedInUse++;
          });
        }
      };
      await Promise.all([worker(), worker(), worker(), worker()]);
    }
    expect(unloadedInUse).toBe(0);
  });

  it('a small document evicted and loaded again keeps its content (automerge-repo saves an empty one on unload)', async () => {
    const storage = new SlowMemoryStorage();
    const repo = new Repo({ storage, network: [] });
    const cache = new HandleCache(repo, 1);
    const small = repo.create<{ items: Record<string, string> }>();
    small.change((d) => void (d.items = { a: 'tiny' }));
    await cache.adopt(small);
    const other = repo.create<{ items: Record<string, string> }>();
    other.change((d) => void (d.items = { b: 'x' }));
    await cache.adopt(other); // evicts `small`
    expect(repo.handles[small.documentId]).toBeUndefined();
    await new Promise((r) => setTimeout(r, 400)); // past automerge-repo's save throttle
    const fresh = new Repo({ storage, network: [] });
    const again = await fresh.find<{ items: Record<string, string> }>(small.url);
    expect(again.doc().items).toEqual({ a: 'tiny' });
  });
});
