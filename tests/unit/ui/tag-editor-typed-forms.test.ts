// @vitest-environment jsdom
/**
 * The tag editor's suggestions for a tag typed as the library reads it (`tagLabel`): after a
 * full-width "＃" (a CJK input method in full-width mode), after "# " with a space, or with a
 * doubled space. Each is the tag the editor then adds, but the suggestions compared the text
 * with only ASCII `#`s dropped, and offered nothing.
 */
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';

const facets = { all: 3, unread: 3, read: 0, archived: 0, favorites: 0, tags: [{ tag: '仕事', count: 2 }, { tag: 'two words', count: 1 }, { tag: 'news', count: 1 }] };
vi.mock('../../../extension/messaging', () => ({
  background: vi.fn(async (method: string) => (method === 'libraryFacets' ? { ok: true, value: facets } : new Promise(() => undefined))),
}));

const { TagEditor } = await import('../../../extension/ui/TagEditor');

describe('the tag editor’s suggestions', () => {
  it('match a tag typed after ＃ or "# ", or with a doubled space', async () => {
    const root = document.createElement('div');
    document.body.append(root);
    await act(() => render(h(TagEditor, { clipId: 'c1', tags: [], onChange: () => undefined }), root));
    await act(() => new Promise((r) => setTimeout(r, 20)));
    const input = root.querySelector('[data-testid=tag-input]') as HTMLInputElement;
    const offered = async (typed: string) => {
      await act(() => {
        input.focus();
        input.value = typed;
        input.dispatchEvent(new Event('input', { bubbles: true }));
      });
      return [...root.querySelectorAll('[data-testid=tag-option]')].map((o) => o.getAttribute('data-tag'));
    };
    expect(await offered('＃仕')).toEqual(['仕事']);
    expect(await offered('# news')).toEqual(['news']);
    expect(await offered('two  wo')).toEqual(['two words']);
    await act(() => render(null, root));
  });
});
