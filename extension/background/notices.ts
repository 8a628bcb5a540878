import { browser } from 'wxt/browser';
import type { Toast } from '../../src/protocol/schemas';
import { contentOf } from '../messaging';

let last: (Toast & { at: number }) | null = null;

/** The outcome of the most recent menu or shortcut save (tests read it through debugState). */
export const lastNotice = () => last;

/**
 * Tells the user how a save without a popup went: a toast inside the page when the
 * page can show one, otherwise the toolbar badge and its tooltip: the tab's, or the button's
 * own when there is no tab or it is gone (closed while the save ran).
 */
export async function notify(tabId: number | undefined, toast: Toast): Promise<void> {
  last = { ...toast, at: Date.now() };
  const action = browser.action ?? browser.browserAction;
  if (tabId !== undefined) {
    const res = await contentOf(tabId)('showToast', toast).catch(() => null);
    if (res?.ok && res.value.shown) {
      await action.setBadgeText({ tabId, text: '' }).catch(() => undefined);
      return;
    }
  }
  const text = toast.kind === 'success' ? '✓' : '!';
  const title = `Commonplace: ${toast.message}`;
  if (tabId !== undefined) {
    try {
      await action.setBadgeText({ tabId, text });
      await action.setTitle({ tabId, title });
      return;
    } catch {
      // The tab is gone: the button's own badge and tooltip carry it.
    }
  }
  await action.setBadgeText({ text }).catch(() => undefined);
  await action.setTitle({ title }).catch(() => undefined);
}
