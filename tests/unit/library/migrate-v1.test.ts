import { ImmutableString } from '@automerge/automerge/slim';
import { Repo } from '@automerge/automerge-repo/slim';
import { describe, expect, it } from 'vitest';
import { MemoryClipIndex } from '../../../src/index-db/clip-index';
import { Library } from '../../../src/library/library';
import type { DocUrl } from '../../../src/schema/ids';
import { newClipId } from '../../../src/schema/ids';
import { MemoryStorageAdapter } from '../../../src/storage/memory-storage-adapter';

/** Writes a library as Commonplace's schema 1 stored it: a root listing one document per clip. */
async function v1Library(storage: MemoryStorageAdapter, n: number) {
  const repo = new Repo({ storage, network: [] });
  const root = repo.create<any>();
  const clips: Array<{ id: string; doc: string; title: string; html: string }> = [];
  root.change((d: any) => {
    d.schema = 'commonplace/library';
    d.schemaVersion = 1;
    d.createdAt = 1;
    d.clips = {};
  });
  for (let i = 0; i < n; i++) {
    const id = newClipId();
    const html = `<p>Article ${i}: the tide mill turns ${'slowly '.repeat(i % 7)}at Sallow Creek.</p>`;
    const h = repo.create<any>();
    h.change((d: any) => {
      Object.assign(d, {
        schema: 'commonplace/clip',
        schemaVersion: 1,
        id,
        kind: 'page',
        key: `https://example.com/${i}`,
        url: `https://example.com/${i}`,
        pageUrl: `https://example.com/${i}?utm_source=x`,
        canonicalUrl: null,
        title: `Article ${i}`,
        byline: i % 2 ? 'Ada' : null,
        siteName: 'Example',
        lang: 'en',
        dir: 'ltr',
        publishedTime: null,
        excerpt: 'An excerpt.',
        savedAt: 1_000 + i,
        capturedAt: 2_000 + i,
        content: { html: new ImmutableString(html), text: new ImmutableString(`Article ${i}`), extractor: 'readability', wordCount: 5 },
        tags: i % 3 === 0 ? { mills: true } : {},
        readAt: i % 4 === 0 ? 5_000 : null,
        archivedAt: null,
        highlights: i === 0 ? { h1: { id: 'h1', quote: { exact: 'tide mill', prefix: '', suffix: '' }, position: { start: 0, end: 9 }, color: 'yellow', note: 'n', createdAt: 1, updatedAt: 1, deletedAt: null } } : {},
        ...(i === 1 ? { futureField: { keep: [1, 2] } } : {}),
      });
    });
    root.change((d: any) => void (d.clips[id] = { doc: h.url, key: `https://example.com/${i}`, addedAt: 1_000 + i, deletedAt: i === 2 ? 9_000 : null }));
    clips.push({ id, doc: h.url, title: `Article ${i}`, html });
  }
  await repo.flush();
  return { url: root.url as DocUrl, clips };
}

const open = (storage: MemoryStorageAdapter, url: DocUrl, index = new MemoryClipIndex()) =>
  Library.open({ repo: new Repo({ storage, network: [] }), index, storage, now: () => 10_000 }, url);

describe('library schema 1 → 2', () => {
  it('moves every clip into the catalogs and content documents, losing nothing', async () => {
    const storage = new MemoryStorageAdapter();
    const { url, clips } = await v1Library(storage, 230);
    const index = new MemoryClipIndex();
    const { library } = await open(storage, url, index);
    await library.reconcileIndex();
    expect(library.counts()).toEqual({ live: 229, deleted: 1 });
    expect(await index.count()).toBe(230);
    for (const c of [clips[0]!, clips[1]!, clips[2]!, clips[229]!]) {
      const view = await library.get(c.id as never);
      expect(view.title).toBe(c.title);
      expect(view.html).toBe(c.html);
      expect(view.pageUrl).toBe(`https://example.com/${clips.indexOf(c)}`);
    }
    const first = await library.get(clips[0]!.id as never);
    expect(first).toMatchObject({ tags: ['mills'], readAt: 5_000, savedAt: 1_000, capturedAt: 2_000, wordCount: 5, byline: null });
    expect((await library.get(clips[2]!.id as never)).deletedAt).toBe(9_000);
    // De-duplication still finds the migrated clip.
    expect((await library.findByUrl('https://example.com/3#x'))?.id).toBe(clips[3]!.id);
    // The old documents are gone, and the root is version 2.
    for (const c of clips.slice(0, 5)) expect(await storage.loadRange([c.doc.slice('automerge:'.length)])).toEqual([]);
    const repo = new Repo({ storage, network: [] });
    const root = (await repo.find<any>(url)).doc();
    expect(root.schemaVersion).toBe(2);
    expect(root.clips).toBeUndefined();
    expect(Object.keys(root.contents)).toHaveLength(3);
    // Fields version 1 did not know are kept, and so are highlights.
    const catalogs = await Promise.all(Object.values(root.catalogs).map((u) => repo.find<any>(u as never)));
    const entry = (id: string) => catalogs.map((c) => c.doc().clips[id]).find(Boolean);
    expect(entry(clips[1]!.id).futureField).toEqual({ keep: [1, 2] });
    expect(entry(clips[0]!.id).highlights.h1.quote.exact).toBe('tide mill');
  });

  it('resumes after a process killed in the middle, with nothing lost or doubled', async () => {
    const storage = new MemoryStorageAdapter();
    const { url, clips } = await v1Library(storage, 250);
    // The second batch of clips never lands (the third commit: catalogs, batch one, batch two): the process dies there.
    const failing = storage;
    let armed = true;
    Object.defineProperty(failing, 'failNextCommit', {
      get: () => (armed && failing.commits === 2 ? new Error('killed during the migration') : null),
      set: () => void (armed = failing.commits !== 2 && armed),
    });
    await expect(open(failing, url)).rejects.toThrow('killed during the migration');
    const after = storage.snapshot();
    const { library } = await open(after, url);
    expect(library.counts()).toEqual({ live: 249, deleted: 1 });
    expect(new Set(library.clipIds())).toEqual(new Set(clips.map((c) => c.id)));
    for (const c of clips.filter((_, i) => i % 50 === 0)) expect((await library.get(c.id as never)).html).toBe(c.html);
  });
});
