import { browser } from 'wxt/browser';
import type { ExtractedPage } from '../../src/schema/capture';
import { extractFromHtml, withText } from '../../src/capture/extract';
import { excerptOf } from '../../src/capture/page-metadata';
import { paragraphsToHtml } from '../../src/capture/text';
import { hostOf, isCapturableUrl, isSavableLink } from '../../src/url/normalize';
import { displayHost } from '../../src/url/display-host';
import { AppFailure, err } from '../../src/util/result';
import { within } from '../../src/snapshot/resources';
import { contentOf, offscreen } from '../messaging';
import { ensureOffscreen, unwrap } from './offscreen-doc';
import { fetchLinkHtml } from './fetch-link';

/** Refuses a write from a tab of a private window: nothing read privately is written to disk (saves, highlights, notes). */
export function refusePrivate(tab: { incognito?: boolean } | undefined): void {
  if (tab?.incognito) {
    throw new AppFailure('private-window', "Commonplace doesn't save from private windows, so nothing you read privately is written to disk.");
  }
}

/** Refuses tabs a capture must not or cannot read, with a message that says why. */
async function readableTab(tabId: number) {
  const tab = await browser.tabs.get(tabId).catch(() => null);
  if (!tab) throw new AppFailure('not-found', 'That tab is gone. Open the page again and retry.');
  refusePrivate(tab);
  const check = isCapturableUrl(tab.url ?? '');
  if (!check.ok) throw new AppFailure('forbidden-page', check.reason);
  return tab;
}

/**
 * How long a page may take to answer a capture. A page showing a dialog (an alert, a print
 * window) or stuck in a script answers nothing, and the save would wait for ever ("Saving…").
 */
export const PAGE_ANSWER_MS = 45_000;
const NOT_ANSWERING = `The page did not answer within ${PAGE_ANSWER_MS / 1000} s. If it shows a dialog (an alert, a print window), close it; else reload the page. Then save again.`;

/** A content script's answer, or a `frame-unreachable` failure once `PAGE_ANSWER_MS` has passed. */
async function askPage<T>(answer: Promise<T>) {
  return (await within(answer, PAGE_ANSWER_MS)) ?? err('frame-unreachable', NOT_ANSWERING);
}

/** Extracts the page shown in a tab, as rendered (logged-in and paywalled text included). */
export async function capturePage(tabId: number): Promise<ExtractedPage> {
  const tab = await readableTab(tabId);
  const res = await askPage(contentOf(tabId, 0)('extractPage', {}));
  // The transport failing means the browser refused to run our script in this page.
  if (!res.ok && res.error.code === 'interrupted') {
    throw new AppFailure('forbidden-page', `The browser doesn't let extensions read this page (${displayHost(hostOf(tab.url ?? ''))}). Open a regular web page and try again.`);
  }
  return withText(unwrap(res));
}

/** Pages saved from the context menu's plain text (`captureSelection`'s fallback): their save says so. */
const plainTextPages = new WeakSet<ExtractedPage>();

/** Whether `page` is the plain text the context menu reported, saved because its frame could not be read. */
export const isPlainTextFallback = (page: ExtractedPage): boolean => plainTextPages.has(page);

/**
 * Extracts the selection in one frame of a tab. When the frame cannot host our script (a
 * sandboxed, opaque or cross-site frame), the plain text the context menu reported is saved
 * instead (`isPlainTextFallback`), filed under the frame's page (`frameUrl`) when the selection
 * was in another frame with a web address of its own, else under the tab's.
 */
export async function captureSelection(tabId: number, frameId: number, selectionText?: string, frameUrl?: string): Promise<ExtractedPage> {
  const tab = await readableTab(tabId);
  const res = await askPage(contentOf(tabId, frameId)('extractSelection', {}));
  if (res.ok) return withText(res.value);
  const text = selectionText?.trim();
  if (!text) {
    if (res.error.code === 'interrupted') {
      throw new AppFailure('frame-unreachable', "Commonplace can't read the selection inside this embedded frame. Open the frame's page in its own tab, then select and save again.");
    }
    return unwrap(res);
  }
  const plain = paragraphsToHtml(text);
  if (plain.text === '') return unwrap(res);
  const inFrame = frameId !== 0 && !!frameUrl && isCapturableUrl(frameUrl).ok && frameUrl !== tab.url;
  const tabTitle = tab.title || tab.url!;
  const page: ExtractedPage = {
    kind: 'selection',
    extractor: 'selection',
    pageUrl: inFrame ? frameUrl : tab.url!,
    canonicalUrl: null,
    title: inFrame ? `${displayHost(hostOf(frameUrl))} (embedded in “${tabTitle}”)` : tabTitle,
    byline: null,
    siteName: null,
    lang: null,
    dir: null,
    publishedTime: null,
    excerpt: excerptOf(plain.text),
    html: plain.html,
    text: plain.text,
  };
  plainTextPages.add(page);
  return page;
}

/** Fetches a link without opening a tab and extracts it: in the background page (Firefox) or an offscreen document (Chromium). */
export async function captureLink(url: string): Promise<ExtractedPage> {
  const check = isSavableLink(url);
  if (!check.ok) throw new AppFailure('forbidden-page', check.reason);
  const { html, finalUrl, contentType } = await fetchLinkHtml(url);
  return extractHtml(html, finalUrl, contentType);
}

/**
 * Extracts and sanitises fetched or imported HTML: on the background page's DOM (Firefox), or
 * in the offscreen document (Chromium, whose service worker has no DOMParser). The one path for
 * "Save link" and imported articles.
 */
export async function extractHtml(html: string, url: string, contentType: string): Promise<ExtractedPage> {
  if (typeof DOMParser !== 'undefined') return extractFromHtml(html, url, contentType, new DOMParser());
  await ensureOffscreen();
  return unwrap(await offscreen('extractHtml', { html, url, contentType }));
}
