/**
 * Found hunting full-disk bugs: the words for a full disk told people to "delete clips" to make
 * room. Deleting a clip keeps it whole (the bin, undo-able: its entry and article stay), so it
 * frees nothing, and on a full disk the delete is one more write that fails. The way out is disk
 * space on the device; the import's message said the same.
 */
import { describe, expect, it } from 'vitest';
import { newJob, runJob, type JobDeps } from '../../../src/import/job-runner';
import { toAppError } from '../../../src/util/result';
import { NOW, pocketRows, pocketZip } from '../import/fixtures';

const quota = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');

describe('the words for a full disk', () => {
  it('say what happened and a way out that works: disk space, not deleting clips', () => {
    for (const e of [quota(), Object.assign(new Error('QuotaExceededError The quota has been exceeded.'), { name: 'AbortError', inner: quota() })]) {
      const { code, message } = toAppError(e);
      expect(code).toBe('storage-full');
      expect(message).toMatch(/no room left/);
      expect(message).toMatch(/Free disk space/);
      expect(message).not.toMatch(/or delete clips/i);
    }
  });

  it('an import stopped by it says the same', async () => {
    const bytes = pocketZip(pocketRows(250), 250);
    let batches = 0;
    const deps: JobDeps = {
      readFile: async (id) => ({ id, name: 'pocket.zip', bytes }),
      deleteFile: async () => undefined,
      save: async () => undefined,
      importBatch: async (items) => {
        if (batches++ === 1) throw quota();
        return items.map((it) => ({ kind: 'imported' as const, clip: it.id! }));
      },
      extract: () => Promise.reject(new Error('no articles here')),
      yieldTurn: () => Promise.resolve(),
      now: () => NOW,
    };
    const job = await runJob(newJob('f', 'pocket.zip', NOW), deps);
    expect(job.error).toMatch(/Free some disk space/);
    expect(job.error).not.toMatch(/or delete clips/i);
  });
});
