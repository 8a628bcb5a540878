// First: starts opening IndexedDB while the rest of the script is evaluated (see there).
import '../extension/background/prewarm';
import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { createMenus, toMenuClick } from '../extension/background/menus';
import { menusApi } from '../extension/menus-api';
import { contentHandlers } from '../extension/background/highlights';
import { runHighlightCommand, runMenuClick, runSaveCommand } from '../extension/background/save-actions';
import { services } from '../extension/background/services';
import { keepAwakeWhileOpen } from '../extension/background/keep-awake';
import { BACKUP_ALARM, maybeBackup, syncBackupAlarm } from '../extension/background/backups';
import { resumeImport } from '../extension/background/import-job';
import { resumeImages } from '../extension/background/image-job';
import { resumeSnapshots } from '../extension/background/snapshot-job';
import { LINK_FETCH_ALARM, resumeLinkFetch } from '../extension/background/link-fetch-job';
import { readSyncSettings, SYNC_ALARM } from '../extension/background/sync';
import { startUp } from '../extension/background/early';
import { testServer } from '../extension/background/test-hooks';
import { uiHandlers } from '../extension/background/ui-handlers';
import { isExtensionPage, isOwnContentScript, serveWorkerCalls } from '../extension/messaging';
import { contentToBackground, uiToBackground } from '../src/protocol/protocol';
import { createServer, refuse, type Server } from '../src/protocol/rpc';

/**
 * Wiring only: every listener is registered synchronously at start-up (so a stopped
 * worker or suspended event page wakes for it), and every handler waits for
 * `services()`, which rebuilds the library from storage.
 */
export default defineBackground({
  persistent: false,
  main() {
    const ui: Server = createServer('background', uiToBackground, { ...uiHandlers, callStatus: ({ callId }) => ({ inFlight: ui.inFlight(callId) }) }, isExtensionPage);
    const content = createServer('background', contentToBackground, contentHandlers, isOwnContentScript);
    const test = testServer();
    browser.runtime.onMessage.addListener((msg, sender) => (ui.handle(msg, sender) ?? content.handle(msg, sender) ?? test?.handle(msg, sender) ?? refuse(msg, 'background')) as never);
    serveWorkerCalls((msg, sender) => ui.handle(msg, sender) ?? refuse(msg, 'background'));
    browser.runtime.onInstalled.addListener(() => void createMenus());
    void createMenus();
    menusApi().onClicked.addListener((info, tab) => {
      const click = toMenuClick(info, tab);
      if (click) runMenuClick(click).catch(() => undefined);
    });
    browser.commands.onCommand.addListener((command, tab) => {
      if (command === 'save-page') runSaveCommand(tab?.id).catch(() => undefined);
      if (command === 'highlight-selection') runHighlightCommand(tab?.id).catch(() => undefined);
    });
    // Sync: the alarm wakes a stopped background every few minutes; an open extension page keeps it awake.
    browser.alarms.onAlarm.addListener((alarm) => {
      if (alarm.name === SYNC_ALARM) void services().then((s) => s.sync.kick()).catch(() => undefined);
      if (alarm.name === LINK_FETCH_ALARM) void services().then(resumeLinkFetch).catch(() => undefined);
      if (alarm.name === BACKUP_ALARM) void services().then(maybeBackup).catch(() => undefined);
    });
    browser.runtime.onConnect.addListener((port) => keepAwakeWhileOpen(port));

    // The library opens when needed (early.ts). An import or a fetch of links a stopped background left running goes on;
    // backups: the alarm again (Firefox forgets it at a restart), and one that fell due while the browser was closed; images and full-page copies waiting.
    void startUp(async () => (await readSyncSettings()).enabled, [() => resumeImport().then(resumeLinkFetch), () => syncBackupAlarm().then(maybeBackup), resumeImages, resumeSnapshots]);
  },
});
