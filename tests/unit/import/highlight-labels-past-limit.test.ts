/**
 * Found in a bug hunt: a highlight's labels (Omnivore's `#label` line) are kept, as the clip's
 * tags are, up to 100 (`MAX_TAGS`); past them the rest were cut without a word, while an item's
 * own tags past 100 are reported ("Part of it was not imported. Only its first 100 tags were
 * kept: …"). Now the item's report says so too, once per item, with how many highlights had too many.
 */
import { describe, expect, it } from 'vitest';
import { newJob, runJob } from '../../../src/import/job-runner';
import type { ImportBatchItem } from '../../../src/import/to-capture';
import { collect, itemsOf, NOW, omnivoreHighlight, omnivoreMeta, omnivoreZip, pocketJobDeps } from './fixtures';

const LABELS = Array.from({ length: 150 }, (_, i) => `label${i}`);
const ONE = /One of its highlights had more than 100 labels; only its first 100 were kept\./;

describe('a highlight with more labels than are kept', () => {
  it('keeps the first 100 and the item’s report says the rest were left out', async () => {
    const zip = omnivoreZip([omnivoreMeta(0), omnivoreMeta(1)], {
      'highlights/article-0-slug.md': `${omnivoreHighlight('First quote', LABELS)}\n\n${omnivoreHighlight('Second quote', ['a', 'b'])}`,
      'highlights/article-1-slug.md': omnivoreHighlight('Only quote', LABELS.slice(0, 100)),
    });
    const events = collect('omnivore', zip);
    const [a, b] = itemsOf(events);
    expect(a!.highlights[0]!.tags).toEqual(LABELS.slice(0, 100));
    expect(a!.highlights[1]!.tags).toEqual(['a', 'b']);
    expect(events[0]).toMatchObject({ lost: [expect.stringMatching(ONE)] });
    // Exactly 100: nothing left out, nothing said.
    expect(b!.highlights[0]!.tags).toHaveLength(100);
    expect(events[1]).not.toHaveProperty('lost');
    const written: ImportBatchItem[] = [];
    const job = await runJob(newJob('f', 'omnivore.zip', NOW), { ...pocketJobDeps(zip, { written }), readFile: async (id) => ({ id, name: 'omnivore.zip', bytes: zip }) });
    expect(job).toMatchObject({ state: 'done', imported: 2, failedCount: 1 });
    expect(job.failed[0]!.reason).toMatch(/^Part of it was not imported\. One of its highlights had more than 100 labels/);
  });

  it('says how many highlights had too many, once for the item', () => {
    const zip = omnivoreZip([omnivoreMeta(0)], {
      'highlights/article-0-slug.md': [omnivoreHighlight('One', LABELS), omnivoreHighlight('Two', LABELS), omnivoreHighlight('Three', ['x'])].join('\n\n'),
    });
    const events = collect('omnivore', zip);
    expect(events[0]).toMatchObject({ lost: ['2 of its highlights had more than 100 labels; only the first 100 of each were kept.'] });
  });
});
