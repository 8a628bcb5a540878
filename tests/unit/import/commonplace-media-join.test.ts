/**
 * Review (import of a Commonplace export with images): "Join a library" landing between a
 * batch's write and the restoring of its clips' images. The join retires the library the batch
 * went to (a retired library refuses writes, `interrupted`), so the images were refused there,
 * and `restoreMedia` swallowed the refusal: the job ended "done", nothing failed, and the images
 * were gone without a word. Where no library takes over (the background's hand-over is tested in
 * tests/unit/background/import-images-during-join.test.ts), the job must say so, per clip, with
 * the way out.
 */
import { describe, expect, it } from 'vitest';
import { newJob, runJob } from '../../../src/import/job-runner';
import { restoreMedia } from '../../../src/import/restore-media';
import type { ClipId } from '../../../src/schema/ids';
import { openLibrary } from '../library/helpers';
import { exportWithImage, restoreWorld } from './commonplace-helpers';
import { NOW } from './fixtures';

describe('a join between a batch and its images', () => {
  it('reports the clip whose images the retired library refused (with the reason and the way out), never silently', async () => {
    const { bytes, id } = await exportWithImage();
    const fresh = await openLibrary();
    const world = restoreWorld(fresh, bytes);
    const deps = {
      ...world.deps,
      importBatch: async (items: Parameters<typeof world.deps.importBatch>[0]) => {
        const out = await world.deps.importBatch(items);
        // What `Library.join` does once it has merged this library into the joined one.
        (fresh.library as unknown as { writer: { retire(): void } }).writer.retire();
        return out;
      },
      restoreMedia: (clip: ClipId, media: Parameters<typeof restoreMedia>[2], only: boolean) => restoreMedia(fresh.library, clip, media, only),
    };
    const job = await runJob(newJob('f', 'commonplace-export.zip', NOW), deps);
    // The clip's text is in (the join carried it over); its images are not, and the job says so.
    expect(fresh.library.media.refs(id)?.images ?? null).toBeNull();
    expect(job).toMatchObject({ state: 'done', imported: 1, failedCount: 1 });
    expect(job.failed[0]!.source).toContain('Pictures');
    expect(job.failed[0]!.reason).toMatch(/^Its text was imported, but its saved images could not be restored \(this browser joined another library while they were being written\)\. Import this file again/);
  });
});
