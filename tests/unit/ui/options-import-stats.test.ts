// @vitest-environment jsdom
/**
 * The options page refreshed the library's stats (clips, storage) at the end of an import only
 * when it had seen that import running: a job whose first state the page saw was its last (it
 * ended between two polls, was started from another tab, or ended as the page opened, after the
 * stats were read) left them counting the library as it was before. The page now refreshes them
 * once for each job it sees finished, and not again for the same record polled or broadcast.
 */
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { IMPORT_STATUS_CHANNEL, type ImportJob } from '../../../src/import/job-state';
import type { LibraryInfo } from '../../../src/protocol/schemas';
import { mountPoint, wait } from './list-dom';

/** The clip counts `libraryInfo` answers in turn (the last one from then on). */
let counts: number[] = [];
let job: ImportJob | null = null;
const info = (clipCount: number): LibraryInfo => ({ libraryUrl: 'automerge:x', clipCount, deletedCount: 0, indexedCount: clipCount, pendingCaptures: 0, storageBytes: null, storageQuota: null });
const background = vi.fn(async (method: string) =>
  method === 'libraryInfo' ? { ok: true, value: info(counts.length > 1 ? counts.shift()! : counts[0]!) } : method === 'importStatus' ? { ok: true, value: { job } } : new Promise(() => undefined),
);
vi.mock('../../../extension/messaging', () => ({ background }));
vi.doMock('../../../extension/ui/use-persistent-storage', () => ({ usePersistentStorage: () => null }));
// The page's other sections are not under test here.
for (const m of ['ExportSection', 'ImageSettings', 'SnapshotSettings', 'SyncSection', 'SearchIndexRepair', 'StorageBreakdown', 'LinkFetch'])
  vi.doMock(`../../../extension/ui/${m}`, () => ({ [m]: () => null }));
const { Options } = await import('../../../extension/ui/Options');

let root: HTMLElement;
beforeEach(() => {
  root = mountPoint();
  background.mockClear();
});
const clipCount = () => root.querySelector('[data-testid=clip-count]')?.textContent;
const infoCalls = () => background.mock.calls.filter(([m]) => m === 'libraryInfo').length;
const DONE: ImportJob = { id: 'j1', name: 'a.zip', format: 'commonplace', fingerprint: 'f', now: 1, total: 4, done: 4, imported: 4, filledIn: 0, duplicates: 0, failed: [], failedCount: 0, state: 'done', startedAt: 1, endedAt: 2 };
const broadcast = (j: ImportJob) => new BroadcastChannel(IMPORT_STATUS_CHANNEL).postMessage(j);

describe('the library stats at the end of an import', () => {
  it('are read again when the first the page sees of a job is its end (broadcast), once', async () => {
    counts = [1, 5];
    job = null;
    await act(() => render(h(Options, {}), root));
    await wait(20);
    expect(clipCount()).toBe('1');
    broadcast(DONE);
    await wait(50);
    expect(clipCount()).toBe('5');
    const calls = infoCalls();
    broadcast(DONE);
    broadcast({ ...DONE, now: 2 });
    await wait(50);
    expect(infoCalls()).toBe(calls);
  });

  it('are read again when the page opens on a job already finished (the first read may predate its end)', async () => {
    counts = [1, 5];
    job = { ...DONE, id: 'j2', state: 'failed', error: 'The disk is full.' };
    await act(() => render(h(Options, {}), root));
    await wait(50);
    expect(clipCount()).toBe('5');
    expect(infoCalls()).toBe(2);
  });

  it('are read again, once, when a job seen running ends', async () => {
    counts = [1, 5];
    job = { ...DONE, id: 'j3', state: 'running', done: 1, endedAt: undefined };
    await act(() => render(h(Options, {}), root));
    await wait(20);
    expect(clipCount()).toBe('1');
    broadcast({ ...DONE, id: 'j3' });
    await wait(50);
    expect(clipCount()).toBe('5');
    broadcast({ ...DONE, id: 'j3' });
    await wait(50);
    expect(infoCalls()).toBe(2);
  });
});
