import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { captureDocument, extractSelection, withoutText } from '../src/capture/extract';
import { readBlobImages } from '../src/capture/blob-images';
import { backgroundToContent } from '../src/protocol/protocol';
import { CONTENT_GLOBAL, createServer, type ContentEndpoint } from '../src/protocol/rpc';
import { startHighlighter } from '../extension/highlighter/page-highlights';
import { backgroundFromContent } from '../extension/messaging';
import { showToast } from '../extension/ui/page-toast';
import { anyShadowRoot, snapshotPage } from '../extension/snapshot/page-snapshot';
import { frameTokenHere, tagFrames } from '../extension/snapshot/frame-tokens';
import { fetchImageHere } from '../extension/images/content-fetch';

/**
 * Loaded into every http(s) page once it is idle, so a save finds it there and costs one
 * `executeScript` round trip. Other frames and pages opened before the extension was
 * installed get it on demand (see `contentOf`). Reads the page as rendered; writes nothing
 * to the page's DOM but its own UI host elements (the toast, the highlighter's shadow root):
 * highlights are drawn with the CSS Custom Highlight API (extension/highlighter/). Its calls
 * arrive through `scripting.executeScript` — a channel only this extension can use — and are
 * served by the protocol's validating server, like every other context's.
 */
export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  runAt: 'document_idle',
  main() {
    const g = globalThis as unknown as Record<string, ContentEndpoint | undefined>;
    if (g[CONTENT_GLOBAL]) return;
    // An old script left running after an update or reload of the extension has no runtime id.
    const orphaned = () => !browser.runtime?.id;
    const highlighter = startHighlighter({ document, call: backgroundFromContent, toast: showToast, topFrame: window === window.top, orphaned });
    const server = createServer(
      'content',
      backgroundToContent,
      {
        hello: () => ({ url: location.href }),
        // The page's own blob: images are read first: nothing else can once the page is gone.
        extractPage: async () => captureDocument(document, { kind: 'page', pageUrl: location.href, inlinedImages: await readBlobImages(document) }),
        extractSelection: async () => {
          const selection = window.getSelection();
          const inlinedImages = await readBlobImages(document, (img) => !!selection?.containsNode(img, true));
          return withoutText(extractSelection(document, selection, location.href, { inlinedImages }));
        },
        showToast: (toast) => ({ shown: showToast(toast) }),
        describeSelection: () => highlighter.describeSelection(),
        showHighlights: (p) => highlighter.show(p),
        scrollToHighlight: (p) => highlighter.scrollTo(p.highlightId),
        snapshotPage: (p) => snapshotPage(document, p),
        tagFrames: () => tagFrames(document, anyShadowRoot),
        frameToken: () => ({ token: frameTokenHere() }),
        fetchImage: ({ url, maxBytes }) => fetchImageHere(url, maxBytes),
      },
      // The channel (executeScript) is the extension's own: only it can reach this endpoint.
      () => true,
    );
    g[CONTENT_GLOBAL] = { handle: (envelope) => server.handle(envelope, {}) ?? Promise.resolve({ ok: false, error: { code: 'bad-request', message: 'Not a Commonplace call.' } }) };
    void highlighter.load();
  },
});
