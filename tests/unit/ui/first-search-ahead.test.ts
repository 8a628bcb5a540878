// @vitest-environment jsdom
/**
 * The first search typed in a side panel leaves at its keystroke, like every later one. The
 * search view's module (which sends a search ahead) is loaded once the first screen is up;
 * before, it was loaded by the first search itself, so that search waited for the module's load
 * before its request left (stop 44's known item).
 */
import 'fake-indexeddb/auto';
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';

const calls: string[] = [];
vi.mock('../../../extension/messaging', () => ({
  // Records each call; the background never answers (only when the request leaves is checked).
  background: vi.fn((method: string, params: { query?: string }) => {
    calls.push(method === 'search' ? `search:${params.query}` : method);
    return new Promise(() => undefined);
  }),
}));

const { SidePanel } = await import('../../../extension/ui/SidePanel');

const wait = (ms: number) => act(() => new Promise<void>((r) => setTimeout(r, ms)));

let root: HTMLElement | null = null;
afterEach(async () => {
  if (root) await act(() => render(null, root!));
  root?.remove();
  root = null;
  location.hash = '';
  localStorage.clear();
});

describe('the first search typed in a side panel', () => {
  it('sends its request from the keystroke itself, before the panel draws anything', async () => {
    root = document.body.appendChild(document.createElement('div'));
    await act(() => render(h(SidePanel, {}), root!));
    // The first screen is up, and a moment passes (the panel loads the search view then).
    await wait(350);
    expect(calls).toContain('ping');
    // (Its load, slower under the test's transform than in a build: waited for here.)
    await import('../../../extension/ui/SearchResults');
    await wait(0);
    const box = root.querySelector<HTMLInputElement>('[data-testid=search-input]')!;
    box.value = 'tide';
    box.dispatchEvent(new Event('input', { bubbles: true }));
    // No render, no microtask: the request has already left.
    expect(calls.filter((c) => c.startsWith('search:'))).toEqual(['search:tide']);
    // The results' render takes that request up instead of asking again.
    await wait(50);
    expect(calls.filter((c) => c.startsWith('search:'))).toEqual(['search:tide']);
  });
});
