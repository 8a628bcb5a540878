import { describe, expect, it } from 'vitest';
import type { ClipFields } from '../../../src/search/fields';
import { deepMatch, passesDeepFilters } from '../../../src/search/deep-search';
import { parseQuery } from '../../../src/search/query';
import { openLibrary, page } from './helpers';

const TEXT_CHARS = 200;
const filler = (n: number) => 'lorem ipsum dolor sit amet '.repeat(Math.ceil(n / 27)).slice(0, n);

describe('the deep scan (long articles, a content document at a time, from a cursor)', () => {
  it('visits every long clip exactly once over its steps, skips short ones, and leaves no document loaded', async () => {
    const lib = await openLibrary();
    const n = 230; // three content documents (100 articles each)
    for (let i = 0; i < n; i++) {
      const short = i % 4 === 0;
      const text = short ? `Short ${i} wombat.` : `${filler(TEXT_CHARS + 50)} wombat${i} end.`;
      await lib.library.save(page({ pageUrl: `https://example.com/${i}`, canonicalUrl: null, title: `Clip ${i}`, html: `<p>${text}</p>`, text }));
    }
    const gone = (await lib.library.findByUrl('https://example.com/3'))!;
    await lib.library.setDeleted(gone.id, true);
    const again = await lib.reopen();
    const seen: string[] = [];
    let cursor: string | null = null;
    let steps = 0;
    let last = { scanned: 0, total: 0 };
    do {
      const step = await again.library.deepScan({ cursor, textChars: TEXT_CHARS, accept: () => true, visit: (f) => seen.push(f.title), maxDocs: 1, budgetMs: 1_000 });
      expect(step.loaded).toBeLessThanOrEqual(1);
      expect(step.scanned).toBeGreaterThan(last.scanned);
      last = step;
      cursor = step.next;
      steps++;
    } while (cursor !== null && steps < 10);
    expect(cursor).toBeNull();
    expect(steps).toBe(3);
    expect(last).toMatchObject({ scanned: n - 1, total: n - 1 });
    const expected = Array.from({ length: n }, (_, i) => i).filter((i) => i % 4 !== 0 && i !== 3).map((i) => `Clip ${i}`);
    expect(seen.sort()).toEqual(expected.sort());
    expect(new Set(seen).size).toBe(seen.length);
    expect(again.library.loadedClips).toBe(0);
  }, 60_000);

  it('reads only the clips the filters accept, and finds their words past the indexed prefix', async () => {
    const lib = await openLibrary();
    for (let i = 0; i < 6; i++) {
      const text = `${filler(TEXT_CHARS + 50)} numbat appears here.`;
      await lib.library.save(page({ pageUrl: `https://example.com/${i}`, canonicalUrl: null, title: `Clip ${i}`, html: `<p>${text}</p>`, text }));
      if (i % 2 === 1) await lib.library.markRead((await lib.library.findByUrl(`https://example.com/${i}`))!.id, true);
    }
    const q = parseQuery('numbat state:unread', { cjk: 'bigram' });
    const hits: ClipFields[] = [];
    const step = await lib.library.deepScan({
      cursor: null,
      textChars: TEXT_CHARS,
      accept: (f) => passesDeepFilters(f, q),
      visit: (f) => deepMatch(f, q, { textChars: TEXT_CHARS, cjk: 'bigram' }).found === 'deep' && hits.push(f),
      maxDocs: 4,
      budgetMs: 1_000,
    });
    expect(step).toMatchObject({ next: null, scanned: 3, total: 3 });
    expect(hits.map((h) => h.title).sort()).toEqual(['Clip 0', 'Clip 2', 'Clip 4']);
  });
});
