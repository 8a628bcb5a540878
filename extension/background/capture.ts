import { browser } from 'wxt/browser';
import type { ExtractedPage } from '../../src/capture/types';
import { extractFromHtml } from '../../src/capture/extract';
import { isCapturableUrl } from '../../src/url/normalize';
import { AppFailure } from '../../src/util/result';
import { contentOf, offscreen } from '../messaging';
import { ensureContentScript } from './content-script';
import { fetchLinkHtml } from './fetch-link';

/** Refuses tabs a capture must not or cannot read, with a message that says why. */
async function readableTab(tabId: number) {
  const tab = await browser.tabs.get(tabId).catch(() => null);
  if (!tab) throw new AppFailure('not-found', 'That tab is gone. Open the page again and retry.');
  if (tab.incognito) {
    throw new AppFailure('private-window', "Commonplace doesn't save from private windows, so nothing you read privately is written to disk.");
  }
  const check = isCapturableUrl(tab.url ?? '');
  if (!check.ok) throw new AppFailure('forbidden-page', check.reason);
  return tab;
}

function unwrap<T>(res: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }): T {
  if (res.ok) return res.value;
  throw new AppFailure(res.error.code as never, res.error.message);
}

/** Extracts the page shown in a tab, as rendered (logged-in and paywalled text included). */
export async function capturePage(tabId: number): Promise<ExtractedPage> {
  const tab = await readableTab(tabId);
  if (!(await ensureContentScript(tabId, 0))) {
    throw new AppFailure('forbidden-page', `The browser doesn't let extensions read this page (${new URL(tab.url ?? 'about:blank').host || tab.url}).`);
  }
  return unwrap(await contentOf(tabId, 0)('extractPage', {}));
}

/**
 * Extracts the selection in one frame of a tab. When the frame cannot host our
 * script (a sandboxed or opaque frame), the plain text the context menu reported is
 * saved instead, and the outcome says so.
 */
export async function captureSelection(tabId: number, frameId: number, selectionText?: string): Promise<ExtractedPage> {
  const tab = await readableTab(tabId);
  if (await ensureContentScript(tabId, frameId)) {
    const res = await contentOf(tabId, frameId)('extractSelection', {});
    if (res.ok || !selectionText?.trim()) return unwrap(res);
  }
  if (!selectionText?.trim()) {
    throw new AppFailure('frame-unreachable', "Commonplace can't read the selection inside this embedded frame. Open the frame's page in its own tab, then select and save again.");
  }
  const text = selectionText.trim();
  const escaped = text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
  return {
    kind: 'selection',
    extractor: 'selection',
    pageUrl: tab.url!,
    canonicalUrl: null,
    title: tab.title || tab.url!,
    byline: null,
    siteName: new URL(tab.url!).hostname || null,
    lang: null,
    dir: null,
    publishedTime: null,
    excerpt: text.slice(0, 200),
    html: escaped.split(/\n{2,}/).map((p) => `<p>${p}</p>`).join(''),
    text,
  };
}

/** Fetches a link without opening a tab and extracts it: in the background page (Firefox) or an offscreen document (Chromium). */
export async function captureLink(url: string): Promise<ExtractedPage> {
  const check = isCapturableUrl(url);
  if (!check.ok) throw new AppFailure('forbidden-page', check.reason);
  const { html, finalUrl, contentType } = await fetchLinkHtml(url);
  if (typeof DOMParser !== 'undefined') return extractFromHtml(html, finalUrl, contentType, new DOMParser());
  await ensureOffscreen();
  return unwrap(await offscreen('extractHtml', { html, url: finalUrl, contentType }));
}

let creating: Promise<void> | null = null;
async function ensureOffscreen(): Promise<void> {
  const existing = await chrome.runtime.getContexts({ contextTypes: [chrome.runtime.ContextType.OFFSCREEN_DOCUMENT] });
  if (existing.length > 0) return;
  creating ??= chrome.offscreen
    .createDocument({ url: 'offscreen.html', reasons: [chrome.offscreen.Reason.DOM_PARSER], justification: 'Parse a fetched link to save its article.' })
    .finally(() => (creating = null));
  await creating;
}
