// @vitest-environment jsdom
/**
 * The reader switched to another clip while the first one's `getClip` is still on its way (the
 * panel's hash changed: "Open in reader" on another page while the panel shows a clip). The
 * first clip's late answer must not replace the clip now named: before, it was shown under the
 * new route, and the reader's tags, note, reading position and Delete then acted on the wrong clip.
 */
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { mountPoint, wait } from './list-dom';

const clip = (id: string, title: string) => ({
  id, key: id, kind: 'page', url: `https://example.com/${id}`, pageUrl: `https://example.com/${id}`, title, siteName: null, byline: null, excerpt: null,
  publishedTime: null, savedAt: 1, capturedAt: 1, wordCount: 3, readAt: null, archivedAt: null, deletedAt: null, favoriteAt: null, tags: [], hasNote: false,
  canonicalUrl: null, lang: null, dir: null, html: `<p>${title} text</p>`, text: `${title} text`, note: '', position: null, tooNew: false,
});
const held = new Map<string, () => void>();
vi.mock('../../../extension/messaging', () => ({
  background: vi.fn((method: string, args: { clipId?: string }) => {
    if (method === 'getClip') {
      const value = args.clipId === 'clipA' ? clip('clipA', 'First clip') : clip('clipB', 'Second clip');
      // The first clip's answer is slow (a background waking up); the second's comes at once.
      if (args.clipId === 'clipA') return new Promise((resolve) => held.set('clipA', () => resolve({ ok: true, value })));
      return Promise.resolve({ ok: true, value });
    }
    if (method === 'clipHighlights') return Promise.resolve({ ok: true, value: { highlights: [] } });
    return new Promise(() => undefined);
  }),
}));

window.scrollTo = (() => undefined) as never;

const { Reader } = await import('../../../extension/ui/Reader');


describe('the reader, switched to another clip', () => {
  it('shows the clip its route names, not the earlier clip’s late answer', async () => {
    const root = mountPoint();
    const props = { onBack: () => undefined, onDelete: () => undefined };
    await act(() => render(h(Reader, { clipId: 'clipA', ...props }), root));
    await act(() => render(h(Reader, { clipId: 'clipB', ...props }), root));
    await wait(20);
    expect(root.querySelector('[data-testid=reader]')?.getAttribute('data-clip-id')).toBe('clipB');
    // The first clip's answer arrives now.
    await act(() => held.get('clipA')!());
    await wait(20);
    expect(root.querySelector('[data-testid=reader]')?.getAttribute('data-clip-id')).toBe('clipB');
    expect(root.querySelector('[data-testid=reader-title]')?.textContent).toBe('Second clip');
  });
});
