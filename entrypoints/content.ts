import { defineContentScript } from 'wxt/utils/define-content-script';
import { captureDocument, extractSelection, withoutText } from '../src/capture/extract';
import type { backgroundToContent } from '../src/protocol/protocol';
import { CONTENT_GLOBAL, type ContentEndpoint, type Handlers } from '../src/protocol/rpc';
import { toAppError } from '../src/util/result';
import { showToast } from '../extension/ui/page-toast';

/**
 * Loaded into every http(s) page once it is idle, so a save finds it there and costs one
 * `executeScript` round trip (injecting it at save time cost ~15 ms: a new isolated
 * world plus compiling 90 KB). Other frames and pages opened before the extension was
 * installed still get it on demand (see `contentOf`). Reads the page as rendered and
 * never writes anything but the in-page toast. Its calls arrive through
 * `scripting.executeScript` — a channel only this extension can use — and the
 * background validates every answer, so this script carries no validator of its own.
 */
export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  runAt: 'document_idle',
  main() {
    const g = globalThis as unknown as Record<string, ContentEndpoint | undefined>;
    if (g[CONTENT_GLOBAL]) return undefined;
    const handlers: Handlers<typeof backgroundToContent> = {
      hello: () => ({ url: location.href }),
      extractPage: () => captureDocument(document, { kind: 'page', pageUrl: location.href }),
      extractSelection: () => withoutText(extractSelection(document, window.getSelection(), location.href)),
      showToast: (toast) => ({ shown: showToast(toast) }),
    };
    const endpoint: ContentEndpoint = {
      async handle(method, params) {
        try {
          const handler = handlers[method as keyof typeof handlers] as ((p: unknown, s: object) => unknown) | undefined;
          if (!handler) return { ok: false, error: { code: 'bad-request', message: `Unknown content call ${method}` } };
          return { ok: true, value: await handler(params, {}) };
        } catch (e) {
          return { ok: false, error: toAppError(e) };
        }
      },
    };
    g[CONTENT_GLOBAL] = endpoint;
    // Calls that caused this injection (see contentOf in extension/messaging.ts), answered by id as main()'s result.
    const key = `${CONTENT_GLOBAL}Pending`;
    const pending = (g as unknown as Record<string, Record<string, { method: string; params: unknown }> | undefined>)[key] ?? {};
    delete (g as unknown as Record<string, unknown>)[key];
    return (async () => {
      const answers: Record<string, unknown> = {};
      for (const [id, call] of Object.entries(pending)) answers[id] = await endpoint.handle(call.method, call.params);
      return answers;
    })();
  },
});
