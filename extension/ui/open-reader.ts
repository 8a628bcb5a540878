import { browser } from 'wxt/browser';
import { extUrl } from '../ext-url';
import { RESUME_PREFIX, saveLastRoute } from './last-view';
import { routeHash } from './use-hash-route';

/**
 * Opens the side panel (Chromium, for this tab) or sidebar (Firefox) on one clip. Must run
 * inside a click handler: both browsers only open panels in response to a user gesture, so
 * nothing is awaited before the open call. Falls back to a tab.
 */
export function openReader(clipId: string, tabId: number | undefined): void {
  const path = `sidepanel.html#clip=${encodeURIComponent(clipId)}`;
  const sidebar = (browser as unknown as { sidebarAction?: { open(): Promise<void>; setPanel(d: { panel: string }): Promise<void> } }).sidebarAction;
  if (sidebar) {
    // Firefox's sidebar page is one for every window and every later opening: naming the clip
    // there kept the sidebar opening on it. The clip becomes the view the sidebar was left on
    // (localStorage, shared with it), and the page asks for that view, anew each time so that
    // a sidebar already open loads it (last-view.ts, SidePanel.tsx).
    saveLastRoute(routeHash({ view: 'clip', clipId, highlightId: null }));
    void sidebar.open().catch(() => undefined);
    void sidebar.setPanel({ panel: extUrl(`/sidepanel.html#${RESUME_PREFIX}${Date.now()}`) }).catch(() => undefined);
    return;
  }
  if (typeof chrome !== 'undefined' && chrome.sidePanel && tabId !== undefined) {
    void chrome.sidePanel.setOptions({ tabId, path, enabled: true });
    chrome.sidePanel.open({ tabId }).catch(() => void browser.tabs.create({ url: extUrl(`/${path}`) }));
    return;
  }
  void browser.tabs.create({ url: extUrl(`/${path}`) });
}
