import { browser } from 'wxt/browser';
import { CONTENT_GLOBAL, createClient, type ContentEndpoint, type Envelope, type Sender } from '../src/protocol/rpc';

const CONTENT_SCRIPT = '/content-scripts/content.js';
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

/**
 * Background → the content script in one frame of a tab, through `scripting.executeScript`
 * (see CONTENT_GLOBAL). Injects the script first when the frame does not have it yet.
 * Throws when the browser refuses to run scripts there (browser pages, web stores).
 */
export const contentOf = (tabId: number, frameId = 0) =>
  createClient(
    'content',
    backgroundToContent,
    async (e: Envelope) => {
      const target = { tabId, frameIds: [frameId] };
      const call = async () => {
        const [res] = await browser.scripting.executeScript({
          target,
          func: (name: string, method: string, params: unknown) => {
            const endpoint = (globalThis as unknown as Record<string, ContentEndpoint | undefined>)[name];
            return endpoint ? endpoint.handle(method, params) : { missing: true };
          },
          args: [CONTENT_GLOBAL, e.method, e.params],
        });
        return res?.result as unknown;
      };
      let result = await call();
      if ((result as { missing?: boolean } | undefined)?.missing) {
        await browser.scripting.executeScript({ target, files: [CONTENT_SCRIPT as '/background.js'] });
        result = await call();
      }
      return result;
    },
    0,
  );

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
