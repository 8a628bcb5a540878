// @vitest-environment jsdom
/**
 * The list as a grid follows its own width: a panel made wider at the same height shows more
 * columns. The virtualiser re-renders on a new size only when the rows in view change, which a
 * wider panel of the same height does not: the grid read its width from the virtualiser's last
 * render, and kept its columns (cards.e2e in Firefox, CI on 7ef53cd: one column at 520 px).
 */
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { VirtualList } from '../../../extension/ui/VirtualList';

type Callback = (entries: ResizeObserverEntry[]) => void;
const observers = new Set<{ cb: Callback; els: Set<Element> }>();
class FakeResizeObserver {
  private readonly o: { cb: Callback; els: Set<Element> };
  constructor(cb: Callback) {
    this.o = { cb, els: new Set() };
    observers.add(this.o);
  }
  observe(el: Element) {
    this.o.els.add(el);
  }
  unobserve(el: Element) {
    this.o.els.delete(el);
  }
  disconnect() {
    observers.delete(this.o);
  }
}
// jsdom has none: on the global (the list's own observer) and on the document's window (the virtualiser's).
for (const w of [globalThis, document.defaultView]) (w as unknown as { ResizeObserver: unknown }).ResizeObserver = FakeResizeObserver;

/** Tells every observer of `el` that it is now `width` × `height`. */
function resize(el: Element, width: number, height: number) {
  const entry = { target: el, contentRect: { width, height }, borderBoxSize: [{ inlineSize: width, blockSize: height }], contentBoxSize: [{ inlineSize: width, blockSize: height }] } as unknown as ResizeObserverEntry;
  for (const o of [...observers]) if (o.els.has(el)) o.cb([entry]);
}

let root: HTMLElement | null = null;
afterEach(async () => {
  if (root) await act(() => render(null, root!));
  root?.remove();
  root = null;
});
const settle = () => act(() => new Promise<void>((r) => setTimeout(r, 30)));
/** How many columns the grid has: the list is as tall as its rows of cards (40 cards, 256 px each). */
const columns = () => Math.ceil(40 / (parseFloat(document.querySelector<HTMLElement>('.virtual-rows')!.style.height) / 256));

describe('a grid of cards', () => {
  it('takes the columns its width holds, and more when it is made wider at the same height', async () => {
    root = document.body.appendChild(document.createElement('div'));
    await act(() =>
      render(
        h(VirtualList, { count: 40, keyOf: (i: number) => `c${i}`, estimate: () => 256, laneWidth: 160, row: (i: number) => ({ attrs: {}, body: `card ${i}` }), label: 'cards', class: 'clip-list' }),
        root!,
      ),
    );
    await settle();
    const list = document.querySelector('.virtual-list')!;
    await act(() => resize(list, 300, 700));
    await settle();
    expect(columns()).toBe(1);
    await act(() => resize(list, 520, 700));
    await settle();
    expect(columns()).toBe(3);
  });
});
