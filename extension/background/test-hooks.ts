import { createServer, type Handlers, type Server } from '../../src/protocol/rpc';
import { testCalls, type TestToBackground } from '../../src/protocol/test-protocol';
import { isExtensionPage } from '../messaging';
import { snapshotTab } from '../snapshot/snapshot-tab';
import { wasmBytes } from './automerge-init';
import { menuErrors } from './menus';
import { lastNotice } from './notices';
import { runHighlightCommand, runMenuClick, runSaveCommand } from './save-actions';
import { lastJoinSteps, services } from './services';
import { testMediaHandlers } from './test-media';
import { recentImageTimings } from './image-job';
import { setHostGapForTests } from './link-fetch-job';
import { setSyncReconnectForTests, setSyncRetryForTests } from './sync';

/** The background's answers to the test-only calls (test builds only: see `testServer`). */
const testHandlers: Handlers<TestToBackground> = {
  debugHoldDocumentWrites: async ({ hold }) => {
    const { library } = await services();
    library.journal.hold(hold);
    return { pendingCaptures: library.pendingCaptures };
  },
  debugState: async () => {
    const { library, startedAt } = await services();
    // Reports the library once the writes queued before this call have finished.
    await library.settled();
    const perf = performance as Performance & { memory?: { usedJSHeapSize: number } };
    return {
      libraryUrl: library.url,
      startedAt,
      rootEntries: library.entryCount(),
      indexRows: await library.index.count(),
      loadedHandles: library.loadedClips,
      pendingCaptures: library.pendingCaptures,
      jsHeapBytes: perf.memory?.usedJSHeapSize ?? null,
      wasmBytes: wasmBytes(),
      lastNotice: lastNotice(),
      menuErrors: [...menuErrors()],
      lastJoinSteps: { ...lastJoinSteps },
    };
  },
  debugFetchHostGap: async ({ ms }) => (setHostGapForTests(ms), { ms }),
  debugSyncRetry: async ({ ms }) => (setSyncRetryForTests(ms), { ms }),
  debugSyncReconnect: async ({ ms }) => (setSyncReconnectForTests(ms), { ms }),
  simulateMenuClick: (click) => runMenuClick(click),
  simulateCommand: ({ command, tabId }) => (command === 'highlight-selection' ? runHighlightCommand(tabId) : runSaveCommand(tabId)),
  debugSnapshotTab: ({ tabId, maxBytes }) => snapshotTab(tabId, maxBytes ? { maxBytes } : {}),
  ...testMediaHandlers,
  debugImageTimings: async () => ({ timings: recentImageTimings.splice(0) }),
};

/**
 * The server for test-only calls, or null in a production build. `import.meta.env.MODE`
 * is a build-time constant, so a production bundle drops this branch and, with it, every
 * test call (tests/e2e/bundles.e2e.ts checks the built files).
 */
export function testServer(): Server | null {
  if (import.meta.env.MODE !== 'test') return null;
  return createServer('background', testCalls(), testHandlers, isExtensionPage);
}
