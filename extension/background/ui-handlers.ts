import { browser } from 'wxt/browser';
import type { uiToBackground } from '../../src/protocol/protocol';
import type { Handlers } from '../../src/protocol/rpc';
import { uiHighlightHandlers } from './highlights';
import { backupNow, backupState, setBackupSettings } from './backups';
import { showDownload } from './downloads';
import { exportDocument, exportStatus, startExport } from './export-job';
import { importStatus, startImport } from './import-job';
import { clipImages, storageUsage } from './image-handlers';
import { imageSettings, setImageSettings } from './image-job';
import { controlLinkFetch, linkFetchStatus, setLinkFetchAuto } from './link-fetch-job';
import { popupOpen } from './keep-awake';
import { saveFullPageInTab, savePageForPopup } from './save-actions';
import { snapshotStatus } from './snapshot-job';
import { getSnapshot, setSnapshotSettings, snapshotInfo, snapshotSettings } from './snapshots';
import { rebuildSearch, searchClips, searchStatus } from './search';
import { searchDeep } from './deep-search';
import { checkThumbnails } from './thumbnails';
import { joinStep, lastJoinSteps, services, switchLibrary } from './services';
import { readSyncSettings, statusBeforeOpen, writeSyncSettings } from './sync';
import { clipFromIndex, coverage, early } from './early';
import { asDocUrl } from '../../src/schema/ids';
import { AppFailure } from '../../src/util/result';

/**
 * The background's answers to UI pages. Each one waits for the library to be open.
 * `callStatus` is answered by the entrypoint, which owns the server it asks about.
 */
export const uiHandlers: Omit<Handlers<typeof uiToBackground>, 'callStatus'> = {
  ...uiHighlightHandlers,
  ping: async () => ({ version: browser.runtime.getManifest().version, ready: !!(await services()) }),
  savePage: ({ tabId }) => savePageForPopup(tabId, popupOpen),
  saveExtracted: async (page) => (await services()).library.save(page),
  pageStatus: ({ url }) => early(async (s) => ({ clip: await s.library.findByUrl(url) }), () => clipFromIndex(url)),
  getClip: async ({ clipId }) => (await services()).library.get(clipId),
  deleteClip: async ({ clipId }) => ({ clip: await (await services()).library.setDeleted(clipId, true) }),
  restoreClip: async ({ clipId }) => ({ clip: await (await services()).library.setDeleted(clipId, false) }),
  markRead: async ({ clipId, read }) => ({ clip: await (await services()).library.markRead(clipId, read) }),
  setTags: async ({ clipId, tags, base }) => ({ clip: await (await services()).library.organise.setTags(clipId, tags, base) }),
  setArchived: async ({ clipId, archived }) => ({ clip: await (await services()).library.organise.setArchived(clipId, archived) }),
  setReadingProgress: async ({ clipId, offset, percent }) => ({ clip: await (await services()).library.organise.setProgress(clipId, offset, percent) }),
  setFavorite: async ({ clipId, favorite }) => ({ clip: await (await services()).library.organise.setFavorite(clipId, favorite) }),
  organiseMany: async ({ clipIds, change }) => (await services()).library.organise.changeMany(clipIds, change),
  setClipNote: async ({ clipId, note, base }) => (await services()).library.organise.editNote(clipId, note, base),
  getClipNote: async ({ clipId }) => (await services()).library.organise.readNote(clipId),
  renameTag: async ({ from, to }) => (await services()).library.organise.renameTag(from, to),
  deleteTag: async ({ tag }) => (await services()).library.organise.deleteTag(tag),
  // Answered from the index while the library opens, when the index is known current (early.ts).
  libraryFacets: () => early((s) => s.library.organise.facets(), async () => (await coverage())?.facets ?? null),
  listViews: async () => (await services()).library.views.list(),
  saveView: async (request) => ({ view: await (await services()).library.views.save(request) }),
  deleteView: async ({ viewId }) => ({ deleted: await (await services()).library.views.remove(viewId) }),
  thumbnails: ({ clipIds }) => checkThumbnails(clipIds),
  search: (request) => searchClips(request),
  searchDeep: (request) => searchDeep(request),
  rebuildSearch: () => rebuildSearch(),
  searchStatus: () => searchStatus(),
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
  syncSettings: async () => ({ ...(await readSyncSettings()), libraryUrl: (await services()).library.url }),
  setSync: async (next) => {
    const settings = await writeSyncSettings(next);
    const { sync, library } = await services();
    await sync.apply();
    return { ...settings, libraryUrl: library.url };
  },
  syncStatus: () => early((s) => s.sync.status(), statusBeforeOpen),
  startImport: async ({ fileId, name }) => ({ job: await startImport(fileId, name) }),
  importStatus: async () => ({ job: await importStatus() }),
  linkFetchStatus: () => linkFetchStatus(),
  setLinkFetchAuto: ({ on }) => setLinkFetchAuto(on),
  linkFetchControl: ({ action }) => controlLinkFetch(action),
  startExport: async ({ scope }) => ({ job: (await startExport('manual', scope)).job }),
  exportStatus: async () => ({ job: await exportStatus(), backup: await backupState() }),
  setBackupSettings: (settings) => setBackupSettings(settings),
  backupNow: async () => ({ job: await backupNow() }),
  showExport: async ({ downloadId }) => ({ shown: await showDownload(downloadId) }),
  exportDocument: async ({ url }) => ({ bytes: await exportDocument(url) }),
  getClipImages: ({ clipId, from }) => clipImages(clipId, from),
  imageSettings: () => imageSettings(),
  setImageSettings: (next) => setImageSettings(next),
  storageUsage: () => storageUsage(),
  saveFullPage: ({ tabId }) => saveFullPageInTab(tabId),
  snapshotInfo: ({ clipId }) => snapshotInfo(clipId),
  snapshotStatus: ({ clipId }) => snapshotStatus(clipId),
  getSnapshot: ({ clipId }) => getSnapshot(clipId),
  snapshotSettings: () => snapshotSettings(),
  setSnapshotSettings: (next) => setSnapshotSettings(next),
  joinLibrary: async ({ libraryUrl }) => {
    const url = asDocUrl(libraryUrl.trim());
    if (!url) throw new AppFailure('bad-request', "That is not a library URL. It looks like automerge: followed by letters and digits; copy it from the other browser's options page.");
    if (!(await readSyncSettings()).enabled) throw new AppFailure('bad-request', 'Turn sync on with the same server as the other browser first: the library is fetched from it.');
    const since = performance.now();
    for (const k of Object.keys(lastJoinSteps)) delete lastJoinSteps[k];
    const joined = await (await services()).library.join(url, (step) => joinStep(step, since));
    joinStep('merged', since);
    const next = await switchLibrary(url, () => joined.persist(), since);
    return { libraryUrl: next.library.url, merged: joined.merged };
  },
};
