// @vitest-environment jsdom
/**
 * A tag renamed or merged in the Tags view: the list's filter bar followed it, and so did the
 * saved views' typed `tag:` terms (SavedViews.retag), but the search box's own text did not: a
 * search left on `tag:work` asked, once back in the list, for a tag no clip has any more, and
 * showed nothing.
 */
import 'fake-indexeddb/auto';
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('../../../extension/messaging', () => ({
  background: vi.fn(async (method: string, params: { from?: string; to?: string }) => {
    if (method === 'libraryFacets') return { ok: true, value: { all: 3, unread: 3, read: 0, archived: 0, favorites: 0, tags: [{ tag: 'work', count: 2 }, { tag: 'home', count: 1 }] } };
    if (method === 'renameTag') return { ok: true, value: { clips: 2, tag: params.to } };
    return new Promise(() => undefined);
  }),
}));

const { SidePanel } = await import('../../../extension/ui/SidePanel');
const { background } = await import('../../../extension/messaging');

const wait = (ms: number) => act(() => new Promise<void>((r) => setTimeout(r, ms)));
let root: HTMLElement | null = null;
afterEach(async () => {
  if (root) await act(() => render(null, root!));
  root?.remove();
  root = null;
  location.hash = '';
  localStorage.clear();
});

async function renameInTagsView(tag: string, to: string): Promise<void> {
  location.hash = '#tags';
  root = document.body.appendChild(document.createElement('div'));
  await act(() => render(h(SidePanel, {}), root!));
  for (let i = 0; i < 40 && !root.querySelector(`[data-tag="${tag}"] [data-testid=tag-rename]`); i++) await wait(50);
  const row = root.querySelector(`[data-tag="${tag}"]`)!;
  await act(() => (row.querySelector('[data-testid=tag-rename]') as HTMLButtonElement).click());
  const input = row.querySelector('[data-testid=tag-rename-input]') as HTMLInputElement;
  input.value = to;
  await act(() => void input.dispatchEvent(new Event('input', { bubbles: true })));
  // Rename…, then the confirmation's Rename.
  for (let i = 0; i < 2; i++) await act(() => (row.querySelector('[data-testid=tag-rename-confirm]') as HTMLButtonElement).click());
  await wait(300);
  expect(vi.mocked(background)).toHaveBeenCalledWith('renameTag', { from: tag, to });
}

describe('a tag renamed while the search box names it', () => {
  it('rewrites the box’s tag: terms of that tag to the new name, and nothing else', async () => {
    localStorage.setItem('commonplace-search-query', 'rust TAG:Work tag:home "a phrase" tag:work');
    await renameInTagsView('work', 'day job');
    expect(localStorage.getItem('commonplace-search-query')).toBe('rust TAG:"day job" tag:home "a phrase" tag:"day job"');
  });

  it('leaves a search that does not name it as it was', async () => {
    localStorage.setItem('commonplace-search-query', 'rust tag:home');
    await renameInTagsView('work', 'job');
    expect(localStorage.getItem('commonplace-search-query')).toBe('rust tag:home');
  });
});
