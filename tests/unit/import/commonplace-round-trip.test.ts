import { unzipSync, zipSync, type Zippable } from 'fflate';
/**
 * Issue 11: a Commonplace export imported into an empty library, through the real job runner,
 * gives an equal library — every clip's metadata, states, tags, article and highlights (ids,
 * colours, notes, dates, exact selectors) — and stays equal when the job is killed and resumed.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { textOfHtml } from '../../../src/capture/text';
import { repoSource } from '../../../src/export/repo-source';
import { openCommonplace, type RestoreEvent } from '../../../src/import/commonplace';
import { newJob, runJob } from '../../../src/import/job-runner';
import { newHighlightId } from '../../../src/schema/ids';
import { bulkLibrary } from '../export/bulk';
import { sampleLibrary, targetIn } from '../export/fixtures';
import { exportToMemory } from '../export/helpers';
import { openLibrary, page } from '../library/helpers';
import { clipsOf, restoreWorld, sanitizer } from './commonplace-helpers';
import { NOW } from './fixtures';

const CLEAN = '<h2>Already clean</h2><p>An article as the content script stores it: <a href="https://example.com/a">a link</a>, <em>emphasis</em>.</p>';

let lib: Awaited<ReturnType<typeof sampleLibrary>>;
let exported: Awaited<ReturnType<typeof exportToMemory>>;

beforeAll(async () => {
  lib = await sampleLibrary();
  const { library } = lib;
  const passage = '<p>The river rises in the hills.</p>';
  const selection = (await library.save(page({ kind: 'selection', extractor: 'selection', title: 'A passage', pageUrl: 'https://example.com/rivers', canonicalUrl: null, html: passage, text: textOfHtml(passage) }))).clip;
  await library.highlights.add(selection.id, { id: newHighlightId(), target: targetIn(passage, 'river rises'), page: null, color: 'yellow', note: 'a note\non two lines' });
  const clean = sanitizer.sanitizeCapture(CLEAN, 'https://example.com/clean');
  const link = (await library.save(page({ kind: 'link', title: 'Clean link', pageUrl: 'https://example.com/clean', canonicalUrl: 'https://example.com/clean', html: clean, text: textOfHtml(clean), publishedTime: null, byline: null }))).clip;
  await library.highlights.add(link.id, { id: newHighlightId(), target: targetIn(clean, 'a link'), page: null, color: 'pink', note: '' });
  await library.organise.setProgress(link.id, 12, 55);
  await library.settled();
  exported = await exportToMemory(repoSource(lib.repo, lib.url));
});

describe('a Commonplace export imported into an empty library', () => {
  it('gives an equal library: every clip, field by field, its article re-sanitised, its highlights exactly', async () => {
    const fresh = await openLibrary();
    const w = restoreWorld(fresh, exported.bytes);
    const job = await runJob(newJob('f', 'commonplace-export.zip', NOW), w.deps);
    expect(job).toMatchObject({ state: 'done', format: 'commonplace', total: 5, done: 5, imported: 5, duplicates: 0, failedCount: 0 });
    await fresh.library.settled();
    const before = await clipsOf(lib.repo, lib.url);
    const after = await clipsOf(fresh.repo, fresh.url);
    expect(after.map((c) => c.id)).toEqual(before.map((c) => c.id));
    for (const [i, was] of before.entries()) {
      const now = after[i]!;
      // The article went through the capture sanitiser: what the content script stores comes back byte for byte, a hostile one cleaned.
      expect(now.html, was.title).toBe(sanitizer.sanitizeCapture(was.html!, was.pageUrl));
      expect(textOfHtml(now.html!), was.title).toBe(textOfHtml(was.html!));
      expect({ ...now, html: null }, was.title).toEqual({ ...was, html: null });
    }
    const byTitle = (t: string) => after.find((c) => c.title === t)!;
    expect(byTitle('Clean link').progress).toMatchObject({ offset: 12, percent: 55 });
    expect(byTitle('Clean link').html).toBe(sanitizer.sanitizeCapture(CLEAN, 'https://example.com/clean'));
    const hostile = after.find((c) => c.id === lib.clips.hostile.id)!;
    expect(hostile.html).not.toMatch(/<script|onerror|onclick|javascript:|<iframe/i);
    const river = after.find((c) => c.id === lib.clips.river.id)!;
    expect(river).toMatchObject({ tags: ['a/b: c', 'nature'], readAt: expect.any(Number), archivedAt: null });
    expect(river.highlights.map((h) => [h.id, h.color, h.note])).toEqual([lib.highlights.h1, lib.highlights.h2, lib.highlights.h3].map((h) => [h.id, h.color, h.note]));
    expect(river.highlights[1]!.page?.range).toEqual({ type: 'RangeSelector', startContainer: '/p[2]', startOffset: 52, endContainer: '/p[2]', endOffset: 80 });
    expect(after.find((c) => c.id === lib.clips.long.id)).toMatchObject({ archivedAt: 5_000, lang: 'ar', dir: 'rtl' });
    // The library lists them (index rows) and shows their highlights as it shows its own.
    expect(fresh.library.counts()).toEqual({ live: 5, deleted: 0 });
    expect(await fresh.index.count()).toBe(5);
    const views = await fresh.library.highlights.list(lib.clips.river.id as never);
    expect(views.map((h) => [h.id, h.found])).toEqual([[lib.highlights.h1.id, true], [lib.highlights.h2.id, true], [lib.highlights.h3.id, false]]);
    // Durable: a background killed now finds it all.
    expect((await fresh.crash()).library.counts().live).toBe(5);
  });

  it('imports an export unzipped and zipped again with its folder (everything one folder down), highlights and all', async () => {
    const files = unzipSync(exported.bytes);
    const again: Zippable = {};
    for (const [name, bytes] of Object.entries(files)) again[`commonplace-export 2026-01-02 03-04/${name}`] = bytes;
    const fresh = await openLibrary();
    const job = await runJob(newJob('f', 'commonplace-export.zip', NOW), restoreWorld(fresh, zipSync(again)).deps);
    expect(job).toMatchObject({ state: 'done', format: 'commonplace', imported: 5, failedCount: 0 });
    await fresh.library.settled();
    const river = (await clipsOf(fresh.repo, fresh.url)).find((c) => c.id === lib.clips.river.id)!;
    expect(river.highlights.map((h) => h.id)).toEqual([lib.highlights.h1, lib.highlights.h2, lib.highlights.h3].map((h) => h.id));
  });

  it('a second import of the same export adds nothing: every clip a duplicate, no highlight twice', async () => {
    const fresh = await openLibrary();
    await runJob(newJob('f', 'a.zip', NOW), restoreWorld(fresh, exported.bytes).deps);
    const first = await clipsOf(fresh.repo, fresh.url);
    const again = await runJob(newJob('g', 'a.zip', NOW), { ...restoreWorld(fresh, exported.bytes).deps, readFile: async (id) => ({ id, name: 'a.zip', bytes: exported.bytes }) });
    expect(again).toMatchObject({ state: 'done', imported: 0, duplicates: 5, failedCount: 0 });
    expect(await clipsOf(fresh.repo, fresh.url)).toEqual(first);
  });

  it("merges into a clip the library already has: the export's tags and the highlights it lacks, by id; its article and state stay", async () => {
    const target = await openLibrary();
    const RIVER2 = '<p>Preface.</p><p>In spring the water runs fast and cold, and the mill wheel turns all day.</p>';
    const mine = (await target.library.save(page({ title: 'My copy', pageUrl: 'https://example.com/rivers', canonicalUrl: null, html: RIVER2, text: textOfHtml(RIVER2) }))).clip;
    const own = await target.library.highlights.add(mine.id, { id: lib.highlights.h1.id, target: targetIn(RIVER2, 'the water runs fast and cold'), page: null, color: 'yellow', note: 'mine' });
    await target.library.settled();
    const job = await runJob(newJob('f', 'a.zip', NOW), restoreWorld(target, exported.bytes).deps);
    expect(job).toMatchObject({ state: 'done', imported: 4, duplicates: 1, failedCount: 0 });
    const view = await target.library.get(mine.id);
    expect(view).toMatchObject({ title: 'My copy', readAt: null });
    expect(view.tags.sort()).toEqual(['a/b: c', 'nature']);
    const hs = await target.library.highlights.list(mine.id);
    // h1 was already there (same id): kept as the library had it. h2 is found again in this copy's text; h3 stays an orphan.
    expect(hs.map((h) => [h.id, h.note]).sort()).toEqual([[own.id, 'mine'], [lib.highlights.h2.id, ''], [lib.highlights.h3.id, 'orphan note']].sort());
    const h2 = hs.find((h) => h.id === lib.highlights.h2.id)!;
    expect(h2.found).toBe(true);
    expect(textOfHtml(RIVER2).slice(h2.target!.position.start, h2.target!.position.end)).toBe('the mill wheel turns all day');
  });
});

describe('resuming', () => {
  let bulk: Uint8Array;
  beforeAll(async () => {
    const { repo, url } = await bulkLibrary(450, 1);
    bulk = (await exportToMemory(repoSource(repo, url))).bytes;
  });

  it('events(from) is exactly the tail of events(0), for every cursor', async () => {
    const opened = await openCommonplace(bulk, { now: NOW });
    if (!opened.ok) throw new Error(opened.error.message);
    const all: RestoreEvent[] = [];
    for await (const e of opened.value.events(0)) all.push(e);
    expect(all.map((e) => e.index)).toEqual(Array.from({ length: 450 }, (_, i) => i));
    expect(new Set(all.map((e) => e.sourceKey)).size).toBe(450);
    const key = (e: RestoreEvent) => [e.index, e.sourceKey, e.kind, e.kind === 'clip' ? e.clip.html : e.reason];
    for (const from of [1, 99, 100, 101, 250, 449, 450, 500]) {
      const tail: RestoreEvent[] = [];
      for await (const e of opened.value.events(from)) tail.push(e);
      expect(tail.map(key), `from ${from}`).toEqual(all.slice(from).map(key));
    }
  });

  it.each([0, 1, 2])('a job killed in batch %i resumes at its cursor and ends with the library of an uninterrupted import', async (k) => {
    const clean = await openLibrary();
    const cleanJob = await runJob(newJob('f', 'a.zip', NOW), restoreWorld(clean, bulk).deps);
    expect(cleanJob).toMatchObject({ state: 'done', imported: 450, failedCount: 0 });
    const lib2 = await openLibrary();
    const w = restoreWorld(lib2, bulk, { hangAtBatch: k });
    void runJob(newJob('f', 'a.zip', NOW), w.deps);
    await w.hung;
    const left = w.stored()!;
    expect(left).toMatchObject({ state: 'running', done: k * 200, imported: k * 200 });
    expect(lib2.library.counts().live).toBe(k * 200);
    w.restart();
    const resumed = await runJob(left, w.deps);
    expect(resumed).toMatchObject({ state: 'done', done: 450, imported: 450, duplicates: 0, failedCount: 0 });
    await lib2.library.settled();
    await clean.library.settled();
    expect(await clipsOf(lib2.repo, lib2.url)).toEqual(await clipsOf(clean.repo, clean.url));
  }, 60_000);
});
