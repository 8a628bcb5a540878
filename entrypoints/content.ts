import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { extractFromDocument, extractSelection } from '../src/capture/extract';
import { backgroundToContent } from '../src/protocol/protocol';
import { createServer } from '../src/protocol/rpc';
import { isBackground } from '../extension/messaging';
import { showToast } from '../extension/ui/page-toast';

/**
 * Injected on demand (scripting.executeScript) into the frame being clipped. Reads
 * the page as rendered; never writes to storage — it answers the background only.
 */
export default defineContentScript({
  registration: 'runtime',
  main() {
    const flag = '__commonplaceContent';
    const w = window as unknown as Record<string, boolean>;
    if (w[flag]) return;
    w[flag] = true;
    const server = createServer(
      'content',
      backgroundToContent,
      {
        hello: () => ({ url: location.href }),
        extractPage: () => extractFromDocument(document, { kind: 'page', pageUrl: location.href }),
        extractSelection: () => extractSelection(document, window.getSelection(), location.href),
        showToast: (toast) => ({ shown: showToast(toast) }),
      },
      isBackground,
    );
    browser.runtime.onMessage.addListener((msg, sender) => server.handle(msg, sender) as never);
  },
});
