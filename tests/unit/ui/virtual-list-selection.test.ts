// @vitest-environment jsdom
/**
 * The list's selection follows its row when rows come or go above it (a page saved or synced, an
 * archive in Unread, the whole list read after its first page, coming back from the reader). It
 * was an index: the focused row (keyed, so the DOM kept it) and the selected one parted, and Enter
 * and d acted on the row now at the old index, not the one the focus ring was on.
 */
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it } from 'vitest';
import { VirtualList } from '../../../extension/ui/VirtualList';
import { idRows, mountPoint, press } from './list-dom';


const selected = () => document.querySelector<HTMLElement>('li[tabindex="0"]')?.dataset.key;

describe('the selected row', () => {
  it('stays the focused row when rows are added above it or removed above it, and Enter and d act on it', async () => {
    const root = mountPoint();
    const opened: string[] = [];
    const deleted: string[] = [];
    const list = (ids: string[]) =>
      h(VirtualList, {
        ...idRows(ids),
        onOpen: (i: number) => void opened.push(ids[i]!),
        onDelete: (i: number) => void deleted.push(ids[i]!),
      });
    await act(() => render(list(['A', 'B', 'C', 'D', 'E']), root));
    const first = document.querySelector('li[data-index="0"]') as HTMLElement;
    await act(() => first.focus());
    await press(first, 'j');
    await press(document.activeElement!, 'j');
    expect(selected()).toBe('C');
    // A clip saved above it.
    await act(() => render(list(['N', 'A', 'B', 'C', 'D', 'E']), root));
    expect(selected()).toBe('C');
    expect((document.activeElement as HTMLElement).dataset.key).toBe('C');
    await press(document.activeElement!, 'Enter');
    expect(opened).toEqual(['C']);
    // Two rows above it archived away (the Unread list).
    await act(() => render(list(['N', 'C', 'D', 'E']), root));
    expect(selected()).toBe('C');
    await press(document.activeElement!, 'd');
    expect(deleted).toEqual(['C']);
    // Its own row gone: the row now at its place is selected.
    await act(() => render(list(['N', 'D', 'E']), root));
    expect(selected()).toBe('D');
  });
});
