/**
 * A whole-library export restored through the real job runner keeps the side panel's saved views
 * (the root's `views`, docs/schema.md): before the fix the import read only the clips, so every
 * saved view was lost in a backup → restore round trip. Views are merged as clips are: one the
 * library holds (by id, live or deleted) stays as the library has it, a deleted one is not brought
 * back, the same export twice adds nothing, and a selection's export brings none.
 */
import { describe, expect, it } from 'vitest';
import { repoSource } from '../../../src/export/repo-source';
import { newJob, runJob } from '../../../src/import/job-runner';
import { textOfHtml } from '../../../src/capture/text';
import { exportToMemory } from '../export/helpers';
import { openLibrary, page } from '../library/helpers';
import { spec } from '../library/views-helpers';
import { restoreWorld } from './commonplace-helpers';
import { NOW } from './fixtures';

/** A library with one clip, two live saved views and one deleted, exported whole. */
async function libraryWithViews() {
  const lib = await openLibrary();
  const html = '<p>Rust for people in a hurry.</p>';
  await lib.library.save(page({ title: 'Rust', pageUrl: 'https://example.com/rust', canonicalUrl: null, html, text: textOfHtml(html) }));
  const work = await lib.library.views.save({ name: 'Work reading', spec: spec({ tag: 'wörk ✨', sort: 'oldest', from: '2026-01-01' }) });
  const faves = await lib.library.views.save({ name: 'Favourites 📌', spec: spec({ query: '', state: 'favorites', tag: null }) });
  const gone = await lib.library.views.save({ name: 'Old', spec: spec({ query: 'old' }) });
  await lib.library.views.remove(gone.id);
  await lib.library.settled();
  const bytes = (await exportToMemory(repoSource(lib.repo, lib.url))).bytes;
  return { lib, bytes, work, faves, gone };
}

const restore = (into: Awaited<ReturnType<typeof openLibrary>>, bytes: Uint8Array) => runJob(newJob('f', 'commonplace-export.zip', NOW), restoreWorld(into, bytes).deps);

describe('a Commonplace export restored: saved views', () => {
  it('brings back every live saved view with its id, name, spec and date; a deleted one stays deleted', async () => {
    const { lib, bytes, work, faves, gone } = await libraryWithViews();
    const fresh = await openLibrary();
    const job = await restore(fresh, bytes);
    expect(job).toMatchObject({ state: 'done', imported: 1, failedCount: 0 });
    expect(fresh.library.views.list().views).toEqual(lib.library.views.list().views);
    expect(fresh.library.views.list().views.map((v) => v.id)).toEqual([work.id, faves.id]);
    expect(fresh.library.views.list().views.some((v) => v.id === gone.id)).toBe(false);
    // Durable: the library opened again holds them.
    const again = await fresh.reopen();
    expect(again.library.views.list().views.map((v) => v.name)).toEqual(['Work reading', 'Favourites 📌']);
  });

  it("keeps the library's own version of a view it holds (newer edits, a deletion) and adds nothing the second time", async () => {
    const { bytes, work, faves } = await libraryWithViews();
    const fresh = await openLibrary();
    expect(await restore(fresh, bytes)).toMatchObject({ state: 'done' });
    await fresh.library.views.save({ viewId: work.id, name: 'Work, renamed after the backup' });
    await fresh.library.views.remove(faves.id);
    const job = await restore(fresh, bytes);
    expect(job).toMatchObject({ state: 'done', failedCount: 0 });
    expect(fresh.library.views.list().views.map((v) => [v.id, v.name])).toEqual([[work.id, 'Work, renamed after the backup']]);
  });

  it('does not add a view the library already has under another id (same name and spec)', async () => {
    const { bytes } = await libraryWithViews();
    const fresh = await openLibrary();
    await fresh.library.views.save({ name: 'Work reading', spec: spec({ tag: 'wörk ✨', sort: 'oldest', from: '2026-01-01' }) });
    await restore(fresh, bytes);
    expect(fresh.library.views.list().views.map((v) => v.name)).toEqual(['Work reading', 'Favourites 📌']);
  });

  it('past the 100 views a library keeps, those left out are listed among the failures, never dropped without a word', async () => {
    const { bytes } = await libraryWithViews();
    const fresh = await openLibrary();
    for (let i = 0; i < 99; i++) await fresh.library.views.save({ name: `Mine ${i}`, spec: spec({ query: `q${i}` }) });
    const job = await restore(fresh, bytes);
    expect(fresh.library.views.list().views).toHaveLength(100);
    expect(job).toMatchObject({ state: 'done', failedCount: 1 });
    expect(job.failed[0]).toMatchObject({ source: 'Saved view “Favourites 📌”' });
    expect(job.failed[0]!.reason).toMatch(/most saved views it can \(100\)/);
  });

  it("an export of a selection (with every document) brings its clips, not the library's views", async () => {
    const { lib } = await libraryWithViews();
    const selection = (await exportToMemory(repoSource(lib.repo, lib.url), { select: () => true, documents: 'all' })).bytes;
    const fresh = await openLibrary();
    const job = await restore(fresh, selection);
    expect(job).toMatchObject({ state: 'done', imported: 1, failedCount: 0 });
    expect(fresh.library.views.list().views).toEqual([]);
  });
});
