import { AppFailure } from '../../src/util/result';

/** A protocol answer's value, or its error thrown again as an `AppFailure` (same code and message). */
export function unwrap<T>(res: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }): T {
  if (res.ok) return res.value;
  throw new AppFailure(res.error.code as never, res.error.message);
}

let creating: Promise<void> | null = null;

/**
 * Chromium's offscreen document (entrypoints/offscreen/), created once and kept: it has the DOM
 * the service worker lacks, to parse fetched links and imported articles, and to hold export
 * zips as Blobs for `downloads.download`. A second create while one exists fails: that one serves.
 */
export async function ensureOffscreen(): Promise<void> {
  const exists = async () => (await chrome.runtime.getContexts({ contextTypes: [chrome.runtime.ContextType.OFFSCREEN_DOCUMENT] })).length > 0;
  if (await exists()) return;
  creating ??= chrome.offscreen
    .createDocument({
      url: 'offscreen.html',
      reasons: [chrome.offscreen.Reason.DOM_PARSER, chrome.offscreen.Reason.BLOBS],
      justification: 'Parse fetched links and imported articles to save them, and write export zips for download.',
    })
    .catch(async (e: unknown) => {
      if (!(await exists())) throw e;
    })
    .finally(() => (creating = null));
  await creating;
}
