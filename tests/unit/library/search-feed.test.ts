import { describe, expect, it } from 'vitest';
import type { ClipFields } from '../../../src/search/fields';
import { openLibrary, page } from './helpers';

async function collect(feed: AsyncGenerator<ClipFields>): Promise<ClipFields[]> {
  const out: ClipFields[] = [];
  for await (const f of feed) out.push(f);
  return out;
}

describe('the search feed (what the search index is given)', () => {
  it('gives every clip with its article text, a content document at a time, and leaves none loaded', async () => {
    const lib = await openLibrary();
    const n = 104; // more than one content document (100 articles each)
    for (let i = 0; i < n; i++) {
      const text = `Article ${i} says ${'word'.repeat(1 + (i % 3))} ${i}.`;
      await lib.library.save(page({ pageUrl: `https://example.com/${i}`, canonicalUrl: null, title: `Clip ${i}`, html: `<p>${text}</p>`, text }));
    }
    await lib.library.settled();
    const deleted = (await lib.library.findByUrl('https://example.com/7'))!;
    await lib.library.setDeleted(deleted.id, true);
    // A start: nothing loaded but the root and the catalogs.
    const again = await lib.reopen();
    expect(again.library.loadedClips).toBe(0);
    const all = await collect(again.library.searchFeed());
    expect(all).toHaveLength(n);
    const byTitle = new Map(all.map((f) => [f.title, f]));
    expect(byTitle.get('Clip 42')).toMatchObject({ text: 'Article 42 says word 42.', deleted: false });
    expect(byTitle.get('Clip 103')?.text).toBe('Article 103 says wordword 103.');
    // A deleted clip is fed as deleted, without its text.
    expect(byTitle.get('Clip 7')).toMatchObject({ text: '', deleted: true });
    expect(again.library.loadedClips).toBe(0);
    // Some clips only; texts cut past what the index reads.
    const some = await collect(again.library.searchFeed([byTitle.get('Clip 1')!.id, byTitle.get('Clip 102')!.id] as never, 8));
    expect(some.map((f) => f.text)).toEqual(['Article 1', 'Article 1']); // 8 and the one the cut looks at
  }, 60_000);

  it('reads an article through its handle when the document is loaded (the one being appended to)', async () => {
    const lib = await openLibrary();
    const saved = await lib.library.save(page({ pageUrl: 'https://example.com/fresh', canonicalUrl: null, html: '<p>Fresh words here.</p>', text: 'Fresh words here.' }));
    await lib.library.settled();
    expect(lib.library.loadedClips).toBeGreaterThan(0);
    const [f] = await collect(lib.library.searchFeed([saved.clip.id]));
    expect(f?.text).toBe('Fresh words here.');
  });
});
