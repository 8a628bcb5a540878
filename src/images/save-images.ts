/**
 * Saving one clip's images, after its article was saved: the images of the stored article in
 * document order, each fetched (`ImageDeps.fetch`: the page's context, then the background),
 * checked and prepared (process.ts), and taken while they fit under the per-clip cap; the rest
 * counted with their reasons. Then one write (`library.media.attachImages`) replaces whatever
 * was saved before. Nothing here throws for a bad image: every failure is a reason.
 */
import type { Library } from '../library/library';
import type { SavedImage } from '../library/clip-media';
import type { ClipId } from '../schema/ids';
import { AppFailure } from '../util/result';
import { ImageBudget } from './budget';
import { imageKey, imagesOfHtml, MAX_IMAGES_PER_CLIP } from './image-list';
import { REASONS, refused } from './inspect';
import { MISSING, type FetchFailed } from './left-reasons';
import { processImage, type ImageCodec } from './process';
import type { ImageSettings } from './settings';

/** How images are fetched and decoded here, and the user's settings. */
export interface ImageDeps {
  /** The bytes at `src` (a data: URL decoded), or why they could not be had (null: no reason known). */
  readonly fetch: (src: string) => Promise<Uint8Array | FetchFailed | null>;
  readonly codec: ImageCodec;
  readonly settings: ImageSettings;
  /** Hears each image handled, with its timings (benchmarks, the test build). */
  readonly onImage?: (timing: ImageTiming) => void;
  /** The clock for the per-clip time limit (ms; default `performance.now`). */
  readonly now?: () => number;
}

/** One clip's images get this long (ms); the ones not reached by then are left out, so one slow site cannot hold the queue. */
export const CLIP_TIME_LIMIT_MS = 180_000;
/** The reason for images not reached within `CLIP_TIME_LIMIT_MS`. */
export const TOO_SLOW = 'the site was too slow (saving a clip’s images stops after 3 minutes)';

/** One image's fetch and processing times (ms) and bytes, for the benchmark figures. */
export interface ImageTiming {
  readonly fetchMs: number;
  readonly processMs: number;
  readonly inBytes: number;
  readonly outBytes: number;
  readonly type: string | null;
  readonly reason: string | null;
}

/** What a run did: saved, left out, or nothing (the clip gone, re-captured meanwhile, or saving off). */
export type SaveImagesOutcome = { readonly kind: 'saved'; readonly count: number; readonly left: number; readonly bytes: number } | { readonly kind: 'skipped'; readonly why: string };

/** The reason for images whose saving was interrupted `MAX_TRIES` times (src/images/image-queue.ts). */
export const INTERRUPTED = 'saving them was interrupted three times (the browser stopped)';
/** The reason for images whose saving was given up after its last start's write failed (the disk full, the write refused). */
export const UNSTORED = 'they could not be stored, three times (the disk may be full: free some space, then save the page again)';

/**
 * Saves the images of clip `id`'s current article under `deps.settings`. With `giveUp`, saves
 * none and counts them all as left out: `true`, interrupted (a clip whose saving kept being
 * killed); `'unstored'`, not stored (its last start's write failed).
 */
export async function saveClipImages(library: Library, id: ClipId, deps: ImageDeps, giveUp: boolean | 'unstored' = false): Promise<SaveImagesOutcome> {
  await library.settled();
  const rev = library.media.articleRev(id);
  if (!rev) return { kind: 'skipped', why: 'The clip is not in the library.' };
  const view = await library.get(id).catch(() => null);
  if (!view || view.deletedAt !== null) return { kind: 'skipped', why: 'The clip was deleted.' };
  if (library.media.articleRev(id) !== rev) return { kind: 'skipped', why: 'The article was saved again meanwhile.' };
  const cap = deps.settings.enabled ? deps.settings.capBytes : 0;
  if (cap <= 0) {
    // Images of an earlier version of the article (re-captured with saving off) can never show
    // again: they are deleted, and the entry says none were saved for this version.
    const before = library.media.refs(id)?.images;
    if (!before || String(before.rev) === rev) return { kind: 'skipped', why: 'Saving images is off.' };
    await library.media.attachImages(id, rev, [], { count: 0, reason: null }).catch(() => undefined);
    return { kind: 'saved', count: 0, left: 0, bytes: 0 };
  }
  const list = imagesOfHtml(view.html);
  const budget = new ImageBudget(cap);
  const saved: SavedImage[] = [];
  const now = deps.now ?? (() => performance.now());
  const deadline = now() + CLIP_TIME_LIMIT_MS;
  for (const [i, img] of list.entries()) {
    const key = await imageKey(img.src);
    if (giveUp === 'unstored') budget.leave(UNSTORED, MISSING.unstored, key);
    else if (giveUp) budget.leave(INTERRUPTED, MISSING.interrupted, key);
    else if (i >= MAX_IMAGES_PER_CLIP) budget.leave(REASONS.tooMany, MISSING.tooMany, key);
    else if (now() > deadline) budget.leave(TOO_SLOW, MISSING.slow, key);
    else if (budget.full) budget.leaveOverCap(key);
    else {
      const t0 = performance.now();
      const got = await deps.fetch(img.src).catch(() => null);
      const bytes = got instanceof Uint8Array ? got : null;
      const t1 = performance.now();
      const out = bytes ? await processImage(bytes, deps.codec) : refused('failed');
      deps.onImage?.({ fetchMs: t1 - t0, processMs: performance.now() - t1, inBytes: bytes?.byteLength ?? 0, outBytes: out.ok ? out.data.byteLength : 0, type: out.ok ? out.type : null, reason: out.ok ? null : out.reason });
      if (!out.ok) budget.leave(out.reason, (got && !(got instanceof Uint8Array) ? got.failed : null) ?? out.code, key);
      else if (budget.take(out.data.byteLength, key)) saved.push({ src: key, type: out.type, data: out.data, width: out.width, height: out.height });
    }
  }
  const left = budget.leftOut();
  const before = (await library.media.images(id).catch(() => null))?.ref ?? null;
  // Nothing to save and nothing saved before: no write at all.
  if (saved.length === 0 && left.count === 0 && !before) return { kind: 'saved', count: 0, left: 0, bytes: 0 };
  try {
    await library.media.attachImages(id, rev, saved, left);
  } catch (e) {
    if (e instanceof AppFailure && e.code === 'not-found') return { kind: 'skipped', why: 'The article was saved again meanwhile.' };
    throw e;
  }
  return { kind: 'saved', count: saved.length, left: left.count, bytes: budget.usedBytes };
}
