import { browser } from 'wxt/browser';

/** Firefox names the context-menu API `menus`, Chromium `contextMenus`; both have the calls used here. */
export const menusApi = (): typeof chrome.contextMenus =>
  ((browser as unknown as { menus?: typeof chrome.contextMenus }).menus ?? browser.contextMenus) as typeof chrome.contextMenus;
