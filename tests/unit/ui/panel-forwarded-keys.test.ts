// @vitest-environment jsdom
/**
 * Keys pressed with nothing focused (the panel just opened, back from the reader on the first
 * row, a click on empty space) go to the list's selected row (SidePanel.tsx), and must do there
 * what they do on a focused row. Two bugs: Shift is let through that check, but the key sent on
 * to the row was made again without its modifiers (Shift+↓, mark from here down, arrived as a
 * plain ↓ and only moved the selection); and only the moving keys and Enter were sent on (x or
 * Space, Shift+J/K, Delete or d did nothing at all there).
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
vi.mock('../../../extension/messaging', () => ({
  background: vi.fn(async (method: string, params: unknown) => {
    calls.push({ method, params });
    if (method === 'libraryFacets') return { ok: true, value: { all: 5, unread: 5, read: 0, archived: 0, favorites: 0, tags: [] } };
    return new Promise(() => undefined);
  }),
}));

afterEach(() => {
  location.hash = '';
  localStorage.clear();
  calls.length = 0;
});

/** The side panel over five clips, nothing focused; the list's rows. */
async function panel() {
  await new DexieClipIndex(new IndexDatabase({ indexedDB, IDBKeyRange })).putMany(Array.from({ length: 5 }, (_, i) => row(`c${i}`, 1_000 + i)));
  const { SidePanel } = await import('../../../extension/ui/SidePanel');
  const root = mountPoint();
  await act(() => render(h(SidePanel, {}), root));
  const items = () => [...root.querySelectorAll<HTMLElement>('[data-testid=clip-item]')];
  for (let i = 0; i < 150 && items().length < 5; i++) await wait(20);
  expect(items().length).toBe(5);
  expect(document.activeElement).toBe(document.body);
  return items;
}

const onBody = async (key: string, shiftKey = false) => {
  await act(() => void document.body.dispatchEvent(new KeyboardEvent('keydown', { key, shiftKey, bubbles: true, cancelable: true })));
  await wait(20);
};

describe('a list key pressed with nothing focused', () => {
  it('Shift+↓ marks the row it moves to, as it does on a focused row', async () => {
    const items = await panel();
    await onBody('ArrowDown', true);
    // The selection moved to the second row…
    expect((document.activeElement as HTMLElement).dataset.clipId).toBe(items()[1]!.dataset.clipId);
    // …and Shift marked it, as Shift+↓ on a focused row does.
    expect(items()[1]!.dataset.marked).toBe('true');
  });

  it.each(['x', ' '])('%j marks the selected row, as it does on a focused row', async (key) => {
    const items = await panel();
    await onBody(key);
    expect(items()[0]!.dataset.marked).toBe('true');
  });

  it('Shift+J marks from the selected row to the next', async () => {
    const items = await panel();
    await onBody('J', true);
    expect(items()[1]!.dataset.marked).toBe('true');
  });

  it.each(['Delete', 'd'])('%s deletes the selected clip, as it does on a focused row', async (key) => {
    const items = await panel();
    const id = items()[0]!.dataset.clipId;
    await onBody(key);
    expect(calls.filter((c) => c.method === 'deleteClip').map((c) => c.params)).toEqual([{ clipId: id }]);
  });
});
