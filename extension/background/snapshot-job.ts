import { browser } from 'wxt/browser';
import type { ClipId } from '../../src/schema/ids';
import type { SaveOutcome } from '../../src/schema/clip-summary';
import {
  copyFailed,
  copyTaken,
  emptySnapshotQueue,
  enqueueSnapshot,
  failSnapshot,
  finishSnapshot,
  PAGE_LEFT,
  readSnapshotQueue,
  snapshotStatusOf,
  SNAPSHOT_QUEUE_KEY,
  startNextSnapshot,
  whyNotFromTab,
  type SnapshotJob,
  type SnapshotQueue,
  type SnapshotStatus,
} from '../../src/snapshot/snapshot-queue';
import { Mutex } from '../../src/util/mutex';
import { toAppError } from '../../src/util/result';
import { snapshotClip, snapshotSettings } from './snapshots';
import { services } from './services';

/**
 * The full-page copy taken after a save when the user keeps one with every page: queued
 * durably before the save answers (src/snapshot/snapshot-queue.ts), taken after it, one at a
 * time. A heartbeat keeps the worker up while it works, and `SNAPSHOT_ALARM` (once a minute
 * while copies wait) wakes a stopped background, whose start resumes the queue
 * (`resumeSnapshots`): a copy whose tab still shows its page is taken then; otherwise the clip
 * records why it has none (`snapshotStatus`, shown by the reader).
 */

/** The alarm that wakes a stopped background while copies wait. */
export const SNAPSHOT_ALARM = 'commonplace-snapshots';
const HEARTBEAT_MS = 20_000;

const queueLock = new Mutex();
let looping: Promise<void> | null = null;
let kicked = false;

async function readRecord(): Promise<SnapshotQueue> {
  return readSnapshotQueue((await browser.storage.local.get(SNAPSHOT_QUEUE_KEY))[SNAPSHOT_QUEUE_KEY]);
}

/** Changes the stored queue, one change at a time. */
function mutate<T>(fn: (q: SnapshotQueue) => { queue: SnapshotQueue; value: T }): Promise<T> {
  return queueLock.run(async () => {
    const { queue, value } = fn(await readRecord());
    await browser.storage.local.set({ [SNAPSHOT_QUEUE_KEY]: queue });
    return value;
  });
}

/**
 * After a page saved from tab `tabId`: when the user keeps a full-page copy of every page,
 * queues one (durably: call it before the save answers, so a worker stopped right after still
 * takes it) and starts taking it.
 */
export async function queueSnapshotAfterSave(outcome: SaveOutcome, tabId: number, pageUrl: string): Promise<void> {
  if (outcome.clip.kind !== 'page' || !(await snapshotSettings()).everyPage) return;
  await mutate((q) => ({ queue: enqueueSnapshot(q, { clipId: outcome.clip.id, tabId, pageUrl, at: Date.now() }), value: null }));
  drive();
}

/** Goes on with copies left waiting (at every background start; the alarm wakes a stopped one for it). */
export async function resumeSnapshots(): Promise<void> {
  if ((await readRecord()).jobs.length > 0) drive();
  else if (!looping) await browser.alarms.clear(SNAPSHOT_ALARM);
}

/** `snapshotStatus`: whether a clip's copy is still to be taken, or why it was not made. */
export async function snapshotStatus(clipId: string): Promise<SnapshotStatus> {
  const copyAt = await storedCopyAt(clipId);
  return snapshotStatusOf(await readRecord(), clipId, copyAt);
}

/** When the clip's stored full-page copy was made; null when it has none. */
async function storedCopyAt(clipId: string): Promise<number | null> {
  const { library } = await services();
  await library.settled();
  return library.media.snapshotRef(clipId as ClipId)?.at ?? null;
}

/** Takes one copy: null when it is stored, else why it was not made. */
async function take(job: SnapshotJob): Promise<string | null> {
  const tab = await browser.tabs.get(job.tabId).catch(() => null);
  const why = whyNotFromTab(job, tab ? (tab.url ?? undefined) : null);
  if (why) return why;
  try {
    // The tab may go on to another page while it is copied: such a copy is not kept.
    return (await snapshotClip(job.clipId as ClipId, job.tabId, job.pageUrl)) ? null : PAGE_LEFT;
  } catch (e) {
    // The tab closed (or navigated) while it was being copied: say that, not the messaging error.
    const now = await browser.tabs.get(job.tabId).catch(() => null);
    return whyNotFromTab(job, now ? (now.url ?? undefined) : null) ?? copyFailed(toAppError(e).message);
  }
}

async function loop(): Promise<void> {
  for (;;) {
    // The start is counted durably first: a page that kills the worker every time is given up after a few.
    const job = await mutate((q) => {
      const next = startNextSnapshot(q, Date.now());
      return { queue: next.queue, value: next.job };
    });
    if (!job) return;
    // Stored before a stop that came ahead of its entry's removal: done, not taken again.
    const why = copyTaken(job, await storedCopyAt(job.clipId)) ? null : await take(job);
    if (why) console.warn(`Commonplace: ${why} The article is saved.`);
    await mutate((q) => ({ queue: why ? failSnapshot(q, job, why, Date.now()) : finishSnapshot(q, job), value: null }));
  }
}

/** Runs the loop unless it runs: a heartbeat while working, the alarm as a safety net until the queue is empty. */
function drive(): void {
  if (looping) return void (kicked = true);
  kicked = false;
  void browser.alarms.create(SNAPSHOT_ALARM, { periodInMinutes: 1 });
  const beat = setInterval(() => void browser.runtime.getPlatformInfo().catch(() => undefined), HEARTBEAT_MS);
  looping = loop()
    .catch((e: unknown) => console.error('Commonplace: the full-page copy queue stopped; it goes on at the next start.', e))
    .finally(async () => {
      clearInterval(beat);
      looping = null;
      if (kicked) drive();
      else if ((await readRecord().catch(() => emptySnapshotQueue())).jobs.length === 0) await browser.alarms.clear(SNAPSHOT_ALARM);
    });
}
