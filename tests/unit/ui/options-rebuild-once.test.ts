// @vitest-environment jsdom
/**
 * "Rebuild index" stayed enabled while its rebuild ran (seconds at 10,000 clips): a double
 * click, or a second click because nothing seemed to happen, rebuilt the whole index twice.
 */
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { mountPoint, wait } from './list-dom';

let finish: (rows: number) => void = () => undefined;
const background = vi.fn((method: string) =>
  method === 'rebuildIndex' ? new Promise((r) => (finish = (rows) => r({ ok: true, value: { rows } }))) : method === 'libraryInfo' ? Promise.resolve({ ok: false, error: { code: 'internal', message: 'x' } }) : new Promise(() => undefined),
);
vi.mock('../../../extension/messaging', () => ({ background }));
// The page's other sections are not under test here.
for (const m of ['ExportSection', 'ImageSettings', 'SnapshotSettings', 'SyncSection', 'SearchIndexRepair', 'ImportSection', 'StorageBreakdown'])
  vi.doMock(`../../../extension/ui/${m}`, () => ({ [m]: () => null }));

const { Options } = await import('../../../extension/ui/Options');

let root: HTMLElement;
beforeEach(() => void (root = mountPoint()));
const $ = (id: string) => root.querySelector(`[data-testid=${id}]`) as HTMLButtonElement;
const settle = () => wait(10);
const rebuilds = () => background.mock.calls.filter(([m]) => m === 'rebuildIndex').length;

describe('Rebuild index', () => {
  it('a second click while the rebuild runs does not start another; the button comes back after', async () => {
    await act(() => render(h(Options, {}), root));
    await settle();
    await act(() => $('rebuild-index').click());
    await act(() => $('rebuild-index').click());
    expect(rebuilds()).toBe(1);
    expect($('rebuild-index').disabled).toBe(true);
    await act(() => finish(12));
    await settle();
    expect($('options-message').textContent).toBe('Index rebuilt: 12 clips.');
    expect($('rebuild-index').disabled).toBe(false);
  });
});
