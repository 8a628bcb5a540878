// @vitest-environment jsdom
/**
 * A row's quick Archive in the side panel's list (ClipRow.tsx, SidePanel.tsx) goes the bulk bar's
 * way, one `organiseMany` call for that clip, and neither opens the clip nor takes the focus
 * from the row; a refusal is said in the panel's error line.
 */
import 'fake-indexeddb/auto';
import { IDBKeyRange } from 'fake-indexeddb';
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DexieClipIndex, IndexDatabase } from '../../../src/index-db/dexie-clip-index';
import { row } from '../index-db/clip-index-conformance';
import { mountPoint, wait } from './list-dom';

const calls = vi.hoisted(() => [] as { method: string; params: unknown }[]);
const refuse = vi.hoisted(() => ({ on: false }));
vi.mock('../../../extension/messaging', () => ({
  background: vi.fn(async (method: string, params: unknown) => {
    calls.push({ method, params });
    if (method === 'libraryFacets') return { ok: true, value: { all: 3, unread: 3, read: 0, archived: 0, favorites: 0, tags: [] } };
    if (method === 'organiseMany') return refuse.on ? { ok: false, error: { code: 'internal', message: 'Could not archive: try again.' } } : { ok: true, value: { changed: 1, unchanged: 0, skipped: 0 } };
    return new Promise(() => undefined);
  }),
}));

afterEach(() => {
  location.hash = '';
  localStorage.clear();
  calls.length = 0;
  refuse.on = false;
});

/** The side panel over three clips; the list's rows. */
async function panel() {
  await new DexieClipIndex(new IndexDatabase({ indexedDB, IDBKeyRange })).putMany(Array.from({ length: 3 }, (_, i) => row(`c${i}`, 1_000 + i)));
  const { SidePanel } = await import('../../../extension/ui/SidePanel');
  const root = mountPoint();
  await act(() => render(h(SidePanel, {}), root));
  const items = () => [...root.querySelectorAll<HTMLElement>('[data-testid=clip-item]')];
  for (let i = 0; i < 150 && items().length < 3; i++) await wait(20);
  expect(items().length).toBe(3);
  return { root, items };
}

describe("a row's quick archive", () => {
  it('archives that clip through organiseMany, without opening it', async () => {
    const { items } = await panel();
    const first = items()[0]!;
    first.focus();
    await act(() => first.querySelector<HTMLButtonElement>('[data-testid=quick-archive]')!.click());
    await wait(20);
    expect(calls.filter((c) => c.method === 'organiseMany').map((c) => c.params)).toEqual([{ clipIds: [first.dataset.clipId], change: { archived: true } }]);
    // Not opened: still the list.
    expect(location.hash).not.toMatch(/clip=/);
  });

  it('offers Undo, which sets the clip back as it was', async () => {
    const { root, items } = await panel();
    const first = items()[0]!;
    const title = first.querySelector('.clip-title')!.textContent;
    await act(() => first.querySelector<HTMLButtonElement>('[data-testid=quick-archive]')!.click());
    await wait(20);
    expect(root.querySelector('[data-testid=undo-bar]')?.textContent).toBe(`Archived “${title}”.Undo`);
    await act(() => root.querySelector<HTMLButtonElement>('[data-testid=undo]')!.click());
    await wait(20);
    expect(calls.filter((c) => c.method === 'organiseMany').map((c) => c.params)).toEqual([
      { clipIds: [first.dataset.clipId], change: { archived: true } },
      { clipIds: [first.dataset.clipId], change: { archived: false } },
    ]);
    expect(root.querySelector('[data-testid=undo-bar]')).toBeNull();
  });

  it('says why when the background refuses', async () => {
    const { root, items } = await panel();
    refuse.on = true;
    await act(() => items()[1]!.querySelector<HTMLButtonElement>('[data-testid=quick-archive]')!.click());
    await wait(20);
    expect(root.querySelector('[data-testid=panel-error]')?.textContent).toBe('Could not archive: try again.');
  });
});
