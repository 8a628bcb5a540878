import type { SnapshotView } from '../../src/schema/snapshot';
import { ok, type Result } from '../../src/util/result';
import { background } from '../messaging';
import { installTestSnapshots, testSnapshot } from './test-snapshots';

if (import.meta.env.MODE === 'test') installTestSnapshots();

/** Where the snapshot page gets a clip's snapshot from (see {@link loadSnapshot}). */
export type LoadSnapshot = (clipId: string) => Promise<Result<SnapshotView>>;

/**
 * The snapshot viewer's one source of snapshots: the stored snapshot of a clip, or an error
 * value saying why there is none. It asks the background (`getSnapshot`), which reads the
 * clip's snapshot from the media documents. Test builds also serve the snapshots an e2e test
 * put into the page (extension/snapshot/test-snapshots.ts); production builds drop that branch.
 */
export const loadSnapshot: LoadSnapshot = async (clipId) => {
  if (import.meta.env.MODE === 'test') {
    const view = testSnapshot(clipId);
    if (view) return ok(view);
  }
  return background('getSnapshot', { clipId: clipId as never });
};
