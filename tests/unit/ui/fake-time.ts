import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, vi } from 'vitest';

/**
 * For hook tests under fake timers: a fresh root element per test (`root()`), unmounted and
 * removed after it, with real timers back. `advance(ms)` lets time go by in steps of 100 ms,
 * each in its own act(): the effects a state change schedules run as they would after a paint.
 */
export function useFakeTimeRoot(): { root: () => HTMLElement; advance: (ms: number) => Promise<void> } {
  let el: HTMLElement | null = null;
  beforeEach(() => {
    vi.useFakeTimers();
    el = document.body.appendChild(document.createElement('div'));
  });
  afterEach(async () => {
    await act(() => render(null, el!));
    el!.remove();
    vi.useRealTimers();
  });
  return {
    root: () => el!,
    advance: async (ms) => {
      for (let t = 0; t < ms || t === 0; t += 100) await act(async () => void (await vi.advanceTimersByTimeAsync(Math.min(100, ms - t))));
    },
  };
}
