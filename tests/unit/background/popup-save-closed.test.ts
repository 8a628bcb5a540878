/**
 * Review (the popup's "Save page"): the popup says "You can close this popup; the save
 * continues", but a save the popup asked for (`savePage`) reported its outcome only to the
 * popup. Closed meanwhile, a save that then failed (the page stopped answering, the disk
 * full) was reported nowhere — no toast, no badge — and the user believed the page saved.
 * Menu and shortcut saves report through notices.ts; so must a popup save whose popup is gone.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('wxt/browser', async () => ({ browser: (await import('./jobs-browser')).browser }));

const state = vi.hoisted(() => ({ failSave: null as null | (() => void), toasts: [] as Array<{ tabId: number; kind: string; message: string }> }));

vi.mock('../../../extension/background/capture', async (importOriginal) => {
  const { AppFailure } = await import('../../../src/util/result');
  return {
    ...(await importOriginal<object>()),
    // The page is read slowly, then fails (as a page stuck in a script does, after its time limit).
    capturePage: () =>
      new Promise((_resolve, reject) => {
        state.failSave = () => reject(new AppFailure('frame-unreachable', 'The page did not answer within 45 s. Reload the page, then save again.'));
      }),
  };
});
// The page can show a toast (notices.ts asks the content script first).
vi.mock('../../../extension/messaging', () => ({
  contentOf: (tabId: number) => async (method: string, params: { kind: string; message: string }) => {
    if (method === 'showToast') state.toasts.push({ tabId, ...params });
    return { ok: true, value: { shown: true } };
  },
  offscreen: () => undefined,
}));
vi.mock('../../../extension/background/services', () => ({
  services: async () => ({}),
  openServices: () => ({}),
  stores: () => ({}),
  libraryEverOpened: () => true,
  LIBRARY_URL_KEY: 'libraryUrl',
  COVERAGE_LOCAL_KEY: 'indexCoverage',
}));

const fb = await import('./jobs-browser');
const { uiHandlers } = await import('../../../extension/background/ui-handlers');
const { keepAwakeWhileOpen } = await import('../../../extension/background/keep-awake');

/** The port the toolbar popup holds while it is open; `close()` is the popup closing (a click elsewhere). */
function openPopup() {
  const gone = new Set<() => void>();
  const port = {
    name: 'commonplace-popup',
    onMessage: { addListener: () => undefined },
    onDisconnect: { addListener: (l: () => void) => void gone.add(l) },
  };
  keepAwakeWhileOpen(port as never);
  return { close: () => gone.forEach((l) => l()) };
}

const settle = () => new Promise((r) => setTimeout(r, 20));

beforeEach(() => {
  fb.resetFakeBrowser();
  fb.tabs.set(7, { id: 7, url: 'https://example.com/story' });
  state.toasts.length = 0;
  state.failSave = null;
});

describe('a popup save that fails after the popup was closed', () => {
  it('is reported in the page (or on the badge), as a menu save is', async () => {
    const popup = openPopup();
    const saving = Promise.resolve(uiHandlers.savePage({ tabId: 7 }, {})).catch((e: unknown) => e);
    await settle();
    popup.close();
    state.failSave!();
    await saving;
    await settle();
    const reported = [...state.toasts.map((t) => `${t.kind}: ${t.message}`), ...fb.calls.filter((c) => c.startsWith('badge') || c.startsWith('title'))];
    expect(reported.join('\n')).toMatch(/did not answer/);
  });

  it('is shown by the popup alone while it is open (no second report in the page)', async () => {
    openPopup();
    const saving = Promise.resolve(uiHandlers.savePage({ tabId: 7 }, {})).catch((e: unknown) => e);
    await settle();
    state.failSave!();
    expect(await saving).toMatchObject({ code: 'frame-unreachable' });
    await settle();
    expect(state.toasts).toEqual([]);
  });
});
