/**
 * Found in a bug hunt: an imported item that is a duplicate of a clip the library holds is merged
 * into it (its tags added), but a clip keeps at most 100 tags (`MAX_TAGS_PER_CLIP`): the tags that
 * did not fit were dropped without a word, while a new item's tags past 100 are reported ("Part of
 * it was not imported. Only its first 100 tags were kept: …"). Now the merge counts them
 * (`ImportOutcome.tagsLeftOut`) and the item's report says so, whether the clip was full already
 * (nothing else to merge: no write) or filled up by this item.
 */
import { describe, expect, it } from 'vitest';
import { newJob, runJob } from '../../../src/import/job-runner';
import { MAX_TAGS_PER_CLIP } from '../../../src/library/tags';
import { openLibrary, page } from '../library/helpers';
import { NOW, pocketJobDeps, utf8 } from './fixtures';

const held = (n: number) => Array.from({ length: n }, (_, i) => `held${i}`);
const csv = (rows: ReadonlyArray<readonly [string, readonly string[]]>) =>
  `title,url,time_added,tags,status\n${rows.map(([url, tags]) => `A,${url},1700000000,${tags.join('|')},unread`).join('\n')}\n`;
const LEFT = /^Part of it was not imported\. (\d+|One) of its tags (were|was) not added to the clip of its page already in your library: a clip can have at most 100 tags\.$/;

/** A library with the clip of `url` holding `tags`. */
async function libraryWith(url: string, tags: readonly string[]) {
  const lib = await openLibrary();
  const id = (await lib.library.save(page({ pageUrl: url, canonicalUrl: null }))).clip.id;
  await lib.library.organise.setTags(id, tags);
  await lib.library.settled();
  return { lib, id };
}

describe('an imported duplicate whose tags do not all fit in the clip of its page', () => {
  it('tops the clip up to 100 tags and reports how many were left out', async () => {
    expect(MAX_TAGS_PER_CLIP).toBe(100);
    const { lib, id } = await libraryWith('https://example.com/a', held(98));
    const bytes = utf8(csv([['https://example.com/a', ['new1', 'new2', 'new3', 'new4', 'held0']]]));
    const job = await runJob(newJob('f', 'pocket.csv', NOW), { ...pocketJobDeps(bytes), importBatch: (items) => lib.library.importBatch(items) });
    expect(job).toMatchObject({ state: 'done', imported: 0, duplicates: 1, failedCount: 1 });
    expect(job.failed[0]!.source).toMatch(/line 2/);
    expect(job.failed[0]!.reason).toMatch(LEFT);
    expect(job.failed[0]!.reason).toContain('2 of its tags were not added');
    const row = (await lib.library.findByUrl('https://example.com/a'))!;
    expect(row.id).toBe(id);
    expect(row.tags).toHaveLength(100);
    expect(row.tags).toEqual(expect.arrayContaining(['new1', 'new2']));
  });

  it('reports the tags left out by a clip that already has 100 (nothing is written to it)', async () => {
    const { lib } = await libraryWith('https://example.com/b', held(100));
    const bytes = utf8(csv([['https://example.com/b', ['extra', 'HELD1']]]));
    const job = await runJob(newJob('f', 'pocket.csv', NOW), { ...pocketJobDeps(bytes), importBatch: (items) => lib.library.importBatch(items) });
    expect(job).toMatchObject({ state: 'done', duplicates: 1, failedCount: 1 });
    expect(job.failed[0]!.reason).toMatch(LEFT);
    expect(job.failed[0]!.reason).toContain('One of its tags was not added');
    expect((await lib.library.findByUrl('https://example.com/b'))!.tags).not.toContain('extra');
  });

  it('counts, in the library’s outcome, the tags a merge had no room for, and none when all fit', async () => {
    const { lib, id } = await libraryWith('https://example.com/c', held(99));
    const item = (url: string, tags: string[]) => ({ page: page({ pageUrl: url, canonicalUrl: null, title: 'C' }), savedAt: 1, tags, readAt: null, archivedAt: null, highlights: [] });
    const [first, second] = await lib.library.importBatch([item('https://example.com/c', ['x1', 'x2', 'x3']), item('https://example.com/c', ['x4'])]);
    // Two items into one clip in one batch: the first fills it, the second finds no room.
    expect(first).toEqual({ kind: 'duplicate', clip: id, tagsLeftOut: 2 });
    expect(second).toEqual({ kind: 'duplicate', clip: id, tagsLeftOut: 1 });
    const fine = await libraryWith('https://example.com/d', held(3));
    expect(await fine.lib.library.importBatch([item('https://example.com/d', ['y'])])).toEqual([{ kind: 'duplicate', clip: fine.id }]);
  });
});
