import { browser } from 'wxt/browser';
import type { uiToBackground } from '../../src/protocol/protocol';
import type { Handlers } from '../../src/protocol/rpc';
import { savePageInTab } from './save-actions';
import { services } from './services';

/**
 * The background's answers to UI pages. Each one waits for the library to be open.
 * `callStatus` is answered by the entrypoint, which owns the server it asks about.
 */
export const uiHandlers: Omit<Handlers<typeof uiToBackground>, 'callStatus'> = {
  ping: async () => ({ version: browser.runtime.getManifest().version, ready: !!(await services()) }),
  savePage: ({ tabId }) => savePageInTab(tabId),
  saveExtracted: async (page) => (await services()).library.save(page),
  pageStatus: async ({ url }) => ({ clip: await (await services()).library.findByUrl(url) }),
  getClip: async ({ clipId }) => (await services()).library.get(clipId),
  deleteClip: async ({ clipId }) => ({ clip: await (await services()).library.setDeleted(clipId, true) }),
  restoreClip: async ({ clipId }) => ({ clip: await (await services()).library.setDeleted(clipId, false) }),
  markRead: async ({ clipId, read }) => ({ clip: await (await services()).library.markRead(clipId, read) }),
  libraryInfo: async () => {
    const { library } = await services();
    await library.settled();
    const { live, deleted } = library.counts();
    const estimate = await navigator.storage?.estimate?.().catch(() => undefined);
    return {
      libraryUrl: library.url,
      clipCount: live,
      deletedCount: deleted,
      indexedCount: await library.index.count(),
      pendingCaptures: library.pendingCaptures,
      storageBytes: estimate?.usage ?? null,
      storageQuota: estimate?.quota ?? null,
    };
  },
  rebuildIndex: async () => ({ rows: await (await services()).library.rebuildIndex() }),
};
