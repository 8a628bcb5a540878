/**
 * Found in a bug hunt: an item whose article replaced the stand-in of a clip saved before
 * (`ImportOutcome` 'filled') was counted among the duplicates "skipped". The job counts it apart,
 * in `filledIn`, and a job resumed from a record written before that count existed starts it at 0.
 */
import { describe, expect, it } from 'vitest';
import { newJob, runJob } from '../../../src/import/job-runner';
import { ImportJobSchema, type ImportJob } from '../../../src/import/job-state';
import { newClipId } from '../../../src/schema/ids';
import { NOW, pocketJobDeps, utf8 } from './fixtures';

const csv = `title,url,time_added,tags,status\nA,https://example.com/a,1700000000,,unread\nB,https://example.com/b,1700000000,,unread\nC,https://example.com/c,1700000000,,unread\n`;

/** A library that held A with a stand-in (its article filled in now) and B (a duplicate); C is new. */
const deps = (saved: ImportJob[]) =>
  pocketJobDeps(utf8(csv), {
    saved: (job) => void saved.push(structuredClone(job)),
    answer: (it) => (it.page.pageUrl.endsWith('/a') ? { kind: 'filled', clip: newClipId() } : it.page.pageUrl.endsWith('/b') ? { kind: 'duplicate', clip: newClipId() } : { kind: 'imported', clip: it.id! }),
  });

describe('an import that fills in the article of a clip saved before', () => {
  it('counts it as filled in, not as a duplicate', async () => {
    const saved: ImportJob[] = [];
    const job = await runJob(newJob('f', 'pocket.csv', NOW), deps(saved));
    expect(job).toMatchObject({ state: 'done', imported: 1, filledIn: 1, duplicates: 1, failedCount: 0 });
    for (const s of saved) expect(ImportJobSchema.safeParse(s).success).toBe(true);
  });

  it('a job resumed from a record without the count (an older version wrote it) counts from none', async () => {
    const { filledIn: _none, ...old } = newJob('f', 'pocket.csv', NOW);
    expect(ImportJobSchema.safeParse(old).success).toBe(true);
    const job = await runJob(old, deps([]));
    expect(job).toMatchObject({ state: 'done', imported: 1, filledIn: 1, duplicates: 1 });
  });
});
