/**
 * Found in a bug hunt: an imported item with more than 100 tags (a clip's most, `MAX_TAGS_PER_CLIP`)
 * lost those after the 100th without a word: the parser stopped at 100 and the library kept its
 * first 100. Now the import says so on that item, as it does for a tag cut to the library's length
 * ("Part of it was not imported. Only its first 100 tags were kept: …"), for another service's
 * items and for a Commonplace export's clips alike. The 100 are counted as the library counts tags
 * ("Café", "cafe" and "#cafe" are one), so no tag the library had room for is left out.
 */
import { describe, expect, it } from 'vitest';
import type { ExportClip } from '../../../src/export/types';
import { newJob, runJob } from '../../../src/import/job-runner';
import { restoreItem } from '../../../src/import/restore-item';
import { batchItemOf, linkPage, type ImportBatchItem } from '../../../src/import/to-capture';
import { MAX_TAGS_PER_CLIP } from '../../../src/library/tags';
import { openLibrary } from '../library/helpers';
import { clipsOf, sanitizer } from './commonplace-helpers';
import { collect, itemsOf, NOW, pocketJobDeps, utf8 } from './fixtures';

const TAGS = Array.from({ length: 150 }, (_, i) => `t${i}`);
const row = (url: string, tags: readonly string[]) => `A,${url},1700000000,${tags.join('|')},unread`;
const OVER = /^Only its first 100 tags were kept: a clip can have at most 100\.$/;

const clip: ExportClip = {
  id: 'AAAAAAAAAAAAAAAAAAAAAA', kind: 'page', url: 'https://x.example/a', pageUrl: 'https://x.example/a', canonicalUrl: null, title: 'A', byline: null, siteName: null,
  lang: null, dir: null, publishedTime: null, excerpt: null, savedAt: 10, capturedAt: 20, readAt: null, archivedAt: null, favoriteAt: null, note: '', tags: TAGS, wordCount: 0, extractor: 'readability',
  highlights: [], stored: { catalog: '', content: null, rev: '' }, html: '<p>Hello world.</p>', media: null, images: [], snapshot: null,
};

describe('an imported item with more tags than a clip can have', () => {
  it('keeps the first 100 and the report says the rest were left out', async () => {
    expect(MAX_TAGS_PER_CLIP).toBe(100);
    const csv = `title,url,time_added,tags,status\n${row('https://example.com/a', TAGS)}\n${row('https://example.com/b', TAGS.slice(0, 100))}\n`;
    const events = collect('pocket-csv', utf8(csv));
    const [a, b] = itemsOf(events);
    expect(a!.tags).toEqual(TAGS.slice(0, 100));
    expect(events[0]).toMatchObject({ lost: [expect.stringMatching(OVER)] });
    // Exactly 100: nothing left out, nothing said.
    expect(b!.tags).toHaveLength(100);
    expect(events[1]).not.toHaveProperty('lost');
    const written: ImportBatchItem[] = [];
    const job = await runJob(newJob('f', 'pocket.csv', NOW), pocketJobDeps(utf8(csv), { written }));
    expect(job).toMatchObject({ state: 'done', imported: 2, failedCount: 1 });
    expect(job.failed[0]!.source).toMatch(/line 2/);
    expect(job.failed[0]!.reason).toMatch(/^Part of it was not imported\. Only its first 100 tags were kept/);
  });

  it('counts tags as the library does: spellings of one tag take one place, so none it has room for is left out', async () => {
    const tags = ['Café', 'cafe', '#cafe', ...TAGS.slice(0, 99)];
    const events = collect('pocket-csv', utf8(`title,url,time_added,tags,status\n${row('https://example.com/a', tags)}\n`));
    const [a] = itemsOf(events);
    expect(a!.tags).toEqual(['Café', ...TAGS.slice(0, 99)]);
    expect(events[0]).not.toHaveProperty('lost');
    const lib = await openLibrary();
    await lib.library.importBatch([batchItemOf(a!, linkPage(a!, 'pocket-csv'))]);
    await lib.library.settled();
    expect((await clipsOf(lib.repo, lib.url))[0]!.tags).toHaveLength(100);
  });

  it('a Commonplace export’s clip with more than 100 tags is restored with its first 100, and says so', async () => {
    const lost: string[] = [];
    const got = await restoreItem(clip, async (html, url) => sanitizer.sanitizeCapture(html, url), (why) => lost.push(why));
    if (!got.ok) throw new Error(got.error.message);
    expect(got.value.tags).toEqual(TAGS.slice(0, 100));
    expect(lost).toEqual([expect.stringMatching(OVER)]);
    const fine: string[] = [];
    await restoreItem({ ...clip, tags: TAGS.slice(0, 100) }, async (html, url) => sanitizer.sanitizeCapture(html, url), (why) => fine.push(why));
    expect(fine).toEqual([]);
  });
});
