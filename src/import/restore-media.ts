import type { Library } from '../library/library';
import type { ClipId } from '../schema/ids';
import type { RestoredMedia } from './commonplace';

/**
 * Restores an exported clip's images and snapshot into the library's clip `id`, once the clip
 * is restored (its article, and so its version `rev`, is the library's now: the images are
 * attached to that version). `onlyMissing`: the clip was there already (an import resumed after
 * its batch was written, or the same export imported again), so only what it lacks is added.
 * Never throws: a clip whose images cannot be stored keeps its text.
 */
export async function restoreMedia(library: Library, id: ClipId, media: RestoredMedia, onlyMissing: boolean): Promise<{ images: number; snapshot: boolean }> {
  const done = { images: 0, snapshot: false };
  if (media.images.length === 0 && !media.snapshot) return done;
  try {
    await library.settled();
    const rev = library.media.articleRev(id);
    if (!rev) return done;
    const had = library.media.refs(id);
    if (media.images.length > 0 && (!onlyMissing || had?.images?.rev !== rev)) {
      const images = media.images.map((i) => ({ src: i.src, type: i.type, data: i.data, width: i.width, height: i.height }));
      await library.media.attachImages(id, rev, images, { count: media.left, reason: media.reason, ...(media.missing ? { missing: media.missing } : {}) });
      done.images = images.length;
    }
    if (media.snapshot && (!onlyMissing || !had?.snapshot)) {
      await library.media.attachSnapshot(id, media.snapshot.html, media.snapshot.htmlBytes, media.snapshot.left);
      done.snapshot = true;
    }
  } catch (e) {
    console.warn('Commonplace: the images of an imported clip could not be restored; its text is.', e);
  }
  return done;
}
