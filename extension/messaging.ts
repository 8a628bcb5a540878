import { browser } from 'wxt/browser';
import { CONTENT_GLOBAL, createClient, type ContentEndpoint, type Envelope, type Sender } from '../src/protocol/rpc';
import { backgroundToContent, backgroundToOffscreen, contentToBackground, uiToBackground } from '../src/protocol/protocol';
import { serveWorkerMessages, workerTransport, type WorkerScope } from '../src/protocol/worker-transport';
import { onBackgroundGone } from './keep-awake-port';

/** The content script's file in the build (injected on demand by `contentOf`). */
const CONTENT_SCRIPT = '/content-scripts/content.js';

/**
 * The browser transports for the protocol in src/protocol: which `runtime`/`tabs`
 * call carries each direction, and who may send on it. Everything else about
 * messages (shapes, validation, error values) lives in src/protocol.
 */

/** How long a UI call waits for an answer before asking whether the background still has it. */
const WATCHDOG_MS = 3_000;
const sendToBackground = (e: Envelope) => browser.runtime.sendMessage(e);
const statusClient = createClient('background', uiToBackground, sendToBackground);

/**
 * The calls that go by the service worker's own message event where there is one (Chromium; see
 * src/protocol/worker-transport.ts): the search box's, made at each keystroke. Everything else,
 * and every call where there is no service worker (Firefox), goes by `runtime.sendMessage`.
 */
const WORKER_CALLS: ReadonlySet<string> = new Set(['search']);
const viaWorker = workerTransport(async () => {
  if (typeof navigator === 'undefined' || !navigator.serviceWorker) return null;
  return (await navigator.serviceWorker.getRegistration())?.active ?? null;
}, sendToBackground);
// A page's keep-awake port disconnects when the background stops: its calls waiting on the worker are retried.
onBackgroundGone(() => viaWorker.gone());
if (import.meta.env.MODE === 'test') (globalThis as { __cpWorkerCalls?: typeof viaWorker }).__cpWorkerCalls = viaWorker;

/*
 * UI pages → background. Retries after a disconnect (a stopped worker wakes on the
 * retry), and a call left unanswered for 3 s is checked with `callStatus`: a worker
 * stopped while starting can leave a message that never settles, and a save must
 * not stay on "Saving…". Every background call is idempotent, so a re-send is safe.
 */
const backgroundClient = createClient('background', uiToBackground, (e) => (WORKER_CALLS.has(e.method) ? viaWorker.send(e) : sendToBackground(e)), {
  watchdog: {
    afterMs: WATCHDOG_MS,
    resends: 5,
    ask: async (callId) => {
      const res = await statusClient('callStatus', { callId });
      return res.ok && res.value.inFlight;
    },
  },
});

let answered = false;
/**
 * UI pages → background (`backgroundClient` above). The page's first call and first answer are
 * marked (`cp-first-call`, `cp-first-answer`): what a page waits for a stopped background
 * (bench:library's cold start reads them).
 */
export const background = (async (method: never, params: never) => {
  if (!answered) {
    performance.mark?.('cp-first-call');
    // The worker is looked up with the page's first call, so its first search is posted at its keystroke.
    viaWorker.prepare();
  }
  const res = await backgroundClient(method, params);
  if (!answered) {
    answered = true;
    performance.mark?.('cp-first-answer');
  }
  return res;
}) as typeof backgroundClient;

/**
 * Content script → background. Retried after a disconnect (a stopped worker wakes on the
 * retry); the background checks the sender and acts only on the sender's own page.
 */
export const backgroundFromContent = createClient('background', contentToBackground, sendToBackground);

/**
 * Background → the content script in one frame of a tab, through `scripting.executeScript`
 * (see CONTENT_GLOBAL): the call runs the script's endpoint, a validating protocol server.
 * When the frame does not have the script yet (frames, pages opened before install), it is
 * injected and the call made again. Throws when the browser refuses to run scripts there
 * (browser pages, web stores).
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
          // As JSON: Chromium's executeScript drops null values from objects in `args`, and a
          // highlight's null selectors then fail the content script's schema check.
          func: (name: string, json: string) => {
            const endpoint = (globalThis as unknown as Record<string, ContentEndpoint | undefined>)[name];
            return endpoint ? endpoint.handle(JSON.parse(json) as unknown) : { missing: true };
          },
          args: [CONTENT_GLOBAL, JSON.stringify(e)],
        });
        return res?.result as unknown;
      };
      const result = await call();
      if (!(result as { missing?: boolean } | undefined)?.missing) return result;
      await browser.scripting.executeScript({ target, files: [CONTENT_SCRIPT as '/background.js'] });
      return call();
    },
    { retries: 0 },
  );

/** Background → offscreen document. */
export const offscreen = createClient('offscreen', backgroundToOffscreen, (e: Envelope) => browser.runtime.sendMessage(e), { retries: 0 });

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

/**
 * Where the background is a service worker (Chromium), also answers extension pages' calls posted
 * to the worker itself (src/protocol/worker-transport.ts; `WORKER_CALLS` above says which calls go
 * that way). Elsewhere (Firefox's event page) does nothing. Call it as the background starts.
 */
export function serveWorkerCalls(handle: (msg: unknown, sender: Sender) => Promise<unknown> | undefined): void {
  const scope = (globalThis as { ServiceWorkerGlobalScope?: abstract new () => unknown }).ServiceWorkerGlobalScope;
  if (scope && globalThis instanceof scope) serveWorkerMessages(globalThis as unknown as WorkerScope, browser.runtime.id, handle);
}
