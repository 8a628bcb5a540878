// @vitest-environment jsdom
/**
 * The marks of a list (use-marks.ts): toggle and anchor, a range from the anchor, all, ids
 * marked beyond the list (search's "Select all") and read again after a change, Escape, a
 * selection that left the list, and deleting the marked rows.
 */
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { useMarks, type Marks } from '../../../extension/ui/use-marks';

let root: HTMLElement | null = null;
afterEach(async () => {
  if (root) await act(() => render(null, root!));
  root?.remove();
  root = null;
});

/** Renders a list of `ids` with its marks; the latest marks and a way to change the ids. */
async function mount(first: string[], onDeleteMany: (ids: string[]) => Promise<boolean> = async () => true) {
  let marks: Marks | null = null;
  let setIds: (ids: string[]) => void = () => undefined;
  const { useState } = await import('preact/hooks');
  function List() {
    const [ids, set] = useState(first);
    setIds = set;
    marks = useMarks(ids, onDeleteMany);
    return null;
  }
  root = document.body.appendChild(document.createElement('div'));
  await act(() => render(h(List, {}), root!));
  return { get: () => marks!, ids: (next: string[]) => act(() => setIds(next)), run: (fn: (m: Marks) => void) => act(() => fn(marks!)) };
}

describe('marking rows', () => {
  it('toggles a row and ranges from it, in the list order whatever the order of the gestures', async () => {
    const m = await mount(['a', 'b', 'c', 'd', 'e']);
    await m.run((x) => x.mark(3, 'toggle'));
    await m.run((x) => x.mark(1, 'range'));
    expect(m.get().selected).toEqual(['b', 'c', 'd']);
    await m.run((x) => x.mark(2, 'toggle'));
    expect(m.get().selected).toEqual(['b', 'd']);
    // The anchor is now c: a range to e adds c, d, e.
    await m.run((x) => x.mark(4, 'range'));
    expect(m.get().selected).toEqual(['b', 'c', 'd', 'e']);
    await m.run((x) => x.mark(0, 'all'));
    expect(m.get().selected).toEqual(['a', 'b', 'c', 'd', 'e']);
    await act(() => void document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true })));
    expect(m.get().selected).toEqual([]);
  });

  it('a range with no anchor marks just the row; ids marked beyond the list stay marked after it', async () => {
    const m = await mount(['a', 'b', 'c']);
    await m.run((x) => x.mark(1, 'range'));
    expect(m.get().selected).toEqual(['b']);
    await m.run((x) => x.add(['c', 'x', 'y']));
    expect(m.get().selected).toEqual(['b', 'c', 'x', 'y']);
    expect(m.get().has('x')).toBe(true);
    m.get().clear();
    await act(() => undefined);
    expect(m.get().selected).toEqual([]);
  });

  it('forgets the marks once every marked row has left the list, so a row coming back is not marked', async () => {
    const m = await mount(['a', 'b', 'c']);
    await m.run((x) => x.mark(0, 'toggle'));
    await m.ids(['b', 'c']);
    expect(m.get().selected).toEqual([]);
    await m.ids(['a', 'b', 'c']);
    expect(m.get().selected).toEqual([]);
    expect(m.get().has('a')).toBe(false);
  });

  it('keeps, of the ids marked beyond the list, only those still in the results read again', async () => {
    const m = await mount(['a', 'b']);
    await m.run((x) => x.mark(0, 'toggle'));
    await m.run((x) => x.add(['b', 'x', 'y', 'z']));
    expect(m.get().beyondList()).toBe(true);
    // x and z were archived out of the results: read again, they leave the selection; a and b, drawn, stay.
    await m.run((x) => x.retain(['b', 'y']));
    expect(m.get().selected).toEqual(['a', 'b', 'y']);
    expect(m.get().has('x')).toBe(false);
    // Retaining nothing beyond the list leaves the list's own marks alone.
    await m.run((x) => x.retain([]));
    expect(m.get().selected).toEqual(['a', 'b']);
    expect(m.get().beyondList()).toBe(false);
  });

  it('deletes the marked rows through the panel, and unmarks only when the delete went through', async () => {
    const asked: string[][] = [];
    let answer = false;
    const m = await mount(['a', 'b', 'c'], async (ids) => (asked.push(ids), answer));
    await m.run((x) => x.mark(0, 'toggle'));
    await m.run((x) => x.mark(2, 'toggle'));
    await act(() => m.get().remove());
    expect(asked).toEqual([['a', 'c']]);
    expect(m.get().selected).toEqual(['a', 'c']);
    answer = true;
    await act(() => m.get().remove(['c']));
    expect(asked[1]).toEqual(['c']);
    expect(m.get().selected).toEqual([]);
    // Nothing marked: nothing to delete, nothing asked.
    await act(() => m.get().remove());
    expect(asked).toHaveLength(2);
  });
});
