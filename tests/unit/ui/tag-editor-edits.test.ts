// @vitest-environment jsdom
/**
 * The tag editor while a save is on its way, and with the library's own tags.
 *
 * - A tag added with Enter clears the input when its save answers. Whatever the user typed
 *   meanwhile (the next tag) was wiped by that answer, and a second Enter pressed while the first
 *   save ran was dropped without a word (`busy`): the tag was never saved.
 * - Enter pressed to commit an input method's composition (Japanese, Chinese, Korean: the
 *   keydown carries `isComposing`) is the input method's, not the editor's: it added the
 *   half-composed text (kana before its conversion) as a tag.
 * - A suggestion is one of the library's tags, which may hold a comma (the bulk bar's "Add a tag"
 *   and the tags view take a comma as part of the name). Choosing it split it into two new tags.
 */
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';

const facets = { all: 3, unread: 3, read: 0, archived: 0, favorites: 0, tags: [{ tag: 'Smith, John', count: 2 }] };
const setTagsCalls: string[][] = [];
let answer: (() => void) | null = null;
/** When set, each setTags answers only when `answer()` is called. */
let holdSaves = false;
vi.mock('../../../extension/messaging', () => ({
  background: vi.fn(async (method: string, args: { tags?: string[] }) => {
    if (method === 'libraryFacets') return { ok: true, value: facets };
    if (method === 'setTags') {
      setTagsCalls.push(args.tags!);
      const res = { ok: true, value: { clip: { id: 'c1', tags: args.tags } } };
      if (!holdSaves) return res;
      return new Promise((resolve) => (answer = () => resolve(res)));
    }
    return new Promise(() => undefined);
  }),
}));

const { TagEditor } = await import('../../../extension/ui/TagEditor');
const { useState } = await import('preact/hooks');

const key = (el: Element, k: string) => act(() => void el.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true })));
const wait = (ms: number) => act(() => new Promise<void>((r) => setTimeout(r, ms)));

/** A tag editor whose owner keeps the row the saves answer, as the reader does. */
function Owner() {
  const [tags, setTags] = useState<readonly string[]>([]);
  return h(TagEditor, { clipId: 'c1', tags, onChange: (clip: { tags: readonly string[] }) => setTags(clip.tags) } as never);
}

let root: HTMLElement | null = null;
afterEach(async () => {
  if (root) await act(() => render(null, root!));
  root?.remove();
  root = null;
  setTagsCalls.length = 0;
  holdSaves = false;
  answer = null;
});

async function mount() {
  root = document.body.appendChild(document.createElement('div'));
  await act(() => render(h(Owner, {}), root!));
  const input = root.querySelector('[data-testid=tag-input]') as HTMLInputElement;
  const type = (text: string) =>
    act(() => {
      input.value = text;
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
  const chips = () => [...root!.querySelectorAll('[data-testid=tag-chip]')].map((c) => c.getAttribute('data-tag'));
  return { input, type, chips };
}

describe('the tag editor, while a tag is being saved', () => {
  it('keeps the next tag being typed when the previous tag’s save answers', async () => {
    holdSaves = true;
    const { input, type } = await mount();
    await act(() => input.focus());
    await type('news');
    await key(input, 'Enter');
    // The user goes on typing the next tag while the background answers.
    await type('lat');
    await act(async () => answer!());
    await wait(10);
    expect(input.value).toBe('lat');
  });

  it('saves a tag entered while the previous one was being saved', async () => {
    holdSaves = true;
    const { input, type, chips } = await mount();
    await act(() => input.focus());
    await type('news');
    await key(input, 'Enter');
    await type('later');
    await key(input, 'Enter');
    holdSaves = false;
    await act(async () => answer!());
    await wait(50);
    expect(chips()).toEqual(['news', 'later']);
  });
});

describe('the tag editor’s suggestions', () => {
  it('adds a library tag holding a comma as that one tag, not split in two', async () => {
    const { input, chips } = await mount();
    await act(() => input.focus());
    await wait(20); // the library's tags are in
    await key(input, 'ArrowDown');
    const option = root!.querySelector('[data-testid=tag-option]');
    expect(option?.getAttribute('data-tag')).toBe('Smith, John');
    await key(input, 'Enter');
    await wait(20);
    expect(setTagsCalls).toEqual([['Smith, John']]);
    expect(chips()).toEqual(['Smith, John']);
  });
});

describe('the tag editor with an input method', () => {
  it('does not add a tag on the Enter that commits a composition', async () => {
    const { input, type } = await mount();
    await act(() => input.focus());
    await act(() => void input.dispatchEvent(new CompositionEvent('compositionstart', { bubbles: true })));
    await type('にほんご');
    await act(() => void input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', isComposing: true, bubbles: true, cancelable: true })));
    await wait(20);
    expect(setTagsCalls).toEqual([]);
  });
});
