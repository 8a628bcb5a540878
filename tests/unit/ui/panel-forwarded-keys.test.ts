// @vitest-environment jsdom
/**
 * Keys pressed with nothing focused (the panel just opened, a click on empty space) go to the
 * list's selected row (SidePanel.tsx). Shift is let through that check, but the key sent on to the
 * row is made again without its modifiers: Shift+↓ (mark from here down) arrived as a plain ↓
 * and only moved the selection, marking nothing.
 */
import 'fake-indexeddb/auto';
import { IDBKeyRange } from 'fake-indexeddb';
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DexieClipIndex, IndexDatabase } from '../../../src/index-db/dexie-clip-index';
import { row } from '../index-db/clip-index-conformance';
import { mountPoint, wait } from './list-dom';

vi.mock('../../../extension/messaging', () => ({
  background: vi.fn(async (method: string) => {
    if (method === 'libraryFacets') return { ok: true, value: { all: 5, unread: 5, read: 0, archived: 0, favorites: 0, tags: [] } };
    return new Promise(() => undefined);
  }),
}));



afterEach(() => {
  location.hash = '';
  localStorage.clear();
});

describe('a list key pressed with nothing focused', () => {
  it('Shift+↓ marks the row it moves to, as it does on a focused row', async () => {
    await new DexieClipIndex(new IndexDatabase({ indexedDB, IDBKeyRange })).putMany(Array.from({ length: 5 }, (_, i) => row(`c${i}`, 1_000 + i)));
    const { SidePanel } = await import('../../../extension/ui/SidePanel');
    const root = mountPoint();
    await act(() => render(h(SidePanel, {}), root));
    const items = () => [...root.querySelectorAll<HTMLElement>('[data-testid=clip-item]')];
    for (let i = 0; i < 150 && items().length < 5; i++) await wait(20);
    expect(items().length).toBe(5);
    expect(document.activeElement).toBe(document.body);
    await act(() => void document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', shiftKey: true, bubbles: true, cancelable: true })));
    await wait(20);
    // The selection moved to the second row…
    expect((document.activeElement as HTMLElement).dataset.clipId).toBe(items()[1]!.dataset.clipId);
    // …and Shift marked it, as Shift+↓ on a focused row does.
    expect(items()[1]!.dataset.marked).toBe('true');
  });
});
