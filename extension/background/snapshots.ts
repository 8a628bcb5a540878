import { browser } from 'wxt/browser';
import { deflateText, inflateText } from '../../src/library/compress';
import type { ClipId } from '../../src/schema/ids';
import type { SnapshotView } from '../../src/schema/snapshot';
import { samePage } from '../../src/snapshot/snapshot-queue';
import { readSnapshotSettings, SNAPSHOT_SETTINGS_KEY, type SnapshotInfo, type SnapshotSettings } from '../../src/snapshot/settings';
import { AppFailure } from '../../src/util/result';
import { snapshotTab } from '../snapshot/snapshot-tab';
import { services } from './services';

/** The snapshot settings (options page). */
export async function snapshotSettings(): Promise<SnapshotSettings> {
  return readSnapshotSettings((await browser.storage.local.get(SNAPSHOT_SETTINGS_KEY))[SNAPSHOT_SETTINGS_KEY]);
}

export async function setSnapshotSettings(next: SnapshotSettings): Promise<SnapshotSettings> {
  await browser.storage.local.set({ [SNAPSHOT_SETTINGS_KEY]: next });
  return next;
}

/**
 * Takes a full-page snapshot of the page in `tabId` and keeps it with the clip `clipId`
 * (replacing its earlier one): the producer's HTML (src/snapshot/), compressed, stored in the
 * media documents through the one write path. Durable when it resolves. Null, with nothing
 * kept, when the copy is of another page than `pageUrl` (the clip's: the tab went on meanwhile).
 */
export async function snapshotClip(clipId: ClipId, tabId: number, pageUrl: string): Promise<SnapshotInfo | null> {
  const { maxBytes } = await snapshotSettings();
  const shot = await snapshotTab(tabId, { maxBytes });
  if (!samePage(shot.url, pageUrl)) return null;
  const html = await deflateText(shot.html);
  const left = shot.resources.skipped + shot.resources.failed;
  const { library } = await services();
  const ref = await library.media.attachSnapshot(clipId, html, shot.bytes, left);
  return { bytes: ref.bytes, htmlBytes: ref.htmlBytes, left: ref.left, at: ref.at };
}

/** `snapshotInfo`: whether a clip has a full-page copy on this device, and its facts. */
export async function snapshotInfo(clipId: ClipId): Promise<SnapshotInfo | null> {
  const { library } = await services();
  await library.settled();
  const ref = library.media.snapshotRef(clipId);
  return ref ? { bytes: ref.bytes, htmlBytes: ref.htmlBytes, left: ref.left, at: ref.at } : null;
}

/** `getSnapshot`: a clip's full-page copy for the viewer (the HTML, decompressed, and the bar's facts). */
export async function getSnapshot(clipId: ClipId): Promise<SnapshotView> {
  const { library } = await services();
  await library.settled();
  const got = await library.media.snapshot(clipId);
  if (!got) {
    const has = library.media.snapshotRef(clipId);
    throw new AppFailure('not-found', has
      ? "This clip's full-page copy is not on this device (it is kept text only, or has not arrived through sync yet)."
      : 'This clip has no saved copy of the full page. Open the page and use right-click → "Save full page to Commonplace".');
  }
  const row = library.rowsOf([clipId])[0];
  return {
    html: await inflateText(got.html),
    title: row?.title ?? '',
    url: row?.pageUrl ?? row?.url ?? '',
    savedAt: got.ref.at,
    truncated: false,
  };
}
