import { browser } from 'wxt/browser';
import type { SnapshotCapture } from '../../src/schema/snapshot';
import { AppFailure } from '../../src/util/result';
import { contentOf } from '../messaging';

/** The producer's script in the build (entrypoints/snapshot-producer.ts). */
const PRODUCER_SCRIPT = '/snapshot-producer.js';

/**
 * A full-page snapshot of the page in a tab's top frame (background side): injects the
 * producer into the page's isolated world, then asks the content script for the snapshot
 * (`snapshotPage`; the content script is injected too when the page predates it). Resources
 * come back through `fetchResource`. The caller checks the tab first (private windows,
 * protected pages: see `readableTab` in extension/background/capture.ts). Nothing is stored.
 *
 * @throws AppFailure `forbidden-page` when the browser refuses to run scripts in the page,
 *   or the content script's error (e.g. `interrupted` when the tab closed meanwhile).
 */
export async function snapshotTab(tabId: number, opts: { readonly maxBytes?: number } = {}): Promise<SnapshotCapture> {
  try {
    await browser.scripting.executeScript({ target: { tabId, frameIds: [0] }, files: [PRODUCER_SCRIPT as '/background.js'] });
  } catch {
    throw new AppFailure('forbidden-page', "The browser doesn't let extensions read this page, so it can't be saved whole. Open a regular web page and try again.");
  }
  const res = await contentOf(tabId, 0)('snapshotPage', opts.maxBytes ? { maxBytes: opts.maxBytes } : {});
  if (!res.ok) throw new AppFailure(res.error.code, res.error.message);
  return res.value;
}
