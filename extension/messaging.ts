import { browser } from 'wxt/browser';
import { createClient, type Envelope, type Sender } from '../src/protocol/rpc';
import { backgroundToContent, backgroundToOffscreen, contentToBackground, uiToBackground } from '../src/protocol/protocol';

/**
 * The browser transports for the protocol in src/protocol: which `runtime`/`tabs`
 * call carries each direction, and who may send on it. Everything else about
 * messages (shapes, validation, error values) lives in src/protocol.
 */

/** UI pages → background. Retries after a disconnect (a stopped worker wakes on the retry). */
export const background = createClient('background', uiToBackground, (e: Envelope) => browser.runtime.sendMessage(e));

/** Content script → background. */
export const backgroundFromContent = createClient('background', contentToBackground, (e: Envelope) => browser.runtime.sendMessage(e));

/** Background → the content script of one tab (all frames' scripts see it; only frame `frameId` answers when given). */
export const contentOf = (tabId: number, frameId = 0) =>
  createClient('content', backgroundToContent, (e: Envelope) => browser.tabs.sendMessage(tabId, e, { frameId }), 0);

/** Background → offscreen document. */
export const offscreen = createClient('offscreen', backgroundToOffscreen, (e: Envelope) => browser.runtime.sendMessage(e), 0);

const extensionOrigin = () => browser.runtime.getURL('/');

/** Extension pages (popup, side panel, options, offscreen) of this very extension. */
export function isExtensionPage(sender: Sender): boolean {
  return sender.id === browser.runtime.id && typeof sender.url === 'string' && sender.url.startsWith(extensionOrigin());
}

/** Content scripts of this extension: a tab sender that is not an extension page. */
export function isOwnContentScript(sender: Sender): boolean {
  return sender.id === browser.runtime.id && sender.tab?.id !== undefined && !isExtensionPage(sender);
}

/** The background page (Firefox) or worker (Chromium), the only sender the offscreen document serves. */
export function isBackground(sender: Sender): boolean {
  return sender.id === browser.runtime.id && sender.tab === undefined;
}
