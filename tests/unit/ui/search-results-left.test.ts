// @vitest-environment jsdom
/**
 * Search results, and the list in another order (Title A–Z…, which the search lists), are shown
 * again where they were left: back from the reader (the results are unmounted while it is open)
 * and in a reopened panel, with as many results as were shown, the same clip selected and focused.
 * They came back at their top with the first 20, so a clip opened from deep in a list ordered by
 * title lost the reader's place in it each time.
 */
import 'fake-indexeddb/auto';
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mountPoint, press, wait } from './list-dom';

const TOTAL = 300;
const library = vi.hoisted(() => ({ ids: [] as string[] }));
vi.mock('../../../extension/messaging', () => ({
  background: vi.fn(async (method: string, params: { offset: number; limit: number }) => {
    if (method !== 'search') return new Promise(() => undefined);
    const hits = library.ids.slice(params.offset, params.offset + params.limit).map((id) => ({ clip: { id, title: id, tags: [] }, snippet: null }));
    return { ok: true, value: { status: 'ready', progress: null, total: library.ids.length, totalExact: true, hits, problems: [] } };
  }),
}));

const { SearchResults } = await import('../../../extension/ui/SearchResults');

// A list that scrolls (jsdom lays nothing out): its scroll offset kept, scrollTo moving it and
// telling it, as high as its rows; so the keys that scroll to the last row ask for more.
const offsets = new WeakMap<Element, number>();
const isList = (el: Element) => el.classList.contains('virtual-list');
Object.defineProperty(HTMLElement.prototype, 'scrollTop', { configurable: true, get() { return offsets.get(this as Element) ?? 0; }, set(v: number) { offsets.set(this as Element, v); } });
Object.defineProperty(HTMLElement.prototype, 'scrollHeight', { configurable: true, get() { return isList(this as Element) ? parseFloat((this as HTMLElement).querySelector('ul')?.style.height ?? '0') : 0; } });
HTMLElement.prototype.scrollTo = function (this: HTMLElement, o?: ScrollToOptions | number) {
  if (typeof o === 'object' && typeof o.top === 'number') offsets.set(this, o.top);
  this.dispatchEvent(new Event('scroll'));
} as typeof HTMLElement.prototype.scrollTo;

afterEach(() => localStorage.clear());

const filter = { state: 'all' as const, tag: null };
const selected = () => document.querySelector<HTMLElement>('[data-testid=search-list] li[tabindex="0"]')?.dataset.clipId;
const focused = () => (document.activeElement as HTMLElement | null)?.dataset.clipId;

async function results(root: HTMLElement, query = '') {
  await act(() => render(h(SearchResults, { ask: { query, filters: filter, sort: 'title' }, filter, tags: [], onOpen: () => undefined, onDeleteMany: async () => true }), root));
  for (let i = 0; i < 100 && !root.querySelector('[data-testid=search-hit]'); i++) await wait(20);
  await wait(50);
}

/** Down the results with End (each loads 20 more), then up two: a clip deep in them is selected. */
async function goDeep(): Promise<string> {
  const first = document.querySelector<HTMLElement>('[data-testid=search-hit]')!;
  await act(() => first.focus());
  for (let i = 0; i < 3; i++) {
    await press(document.activeElement!, 'End');
    await wait(60);
  }
  await press(document.activeElement!, 'k');
  await press(document.activeElement!, 'k');
  await wait(20);
  expect(focused()).toBe(selected());
  return selected()!;
}

describe('results left and shown again', () => {
  it('come back with the same clip selected and focused, deep in them', async () => {
    library.ids = Array.from({ length: TOTAL }, (_, i) => `c${i}`);
    const root = mountPoint();
    await results(root);
    const deep = await goDeep();
    expect(Number(deep.slice(1))).toBeGreaterThan(40);
    // The reader opens (the results go), then back.
    await act(() => render(null, root));
    await results(root);
    expect(selected()).toBe(deep);
    expect(focused()).toBe(deep);
  });

  it('follow the clip by id when results came or went above it meanwhile', async () => {
    library.ids = Array.from({ length: TOTAL }, (_, i) => `c${i}`);
    const root = mountPoint();
    await results(root);
    const deep = await goDeep();
    await act(() => render(null, root));
    library.ids = ['a', 'b', 'c', ...library.ids];
    await results(root);
    expect(selected()).toBe(deep);
  });

  it('of another search start at the top', async () => {
    library.ids = Array.from({ length: TOTAL }, (_, i) => `c${i}`);
    const root = mountPoint();
    await results(root);
    await goDeep();
    await act(() => render(null, root));
    await results(root, 'other');
    expect(selected()).toBe('c0');
  });
});
