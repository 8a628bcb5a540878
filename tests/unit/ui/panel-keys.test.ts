// @vitest-environment jsdom
/**
 * The side panel's keys work from its first render: a `/` pressed as the panel appears (its
 * tabs are drawn, effects have not run yet) brings up the search box. Before the fix the
 * panel's and the search box's key listeners were attached in effects run after paint, so a
 * key pressed in between was lost (search.e2e's "keeps the search box at hand", seen failing
 * in a clean-clone CI run: `/` in the tags view did not focus the search box).
 */
import 'fake-indexeddb/auto';
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('../../../extension/messaging', () => ({
  // The background never answers: the keys must not depend on it.
  background: vi.fn(() => new Promise(() => undefined)),
}));

const { SidePanel } = await import('../../../extension/ui/SidePanel');
const { SearchBox } = await import('../../../extension/ui/SearchBox');

const press = (key: string) => document.body.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
const settle = () => act(() => new Promise<void>((r) => setTimeout(r, 150)));
const focusedBox = () => document.activeElement?.getAttribute('data-testid') === 'search-input';

let root: HTMLElement | null = null;
afterEach(async () => {
  if (root) await act(() => render(null, root!));
  root?.remove();
  root = null;
  location.hash = '';
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
