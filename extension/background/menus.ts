import { browser } from 'wxt/browser';
import { menusApi as api } from '../menus-api';
import { MenuItemIdSchema, type MenuClick } from '../../src/protocol/schemas';


/**
 * (Re)creates the context-menu items. Removes all first: Firefox keeps items across an
 * event-page restart and throws "already exists" on a second create.
 */
export async function createMenus(): Promise<void> {
  const menus = api();
  await menus.removeAll();
  const items: Array<{ id: string; title: string; contexts: ['page' | 'selection' | 'link' | 'frame', ...('page' | 'frame')[]] }> = [
    { id: 'save-page', title: 'Save page to Commonplace', contexts: ['page', 'frame'] },
    { id: 'save-selection', title: 'Save selection to Commonplace', contexts: ['selection'] },
    { id: 'save-link', title: 'Save link to Commonplace', contexts: ['link'] },
  ];
  for (const item of items) {
    await new Promise<void>((resolve) => {
      menus.create(item, () => {
        void browser.runtime.lastError;
        resolve();
      });
    });
  }
}

/** Turns a browser menu click into the validated `MenuClick` the handlers take; null if it is not ours. */
export function toMenuClick(info: chrome.contextMenus.OnClickData, tab: chrome.tabs.Tab | undefined): MenuClick | null {
  const id = MenuItemIdSchema.safeParse(info.menuItemId);
  if (!id.success || tab?.id === undefined) return null;
  return {
    menuItemId: id.data,
    tabId: tab.id,
    frameId: info.frameId,
    pageUrl: info.pageUrl,
    frameUrl: info.frameUrl,
    linkUrl: info.linkUrl,
    selectionText: info.selectionText,
    incognito: tab.incognito,
  };
}
