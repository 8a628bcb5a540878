import { browser } from 'wxt/browser';
import { extUrl } from '../ext-url';

/**
 * Opens the side panel (Chromium) or sidebar (Firefox) on one clip. Must run inside a
 * click handler: both browsers only open panels in response to a user gesture, so
 * nothing is awaited before the open call. Falls back to a tab.
 */
export function openReader(clipId: string, tabId: number | undefined): void {
  const path = `sidepanel.html#clip=${encodeURIComponent(clipId)}`;
  const sidebar = (browser as unknown as { sidebarAction?: { open(): Promise<void>; setPanel(d: { panel: string }): Promise<void> } }).sidebarAction;
  if (sidebar) {
    void sidebar.open().catch(() => undefined);
    void sidebar.setPanel({ panel: extUrl(`/${path}`) }).catch(() => undefined);
    return;
  }
  if (typeof chrome !== 'undefined' && chrome.sidePanel && tabId !== undefined) {
    void chrome.sidePanel.setOptions({ tabId, path, enabled: true });
    chrome.sidePanel.open({ tabId }).catch(() => void browser.tabs.create({ url: extUrl(`/${path}`) }));
    return;
  }
  void browser.tabs.create({ url: extUrl(`/${path}`) });
}
