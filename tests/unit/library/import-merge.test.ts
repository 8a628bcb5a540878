import { describe, expect, it } from 'vitest';
import { textOfHtml } from '../../../src/capture/text';
import type { ImportCapture } from '../../../src/library/import-entry';
import { newJob, runJob } from '../../../src/import/job-runner';
import type { ImportJob } from '../../../src/import/job-state';
import { NOW, pocketRows, pocketZip } from '../import/fixtures';
import { openLibrary, page } from './helpers';

type Item = Omit<ImportCapture, 'filing'>;

/** An imported link (another service's row): no article, its address its key. */
function link(url: string, extra: Partial<Item> = {}): Item {
  const html = `<p>Imported. <a href="${url}">open the original</a>.</p>`;
  return {
    page: page({ kind: 'link', extractor: 'text', pageUrl: url, canonicalUrl: null, title: url, html, text: textOfHtml(html) }),
    savedAt: 1_600_000_000_000,
    tags: [],
    readAt: null,
    archivedAt: null,
    highlights: [],
    ...extra,
  };
}

const ARTICLE = '<p>The sea was calm that morning. Nobody expected the storm.</p>';

describe('imported duplicates are merged into the clip of their page', () => {
  it('a page listed twice in one batch (a bookmark in two folders) is one clip with both copies\' tags and highlights', async () => {
    const lib = await openLibrary();
    const outcomes = await lib.library.importBatch([
      link('https://merge.example/a', { tags: ['Work'] }),
      link('https://merge.example/b'),
      link('https://merge.example/a?utm_source=x', { tags: ['Reading', 'work'], highlights: [{ quote: 'Imported', createdAt: 5, note: 'n', color: 'blue' }] }),
    ]);
    expect(outcomes.map((o) => o.kind)).toEqual(['imported', 'imported', 'duplicate']);
    expect(outcomes[2]).toMatchObject({ clip: outcomes[0]!.kind === 'failed' ? null : outcomes[0]!.clip });
    expect(lib.library.counts().live).toBe(2);
    const row = (await lib.library.findByUrl('https://merge.example/a'))!;
    expect(row.tags).toEqual(['Reading', 'Work']);
    expect((await lib.library.highlights.list(row.id)).map((h) => h.target?.quote.exact)).toEqual(['Imported']);
    // Durable as one batch.
    const after = await lib.crash();
    expect((await after.library.get(row.id)).tags).toEqual(['Reading', 'Work']);
  });

  it('a merge-only item (the file listed its page in an earlier batch) adds its tags there and never makes a clip', async () => {
    const lib = await openLibrary();
    await lib.library.importBatch([link('https://merge.example/a', { tags: ['one'] })]);
    const [dup, orphan] = await lib.library.importBatch([
      { ...link('https://merge.example/a', { tags: ['two'] }), mergeOnly: true },
      { ...link('https://merge.example/nowhere', { tags: ['three'] }), mergeOnly: true },
    ]);
    expect(dup).toMatchObject({ kind: 'duplicate' });
    expect(orphan).toEqual({ kind: 'duplicate' });
    expect(lib.library.counts().live).toBe(1);
    expect((await lib.library.findByUrl('https://merge.example/a'))!.tags).toEqual(['one', 'two']);
    expect(await lib.library.findByUrl('https://merge.example/nowhere')).toBeNull();
  });

  it('another service\'s item for a page the library holds adds its tags and the highlights it lacks; the clip keeps its own state and article; importing it again changes nothing', async () => {
    const lib = await openLibrary();
    const saved = await lib.library.save(page({ pageUrl: 'https://merge.example/story', canonicalUrl: null, html: ARTICLE, text: textOfHtml(ARTICLE) }));
    await lib.library.settled();
    const item = link('https://merge.example/story', { tags: ['sea'], archivedAt: 1_700_000_000_000, highlights: [{ quote: 'Nobody expected the storm.', createdAt: 9, note: 'from Pocket', color: 'yellow' }] });
    const [o] = await lib.library.importBatch([item]);
    expect(o).toEqual({ kind: 'duplicate', clip: saved.clip.id });
    const view = await lib.library.get(saved.clip.id);
    expect(view).toMatchObject({ tags: ['sea'], archivedAt: null, title: 'A story' });
    const hs = await lib.library.highlights.list(saved.clip.id);
    expect(hs.map((h) => [h.target?.quote.exact, h.found, h.note])).toEqual([['Nobody expected the storm.', true, 'from Pocket']]);
    await lib.library.importBatch([item]);
    expect(await lib.library.highlights.list(saved.clip.id)).toHaveLength(1);
  });

  it('"Save page" on a page imported as a link updates that clip, even when the page names a canonical link of its own', async () => {
    const lib = await openLibrary();
    const [o] = await lib.library.importBatch([link('https://merge.example/post?id=7', { tags: ['later'] })]);
    const id = o!.kind === 'imported' ? o!.clip : undefined;
    const saved = await lib.library.save(page({ pageUrl: 'https://merge.example/post?id=7', canonicalUrl: 'https://merge.example/posts/seven', html: ARTICLE, text: textOfHtml(ARTICLE) }));
    expect(saved).toMatchObject({ created: false, clip: { id } });
    await lib.library.settled();
    expect(lib.library.counts().live).toBe(1);
    const view = await lib.library.get(id!);
    expect(view).toMatchObject({ kind: 'page', url: 'https://merge.example/posts/seven', tags: ['later'] });
    expect(view.text).toContain('Nobody expected the storm.');
    // Filed under the canonical link now: a second save finds it there.
    const again = await lib.library.save(page({ pageUrl: 'https://merge.example/posts/seven', canonicalUrl: 'https://merge.example/posts/seven', html: ARTICLE, text: textOfHtml(ARTICLE) }));
    expect(again).toMatchObject({ created: false, clip: { id } });
    await lib.library.settled();
    expect(lib.library.counts().live).toBe(1);
    // And after a restart.
    const after = await lib.reopen();
    const third = await after.library.save(page({ pageUrl: 'https://merge.example/post?id=7', canonicalUrl: 'https://merge.example/posts/seven', html: ARTICLE, text: textOfHtml(ARTICLE) }));
    expect(third).toMatchObject({ created: false, clip: { id } });
  });

  it('an import of a page saved from the browser under its canonical link is a duplicate of that clip, its tags merged', async () => {
    const lib = await openLibrary();
    const saved = await lib.library.save(page({ pageUrl: 'https://merge.example/post?id=8', canonicalUrl: 'https://merge.example/posts/eight', html: ARTICLE, text: textOfHtml(ARTICLE) }));
    await lib.library.settled();
    const [o] = await lib.library.importBatch([link('https://merge.example/post?id=8', { tags: ['pocket'] })]);
    expect(o).toEqual({ kind: 'duplicate', clip: saved.clip.id });
    expect(lib.library.counts().live).toBe(1);
    expect((await lib.library.get(saved.clip.id)).tags).toEqual(['pocket']);
  });

  it('a saved selection is not taken for its page: a link import of the same address is a clip of its own', async () => {
    const lib = await openLibrary();
    await lib.library.save(page({ kind: 'selection', pageUrl: 'https://merge.example/sel', canonicalUrl: null, html: '<p>calm</p>', text: 'calm' }));
    await lib.library.settled();
    const [o] = await lib.library.importBatch([link('https://merge.example/sel')]);
    expect(o?.kind).toBe('imported');
    expect(lib.library.counts().live).toBe(2);
  });
});

describe('an import job whose file lists one page twice', () => {
  it('gives its one clip both rows\' tags (a Pocket row repeated in a later batch), counting the second as a duplicate', async () => {
    const lib = await openLibrary();
    const rows = pocketRows(250);
    rows[0] = { ...rows[0]!, tags: ['first'] };
    rows[220] = { ...rows[220]!, url: rows[0]!.url, tags: ['second', 'first'] };
    const files: Record<string, Uint8Array> = { f: pocketZip(rows, 100) };
    let stored: ImportJob | null = null;
    const job = await runJob(newJob('f', 'pocket.zip', NOW), {
      readFile: async (id) => (files[id] ? { id, name: id, bytes: files[id]! } : null),
      deleteFile: async (id) => void delete files[id],
      save: async (j) => void (stored = j),
      importBatch: (items) => lib.library.importBatch(items),
      extract: () => Promise.reject(new Error('no articles here')),
      yieldTurn: () => Promise.resolve(),
      now: () => NOW,
    });
    expect(job).toMatchObject({ state: 'done', imported: 249, duplicates: 1, failedCount: 0 });
    expect(stored).toEqual(job);
    expect(lib.library.counts().live).toBe(249);
    expect((await lib.library.findByUrl(rows[0]!.url))!.tags).toEqual(['first', 'second']);
  });
});
