// @vitest-environment jsdom
/**
 * A list shown again where it was left, its selected row past its end now (the last clip of
 * Unread, opened, marked read and gone: the place kept is one past the last row). The last row is
 * selected and focused, and it must stay the selected one when the list then changes (a clip saved
 * or synced above it): the selection was kept by index alone then, so it moved off the focused row
 * and Enter opened another clip than the one with the focus ring.
 */
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it } from 'vitest';
import { VirtualList } from '../../../extension/ui/VirtualList';
import { idRows, mountPoint, press, wait } from './list-dom';

const focused = () => (document.activeElement as HTMLElement | null)?.dataset.key;
const selected = () => document.querySelector<HTMLElement>('li[tabindex="0"]')?.dataset.key;

describe('a list restored with its selection past its end', () => {
  it('selects its last row, and keeps it selected when clips are saved above', async () => {
    const root = mountPoint();
    const opened: string[] = [];
    const list = (ids: string[]) =>
      h(VirtualList, {
        ...idRows(ids),
        initial: { top: 0, active: 5 },
        onOpen: (i: number) => void opened.push(ids[i]!),
      });
    await act(() => render(list(['A', 'B', 'C', 'D', 'E']), root));
    await wait(20);
    expect(selected()).toBe('E');
    await act(() => root.querySelector<HTMLElement>('li[tabindex="0"]')!.focus());
    expect(focused()).toBe('E');
    await act(() => render(list(['N', 'M', 'A', 'B', 'C', 'D', 'E']), root));
    expect(selected()).toBe('E');
    expect(focused()).toBe('E');
    await press(document.activeElement!, 'Enter');
    expect(opened).toEqual(['E']);
  });
});
