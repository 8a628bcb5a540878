// @vitest-environment jsdom
/**
 * The note box follows the clip's note as it changes elsewhere (sync, the other editor) and
 * never loses an edit: a box not mid-edit shows the new text when the index announces a write;
 * a box being typed in keeps the typing, sends it with the text it was edited from (`base`),
 * and shows the background's merge once the save answers. Before the fix the box kept the text
 * it loaded and sent the whole of it, which deleted the other edit.
 */
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { INDEX_CHANGED_CHANNEL } from '../../../src/index-db/list-query';

const state = { note: 'A', tags: ['x'] as string[] };
const calls: Array<{ method: string; args: Record<string, unknown> }> = [];
const row = () => ({ id: 'c1', tags: state.tags, hasNote: state.note !== '' });
vi.mock('../../../extension/messaging', () => ({
  background: vi.fn(async (method: string, args: Record<string, unknown>) => {
    calls.push({ method, args });
    if (method === 'getClipNote') return { ok: true, value: { clip: row(), note: state.note, tooNew: false } };
    if (method === 'setClipNote') {
      // The background's merge, as the library makes it (the merge itself is tested in tests/unit/library).
      const { rebaseText } = await import('../../../src/library/text-merge');
      state.note = rebaseText(String(args.base), String(args.note), state.note).text;
      return { ok: true, value: { clip: row(), note: state.note } };
    }
    if (method === 'setTags') {
      const base = new Set(args.base as string[]);
      const next = args.tags as string[];
      state.tags = [...state.tags.filter((t) => !base.has(t) || next.includes(t)), ...next.filter((t) => !base.has(t) && !state.tags.includes(t))];
      return { ok: true, value: { clip: row() } };
    }
    if (method === 'libraryFacets') return { ok: true, value: { all: 1, unread: 1, read: 0, archived: 0, favorites: 0, tags: [] } };
    return new Promise(() => undefined);
  }),
}));

const { ClipNote } = await import('../../../extension/ui/ClipNote');
const { TagEditor } = await import('../../../extension/ui/TagEditor');
const { useFollowedRow } = await import('../../../extension/ui/use-clip-follow');
const { useState } = await import('preact/hooks');

const wait = (ms: number) => act(() => new Promise<void>((r) => setTimeout(r, ms)));
const announce = () => new BroadcastChannel(INDEX_CHANGED_CHANNEL).postMessage('changed');

async function mountNote() {
  const root = document.createElement('div');
  document.body.append(root);
  await act(() => render(h(ClipNote, { clipId: 'c1', note: state.note }), root));
  const box = () => root.querySelector('[data-testid=note-input]') as HTMLTextAreaElement;
  const type = async (text: string) => {
    await act(() => {
      box().value = text;
      box().dispatchEvent(new Event('input', { bubbles: true }));
    });
  };
  return { root, box, type };
}

describe('the note box', () => {
  afterEach(async () => {
    await act(() => void document.querySelectorAll('body > div').forEach((d) => render(null, d)));
    document.body.innerHTML = '';
    calls.length = 0;
    state.note = 'A';
    state.tags = ['x'];
  });

  it('shows a note changed elsewhere while it is not being edited', async () => {
    const { box } = await mountNote();
    expect(box().value).toBe('A');
    state.note = 'A B';
    announce();
    await wait(400);
    expect(box().value).toBe('A B');
  });

  it('keeps what is being typed when the note changes elsewhere, saves it as an edit of what it loaded, then shows the merge', async () => {
    const { box, type } = await mountNote();
    await type('A C');
    state.note = 'A B';
    announce();
    await wait(400);
    expect(box().value).toBe('A C');
    await wait(700);
    const save = calls.find((c) => c.method === 'setClipNote');
    expect(save?.args).toMatchObject({ note: 'A C', base: 'A' });
    expect(state.note).toBe('A B C');
    expect(box().value).toBe('A B C');
    // The next edit is one of the merge.
    await type('A B C D');
    await wait(700);
    expect(calls.filter((c) => c.method === 'setClipNote').at(-1)?.args).toMatchObject({ note: 'A B C D', base: 'A B C' });
  });
});

describe('the tag editor, in an owner that follows the row (the reader, the popup)', () => {
  afterEach(async () => {
    await act(() => void document.querySelectorAll('body > div').forEach((d) => render(null, d)));
    document.body.innerHTML = '';
    calls.length = 0;
    state.tags = ['x'];
  });

  type Row = ReturnType<typeof row>;
  /** What the reader and the popup do: own the row, follow it with `useFollowedRow`, give its setter to the controls. */
  function Owner() {
    const [clip, setClip] = useState<Row>(row());
    const local = useFollowedRow('c1', (next) => setClip(next as unknown as Row));
    return h('div', { 'data-read': String((clip as { readAt?: number | null }).readAt ?? null) }, h(TagEditor, { clipId: 'c1', tags: clip.tags, onChange: local as never }));
  }
  const chips = (root: Element) => [...root.querySelectorAll('[data-testid=tag-chip]')].map((c) => c.getAttribute('data-tag'));

  it('sends the tags it showed with an edit, and shows tags added elsewhere', async () => {
    const root = document.createElement('div');
    document.body.append(root);
    await act(() => render(h(Owner, {}), root));
    state.tags = ['x', 'y'];
    announce();
    await wait(400);
    expect(chips(root)).toEqual(['x', 'y']);
    const input = root.querySelector('[data-testid=tag-input]') as HTMLInputElement;
    await act(() => {
      input.value = 'z,';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await wait(50);
    expect(calls.find((c) => c.method === 'setTags')?.args).toMatchObject({ tags: ['x', 'y', 'z'], base: ['x', 'y'] });
    expect(chips(root)).toEqual(['x', 'y', 'z']);
  });

  it('drops a follow answer asked before a local edit answered (an older read never undoes a newer edit)', async () => {
    const root = document.createElement('div');
    document.body.append(root);
    await act(() => render(h(Owner, {}), root));
    // The follow's getClipNote is held until after the local edit has answered, carrying the old tags.
    const messaging = await import('../../../extension/messaging');
    const real = vi.mocked(messaging.background).getMockImplementation()!;
    let release: () => void = () => undefined;
    const held = async (method: string, args: Record<string, unknown>) => {
      if (method !== 'getClipNote') return real(method as never, args as never);
      const old = { clip: row(), note: state.note, tooNew: false };
      await new Promise<void>((r) => (release = r));
      return { ok: true, value: old };
    };
    vi.mocked(messaging.background).mockImplementation(held as never);
    announce();
    await wait(300); // the follow has asked, and waits
    const input = root.querySelector('[data-testid=tag-input]') as HTMLInputElement;
    await act(() => {
      input.value = 'z,';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await wait(50);
    expect(chips(root)).toEqual(['x', 'z']);
    await act(() => release());
    await wait(50);
    expect(chips(root)).toEqual(['x', 'z']);
    vi.mocked(messaging.background).mockImplementation(real);
  });
});
