/**
 * The background's search index is saved lazily (extension/background/search.ts,
 * `SAVE_AFTER_CLIPS`). A save re-encodes the whole index and rewrites its ~40 MB snapshot (274 ms
 * of the background's thread at 10,000 clips); it was made 2 s after ANY change and again when
 * the idle index left memory, so every single edit (a tag, a read state, a highlight, a synced
 * change) cost a full rewrite. A snapshot may lag by a few clips: the next open catches them up by
 * version. Now a save is made only once `SAVE_AFTER_CLIPS` distinct clips changed since the last.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openLibrary, page } from '../library/helpers';

vi.mock('wxt/browser', async () => ({ browser: (await import('../protocol/fake-browser')).fakeBrowser }));
// Hoisted, not fake-services.ts: each test re-imports the modules (`freshSearch`), that one too.
const fakeServices = vi.hoisted(() => ({ current: null as unknown }));
vi.mock('../../../extension/background/services', () => ({ services: async () => fakeServices.current }));

type SearchModule = typeof import('../../../extension/background/search');

/** A fresh background search module (its state is module-wide) over an empty search database, and a spy on its store's saves. */
async function freshSearch() {
  vi.resetModules();
  await new Promise<void>((resolve, reject) => {
    const req = indexedDB.deleteDatabase('commonplace-search');
    req.onsuccess = () => resolve();
    req.onerror = () => reject(req.error);
  });
  const mod: SearchModule = await import('../../../extension/background/search');
  const { DexieSearchIndexStore } = await import('../../../src/search/dexie-search-store');
  const saves = vi.spyOn(DexieSearchIndexStore.prototype, 'save');
  return { mod, saves };
}

/** The titles a search finds, asked until the index is ready. */
async function titles(mod: SearchModule, query: string): Promise<string[]> {
  for (let i = 0; i < 200; i++) {
    const res = await mod.searchClips({ query, offset: 0, limit: 50 } as never);
    if (res.status === 'ready') return res.hits.map((h) => h.clip.title).sort();
    await vi.advanceTimersByTimeAsync(20);
  }
  throw new Error('the search index never became ready');
}

/** Waits (in test time) until `check` holds. */
async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (await check()) return;
    await vi.advanceTimersByTimeAsync(10);
  }
  throw new Error(`never: ${what}`);
}

const story = (n: number, word = 'tide') => page({ pageUrl: `https://example.com/s${n}`, canonicalUrl: `https://example.com/s${n}`, title: `Story ${n}`, text: `A story about the ${word}.`, html: `<p>A story about the ${word}.</p>` });

/** Saves `n` new clips (numbered from `from`) and waits until the open index has taken them in. */
async function addClips(lib: Awaited<ReturnType<typeof openLibrary>>, mod: SearchModule, from: number, n: number): Promise<void> {
  for (let i = from; i < from + n; i++) await lib.library.save(story(i, 'harbour'));
  await lib.library.settled();
  await until(async () => (await titles(mod, 'harbour')).length === from + n - 1, `${from + n - 1} clips found`);
  // The feed ends after its texts are written: past it before the timers are run.
  await vi.advanceTimersByTimeAsync(200);
}

/** Runs the idle close (`SEARCH_IDLE_MS` with no search) and waits until the index has left memory. */
async function idleClose(mod: SearchModule): Promise<void> {
  await vi.advanceTimersByTimeAsync(mod.SEARCH_IDLE_MS + 100);
  await until(async () => (await mod.searchStatus()).status === 'closed', 'the index closed');
}

/** A library of one clip whose index the first search built (and saved, at the rebuild's end); the save spy cleared. */
async function builtWithOneClip() {
  const { mod, saves } = await freshSearch();
  const lib = await openLibrary();
  await lib.library.save(story(0));
  await lib.library.settled();
  fakeServices.current = { library: lib.library };
  // The first search builds the index (none stored), which saves it at its end.
  expect(await titles(mod, 'tide')).toEqual(['Story 0']);
  await until(() => saves.mock.calls.length === 1, 'the rebuild saved');
  saves.mockClear();
  return { mod, saves, lib };
}

describe('the background search index is saved lazily', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'], shouldAdvanceTime: true });
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('one changed clip is not saved, neither 2 s later nor when the idle index leaves memory; the next search still finds it (caught up by version)', async () => {
    const { mod, saves, lib } = await builtWithOneClip();

    await addClips(lib, mod, 1, 1);
    await vi.advanceTimersByTimeAsync(2_100);
    expect(saves).not.toHaveBeenCalled();

    await idleClose(mod);
    expect(saves).not.toHaveBeenCalled();

    // Opened again from the snapshot, which lacks the clip: the catch-up feeds it.
    expect(await titles(mod, 'harbour')).toEqual(['Story 1']);
    expect(saves).not.toHaveBeenCalled();
  });

  it('SAVE_AFTER_CLIPS changed clips are saved, 2 s after the last change (one fewer is not)', async () => {
    const { mod, saves, lib } = await builtWithOneClip();

    await addClips(lib, mod, 1, mod.SAVE_AFTER_CLIPS - 1);
    await vi.advanceTimersByTimeAsync(2_100);
    expect(saves).not.toHaveBeenCalled();

    await addClips(lib, mod, mod.SAVE_AFTER_CLIPS, 1);
    await vi.advanceTimersByTimeAsync(2_100);
    await until(() => saves.mock.calls.length === 1, 'the index saved');

    // Counted again from zero: one more change is not saved, even at the idle close.
    await addClips(lib, mod, mod.SAVE_AFTER_CLIPS + 1, 1);
    await vi.advanceTimersByTimeAsync(2_100);
    await idleClose(mod);
    expect(saves).toHaveBeenCalledTimes(1);
  });

  it('the clips a reopened index catches up count again: a lag that reaches SAVE_AFTER_CLIPS across reopenings is saved', async () => {
    const { mod, saves, lib } = await builtWithOneClip();

    await addClips(lib, mod, 1, mod.SAVE_AFTER_CLIPS - 1);
    await idleClose(mod);
    expect(saves).not.toHaveBeenCalled();

    // Reopened: the catch-up feeds the 24 lagging clips (counted), and one more change makes 25.
    expect(await titles(mod, 'harbour')).toHaveLength(mod.SAVE_AFTER_CLIPS - 1);
    await vi.advanceTimersByTimeAsync(2_100);
    expect(saves).not.toHaveBeenCalled();
    await addClips(lib, mod, mod.SAVE_AFTER_CLIPS, 1);
    await vi.advanceTimersByTimeAsync(2_100);
    await until(() => saves.mock.calls.length === 1, 'the index saved');
  });
});
