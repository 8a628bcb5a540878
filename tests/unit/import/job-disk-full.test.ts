/**
 * Found in review: an import stopped by a full disk ended with the browser's own words and no way
 * out ("The import stopped: The quota has been exceeded. What was imported before this is
 * kept."): nothing said to free space, nor that importing the file again carries on without
 * doubling what is in. Now a full disk (IndexedDB's `QuotaExceededError`) says what to free and
 * to import the file again, and any other stop says to import it again.
 */
import { describe, expect, it } from 'vitest';
import type { ImportOutcome } from '../../../src/library/import-entry';
import { newJob, runJob, type JobDeps } from '../../../src/import/job-runner';
import { NOW, pocketRows, pocketZip } from './fixtures';

/** A job over 500 Pocket rows whose third batch (rows 400-499) meets `failure`. */
async function stoppedBy(failure: unknown) {
  const bytes = pocketZip(pocketRows(500), 500);
  let batches = 0;
  const deps: JobDeps = {
    readFile: async (id) => ({ id, name: 'pocket.zip', bytes }),
    deleteFile: async () => undefined,
    save: async () => undefined,
    importBatch: async (items) => {
      if (batches++ === 2) throw failure;
      return items.map((it): ImportOutcome => ({ kind: 'imported', clip: it.id! }));
    },
    extract: () => Promise.reject(new Error('no articles here')),
    yieldTurn: () => Promise.resolve(),
    now: () => NOW,
  };
  return runJob(newJob('f', 'pocket.zip', NOW), deps);
}

describe('an import stopped part-way says what happened and the way out', () => {
  it('a full disk: free space, then import the same file again (nothing is doubled)', async () => {
    const job = await stoppedBy(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
    expect(job).toMatchObject({ state: 'failed', done: 400, imported: 400 });
    expect(job.error).toMatch(/no room left/);
    expect(job.error).toMatch(/Free some disk space/);
    // Not "delete clips": a deleted clip is kept whole for undo, so deleting frees nothing (and is one more write).
    expect(job.error).not.toMatch(/or delete clips/i);
    expect(job.error).toMatch(/import this file again/);
    expect(job.error).toMatch(/kept/);
  });

  it('any other stop: its reason, and import the same file again', async () => {
    const job = await stoppedBy(new Error('The storage was closed'));
    expect(job.error).toMatch(/^The import stopped: The storage was closed\. /);
    expect(job.error).toMatch(/import this file again/);
  });
});
