// @vitest-environment jsdom
/**
 * The tag editor's Escape closes its suggestions for good, until the user types or presses an
 * arrow again. Before the fix, Escape pressed before the library's tags had arrived (a popup just
 * opened, a slow background) did nothing, and the suggestions opened when the tags came, over
 * the buttons below (the Firefox e2e run of organise.e2e.ts failed on it in CI).
 */
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';

const facets = { all: 3, unread: 3, read: 0, archived: 0, favorites: 0, tags: [{ tag: 'news', count: 2 }, { tag: 'later', count: 1 }] };
let releaseFacets: () => void = () => undefined;
const facetsArrived = new Promise<void>((r) => (releaseFacets = r));
vi.mock('../../../extension/messaging', () => ({
  background: vi.fn(async (method: string) => {
    if (method === 'libraryFacets') return facetsArrived.then(() => ({ ok: true, value: facets }));
    return new Promise(() => undefined);
  }),
}));

const { TagEditor } = await import('../../../extension/ui/TagEditor');

const key = (el: Element, k: string) => act(() => void el.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true })));

describe('the tag editor', () => {
  it('keeps its suggestions closed after Escape, even when the library’s tags arrive later; an arrow opens them again', async () => {
    const root = document.createElement('div');
    document.body.append(root);
    await act(() => render(h(TagEditor, { clipId: 'c1', tags: [], onChange: () => undefined }), root));
    const input = root.querySelector('[data-testid=tag-input]') as HTMLInputElement;
    const list = () => root.querySelector('[data-testid=tag-suggestions]') as HTMLElement;
    await act(() => input.focus());
    await key(input, 'Escape');
    await act(async () => {
      releaseFacets();
      await new Promise((r) => setTimeout(r, 20));
    });
    expect(list().hidden).toBe(true);
    expect(input.getAttribute('aria-expanded')).toBe('false');
    await key(input, 'ArrowDown');
    expect(list().hidden).toBe(false);
    expect([...root.querySelectorAll('[data-testid=tag-option]')].map((o) => o.getAttribute('data-tag'))).toEqual(['news', 'later']);
    await act(() => render(null, root));
  });
});
