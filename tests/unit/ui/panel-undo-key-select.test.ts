// @vitest-environment jsdom
/**
 * `u` undoes the last delete or archive, except while typing: a letter typed into the tag menu
 * or the order menu (a `<select>`, where typing a letter picks the first option starting with it:
 * the tag "urgent") is that menu's, as one typed into the search box is the box's. The panel
 * counted only text inputs and text areas as typing, and brought back the clip just deleted.
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
    if (method === 'libraryFacets') return { ok: true, value: { all: 3, unread: 3, read: 0, archived: 0, favorites: 0, tags: [{ tag: 'urgent', count: 1 }] } };
    if (method === 'deleteClip') return { ok: true, value: { clip: { title: 'Title c0' } } };
    if (method === 'restoreClip') return { ok: true, value: {} };
    return new Promise(() => undefined);
  }),
}));

afterEach(() => {
  location.hash = '';
  localStorage.clear();
  calls.length = 0;
});

const key = async (el: Element, k: string) => {
  await act(() => void el.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true })));
  await wait(20);
};

describe('u with a clip just deleted', () => {
  it('typed in the tag menu is the menu’s; on the list it undoes', async () => {
    await new DexieClipIndex(new IndexDatabase({ indexedDB, IDBKeyRange })).putMany(Array.from({ length: 3 }, (_, i) => row(`c${i}`, 1_000 + i, { tags: i === 0 ? ['urgent'] : [] })));
    const { SidePanel } = await import('../../../extension/ui/SidePanel');
    const root = mountPoint();
    await act(() => render(h(SidePanel, {}), root));
    const items = () => [...root.querySelectorAll<HTMLElement>('[data-testid=clip-item]')];
    for (let i = 0; i < 150 && (items().length < 3 || !root.querySelector('[data-testid=filter-tag]')); i++) await wait(20);
    await key(items()[0]!, 'd');
    expect(calls.filter((c) => c.method === 'deleteClip')).toHaveLength(1);
    const menu = root.querySelector<HTMLSelectElement>('[data-testid=filter-tag]')!;
    menu.focus();
    await key(menu, 'u');
    expect(calls.filter((c) => c.method === 'restoreClip')).toEqual([]);
    // The same key with nothing being typed: undone.
    (document.activeElement as HTMLElement).blur();
    await key(document.body, 'u');
    expect(calls.filter((c) => c.method === 'restoreClip')).toHaveLength(1);
  });
});
