/**
 * Found in review: what an import left behind of an item it imported was said only in the event's
 * `warnings`, which nothing showed. An Omnivore item whose article or highlights file was damaged
 * in the zip was imported as a bare link, or without its highlights, and the report said
 * "1 item imported, 0 could not be imported"; a PDF, an article too large to keep, highlights past
 * the cap: the same silence. Now each such item is imported and listed among the failures ("Part
 * of it was not imported. …"), as a restored clip whose images could not be restored is.
 */
import { describe, expect, it } from 'vitest';
import { openImport } from '../../../src/import/import';
import { newJob, runJob, type JobDeps } from '../../../src/import/job-runner';
import type { ImportBatchItem } from '../../../src/import/to-capture';
import type { ImportOutcome } from '../../../src/library/import-entry';
import { NOW, omnivoreMeta, zipOf } from './fixtures';

const ARTICLE = '<p>THE-ARTICLE-BYTES of item zero, long enough to be found in the zip.</p>';
const HIGHLIGHTS = '> THE-HIGHLIGHT-BYTES of item one';

/** An Omnivore export (files stored, not deflated) with item 0's article and item 1's highlights each damaged by one byte, item 2 a PDF, item 3 whole. */
function damagedExport(): Uint8Array {
  const zip = zipOf({
    'metadata_0_to_4.json': JSON.stringify([0, 1, 2, 3].map((i) => omnivoreMeta(i))),
    'content/article-0-slug.html': ARTICLE,
    'highlights/article-1-slug.md': HIGHLIGHTS,
    'content/article-2-slug.pdf': new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d]),
    'content/article-3-slug.html': '<p>Whole.</p>',
    'highlights/article-3-slug.md': '> Whole quote',
  }, 0).slice();
  for (const marker of ['THE-ARTICLE-BYTES', 'THE-HIGHLIGHT-BYTES']) {
    const bytes = new TextEncoder().encode(marker);
    const at = zip.findIndex((_, i) => bytes.every((b, j) => zip[i + j] === b));
    if (at < 0) throw new Error(`${marker} is not stored as it is`);
    zip[at] = 0x58;
  }
  return zip;
}

function deps(bytes: Uint8Array, written: ImportBatchItem[]): JobDeps {
  return {
    readFile: async (id) => ({ id, name: 'omnivore.zip', bytes }),
    deleteFile: async () => undefined,
    save: async () => undefined,
    importBatch: async (items) => {
      written.push(...items);
      return items.map((it): ImportOutcome => ({ kind: 'imported', clip: it.id! }));
    },
    extract: async (html, url) => ({ kind: 'page', extractor: 'readability', pageUrl: url, canonicalUrl: null, title: 't', byline: null, siteName: null, lang: null, dir: null, publishedTime: null, excerpt: null, html, text: html }),
    yieldTurn: () => Promise.resolve(),
    now: () => NOW,
  };
}

describe('an item imported without part of what the file holds of it', () => {
  it('the event says what was left behind, apart from mere remarks', () => {
    const session = openImport('omnivore', damagedExport(), { now: NOW });
    if (!session.ok) throw new Error(session.error.message);
    const events = [...session.value.events()];
    expect(events.map((e) => e.kind)).toEqual(['item', 'item', 'item', 'item']);
    expect(events[0]).toMatchObject({ lost: [expect.stringMatching(/^Its article could not be read from the export: .*checksum/)] });
    expect(events[1]).toMatchObject({ lost: [expect.stringMatching(/^Its highlights could not be read from the export/)] });
    expect(events[2]).toMatchObject({ lost: [expect.stringContaining('PDF was not imported')] });
    expect(events[3]).not.toHaveProperty('lost');
  });

  it('the job imports the item and lists it among the failures, saying what is missing and why', async () => {
    const written: ImportBatchItem[] = [];
    const job = await runJob(newJob('f', 'omnivore.zip', NOW), deps(damagedExport(), written));
    expect(job).toMatchObject({ state: 'done', done: 4, imported: 4, failedCount: 3 });
    expect(written).toHaveLength(4);
    expect(job.failed.map((f) => f.source)).toEqual([expect.stringContaining('item 1'), expect.stringContaining('item 2'), expect.stringContaining('item 3')]);
    expect(job.failed[0]!.reason).toMatch(/^Part of it was not imported\. Its article could not be read from the export: .*Download the export again/);
    expect(job.failed[1]!.reason).toMatch(/^Part of it was not imported\. Its highlights could not be read/);
    expect(job.failed[2]!.reason).toMatch(/PDF was not imported/);
  });
});
