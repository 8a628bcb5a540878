// @vitest-environment jsdom
/**
 * A "Save again" that fails (the page stopped answering, the disk is full) left the popup on the
 * bare error with a "Save page" button: the copy saved before vanished from view, with its
 * "Open in reader", tags, state and note, as if the page had never been saved. The error is shown,
 * and the saved copy stays.
 */
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mountPoint, wait } from './list-dom';

const clip = { id: 'clip-1', url: 'https://example.com/a', title: 'A', tags: ['kept'], readAt: null, archivedAt: null, favoriteAt: null };
let answer: (method: string, params: unknown) => unknown = () => new Promise(() => undefined);
vi.mock('../../../extension/messaging', () => ({ background: vi.fn((method: string, params: unknown) => Promise.resolve(answer(method, params))) }));
vi.mock('wxt/browser', () => ({ browser: { tabs: { get: async (id: number) => ({ id, title: 'A page', url: 'https://example.com/a' }) } } }));
vi.mock('../../../extension/ui/use-clip-follow', () => ({ useFollowedRow: () => () => undefined }));
vi.mock('../../../extension/ui/use-image-state', () => ({ useImageState: () => null, imageStateLine: () => null }));
vi.mock('../../../extension/ui/open-reader', () => ({ openReader: vi.fn() }));
// The organise section's parts are under test elsewhere: here only whether they are shown.
vi.mock('../../../extension/ui/TagEditor', () => ({ TagEditor: () => h('div', { 'data-testid': 'tag-editor' }) }));
vi.mock('../../../extension/ui/StateButtons', () => ({ StateButtons: () => null }));
vi.mock('../../../extension/ui/PopupNote', () => ({ PopupNote: () => null }));

const { Popup } = await import('../../../extension/ui/Popup');

let root: HTMLElement;
beforeEach(() => {
  history.replaceState(null, '', '?tabId=7');
  root = mountPoint();
});
afterEach(() => history.replaceState(null, '', location.pathname));
const $ = (id: string) => root.querySelector(`[data-testid=${id}]`) as HTMLElement | null;
const settle = () => wait(10);

describe('the popup, "Save again" failing', () => {
  it('shows the error and keeps the copy saved before: its reader button and its tags', async () => {
    answer = (method) =>
      method === 'pageStatus'
        ? { ok: true, value: { clip } }
        : method === 'savePage'
          ? { ok: false, error: { code: 'internal', message: 'The page did not answer.' } }
          : new Promise(() => undefined);
    await act(() => render(h(Popup, {}), root));
    await settle();
    expect($('status')!.dataset.state).toBe('saved');
    await act(() => $('save-page')!.click());
    await settle();
    const status = $('status')!;
    expect(status.dataset.state).toBe('error');
    expect(status.textContent).toContain('The page did not answer.');
    expect(status.textContent).toContain('still in your library');
    expect($('open-reader')).not.toBeNull();
    expect($('tag-editor')).not.toBeNull();
    expect($('save-page')!.textContent).toBe('Save again');
    expect(($('save-page') as HTMLButtonElement).disabled).toBe(false);
  });

  it('a first save that fails is still a plain error, with "Save page" to try again', async () => {
    answer = (method) =>
      method === 'pageStatus' ? { ok: true, value: { clip: null } } : method === 'savePage' ? { ok: false, error: { code: 'internal', message: 'The page did not answer.' } } : new Promise(() => undefined);
    await act(() => render(h(Popup, {}), root));
    await settle();
    await act(() => $('save-page')!.click());
    await settle();
    expect($('status')!.dataset.state).toBe('error');
    expect($('status')!.textContent).toBe('The page did not answer.');
    expect($('open-reader')).toBeNull();
    expect($('save-page')!.textContent).toBe('Save page');
  });
});
