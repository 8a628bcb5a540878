/**
 * What the side panel's list tests need of jsdom, in one place: no ResizeObserver (rows keep
 * their estimate), a list given a height and width (jsdom lays nothing out, and the virtualiser
 * draws rows only in a list with a size), a mount point unmounted after each test, and keys.
 * Import it before rendering; it registers its own `afterEach`.
 */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach } from 'vitest';

class NoResizeObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
}
for (const w of [globalThis, document.defaultView]) (w as unknown as { ResizeObserver: unknown }).ResizeObserver = NoResizeObserver;
Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get() { return (this as HTMLElement).classList.contains('virtual-list') ? 700 : 0; } });
Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get() { return (this as HTMLElement).classList.contains('virtual-list') ? 300 : 0; } });

const mounted: HTMLElement[] = [];

/** A new element in the page to render into; unmounted and removed after the test. */
export function mountPoint(): HTMLElement {
  const root = document.body.appendChild(document.createElement('div'));
  mounted.push(root);
  return root;
}

afterEach(async () => {
  for (const root of mounted.splice(0)) {
    await act(() => render(null, root));
    root.remove();
  }
});

/** Waits `ms`, letting Preact render what happened meanwhile. */
export const wait = (ms: number) => act(() => new Promise<void>((r) => setTimeout(r, ms)));

/** A keydown of `key` on `el`, as a user's (bubbling, cancelable). */
export const press = (el: Element, key: string) => act(() => void el.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true })));

/**
 * A `VirtualList`'s props for rows keyed by `ids`: each row's text is its id, and its `data-key`
 * too, 50 px estimated. What the list tests render, spread before their own handlers (and `row`,
 * where a row holds more than its id).
 */
export const idRows = (ids: readonly string[]) => ({
  count: ids.length,
  keyOf: (i: number) => ids[i]!,
  estimate: () => 50,
  row: (i: number) => ({ attrs: { 'data-key': ids[i] }, body: ids[i] }),
  label: 'clips',
});
