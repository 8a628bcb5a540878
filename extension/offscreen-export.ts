import { EXPORT_STATUS_CHANNEL, type ExportJob } from '../src/backup/export-job';
import { fromBase64 } from '../src/util/base64';
import { AppFailure } from '../src/util/result';
import { initAutomerge } from './background/automerge-init';
import { exportToBlob } from './export-blob';
import { background } from './messaging';

/** Blob URLs not yet released are revoked after this long anyway (a background stopped before releasing). */
const RELEASE_AFTER_MS = 15 * 60_000;

let wasm: Promise<void> | null = null;

/**
 * The offscreen document's side of an export (Chromium): documents are asked of the background
 * one at a time (`exportDocument`), the zip is written into a Blob by `exportToBlob`, progress is
 * posted on `EXPORT_STATUS_CHANNEL` (the options page and the background listen), and the
 * answer is a blob: URL the background hands to `downloads.download`.
 */
export async function runExport(job: ExportJob, rootUrl: string): Promise<{ blobUrl: string; bytes: number; clips: number }> {
  wasm ??= initAutomerge();
  await wasm;
  const channel = new BroadcastChannel(EXPORT_STATUS_CHANNEL);
  // A service worker waiting on one long answer is stopped after 5 minutes: a call now and then keeps it.
  const awake = setInterval(() => void background('ping', {}), 20_000);
  try {
    const { blob, clips } = await exportToBlob(
      job,
      rootUrl,
      async (url) => {
        const res = await background('exportDocument', { url });
        if (!res.ok) throw new AppFailure(res.error.code, res.error.message);
        return res.value.bytes === null ? null : fromBase64(res.value.bytes);
      },
      (progress) => channel.postMessage(progress),
    );
    const blobUrl = URL.createObjectURL(blob);
    setTimeout(() => URL.revokeObjectURL(blobUrl), RELEASE_AFTER_MS);
    return { blobUrl, bytes: blob.size, clips };
  } finally {
    clearInterval(awake);
    channel.close();
  }
}

/** Revokes an export's blob: URL once it is downloaded. */
export function releaseExport(blobUrl: string): { released: boolean } {
  if (!blobUrl.startsWith('blob:')) return { released: false };
  URL.revokeObjectURL(blobUrl);
  return { released: true };
}
