import type { ClipIndex } from '../index-db/clip-index';
import type { CatalogEntryV1 } from '../schema/catalog-doc';
import type { ClipId } from '../schema/ids';
import { nextTurn } from '../export/turn';
import { hiddenMediaRefs } from './media-refs';

/**
 * The index's meta key recording that this device scanned its library once for media references
 * hidden by a conflict (its value: the root's URL). The index is derived: deleting it only means
 * one more scan, which changes nothing when nothing is hidden.
 */
export const MEDIA_SCAN_KEY = 'mediaConflictScan';
/** Entries checked between two yields of the thread (~12 µs each: ~6 ms a slice). */
const SLICE = 500;
/** Clips healed in one write at most (one durable batch each). */
const HEAL_BATCH = 200;

export interface MediaScanDeps {
  /** Every catalog entry, deleted and unlisted ones included. */
  readonly entries: () => Iterable<CatalogEntryV1>;
  /** Whether a newer version of Commonplace wrote the entry (it is left as it is). */
  readonly readOnly: (id: ClipId) => boolean;
  /** One durable write that makes these clips' visible `media` hold every version's references (`writableMediaRefs`). */
  readonly heal: (ids: ClipId[]) => Promise<void>;
  readonly meta: Pick<ClipIndex, 'getMeta' | 'setMeta'>;
  /** The library's root URL: a scan is recorded per library (a joined one is scanned again). */
  readonly url: string;
}

/**
 * Once per library on this device: finds the clips whose `media` map two devices made at once
 * and merged before Commonplace healed such merges as they arrive (`followMediaConflicts`), and
 * heals them through the write path, so the loops that read `e.media` as it is (space used, what
 * sync holds, stale sweeps) count every image and snapshot. Single-clip reads and the export saw
 * them already (`mediaRefsOf`). Resolves how many clips were healed, or null when this library
 * was scanned before. Safe to run again: a healed entry has nothing hidden.
 */
export async function scanHiddenMedia(deps: MediaScanDeps): Promise<number | null> {
  if ((await deps.meta.getMeta(MEDIA_SCAN_KEY)) === deps.url) return null;
  const found: ClipId[] = [];
  let n = 0;
  for (const e of deps.entries()) {
    if (e.media && hiddenMediaRefs(e) > 0 && !deps.readOnly(e.id)) found.push(e.id);
    // The thread given back between slices: the background answers the side panel meanwhile.
    if (++n % SLICE === 0) await nextTurn();
  }
  for (let i = 0; i < found.length; i += HEAL_BATCH) await deps.heal(found.slice(i, i + HEAL_BATCH));
  await deps.meta.setMeta(MEDIA_SCAN_KEY, deps.url);
  return found.length;
}
