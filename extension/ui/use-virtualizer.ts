import { elementScroll, observeElementOffset, observeElementRect, Virtualizer, type VirtualizerOptions } from '@tanstack/virtual-core';
import { useEffect, useLayoutEffect, useReducer, useRef, useState } from 'preact/hooks';

/** What a list passes to {@link useVirtualizer}: everything but the DOM plumbing, which is an element's scroll. */
export type VirtualOptions = Omit<VirtualizerOptions<HTMLElement, HTMLElement>, 'observeElementRect' | 'observeElementOffset' | 'scrollToFn' | 'onChange'>;

/**
 * `@tanstack/virtual-core`'s `Virtualizer` for a Preact component that scrolls an element: the
 * instance lives as long as the component, takes the options of every render, and re-renders
 * the component whenever it changes (a scroll, a measured row, a resize). The same few lines
 * as the library's React adapter (`@tanstack/react-virtual`), which needs React itself, except
 * that the element is attached after the first paint unless `eager`.
 */
export function useVirtualizer(options: VirtualOptions, eager = true): Virtualizer<HTMLElement, HTMLElement> {
  const [, rerender] = useReducer((n: number, _: void) => n + 1, 0);
  const resolved: VirtualizerOptions<HTMLElement, HTMLElement> = {
    observeElementRect,
    observeElementOffset,
    scrollToFn: elementScroll,
    ...options,
    onChange: () => rerender(undefined),
  };
  const [instance] = useState(() => new Virtualizer<HTMLElement, HTMLElement>(resolved));
  instance.setOptions(resolved);
  useLayoutEffect(() => instance._didMount(), []);
  // Attaching reads the scrolling element's size, a layout of the whole page inside the render:
  // unless the first render must scroll (`eager`), that waits until after the first paint,
  // which uses `initialRect`.
  const attached = useRef(false);
  useLayoutEffect(() => {
    if (!eager && !attached.current) return;
    attached.current = true;
    instance._willUpdate();
  });
  useEffect(() => {
    if (attached.current) return;
    attached.current = true;
    instance._willUpdate();
  }, []);
  return instance;
}
