import { getHeads, save } from '@automerge/automerge/slim';
import { Repo, type DocHandle } from '@automerge/automerge-repo/slim';
import { describe, expect, it } from 'vitest';
import { DocStorage } from '../../../src/library/doc-storage';
import { MemoryStorageAdapter } from '../../../src/storage/memory-storage-adapter';

interface Doc {
  items: Record<string, string>;
}

/** Text that does not compress: a document whose snapshot outweighs a few small changes. */
const noise = (n: number) => Array.from({ length: n }, () => Math.random().toString(36).slice(2, 3)).join('');

const fresh = (storage: MemoryStorageAdapter, install = true) => {
  const repo = new Repo({ storage, network: [] });
  const docs = install ? DocStorage.install(repo, storage) : null;
  return { repo, docs };
};

async function chunkKinds(storage: MemoryStorageAdapter, id: string) {
  const [keys] = await storage.listKeys([[id]]);
  return { snapshots: keys!.filter((k) => k[1] === 'snapshot').length, incrementals: keys!.filter((k) => k[1] === 'incremental').length };
}

describe('DocStorage (how the Repo loads and saves documents)', () => {
  it('adopts a saved copy of a document not here (a joining browser\'s catalogs): the Repo loads it from storage and syncs from there', async () => {
    const source = fresh(new MemoryStorageAdapter()).repo;
    const h = source.create<Doc>({ items: {} });
    for (let i = 0; i < 5; i++) h.change((d) => void (d.items[`k${i}`] = `v${i}`));
    const id = h.documentId;
    const storage = new MemoryStorageAdapter();
    const { repo, docs } = fresh(storage);
    expect(await docs!.adopt(id, new Uint8Array([1, 2, 3]))).toBe(false);
    expect(await storage.loadRange([id])).toHaveLength(0);
    expect(await docs!.adopt(id, save(h.doc()))).toBe(true);
    expect(await docs!.adopt(id, save(h.doc()))).toBe(false);
    expect(await chunkKinds(storage, id)).toEqual({ snapshots: 1, incrementals: 0 });
    const found = await repo.find<Doc>(h.url);
    expect(getHeads(found.doc())).toEqual(getHeads(h.doc()));
    found.change((d) => void (d.items.more = 'yes'));
    await repo.flush();
    // Stored like any document: another Repo over the same storage reads both.
    const again = await fresh(storage).repo.find<Doc>(h.url);
    expect(Object.keys(again.doc().items)).toHaveLength(6);
  });

  it('reads what automerge-repo stored, and automerge-repo reads what it stores', async () => {
    const storage = new MemoryStorageAdapter();
    const stock = fresh(storage, false).repo;
    const h = stock.create<Doc>({ items: {} });
    for (let i = 0; i < 5; i++) h.change((d) => void (d.items[`k${i}`] = `v${i}`));
    await stock.flush();
    const url = h.url;

    const a = fresh(storage).repo;
    const loaded = await a.find<Doc>(url);
    expect(Object.keys(loaded.doc().items)).toHaveLength(5);
    loaded.change((d) => void (d.items.more = 'yes'));
    await a.flush();

    const b = fresh(storage, false).repo;
    const again = await b.find<Doc>(url);
    expect(again.doc().items.more).toBe('yes');
    expect(getHeads(again.doc())).toEqual(getHeads(loaded.doc()));
  });

  it('writes one incremental chunk per save, nothing when nothing changed, and compacts past MAX_INCREMENTALS', async () => {
    const storage = new MemoryStorageAdapter();
    const { repo } = fresh(storage);
    const h = repo.create<Doc>({ items: { seed: noise(8192) } });
    await repo.flush([h.documentId]);
    expect(await chunkKinds(storage, h.documentId)).toEqual({ snapshots: 1, incrementals: 0 });
    for (let i = 0; i < DocStorage.MAX_INCREMENTALS; i++) {
      h.change((d) => void (d.items[`k${i}`] = String(i)));
      await repo.flush([h.documentId]);
      await repo.flush([h.documentId]);
    }
    expect(await chunkKinds(storage, h.documentId)).toEqual({ snapshots: 1, incrementals: DocStorage.MAX_INCREMENTALS });
    h.change((d) => void (d.items.last = 'one'));
    await repo.flush([h.documentId]);
    expect(await chunkKinds(storage, h.documentId)).toEqual({ snapshots: 1, incrementals: 0 });
    const reread = await fresh(storage).repo.find<Doc>(h.url);
    expect(Object.keys(reread.doc().items)).toHaveLength(DocStorage.MAX_INCREMENTALS + 2);
  });

  it('a loaded document needs no first save, and its later changes still emit patches', async () => {
    const storage = new MemoryStorageAdapter();
    const first = fresh(storage).repo;
    const h = first.create<Doc>({ items: { a: '1' } });
    await first.flush();
    const { repo } = fresh(storage);
    let puts = 0;
    const save = storage.save.bind(storage);
    storage.save = async (k, d) => (puts++, save(k, d));
    const loaded: DocHandle<Doc> = await repo.find<Doc>(h.url);
    const patches: unknown[] = [];
    loaded.on('change', (e) => patches.push(...e.patches));
    await repo.flush();
    expect(puts).toBe(0);
    loaded.change((d) => void (d.items.b = '2'));
    expect(patches.length).toBeGreaterThan(0);
    await repo.flush();
    expect(puts).toBe(1);
  });

  it('falls back to applying changes one by one when a stored change lacks its dependencies', async () => {
    const storage = new MemoryStorageAdapter();
    const { repo } = fresh(storage);
    const h = repo.create<Doc>({ items: { a: '1', seed: noise(8192) } });
    await repo.flush();
    h.change((d) => void (d.items.b = '2'));
    await repo.flush();
    const [[withB]] = (await storage.listKeys([[h.documentId, 'incremental']])) as [string[][]];
    h.change((d) => void (d.items.c = '3'));
    await repo.flush();
    expect((await storage.listKeys([[h.documentId, 'incremental']]))[0]).toHaveLength(2);
    // Lose the middle change: the last one depends on it.
    await storage.remove(withB!);
    const reread = await fresh(storage).repo.find<Doc>(h.url);
    expect(reread.doc().items.a).toBe('1');
    // The change whose dependency is gone waits (as automerge-repo's own load leaves it); the one before it is lost.
    expect(reread.doc().items.b).toBeUndefined();
    expect(reread.doc().items.c).toBeUndefined();
  });

  it('tells its watcher before every write, and waits for it', async () => {
    const storage = new MemoryStorageAdapter();
    const { repo, docs } = fresh(storage);
    const events: string[] = [];
    docs!.watcher = {
      beginWrite: async () => {
        events.push('begin');
        await new Promise((r) => setTimeout(r, 5));
        events.push('ready');
        return () => void events.push('done');
      },
    };
    const save = storage.save.bind(storage);
    storage.save = async (k, d) => (k[0] === 'storage-adapter-id' ? undefined : events.push('save'), save(k, d));
    const h = repo.create<Doc>({ items: {} });
    await repo.flush([h.documentId]);
    expect(events).toEqual(['begin', 'ready', 'save', 'done']);
  });

  it("keeps no change's patches on the document once the handle has emitted them", async () => {
    const storage = new MemoryStorageAdapter();
    const { repo } = fresh(storage);
    const h = repo.create<Doc>({ items: {} });
    const seen: unknown[] = [];
    h.on('change', (e) => seen.push(...e.patches));
    const before = h.heads();
    h.change((d) => void (d.items.a = 'one'));
    expect(seen.length).toBeGreaterThan(0);
    const state = (h.doc() as unknown as Record<symbol, { mostRecentPatch?: unknown }>)[Symbol.for('_am_meta')];
    expect(state?.mostRecentPatch).toBeUndefined();
    // A diff asked later is computed again, the same.
    expect(h.diff(before, h.heads()).length).toBe(seen.length);
  });
});
