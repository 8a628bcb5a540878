import { PageCaptureSchema, type PageCapture } from '../../src/schema/snapshot';
import type { FetchedResource, FetchResource } from '../../src/snapshot/types';
import { HOST_TAG } from '../highlighter/ui-host';
import { AppFailure } from '../../src/util/result';
import { backgroundFromContent } from '../messaging';
import { forgetFrameTokens, frameTokenOf } from './frame-tokens';
import { installedProducer } from './producer-global';

/** The id of the in-page toast's host (extension/ui/page-toast.ts), left out of snapshots. */
const TOAST_HOST_ID = 'commonplace-toast-host';

/**
 * The content script's side of a full-page snapshot: runs the producer (src/snapshot/,
 * injected beforehand by `snapshotTab`: see producer-global.ts) on this page, with resources fetched by the background (`fetchResource`, which may read other
 * origins) and the page's own `blob:` URLs read here (only this page can). The extension's
 * own elements in the page (the highlighter, the toast) are left out; closed shadow roots
 * are read through the extension APIs that open them. Frames of other origins that `tagFrames`
 * tagged become placeholders for their own snapshots, which the background stitches in.
 */
export async function snapshotPage(
  doc: Document,
  params: { maxBytes?: number | undefined; frameLevel?: number | undefined; maxFrames?: number | undefined },
): Promise<PageCapture> {
  const produce = installedProducer();
  if (!produce) throw new AppFailure('internal', 'The snapshot code was not loaded into this page. Try again.');
  try {
    const result = await produce(doc, fetchForPage, {
      ...(params.maxBytes ? { maxBytes: params.maxBytes } : {}),
      ...(params.frameLevel !== undefined ? { frameLevel: params.frameLevel } : {}),
      ...(params.maxFrames !== undefined ? { maxFrames: params.maxFrames } : {}),
      shadowRootOf: anyShadowRoot,
      skip: (el) => el.localName === HOST_TAG || el.id === TOAST_HOST_ID,
      frameToken: frameTokenOf,
    });
    return PageCaptureSchema.parse({ ...result, url: doc.URL.slice(0, 8_192), title: (doc.title || doc.URL).slice(0, 2_000) });
  } finally {
    forgetFrameTokens();
  }
}

/** Fetches a snapshot resource: `blob:` here, the rest through the background. */
const fetchForPage: FetchResource = async (url): Promise<FetchedResource | null> => {
  if (url.startsWith('blob:')) {
    const res = await fetch(url);
    return res.ok ? { type: res.headers.get('content-type') ?? '', bytes: new Uint8Array(await res.arrayBuffer()) } : null;
  }
  const res = await backgroundFromContent('fetchResource', { url });
  return res.ok && res.value.resource ? res.value.resource : null;
};

/** An element's shadow root, open or closed (Firefox: the `openOrClosedShadowRoot` property; Chromium: `chrome.dom.openOrClosedShadowRoot`). */
export function anyShadowRoot(el: Element): ShadowRoot | null {
  try {
    // Firefox gives content scripts a property (MDN: Element.openOrClosedShadowRoot).
    if ('openOrClosedShadowRoot' in el) return (el as Element & { openOrClosedShadowRoot: ShadowRoot | null }).openOrClosedShadowRoot ?? null;
    const chromium = (globalThis as unknown as { chrome?: { dom?: { openOrClosedShadowRoot?: (e: Element) => ShadowRoot | null } } }).chrome?.dom?.openOrClosedShadowRoot;
    if (typeof chromium === 'function') return chromium(el) ?? null;
  } catch {
    // Fall back to open roots.
  }
  return el.shadowRoot;
}
