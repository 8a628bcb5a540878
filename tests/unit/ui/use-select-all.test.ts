// @vitest-environment jsdom
/**
 * "Select all" over search results (use-select-all.ts): every result marked, kept true to the
 * results when their number changes, read again when they change while it reads, dropped when
 * another search starts meanwhile, and a failed read shown.
 */
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { useMarks, type Marks } from '../../../extension/ui/use-marks';
import { useSelectAll, type SelectAll } from '../../../extension/ui/use-select-all';
import type { SearchAsk } from '../../../extension/ui/use-search';

type Answer = { ids: string[] } | { error: string };

let root: HTMLElement | null = null;
afterEach(async () => {
  if (root) await act(() => render(null, root!));
  root?.remove();
  root = null;
});

/** A reader whose answers the test gives, one read at a time. */
function reader() {
  const pending: ((a: Answer) => void)[] = [];
  const read = (_ask: SearchAsk) => new Promise<Answer>((resolve) => pending.push(resolve));
  return { read, reads: () => pending.length, answer: (n: number, a: Answer) => act(async () => pending[n]!(a)) };
}

/** Search results showing `loaded` of `total` results, with their marks and "Select all". */
async function mount(loaded: string[], total: number, read: (ask: SearchAsk) => Promise<Answer>) {
  let marks: Marks | null = null;
  let select: SelectAll | null = null;
  let set: (s: { ask: SearchAsk; total: number }) => void = () => undefined;
  const { useState } = await import('preact/hooks');
  function Results() {
    const [state, setState] = useState({ ask: { query: 'tide' } as SearchAsk, total });
    set = setState;
    marks = useMarks(loaded, async () => true);
    select = useSelectAll(state.ask, state.total, marks, read);
    return null;
  }
  root = document.body.appendChild(document.createElement('div'));
  await act(() => render(h(Results, {}), root!));
  return {
    selected: () => marks!.selected,
    error: () => select!.error,
    selectAll: () => act(() => void select!.selectAll()),
    change: (next: { ask?: SearchAsk; total: number }) => act(() => set({ ask: next.ask ?? { query: 'tide' }, total: next.total })),
  };
}

describe('select all in search results', () => {
  it('marks the loaded results at once, then every result', async () => {
    const r = reader();
    const m = await mount(['a', 'b'], 4, r.read);
    await m.selectAll();
    expect(m.selected()).toEqual(['a', 'b']);
    await r.answer(0, { ids: ['a', 'b', 'c', 'd'] });
    expect(m.selected()).toEqual(['a', 'b', 'c', 'd']);
  });

  it('reads the ids again when the results change while they are read, so a clip that left is not marked', async () => {
    const r = reader();
    const m = await mount(['a', 'b'], 4, r.read);
    await m.selectAll();
    await m.change({ total: 3 }); // "d" archived elsewhere while the ids were read
    await r.answer(0, { ids: ['a', 'b', 'c', 'd'] }); // read before the change
    expect(r.reads()).toBe(2);
    await r.answer(1, { ids: ['a', 'b', 'c'] });
    expect(m.selected()).toEqual(['a', 'b', 'c']);
  });

  it('unmarks what left the results after a change', async () => {
    const r = reader();
    const m = await mount(['a', 'b'], 4, r.read);
    await m.selectAll();
    await r.answer(0, { ids: ['a', 'b', 'c', 'd'] });
    await m.change({ total: 3 });
    await r.answer(1, { ids: ['a', 'b', 'd'] });
    expect(m.selected()).toEqual(['a', 'b', 'd']);
  });

  it('drops a read that another search overtook: the new search starts with nothing marked', async () => {
    const r = reader();
    const m = await mount(['a', 'b'], 4, r.read);
    await m.selectAll();
    await m.change({ ask: { query: 'mill' }, total: 4 });
    await r.answer(0, { ids: ['a', 'b', 'c', 'd'] });
    expect(m.selected()).toEqual([]);
  });

  it('says why the ids could not be read', async () => {
    const r = reader();
    const m = await mount(['a', 'b'], 4, r.read);
    await m.selectAll();
    await r.answer(0, { error: 'The background did not answer' });
    expect(m.error()).toBe('The background did not answer');
    expect(m.selected()).toEqual(['a', 'b']);
  });
});
