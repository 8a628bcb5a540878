/**
 * Found in a bug hunt: a Pocket tag longer than 100 characters was cut, without a word, to 99 and
 * "…": the importer capped tags at its own 100 UTF-16 units (import-item.ts), while the library
 * keeps a tag of up to 200 characters, counted in code points (src/library/tags.ts; a restored
 * clip's tags follow it). Now an imported tag follows the library's limit and rule: kept whole up
 * to 200 characters (an emoji is one), and one that must be cut is cut at 200 and said so in the
 * import's report ("Part of it was not imported. …").
 */
import { describe, expect, it } from 'vitest';
import { newJob, runJob } from '../../../src/import/job-runner';
import { batchItemOf, linkPage, type ImportBatchItem } from '../../../src/import/to-capture';
import { MAX_TAG_CHARS, normalizeTag } from '../../../src/library/tags';
import { openLibrary } from '../library/helpers';
import { clipsOf } from './commonplace-helpers';
import { collect, itemsOf, NOW, pocketJobDeps, utf8 } from './fixtures';

const LONG = `${'word '.repeat(30)}end`.trim(); // 153 characters
const EMOJI = '😀'.repeat(150); // 150 characters, 300 UTF-16 units
const TOO_LONG = 'x'.repeat(250);
const csv = `title,url,time_added,tags,status\nA,https://example.com/a,1700000000,${LONG}|${EMOJI}|short,unread\nB,https://example.com/b,1700000000,${TOO_LONG}|ok,unread\n`;

describe('a long Pocket tag', () => {
  it('is kept whole up to the library’s 200 characters, counted as the library counts them', async () => {
    expect(MAX_TAG_CHARS).toBe(200);
    const [a] = itemsOf(collect('pocket-csv', utf8(csv)));
    expect(a!.tags).toEqual([LONG, EMOJI, 'short']);
    for (const t of a!.tags) expect(normalizeTag(t)).toEqual({ ok: true, value: t });
    const lib = await openLibrary();
    await lib.library.importBatch([batchItemOf(a!, linkPage(a!, 'pocket-csv'))]);
    await lib.library.settled();
    expect([...(await clipsOf(lib.repo, lib.url))[0]!.tags].sort()).toEqual([LONG, EMOJI, 'short'].sort());
  });

  it('is cut at 200 characters when longer, and the report says so', async () => {
    const events = collect('pocket-csv', utf8(csv));
    const b = itemsOf(events)[1]!;
    expect(b.tags).toEqual(['x'.repeat(200), 'ok']);
    expect(events[1]).toMatchObject({ lost: [expect.stringMatching(/tag "x+…" was longer than 200 characters/)] });
    const written: ImportBatchItem[] = [];
    const job = await runJob(newJob('f', 'pocket.csv', NOW), pocketJobDeps(utf8(csv), { written }));
    expect(job).toMatchObject({ state: 'done', imported: 2, failedCount: 1 });
    expect(job.failed[0]!.source).toMatch(/line 3/);
    expect(job.failed[0]!.reason).toMatch(/^Part of it was not imported\. Its tag "x+…" was longer than 200 characters/);
    expect(written[1]!.tags).toEqual(['x'.repeat(200), 'ok']);
  });

  it('a long emoji tag is cut between characters, never inside one', () => {
    const raw = `a${'🎉'.repeat(260)}`;
    const events = collect('pocket-html', utf8(`<ul><li><a href="https://example.com/c" time_added="1700000000" tags="${raw},b">C</a></li></ul>`));
    expect(itemsOf(events)[0]!.tags).toEqual([`a${'🎉'.repeat(199)}`, 'b']);
    expect(events[0]).toMatchObject({ lost: [expect.stringContaining('longer than 200 characters')] });
  });
});
