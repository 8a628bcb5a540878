// @vitest-environment jsdom
/**
 * Rows marked for a change to many (x, Space, Shift+↓) are marked by a class and a data
 * attribute only: a screen reader on the focused row hears nothing of it, so a keyboard user
 * relying on one cannot tell which rows the bulk bar's Delete or Archive will act on. A marked
 * row must expose its state (`aria-selected` in a multi-selectable listbox, or `aria-checked`).
 */
import 'fake-indexeddb/auto';
import { IDBKeyRange } from 'fake-indexeddb';
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { DexieClipIndex, IndexDatabase } from '../../../src/index-db/dexie-clip-index';
import { row } from '../index-db/clip-index-conformance';
import { mountPoint, press, wait } from './list-dom';

vi.mock('../../../extension/messaging', () => ({
  background: vi.fn(async (method: string) => {
    if (method === 'libraryFacets') return { ok: true, value: { all: 5, unread: 5, read: 0, archived: 0, favorites: 0, tags: [] } };
    return new Promise(() => undefined);
  }),
}));




describe('a marked row, to a screen reader', () => {
  it('says it is marked (aria-selected or aria-checked), and an unmarked row says it is not', async () => {
    await new DexieClipIndex(new IndexDatabase({ indexedDB, IDBKeyRange })).putMany(Array.from({ length: 5 }, (_, i) => row(`c${i}`, 1_000 + i)));
    const { ClipList } = await import('../../../extension/ui/ClipList');
    const root = mountPoint();
    await act(() =>
      render(h(ClipList, { filter: { state: 'all', tag: null }, onFilter: () => undefined, onOpen: () => undefined, onDelete: () => undefined, onDeleteMany: async () => true }), root),
    );
    for (let i = 0; i < 100 && root.querySelectorAll('[data-testid=clip-item]').length < 5; i++) await wait(20);
    const items = () => [...root.querySelectorAll<HTMLElement>('[data-testid=clip-item]')];
    expect(items().length).toBe(5);
    await act(() => items()[0]!.focus());
    await press(items()[0]!, 'x');
    await wait(20);
    const [first, second] = items();
    // The mark itself is there (what sighted users see).
    expect(first!.dataset.marked).toBe('true');
    const state = (el: HTMLElement) => el.getAttribute('aria-selected') ?? el.getAttribute('aria-checked');
    expect(state(first!)).toBe('true');
    expect(state(second!)).toBe('false');
  });
});
