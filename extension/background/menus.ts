import { browser } from 'wxt/browser';
import { menusApi as api } from '../menus-api';
import { MenuItemIdSchema, type MenuClick } from '../../src/protocol/schemas';


const errors: string[] = [];
let creating: Promise<void> = Promise.resolve();

/** Errors the browser reported while creating menus (tests assert there are none). */
export const menuErrors = (): readonly string[] => errors;

/**
 * (Re)creates the context-menu items, on every background start and on install.
 * Removes all first: Firefox keeps items across an event-page restart and reports
 * "already exists" on a second create. Calls are serialised so two starts cannot interleave.
 */
export function createMenus(): Promise<void> {
  creating = creating.then(recreate, recreate);
  return creating;
}

async function recreate(): Promise<void> {
  const menus = api();
  await menus.removeAll();
  const items: Array<{ id: string; title: string; contexts: ['page' | 'selection' | 'link' | 'frame', ...('page' | 'frame')[]] }> = [
    { id: 'save-page', title: 'Save page to Commonplace', contexts: ['page', 'frame'] },
    { id: 'save-full-page', title: 'Save full page to Commonplace (with a complete copy)', contexts: ['page'] },
    { id: 'save-selection', title: 'Save selection to Commonplace', contexts: ['selection'] },
    { id: 'highlight-selection', title: 'Highlight in Commonplace', contexts: ['selection'] },
    { id: 'save-link', title: 'Save link to Commonplace', contexts: ['link'] },
  ];
  for (const item of items) {
    await new Promise<void>((resolve) => {
      menus.create(item, () => {
        const error = browser.runtime.lastError ?? (chrome.runtime?.lastError as { message?: string } | undefined);
        if (error?.message) errors.push(`${item.id}: ${error.message}`);
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
