import { defineContentScript } from 'wxt/utils/define-content-script';
import { captureDocument, extractSelection, withoutText } from '../src/capture/extract';
import { backgroundToContent } from '../src/protocol/protocol';
import { CONTENT_GLOBAL, createServer, type ContentEndpoint } from '../src/protocol/rpc';
import { showToast } from '../extension/ui/page-toast';

/**
 * Loaded into every http(s) page once it is idle, so a save finds it there and costs one
 * `executeScript` round trip (injecting it at save time cost ~15 ms: a new isolated
 * world plus compiling 90 KB). Other frames and pages opened before the extension was
 * installed get it on demand (see `contentOf`). Reads the page as rendered and never
 * writes anything but the in-page toast. Its calls arrive through
 * `scripting.executeScript` — a channel only this extension can use — and are served
 * by the protocol's validating server, like every other context's.
 */
export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  runAt: 'document_idle',
  main() {
    const g = globalThis as unknown as Record<string, ContentEndpoint | undefined>;
    if (g[CONTENT_GLOBAL]) return;
    const server = createServer(
      'content',
      backgroundToContent,
      {
        hello: () => ({ url: location.href }),
        extractPage: () => captureDocument(document, { kind: 'page', pageUrl: location.href }),
        extractSelection: () => withoutText(extractSelection(document, window.getSelection(), location.href)),
        showToast: (toast) => ({ shown: showToast(toast) }),
      },
      // The channel (executeScript) is the extension's own: only it can reach this endpoint.
      () => true,
    );
    g[CONTENT_GLOBAL] = { handle: (envelope) => server.handle(envelope, {}) ?? Promise.resolve({ ok: false, error: { code: 'bad-request', message: 'Not a Commonplace call.' } }) };
  },
});
