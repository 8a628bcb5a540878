// @vitest-environment jsdom
/**
 * A button inside a row (the quick Archive, the ✕) focused by a click makes that row the selected
 * one. When its row then leaves the list (archived out of "All", deleted), focus and the selection
 * go to the row now at its place, as after `d` on it. They went back to the row selected before the
 * click, however far up: the next ↓ jumped the list there.
 */
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it } from 'vitest';
import { VirtualList } from '../../../extension/ui/VirtualList';
import { idRows, mountPoint, press } from './list-dom';

const focused = () => (document.activeElement as HTMLElement | null)?.dataset.key;

describe('a row whose button was clicked, then gone', () => {
  it('hands focus and the selection to the row now at its place', async () => {
    const root = mountPoint();
    const list = (ids: string[]) =>
      h(VirtualList, {
        ...idRows(ids),
        row: (i: number) => ({ attrs: { 'data-key': ids[i] }, body: h('button', { tabIndex: -1, 'data-testid': 'quick-archive' }, 'Archive') }),
      });
    const ids = ['A', 'B', 'C', 'D', 'E', 'F'];
    await act(() => render(list(ids), root));
    const first = root.querySelector<HTMLElement>('li[data-index="0"]')!;
    await act(() => first.focus());
    expect(focused()).toBe('A');
    // A click on D's Archive button focuses it (Chromium focuses a clicked button).
    await act(() => root.querySelector<HTMLElement>('li[data-index="3"] button')!.focus());
    // D archived: it leaves the list.
    await act(() => render(list(['A', 'B', 'C', 'E', 'F']), root));
    expect(focused()).toBe('E');
    await press(document.activeElement!, 'ArrowDown');
    expect(focused()).toBe('F');
  });
});
