// @vitest-environment jsdom
/**
 * The note is saved "on blur and on close". When the panel closes (`pagehide`) while an earlier
 * save of the note is still on its way (a background waking up takes a while), the words typed
 * since must leave at once: the page is gone a moment later, and the earlier save's answer never
 * arrives. The close's save was chained behind that answer, so it was never sent and the last
 * words typed were lost.
 */
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';

const sent: Array<{ note: string; base: string }> = [];
vi.mock('../../../extension/messaging', () => ({
  background: vi.fn((method: string, args: { note: string; base: string }) => {
    if (method === 'setClipNote') sent.push({ note: args.note, base: args.base });
    // Nothing answers: the first save is still on its way when the panel closes.
    return new Promise(() => undefined);
  }),
}));

const { ClipNote } = await import('../../../extension/ui/ClipNote');

const wait = (ms: number) => act(() => new Promise<void>((r) => setTimeout(r, ms)));

let root: HTMLElement | null = null;
afterEach(async () => {
  if (root) await act(() => render(null, root!));
  root?.remove();
  root = null;
  sent.length = 0;
});

describe('the note box when the panel closes', () => {
  it('sends what was typed since the save on its way, at once, when the page is hidden', async () => {
    root = document.body.appendChild(document.createElement('div'));
    await act(() => render(h(ClipNote, { clipId: 'c1', note: 'A' }), root!));
    const box = root.querySelector('[data-testid=note-input]') as HTMLTextAreaElement;
    const type = (text: string) =>
      act(() => {
        box.value = text;
        box.dispatchEvent(new Event('input', { bubbles: true }));
      });
    await type('A first');
    await wait(700); // the first save leaves, and waits for its answer
    expect(sent.map((s) => s.note)).toEqual(['A first']);
    await type('A first and last words');
    // The panel closes.
    await act(async () => void dispatchEvent(new Event('pagehide')));
    await act(async () => undefined);
    expect(sent.map((s) => s.note)).toContain('A first and last words');
  });
});
