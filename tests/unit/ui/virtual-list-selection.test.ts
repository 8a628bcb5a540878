// @vitest-environment jsdom
/**
 * The list's selection follows its row when rows come or go above it (a page saved or synced, an
 * archive in Unread, the whole list read after its first page, coming back from the reader). It
 * was an index: the focused row (keyed, so the DOM kept it) and the selected one parted, and Enter
 * and d acted on the row now at the old index, not the one the focus ring was on.
 */
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { VirtualList } from '../../../extension/ui/VirtualList';

class NoResizeObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
}
for (const w of [globalThis, document.defaultView]) (w as unknown as { ResizeObserver: unknown }).ResizeObserver = NoResizeObserver;
// jsdom lays nothing out: the list is given a height and width, so the virtualiser draws rows.
Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get() { return (this as HTMLElement).classList.contains('virtual-list') ? 700 : 0; } });
Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get() { return (this as HTMLElement).classList.contains('virtual-list') ? 300 : 0; } });

let root: HTMLElement | null = null;
afterEach(async () => {
  if (root) await act(() => render(null, root!));
  root?.remove();
  root = null;
});
const press = (el: Element, key: string) => act(() => void el.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true })));
const selected = () => document.querySelector<HTMLElement>('li[tabindex="0"]')?.dataset.key;

describe('the selected row', () => {
  it('stays the focused row when rows are added above it or removed above it, and Enter and d act on it', async () => {
    root = document.body.appendChild(document.createElement('div'));
    const opened: string[] = [];
    const deleted: string[] = [];
    const list = (ids: string[]) =>
      h(VirtualList, {
        count: ids.length,
        keyOf: (i: number) => ids[i]!,
        estimate: () => 50,
        row: (i: number) => ({ attrs: { 'data-key': ids[i] }, body: ids[i] }),
        label: 'clips',
        onOpen: (i: number) => void opened.push(ids[i]!),
        onDelete: (i: number) => void deleted.push(ids[i]!),
      });
    await act(() => render(list(['A', 'B', 'C', 'D', 'E']), root!));
    const first = document.querySelector('li[data-index="0"]') as HTMLElement;
    await act(() => first.focus());
    await press(first, 'j');
    await press(document.activeElement!, 'j');
    expect(selected()).toBe('C');
    // A clip saved above it.
    await act(() => render(list(['N', 'A', 'B', 'C', 'D', 'E']), root!));
    expect(selected()).toBe('C');
    expect((document.activeElement as HTMLElement).dataset.key).toBe('C');
    await press(document.activeElement!, 'Enter');
    expect(opened).toEqual(['C']);
    // Two rows above it archived away (the Unread list).
    await act(() => render(list(['N', 'C', 'D', 'E']), root!));
    expect(selected()).toBe('C');
    await press(document.activeElement!, 'd');
    expect(deleted).toEqual(['C']);
    // Its own row gone: the row now at its place is selected.
    await act(() => render(list(['N', 'D', 'E']), root!));
    expect(selected()).toBe('D');
  });
});
