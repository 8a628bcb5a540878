import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach } from 'vitest';
import type { SearchAsk, SearchState } from '../../../extension/ui/use-search';

/**
 * `useSearch` mounted in a fresh root for each test of a file (torn down after it): `mount(ask,
 * limit)` renders it (again), `shown()` is its last state, `answerNumber()` the `n` a file's
 * messaging mock numbers its answers with. The hook is passed in: each file imports it after
 * mocking the messaging module its own way.
 */
export function searchProbe(useSearch: (ask: SearchAsk, limit: number) => SearchState, defaultLimit: number) {
  let shown: SearchState | null = null;
  let root: HTMLElement;
  function Probe({ ask, limit }: { ask: SearchAsk; limit: number }) {
    shown = useSearch(ask, limit);
    return null;
  }
  beforeEach(() => {
    shown = null;
    root = document.body.appendChild(document.createElement('div'));
  });
  afterEach(async () => {
    await act(() => render(null, root));
    root.remove();
  });
  return {
    mount: (ask: SearchAsk, limit = defaultLimit) => act(() => render(h(Probe, { ask, limit }), root)),
    shown: () => shown,
    answerNumber: () => (shown?.page as unknown as { n: number } | null)?.n,
  };
}
