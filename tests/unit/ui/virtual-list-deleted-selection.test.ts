// @vitest-environment jsdom
/**
 * The selected row is deleted (d on it): focus moves to the row now at its place, and the
 * selection with it. When the list then changes again (a clip saved or synced above, one archived
 * above), Enter and d must still act on the focused row. The selection kept the deleted row's key,
 * so every later change searched for that gone row and fell back to an index: the selection moved
 * off the focused row, and Enter opened a different clip than the one with the focus ring.
 */
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it } from 'vitest';
import { VirtualList } from '../../../extension/ui/VirtualList';
import { idRows, mountPoint, press } from './list-dom';


const selected = () => document.querySelector<HTMLElement>('li[tabindex="0"]')?.dataset.key;
const focused = () => (document.activeElement as HTMLElement | null)?.dataset.key;

function mount(opened: string[]) {
  const root = mountPoint();
  return (ids: string[]) =>
    act(() =>
      render(
        h(VirtualList, {
          ...idRows(ids),
          onOpen: (i: number) => void opened.push(ids[i]!),
          onDelete: () => undefined,
        }),
        root,
      ),
    );
}

describe('after the selected row is deleted', () => {
  it('Enter opens the focused row when a clip is then saved above it', async () => {
    const opened: string[] = [];
    const draw = mount(opened);
    await draw(['A', 'B', 'C', 'D', 'E']);
    await act(() => (document.querySelector('li[data-index="0"]') as HTMLElement).focus());
    await press(document.activeElement!, 'j');
    await press(document.activeElement!, 'j');
    expect(selected()).toBe('C');
    // C deleted (d): focus and selection go to D, the row now at its place.
    await draw(['A', 'B', 'D', 'E']);
    expect(focused()).toBe('D');
    expect(selected()).toBe('D');
    // A clip saved (or synced) at the top.
    await draw(['N', 'A', 'B', 'D', 'E']);
    expect(focused()).toBe('D');
    expect(selected()).toBe('D');
    await press(document.activeElement!, 'Enter');
    expect(opened).toEqual(['D']);
  });

  it('Enter opens the focused row when a row above it then leaves the list', async () => {
    const opened: string[] = [];
    const draw = mount(opened);
    await draw(['A', 'B', 'C', 'D', 'E']);
    await act(() => (document.querySelector('li[data-index="0"]') as HTMLElement).focus());
    await press(document.activeElement!, 'j');
    await press(document.activeElement!, 'j');
    await draw(['A', 'B', 'D', 'E']);
    expect(focused()).toBe('D');
    // A archived elsewhere (it leaves Unread).
    await draw(['B', 'D', 'E']);
    expect(focused()).toBe('D');
    expect(selected()).toBe('D');
    await press(document.activeElement!, 'Enter');
    expect(opened).toEqual(['D']);
  });
});
