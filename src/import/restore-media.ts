import type { Library } from '../library/library';
import type { ClipId } from '../schema/ids';
import { toAppError, type AppError } from '../util/result';
import type { RestoredMedia } from './commonplace';

/** What `restoreMedia` stored, and why the rest was not (null: nothing was refused). */
export interface MediaRestored {
  readonly images: number;
  readonly snapshot: boolean;
  /** The refusal that kept the images or the snapshot out (`interrupted`: the library was retired by a join). */
  readonly error: AppError | null;
  /**
   * True when the clip held its current article's images already (`onlyMissing`: the same export
   * imported again), so none were recorded: the images the check refused were refused, and
   * reported, when they were; this import adds no new refusal to report.
   */
  readonly alreadyHad?: boolean;
}

const NOT_THERE = 'its clip is not in this library any more (it may have been deleted on another device)';

/**
 * Restores an exported clip's images and snapshot into the library's clip `id`, once the clip
 * is restored (its article, and so its version `rev`, is the library's now: the images are
 * attached to that version). `onlyMissing`: the clip was there already (an import resumed after
 * its batch was written, the same export imported again, or a join merged it into the library
 * that took its place), so only what it lacks is added. Never throws: a clip whose images cannot
 * be stored keeps its text, and the refusal comes back as `error` (a value, never swallowed), so
 * the job can try the library that replaced this one (`interrupted`) or report it.
 */
export async function restoreMedia(library: Library, id: ClipId, media: RestoredMedia, onlyMissing: boolean): Promise<MediaRestored> {
  let images = 0;
  let snapshot = false;
  // Images all left out (refused by the check, `refused`, or recorded as not saved by the export, `left`) are still recorded, each with its reason, for the reader to show.
  const recordImages = media.images.length > 0 || media.left > 0;
  if (!recordImages && !media.snapshot) return { images, snapshot, error: null };
  try {
    await library.settled();
    const rev = library.media.articleRev(id);
    if (!rev) return { images, snapshot, error: { code: 'not-found', message: NOT_THERE } };
    const had = library.media.refs(id);
    const alreadyHad = recordImages && onlyMissing && had?.images?.rev === rev;
    if (recordImages && !alreadyHad) {
      const list = media.images.map((i) => ({ src: i.src, type: i.type, data: i.data, width: i.width, height: i.height }));
      await library.media.attachImages(id, rev, list, { count: media.left, reason: media.reason, ...(media.missing ? { missing: media.missing } : {}) });
      images = list.length;
    }
    if (media.snapshot && (!onlyMissing || !had?.snapshot)) {
      await library.media.attachSnapshot(id, media.snapshot.html, media.snapshot.htmlBytes, media.snapshot.left);
      snapshot = true;
    }
    return { images, snapshot, error: null, ...(alreadyHad ? { alreadyHad } : {}) };
  } catch (e) {
    return { images, snapshot, error: toAppError(e) };
  }
}
