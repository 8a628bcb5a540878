// @vitest-environment jsdom
/**
 * The saved views strip: drawn at once from the views last seen, then from the background; the
 * view shown is pressed; a view applies its whole spec; Save view offered only for a list that is
 * neither the default nor a view; the cache refuses what it cannot apply.
 */
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SavedView, ViewSpec } from '../../../src/schema/saved-view';

const listed: { views: SavedView[] } = { views: [] };
let rebuilding = 0;
const facets = { all: 12, unread: 7, reading: 1, read: 5, archived: 4, favorites: 2, tags: [{ tag: 'sea', count: 3, states: { all: 2, unread: 1, reading: 0, favorites: 0, archived: 1 } }] };
const calls: Array<[string, unknown]> = [];
vi.mock('../../../extension/messaging', () => ({
  background: vi.fn(async (method: string, params: unknown) => {
    calls.push([method, params]);
    if (method === 'listViews') return { ok: true, value: { views: listed.views, unreadable: 0, readOnly: false } };
    if (method === 'saveView') {
      const p = params as { name: string; spec?: ViewSpec; viewId?: string };
      if (!p.name.trim()) return { ok: false, error: { code: 'bad-request', message: 'A view needs a name.' } };
      return { ok: true, value: { view: { id: p.viewId ?? 'VVVVVVVVVVVVVVVVVVVVVV', name: p.name.trim(), spec: p.spec!, createdAt: 9 } } };
    }
    if (method === 'libraryFacets') return { ok: true, value: facets };
    if (method === 'search') {
      const p = params as { query: string; filters: { site?: string } };
      if (rebuilding > 0 && p.query === 'rust') return (rebuilding--, { ok: true, value: { status: 'rebuilding', progress: { done: 1, total: 9 }, failure: null, total: 0, totalExact: false, hits: [], ignored: [] } });
      return { ok: true, value: { status: 'ready', progress: null, failure: null, total: p.filters.site ? 2_500 : 3, totalExact: !p.filters.site, hits: [], ignored: [] } };
    }
    return { ok: true, value: { deleted: true } };
  }),
}));

const { SavedViews, suggestName } = await import('../../../extension/ui/SavedViews');
// In the panel the ids' module comes with the protocol client (mocked here): loaded before the tests, as it would be.
await import('../../../src/schema/ids');
const { loadCachedViews, saveCachedViews, sameSpec } = await import('../../../extension/ui/saved-views-cache');
const { isViewSpec } = await import('../../../src/schema/view-spec-guard');
const { ViewSpecSchema } = await import('../../../src/schema/saved-view');

const DEFAULT: ViewSpec = { query: '', state: 'all', tag: null, sort: 'relevance', site: '', from: '', to: '' };
const ARCHIVE: ViewSpec = { ...DEFAULT, state: 'archived', sort: 'oldest' };
const view = (name: string, spec: ViewSpec, id = 'AAAAAAAAAAAAAAAAAAAAAA'): SavedView => ({ id: id as SavedView['id'], name, spec, createdAt: 1 });
const settle = () => act(() => new Promise<void>((r) => setTimeout(r, 30)));
const chips = () => [...document.querySelectorAll('[data-testid=saved-view]')].map((b) => `${b.querySelector('.view-chip-name')?.textContent}${b.getAttribute('aria-pressed') === 'true' ? '*' : ''}`);
const counts = () => [...document.querySelectorAll('[data-testid=view-count]')].map((c) => c.textContent);

let root: HTMLElement;
beforeEach(() => {
  localStorage.clear();
  listed.views = [];
  calls.length = 0;
  root = document.body.appendChild(document.createElement('div'));
});
afterEach(async () => {
  await act(() => render(null, root));
  root.remove();
});

describe('saved views strip', () => {
  it('draws nothing for the default list with no view, and offers Save for another list', async () => {
    await act(() => render(h(SavedViews, { current: DEFAULT, onApply: () => undefined }), root));
    await settle();
    expect(document.querySelector('[data-testid=saved-views]')).toBeNull();
    await act(() => render(h(SavedViews, { current: { ...DEFAULT, query: 'rust' }, onApply: () => undefined }), root));
    expect(document.querySelector('[data-testid=view-save]')).not.toBeNull();
  });

  it('draws the views last seen at once, then the background\'s, with the one shown pressed; a click applies its whole spec', async () => {
    saveCachedViews([view('Cached', ARCHIVE)]);
    listed.views = [view('Archive', ARCHIVE), view('Rust', { ...DEFAULT, query: 'rust' }, 'BBBBBBBBBBBBBBBBBBBBBB')];
    const applied: ViewSpec[] = [];
    await act(() => render(h(SavedViews, { current: ARCHIVE, onApply: (s: ViewSpec) => void applied.push(s) }), root));
    expect(chips()).toEqual(['Cached*']);
    await settle();
    expect(chips()).toEqual(['Archive*', 'Rust']);
    expect(loadCachedViews().map((v) => v.name)).toEqual(['Archive', 'Rust']);
    // The view shown: no Save, but Rename and Delete.
    expect(document.querySelector('[data-testid=view-save]')).toBeNull();
    expect(document.querySelector('[data-testid=view-rename]')).not.toBeNull();
    (document.querySelectorAll('[data-testid=saved-view]')[1] as HTMLButtonElement).click();
    expect(applied).toEqual([{ ...DEFAULT, query: 'rust' }]);
  });

  it('saves the list shown under a name offered from it; an empty name is refused with the reason', async () => {
    const current = { ...DEFAULT, query: 'tide', tag: 'mills', state: 'unread' as const };
    await act(() => render(h(SavedViews, { current, onApply: () => undefined }), root));
    await settle();
    await act(() => (document.querySelector('[data-testid=view-save]') as HTMLButtonElement).click());
    const input = document.querySelector('[data-testid=view-name]') as HTMLInputElement;
    expect(input.value).toBe('tide · #mills · unread');
    await act(() => void ((input.value = ' '), input.dispatchEvent(new Event('input', { bubbles: true }))));
    await act(() => void (document.querySelector('[data-testid=view-form]') as HTMLFormElement).dispatchEvent(new Event('submit', { bubbles: true, cancelable: true })));
    await settle();
    expect(document.querySelector('[data-testid=view-error]')?.textContent).toBe('A view needs a name.');
    await act(() => void ((input.value = 'Tide mills'), input.dispatchEvent(new Event('input', { bubbles: true }))));
    await act(() => void (document.querySelector('[data-testid=view-form]') as HTMLFormElement).dispatchEvent(new Event('submit', { bubbles: true, cancelable: true })));
    await settle();
    // The new view's id is made here: a call sent again (the background stopped before answering) saves it once, not twice.
    expect(calls.at(-1)).toEqual(['saveView', { name: 'Tide mills', spec: current, viewId: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/) }]);
    expect(chips()).toEqual(['Tide mills*']);
    expect(document.querySelector('[data-testid=view-form]')).toBeNull();
  });
});

describe('saved views: the rules', () => {
  it('compares specs with the words trimmed, and names a list from what it shows', () => {
    expect(sameSpec({ ...DEFAULT, query: ' rust ' }, { ...DEFAULT, query: 'rust' })).toBe(true);
    expect(sameSpec(ARCHIVE, { ...ARCHIVE, sort: 'saved' })).toBe(false);
    expect(suggestName(DEFAULT)).toBe('My view');
    expect([...suggestName({ ...DEFAULT, query: 'x'.repeat(200) })]).toHaveLength(80);
  });

  it('the cache keeps only what it can apply', () => {
    expect(isViewSpec(ARCHIVE)).toBe(true);
    expect(isViewSpec({ ...ARCHIVE, sort: 'sideways' })).toBe(false);
    expect(isViewSpec({ ...ARCHIVE, from: '2024-1-1' })).toBe(false);
    // A tag '' (null is "All tags") listed nothing while the tag menu showed "All tags".
    expect(isViewSpec({ ...ARCHIVE, tag: '' })).toBe(false);
    expect(ViewSpecSchema.safeParse({ ...ARCHIVE, tag: '' }).success).toBe(false);
    localStorage.setItem('commonplace-saved-views', JSON.stringify([view('Good', ARCHIVE), { ...view('Bad', ARCHIVE), spec: { ...ARCHIVE, state: 'nope' } }, 'junk']));
    expect(loadCachedViews().map((v) => v.name)).toEqual(['Good']);
    localStorage.setItem('commonplace-saved-views', '{not json');
    expect(loadCachedViews()).toEqual([]);
  });

  it('counts each view: a state and a tag from the library\'s counts, at once; words, a site or dates by the search, a moment later, "about" ones with ~', async () => {
    listed.views = [
      view('Archive', ARCHIVE),
      view('Sea', { ...DEFAULT, tag: 'sea' }, 'BBBBBBBBBBBBBBBBBBBBBB'),
      view('Rust', { ...DEFAULT, query: 'rust' }, 'CCCCCCCCCCCCCCCCCCCCCC'),
      view('Blog', { ...DEFAULT, site: 'blog.example' }, 'DDDDDDDDDDDDDDDDDDDDDD'),
    ];
    await act(() => render(h(SavedViews, { current: DEFAULT, onApply: () => undefined }), root));
    await settle();
    expect(counts()).toEqual(['4', '2', '', '']);
    expect(calls.filter(([m]) => m === 'search')).toHaveLength(0);
    await act(() => new Promise<void>((r) => setTimeout(r, 1_100)));
    expect(counts()).toEqual(['4', '2', '3', '~2,500']);
    const searched = calls.filter(([m]) => m === 'search').map(([, p]) => p as { query: string; limit: number; filters: object });
    expect(searched).toEqual([
      { query: '', offset: 0, limit: 1, filters: { state: 'all', tag: null, site: 'blog.example' } },
      { query: 'rust', offset: 0, limit: 1, filters: { state: 'all', tag: null } },
    ]);
  });

  it('shows no count while the index is rebuilt, and asks again until it is counted', async () => {
    rebuilding = 1;
    listed.views = [view('Rust', { ...DEFAULT, query: 'rust' }, 'CCCCCCCCCCCCCCCCCCCCCC')];
    await act(() => render(h(SavedViews, { current: DEFAULT, onApply: () => undefined }), root));
    const searches = () => calls.filter(([m]) => m === 'search').length;
    // In short steps: effects run between them (an act flushes its effects only as it ends).
    const until = async (done: () => boolean) => {
      for (let i = 0; i < 250 && !done(); i++) await settle();
    };
    await until(() => searches() === 1);
    await settle();
    expect(counts()).toEqual(['']);
    await until(() => counts()[0] === '3');
    expect(counts()).toEqual(['3']);
    expect(searches()).toBe(2);
  });
});
