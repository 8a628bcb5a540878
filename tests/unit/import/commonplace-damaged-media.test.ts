/**
 * A Commonplace export whose media document is damaged (not Automerge, a bad checksum): before the
 * fix the clip's images were recorded as "not in the export" and the job said nothing (failedCount
 * 0), and, since the clip then held an image record for its article, importing the intact export
 * afterwards (the advice for a damaged file) never added them: the images were lost for good. Now
 * the clip is imported, its images and snapshot are not recorded, the report names the damaged
 * file, and the intact export imported next restores them.
 */
import { describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { newJob, runJob } from '../../../src/import/job-runner';
import { restoreMedia } from '../../../src/import/restore-media';
import type { ClipId } from '../../../src/schema/ids';
import { openLibrary } from '../library/helpers';
import { exportWithImage, restoreWorld, rezip } from './commonplace-helpers';
import { NOW } from './fixtures';

type Lib = Awaited<ReturnType<typeof openLibrary>>;

function importInto(lib: Lib, bytes: Uint8Array) {
  const deps = { ...restoreWorld(lib, bytes).deps, restoreMedia: (clip: ClipId, media: Parameters<typeof restoreMedia>[2], only: boolean) => restoreMedia(lib.library, clip, media, only) };
  return runJob(newJob('f', 'commonplace-export.zip', NOW), deps);
}

/** The zip's media document files (as the manifest lists them). */
function mediaFiles(bytes: Uint8Array): string[] {
  const manifest = JSON.parse(strFromU8(unzipSync(bytes)['manifest.json']!)) as { documentFiles: Array<{ kind: string; file: string }> };
  return manifest.documentFiles.filter((d) => d.kind === 'media').map((d) => d.file);
}

describe('a Commonplace export with a damaged media document', () => {
  it('imports the clip, says which file is damaged, and lets the intact export add the images afterwards', async () => {
    const { bytes, id } = await exportWithImage();
    const [media] = mediaFiles(bytes);
    expect(media).toBeDefined();
    const damaged = rezip(bytes, () => ({ [media!]: new Uint8Array([1, 2, 3, 4]) }));
    const fresh = await openLibrary();
    const job = await importInto(fresh, damaged);
    expect(job).toMatchObject({ state: 'done', imported: 1, failedCount: 1 });
    expect(job.failed[0]!.source).toContain('Pictures');
    expect(job.failed[0]!.reason).toContain(`${media!} is damaged`);
    // Nothing recorded for its images: they are not claimed "not in the export" for good.
    expect(fresh.library.media.refs(id)?.images ?? null).toBeNull();

    const again = await importInto(fresh, bytes);
    expect(again).toMatchObject({ state: 'done', duplicates: 1, failedCount: 0 });
    expect(fresh.library.media.refs(id)!.images).toMatchObject({ count: 1, left: 0 });
    expect((await fresh.library.media.images(id)).images).toHaveLength(1);
  });
});
