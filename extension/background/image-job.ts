import { refreshThumbnail } from './thumbnails';
import { browser } from 'wxt/browser';
import { emptyQueue, enqueue, failedTry, finish, IMAGE_QUEUE_KEY, IMAGES_CHANNEL, isQueued, readQueue, startNext, type ImageJob, type ImageQueue } from '../../src/images/image-queue';
import { saveClipImages, type ImageTiming } from '../../src/images/save-images';
import { IMAGE_SETTINGS_KEY, ImageSettingsSchema, readImageSettings, savesImages, type ImageSettings } from '../../src/images/settings';
import type { ClipId } from '../../src/schema/ids';
import { Mutex } from '../../src/util/mutex';
import { toAppError } from '../../src/util/result';
import { canvasCodec } from '../images/canvas-codec';
import { imageFetcher } from '../images/fetch-image';
import { services } from './services';

/**
 * Saving article images in the background, after the article is saved (the save never waits
 * for them): a queue in storage.local (src/images/image-queue.ts), one clip at a time, each
 * image fetched, checked and stored by `saveClipImages` (src/images/save-images.ts). A heartbeat
 * keeps the worker up while it works, and `IMAGE_ALARM` (once a minute while clips wait) wakes a
 * stopped background, whose start resumes the queue (`resumeImages`, one of the background's
 * start-up tasks: it reads the queue and opens the library only when clips wait). A clip whose
 * images failed to be stored stays queued and is tried again a minute later. Listeners hear
 * `IMAGES_CHANNEL` with `{ clipId }` when a clip's images are done.
 */

/** The alarm that wakes a stopped background while clips wait for their images. */
export const IMAGE_ALARM = 'commonplace-images';
const HEARTBEAT_MS = 20_000;
/** How long the queue waits after a clip whose images failed to be stored before trying again. */
const RETRY_MS = 60_000;

const queueLock = new Mutex();
let looping: Promise<void> | null = null;
let kicked = false;
/** The last images handled (test builds report them: benchmarks' per-image times). */
export const recentImageTimings: ImageTiming[] = [];

/** The user's image settings (on, 5 MB per clip until changed). */
export async function imageSettings(): Promise<ImageSettings> {
  return readImageSettings((await browser.storage.local.get(IMAGE_SETTINGS_KEY))[IMAGE_SETTINGS_KEY]);
}

/** Stores new image settings (they apply to the next saves). */
export async function setImageSettings(next: ImageSettings): Promise<ImageSettings> {
  const settings = ImageSettingsSchema.parse(next);
  await browser.storage.local.set({ [IMAGE_SETTINGS_KEY]: settings });
  return settings;
}

async function readQueueRecord(): Promise<ImageQueue> {
  return readQueue((await browser.storage.local.get(IMAGE_QUEUE_KEY))[IMAGE_QUEUE_KEY]);
}

/** Changes the stored queue, one change at a time. */
function mutate<T>(fn: (q: ImageQueue) => { queue: ImageQueue; value: T }): Promise<T> {
  return queueLock.run(async () => {
    const { queue, value } = fn(await readQueueRecord());
    await browser.storage.local.set({ [IMAGE_QUEUE_KEY]: queue });
    return value;
  });
}

/** Whether a clip's images are waiting or being saved. */
export async function imagesPending(clipId: string): Promise<boolean> {
  return isQueued(await readQueueRecord(), clipId);
}

/**
 * Queues the images of a page just saved from tab `tabId` (durably, before the save answers,
 * so a worker stopped right after still saves them), unless saving images is off; then only
 * when the clip had images saved (`hadImages`: a re-capture), whose parts the job deletes.
 */
export async function queueImages(clipId: string, tabId: number | null, pageUrl: string, hadImages = false): Promise<void> {
  if (!savesImages(await imageSettings()) && !hadImages) return;
  await mutate((q) => ({ queue: enqueue(q, { clipId, tabId, pageUrl, at: Date.now() }), value: null }));
  drive();
}

/** Goes on with clips left waiting (at every background start, and when the alarm fires). */
export async function resumeImages(): Promise<void> {
  if ((await readQueueRecord()).jobs.length > 0) drive();
  else if (!looping) await browser.alarms.clear(IMAGE_ALARM);
}

function announce(clipId: string): void {
  try {
    const channel = new BroadcastChannel(IMAGES_CHANNEL);
    channel.postMessage({ clipId });
    channel.close();
  } catch {
    // No page listens: `getClipImages` answers instead.
  }
}

/** Most clips a synced change announces one by one (a join's thousands: an open reader asks when it opens). */
const MAX_SYNCED_ANNOUNCED = 500;

/**
 * Tells open readers that these clips changed through sync (`{ clipId, synced: true }`): one
 * whose images arrived (or changed) asks for them again, so images saved on another device
 * appear in a reader already open. A reader compares the image state first, so a tag change
 * does not reload its images.
 */
export function announceSyncedImages(clipIds: readonly string[] | null): void {
  if (!clipIds || clipIds.length > MAX_SYNCED_ANNOUNCED) return;
  try {
    const channel = new BroadcastChannel(IMAGES_CHANNEL);
    for (const clipId of clipIds) channel.postMessage({ clipId, synced: true });
    channel.close();
  } catch {
    // No page listens.
  }
}

/**
 * Saves one clip's images (`giveUp`: see `saveClipImages`); null when done, else the failure's
 * code (nothing stored: the write refused, the disk full, the library replaced meanwhile…), so
 * that the clip stays queued and is tried again.
 */
async function runJob(job: ImageJob, giveUp: boolean | 'unstored'): Promise<string | null> {
  const { library } = await services();
  const deps = {
    fetch: imageFetcher(job.tabId, job.pageUrl),
    codec: canvasCodec,
    settings: await imageSettings(),
    // Kept for the test build's `debugImageTimings` (benchmarks) only.
    onImage: import.meta.env.MODE === 'test' ? (t: ImageTiming) => void (recentImageTimings.push(t), recentImageTimings.splice(0, Math.max(0, recentImageTimings.length - 1_000))) : undefined,
  };
  return saveClipImages(library, job.clipId as ClipId, deps, giveUp).then(
    () => null,
    (e: unknown) => (console.error('Commonplace: saving the images of a clip failed; they are tried again later (its text is saved).', e), toAppError(e).code),
  );
}

/** Works through the queue: true once it is empty, false when it stopped at a clip whose images failed to be stored. */
async function loop(): Promise<boolean> {
  for (;;) {
    // The start is counted durably first: a clip that kills the worker every time is given up after a few.
    const { job, givenUp } = await mutate((q) => {
      const next = startNext(q);
      return { queue: next.queue, value: next };
    });
    for (const g of givenUp) {
      // Its last start's write failed: its images are recorded as not stored, not as interrupted.
      await runJob(g, g.lastFailure ? 'unstored' : true);
      await refreshThumbnail(g.clipId as ClipId);
      announce(g.clipId);
    }
    if (!job) return true;
    // Failed: the clip stays queued with its start counted (after `MAX_TRIES` starts it is given
    // up, its images recorded as not stored), and the queue waits `RETRY_MS` (a full disk is not freed at once).
    const failed = await runJob(job, false);
    if (failed !== null) {
      await mutate((q) => ({ queue: failedTry(q, job, failed), value: null }));
      return false;
    }
    await mutate((q) => ({ queue: finish(q, job), value: null }));
    // The row's picture first, so a list told of the new images finds it.
    await refreshThumbnail(job.clipId as ClipId);
    announce(job.clipId);
  }
}

/** Runs the loop unless it runs: a heartbeat while working, the alarm as a safety net until the queue is empty. */
function drive(): void {
  if (looping) return void (kicked = true);
  kicked = false;
  void browser.alarms.create(IMAGE_ALARM, { periodInMinutes: 1 });
  const beat = setInterval(() => void browser.runtime.getPlatformInfo().catch(() => undefined), HEARTBEAT_MS);
  looping = loop()
    .then((emptied) => {
      // A worker stopped meanwhile is woken by the alarm, and its start resumes the queue.
      if (!emptied) setTimeout(drive, RETRY_MS);
    })
    .catch((e: unknown) => console.error('Commonplace: the image queue stopped; it goes on at the next start.', e))
    .finally(async () => {
      clearInterval(beat);
      looping = null;
      if (kicked) drive();
      else if ((await readQueueRecord().catch(() => emptyQueue())).jobs.length === 0) await browser.alarms.clear(IMAGE_ALARM);
    });
}
