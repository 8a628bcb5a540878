import { browser } from 'wxt/browser';
import { CONTENT_GLOBAL, createClient, type ContentEndpoint, type Envelope, type Sender } from '../src/protocol/rpc';
import { backgroundToContent, backgroundToOffscreen, uiToBackground } from '../src/protocol/protocol';

/** The content script's file in the build (injected on demand by `contentOf`). */
const CONTENT_SCRIPT = '/content-scripts/content.js';

/**
 * The browser transports for the protocol in src/protocol: which `runtime`/`tabs`
 * call carries each direction, and who may send on it. Everything else about
 * messages (shapes, validation, error values) lives in src/protocol.
 */

/** UI pages → background. Retries after a disconnect (a stopped worker wakes on the retry). */
export const background = createClient('background', uiToBackground, (e: Envelope) => browser.runtime.sendMessage(e));

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
      // One round trip when the script is there; two when it is not: the first call leaves
      // its request pending under a fresh id, and injecting the script answers every
      // pending request (main() returns the answers by id).
      const id = Math.random().toString(36).slice(2);
      const call = async () => {
        const [res] = await browser.scripting.executeScript({
          target,
          func: (name: string, id: string, method: string, params: unknown) => {
            const g = globalThis as unknown as Record<string, unknown>;
            const endpoint = g[name] as ContentEndpoint | undefined;
            if (endpoint) return endpoint.handle(method, params);
            const pending = ((g[`${name}Pending`] as Record<string, unknown> | undefined) ??= {});
            pending[id] = { method, params };
            return { missing: true };
          },
          args: [CONTENT_GLOBAL, id, e.method, e.params],
        });
        return res?.result as unknown;
      };
      const result = await call();
      if (!(result as { missing?: boolean } | undefined)?.missing) return result;
      const [injected] = await browser.scripting.executeScript({ target, files: [CONTENT_SCRIPT as '/background.js'] });
      const answers = injected?.result as Record<string, unknown> | undefined;
      // Absent when another injection got there first and answered it (or not): ask again.
      return answers && id in answers ? answers[id] : call();
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
