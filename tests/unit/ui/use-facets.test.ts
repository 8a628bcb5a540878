// @vitest-environment jsdom
/**
 * The library's counts: hooks mounted together (the list's filter bar and the saved views' counts)
 * share one `libraryFacets` call, and an index change is answered with one more call, not one per hook.
 */
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { INDEX_CHANGED_CHANNEL } from '../../../src/index-db/list-query';

let calls = 0;
vi.mock('../../../extension/messaging', () => ({
  background: vi.fn(async (method: string) => {
    if (method === 'libraryFacets') calls++;
    await new Promise((r) => setTimeout(r, 20));
    return { ok: true, value: { all: calls, unread: 0, reading: 0, read: 0, archived: 0, favorites: 0, tags: [] } };
  }),
}));

const { useFacets } = await import('../../../extension/ui/use-facets');

const seen: Array<number | null> = [null, null];
function Probe({ i }: { i: number }) {
  seen[i] = useFacets().facets?.all ?? null;
  return null;
}
let root: HTMLElement | null = null;
afterEach(async () => {
  if (root) await act(() => render(null, root!));
  root?.remove();
});
const wait = (ms: number) => act(() => new Promise<void>((r) => setTimeout(r, ms)));

describe('the library counts', () => {
  it('are asked once for two hooks mounted together, and once more after an index change', async () => {
    root = document.body.appendChild(document.createElement('div'));
    await act(() => render(h('div', null, h(Probe, { i: 0 }), h(Probe, { i: 1 })), root!));
    await wait(80);
    expect(calls).toBe(1);
    expect(seen).toEqual([1, 1]);
    new BroadcastChannel(INDEX_CHANGED_CHANNEL).postMessage('changed');
    await wait(900);
    expect(calls).toBe(2);
    expect(seen).toEqual([2, 2]);
  });
});
