/**
 * Found in a bug hunt: two ways out the import offered did not work. (1) A clip restored from a
 * Commonplace export that lacked its article holds a one-line stand-in; importing a later, complete
 * export of the same clip merged into it and kept the stand-in (the library's article won). (2) An
 * Omnivore item whose article was damaged in the zip is imported as a link and listed as "Part of
 * it was not imported. … Download the export again and retry": importing the intact export kept
 * the link's placeholder all the same. Now the real article replaces the importer's stand-in;
 * the clip keeps its tags, states and highlights (found again), and adds the file's. The job's
 * report counts such an item as an article filled in (`filledIn`), not as a duplicate skipped.
 */
import { describe, expect, it } from 'vitest';
import { textOfHtml } from '../../../src/capture/text';
import { repoSource } from '../../../src/export/repo-source';
import { newJob, runJob, type JobDeps } from '../../../src/import/job-runner';
import { isStandIn } from '../../../src/library/stand-in';
import { newHighlightId, type ClipId } from '../../../src/schema/ids';
import { targetIn } from '../export/fixtures';
import { exportToMemory } from '../export/helpers';
import { openLibrary, page } from '../library/helpers';
import { clipsOf, exportWithout, importInto } from './commonplace-helpers';
import { NOW, omnivoreMeta, zipOf } from './fixtures';


describe('importing again what an import held only a stand-in of', () => {
  it('a complete export of a clip restored without its article replaces its stand-in', async () => {
    const a = await openLibrary();
    const html = '<p>The river rises in the hills and reaches the sea in spring.</p>';
    const id = (await a.library.save(page({ html, text: textOfHtml(html) }))).clip.id;
    const h = await a.library.highlights.add(id, { id: newHighlightId(), target: targetIn(html, 'river rises'), page: null, color: 'green', note: 'from A' });
    await a.library.organise.setTags(id, ['rivers']);
    await a.library.settled();
    const partial = await exportWithout(a, id);
    expect(partial.manifest.counts).toMatchObject({ clips: 1, missingArticles: 1 });

    const b = await openLibrary();
    expect(await importInto(b, partial.bytes, 'f')).toMatchObject({ state: 'done', imported: 1 });
    expect(isStandIn('text', (await b.library.get(id)).text)).toBe(true);
    expect((await b.library.highlights.list(id)).map((x) => x.found)).toEqual([false]);
    // On B meanwhile: a tag, read.
    await b.library.organise.setTags(id, ['rivers', 'mine']);
    await b.library.markRead(id, true);

    const full = await exportToMemory(repoSource(a.repo, a.url));
    // Reported as an article filled in, not as a duplicate skipped.
    expect(await importInto(b, full.bytes, 'g')).toMatchObject({ state: 'done', imported: 0, filledIn: 1, duplicates: 0, failedCount: 0 });
    await b.library.settled();
    const clips = await clipsOf(b.repo, b.url);
    expect(clips.map((c) => c.id)).toEqual([id]);
    expect(clips[0]).toMatchObject({ html, extractor: 'readability', title: 'A story' });
    expect([...clips[0]!.tags].sort()).toEqual(['mine', 'rivers']);
    expect(clips[0]!.readAt).not.toBeNull();
    expect((await b.library.highlights.list(id)).map((x) => [x.id, x.note, x.found])).toEqual([[h.id, 'from A', true]]);
    // The same export again changes nothing; a partial one never puts the stand-in back.
    expect(await importInto(b, full.bytes, 'h')).toMatchObject({ state: 'done', duplicates: 1, filledIn: 0 });
    expect(await importInto(b, partial.bytes, 'i')).toMatchObject({ state: 'done', duplicates: 1, filledIn: 0 });
    expect((await clipsOf(b.repo, b.url))[0]).toMatchObject({ html });
  });

  it('an Omnivore article damaged in the first export is there once the intact export is imported', async () => {
    const ARTICLE = '<p>THE-ARTICLE-BYTES of item zero, long enough to be found in the zip.</p>';
    const files = { 'metadata_0_to_1.json': JSON.stringify([omnivoreMeta(0, { labels: ['tech'] })]), 'content/article-0-slug.html': ARTICLE, 'highlights/article-0-slug.md': '> long enough to be found' };
    const intact = zipOf(files, 0);
    const damaged = intact.slice();
    const marker = new TextEncoder().encode('THE-ARTICLE-BYTES');
    damaged[damaged.findIndex((_, i) => marker.every((x, j) => damaged[i + j] === x))] = 0x58;
    const lib = await openLibrary();
    const deps = (bytes: Uint8Array): JobDeps => ({
      readFile: async (f) => ({ id: f, name: 'omnivore.zip', bytes }),
      deleteFile: async () => undefined,
      save: async () => undefined,
      importBatch: (items) => lib.library.importBatch(items),
      extract: async (h, url) => ({ kind: 'link', extractor: 'readability', pageUrl: url, canonicalUrl: null, title: 'Extracted', byline: null, siteName: null, lang: null, dir: null, publishedTime: null, excerpt: null, html: h, text: textOfHtml(h) }),
      yieldTurn: () => Promise.resolve(),
      now: () => NOW,
    });
    const first = await runJob(newJob('f', 'omnivore.zip', NOW), deps(damaged));
    expect(first).toMatchObject({ state: 'done', imported: 1, failedCount: 1 });
    expect(first.failed[0]!.reason).toMatch(/^Part of it was not imported\. Its article could not be read from the export: .*Download the export again/);
    const row = (await lib.library.findByUrl('https://blog.example.org/posts/0'))!;
    await lib.library.organise.setTags(row.id, ['tech', 'later']);
    expect(isStandIn('text', (await lib.library.get(row.id)).text)).toBe(true);

    const second = await runJob(newJob('g', 'omnivore.zip', NOW), deps(intact));
    expect(second).toMatchObject({ state: 'done', imported: 0, filledIn: 1, duplicates: 0, failedCount: 0 });
    const got = await lib.library.get(row.id);
    expect(got).toMatchObject({ html: ARTICLE, title: 'Omnivore article 0' });
    expect([...got.tags].sort()).toEqual(['later', 'tech']);
    expect((await lib.library.highlights.list(row.id)).map((x) => [x.target?.quote.exact, x.found])).toEqual([['long enough to be found', true]]);
    expect(lib.library.counts()).toEqual({ live: 1, deleted: 0 });
  });
});
