// @vitest-environment jsdom
/**
 * The popup's note when it cannot be read (`getClipNote` answers an error: a background that
 * failed to open the library, a timeout): the note box never appeared and nothing said why. It
 * now says the note could not be read, with "Try again", which reads it again.
 */
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { mountPoint, wait } from './list-dom';

const answers: unknown[] = [
  { ok: false, error: { code: 'timeout', message: 'Commonplace did not answer in time. Try again.' } },
  { ok: true, value: { clip: {}, note: 'Read later.', tooNew: false } },
];
vi.mock('../../../extension/messaging', () => ({
  background: vi.fn(async (method: string) => (method === 'getClipNote' ? answers.shift() : new Promise(() => undefined))),
}));
vi.mock('../../../extension/ui/ClipNote', () => ({ ClipNote: ({ note }: { note: string }) => h('textarea', { 'data-testid': 'clip-note', value: note }) }));
const { PopupNote } = await import('../../../extension/ui/PopupNote');

describe('the popup’s note, unread', () => {
  it('says it could not be read, and reads it again on "Try again"', async () => {
    const root = mountPoint();
    await act(() => render(h(PopupNote, { clipId: 'c1' }), root));
    await wait(10);
    expect(root.querySelector('[data-testid=popup-note-error]')?.textContent).toMatch(/^The note could not be read: Commonplace did not answer in time\./);
    await act(() => (root.querySelector('[data-testid=popup-note-retry]') as HTMLButtonElement).click());
    await wait(10);
    expect(root.querySelector('[data-testid=popup-note-error]')).toBeNull();
    expect((root.querySelector('[data-testid=clip-note]') as HTMLTextAreaElement).value).toBe('Read later.');
  });
});
