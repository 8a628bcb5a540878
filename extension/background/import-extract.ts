import { extractFromHtml } from '../../src/capture/extract';
import type { ExtractedPage } from '../../src/schema/capture';
import { AppFailure } from '../../src/util/result';
import { offscreen } from '../messaging';

/**
 * Imported article HTML through exactly the path "Save link" takes (capture.ts `captureLink`):
 * `extractFromHtml` on the background page's DOM (Firefox), or the offscreen document's
 * `extractHtml` (Chromium, whose service worker has no DOMParser). Sanitised either way.
 */
export async function extractImportedHtml(html: string, url: string, contentType: string): Promise<ExtractedPage> {
  if (typeof DOMParser !== 'undefined') return extractFromHtml(html, url, contentType, new DOMParser());
  await ensureOffscreen();
  const res = await offscreen('extractHtml', { html, url, contentType });
  if (res.ok) return res.value;
  throw new AppFailure(res.error.code, res.error.message);
}

let creating: Promise<void> | null = null;
/** The offscreen document, created once (Save link may have created it already: then it is used). */
async function ensureOffscreen(): Promise<void> {
  const exists = async () => (await chrome.runtime.getContexts({ contextTypes: [chrome.runtime.ContextType.OFFSCREEN_DOCUMENT] })).length > 0;
  if (await exists()) return;
  creating ??= chrome.offscreen
    .createDocument({ url: 'offscreen.html', reasons: [chrome.offscreen.Reason.DOM_PARSER], justification: 'Parse imported articles to save them.' })
    .catch(async (e: unknown) => {
      // Created meanwhile by a Save link: only one may exist, and that one serves.
      if (!(await exists())) throw e;
    })
    .finally(() => (creating = null));
  await creating;
}
