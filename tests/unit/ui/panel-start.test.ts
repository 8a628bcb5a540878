// @vitest-environment jsdom
/**
 * The side panel from its first render.
 *
 * Its keys work at once: a `/` pressed as the panel appears (its tabs are drawn, effects have
 * not run yet) brings up the search box. Before the fix the panel's and the search box's key
 * listeners were attached in effects run after paint, so a key pressed in between was lost
 * (search.e2e's "keeps the search box at hand", seen failing in a clean-clone CI run: `/` in the
 * tags view did not focus the search box).
 *
 * Its first search leaves at its keystroke, like every later one: the search view's module (which
 * sends a search ahead) is loaded once the first screen is up. Before, the first search itself
 * loaded it, and its request left only after that load (stop 44's known item).
 */
import 'fake-indexeddb/auto';
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';

const calls: string[] = [];
/** For each search's request: whether the search view was already drawn when it left. */
const viewDrawn: boolean[] = [];
vi.mock('../../../extension/messaging', () => ({
  // Each call recorded; the background never answers: the keys must not depend on it, and only when a search's request leaves is checked.
  background: vi.fn((method: string, params: { query?: string }) => {
    calls.push(method === 'search' ? `search:${params.query}` : method);
    if (method === 'search') viewDrawn.push(document.querySelector('.search-view') !== null);
    return new Promise(() => undefined);
  }),
}));

const { SidePanel } = await import('../../../extension/ui/SidePanel');
const { SearchBox } = await import('../../../extension/ui/SearchBox');

const press = (key: string) => document.body.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
const settle = () => act(() => new Promise<void>((r) => setTimeout(r, 150)));
const wait = (ms: number) => act(() => new Promise<void>((r) => setTimeout(r, ms)));
const focusedBox = () => document.activeElement?.getAttribute('data-testid') === 'search-input';

let root: HTMLElement | null = null;
afterEach(async () => {
  if (root) await act(() => render(null, root!));
  root?.remove();
  root = null;
  location.hash = '';
  localStorage.clear();
  calls.length = 0;
  viewDrawn.length = 0;
});

describe('keys pressed as the side panel appears', () => {
  it('`/` in the search box view focuses the box, before any effect has run', async () => {
    root = document.body.appendChild(document.createElement('div'));
    render(h(SearchBox, { value: '', onChange: () => undefined, focusSignal: 0 }), root);
    expect(root.querySelector('[data-testid=search-input]')).not.toBeNull();
    press('/');
    expect(focusedBox()).toBe(true);
  });

  it('`/` in the tags view, pressed as soon as its tabs are drawn, goes to the search box, focused', async () => {
    location.hash = '#tags';
    root = document.body.appendChild(document.createElement('div'));
    render(h(SidePanel, {}), root);
    expect(root.querySelector('[data-testid=tab-search]')).not.toBeNull();
    press('/');
    await settle();
    expect(location.hash).toBe('');
    expect(focusedBox()).toBe(true);
  });
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

  it("typed before the search view has loaded, leaves as the view's module arrives, before the view is drawn", async () => {
    // A panel whose search view has not loaded yet (a fresh module graph: the earlier case loaded it).
    vi.resetModules();
    const fresh = await import('../../../extension/ui/SidePanel');
    root = document.body.appendChild(document.createElement('div'));
    render(h(fresh.SidePanel, {}), root);
    const box = root.querySelector<HTMLInputElement>('[data-testid=search-input]')!;
    box.value = 'tide';
    box.dispatchEvent(new Event('input', { bubbles: true }));
    expect(calls.filter((c) => c.startsWith('search:'))).toEqual([]);
    await import('../../../extension/ui/SearchResults');
    for (let i = 0; i < 200 && !calls.some((c) => c.startsWith('search:')); i++) await wait(10);
    // Sent once, before the view's first render (which then takes that request up instead of asking again).
    expect(calls.filter((c) => c.startsWith('search:'))).toEqual(['search:tide']);
    expect(viewDrawn).toEqual([false]);
    await wait(50);
    expect(root.querySelector('.search-view')).not.toBeNull();
    expect(calls.filter((c) => c.startsWith('search:'))).toEqual(['search:tide']);
  });
});
