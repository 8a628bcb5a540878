import { browser } from 'wxt/browser';
import { contentOf } from '../messaging';

const CONTENT_SCRIPT = '/content-scripts/content.js';

/**
 * Makes sure our content script listens in a frame, injecting it on demand: no script
 * runs on pages that are never clipped. Returns false where the browser forbids it.
 */
export async function ensureContentScript(tabId: number, frameId: number): Promise<boolean> {
  const hello = await contentOf(tabId, frameId)('hello', {}).catch(() => null);
  if (hello?.ok) return true;
  try {
    await browser.scripting.executeScript({ target: { tabId, frameIds: [frameId] }, files: [CONTENT_SCRIPT as '/background.js'] });
  } catch {
    return false;
  }
  const again = await contentOf(tabId, frameId)('hello', {}).catch(() => null);
  return !!again?.ok;
}
