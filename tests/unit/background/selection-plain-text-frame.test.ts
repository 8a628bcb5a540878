/**
 * "Save selection" in a frame our script cannot read (a cross-site or sandboxed iframe) falls back
 * to the plain text the context menu reported. It saved silently ("Saved “…”", as if the selection
 * had been read with its formatting) and filed the clip under the tab's page even when the text
 * was in another site's frame. It says now that only the plain text was saved, and files the clip
 * under the frame's page (`frameUrl`) when the selection was in another frame.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { openLibrary } from '../library/helpers';

vi.mock('wxt/browser', async () => ({ browser: (await import('./jobs-browser')).browser }));
const state = vi.hoisted(() => ({ toasts: [] as string[], library: null as unknown }));
// The frame cannot host our script: the transport fails (as the browser's refusal does).
vi.mock('../../../extension/messaging', () => ({
  contentOf: () => async (method: string) => (method === 'extractSelection' ? { ok: false, error: { code: 'interrupted', message: 'Could not establish connection.' } } : { ok: true, value: {} }),
  offscreen: () => undefined,
}));
vi.mock('../../../extension/background/services', () => ({ services: async () => ({ library: state.library }) }));
vi.mock('../../../extension/background/image-job', () => ({ queueImages: async () => undefined }));
vi.mock('../../../extension/background/snapshot-job', () => ({ queueSnapshotAfterSave: async () => undefined }));
vi.mock('../../../extension/background/notices', () => ({ notify: async (_tab: number | undefined, t: { message: string }) => void state.toasts.push(t.message) }));

const fb = await import('./jobs-browser');
const { runMenuClick } = await import('../../../extension/background/save-actions');

const TAB = 'https://blog.example/post';
const FRAME = 'https://widgets.other.example/embed/42';

beforeEach(async () => {
  state.toasts.length = 0;
  state.library = (await openLibrary()).library;
  fb.tabs.set(7, { id: 7, url: TAB, title: 'A blog post', incognito: false });
});

describe("Save selection in a frame Commonplace can't read", () => {
  it('files the clip under the frame, and says only the plain text was saved', async () => {
    const out = await runMenuClick({ menuItemId: 'save-selection', tabId: 7, frameId: 3, frameUrl: FRAME, pageUrl: TAB, selectionText: 'Words in the embedded widget.' });
    expect(out.clip.url).toBe(FRAME);
    expect(out.clip.kind).toBe('selection');
    expect(out.clip.title).toContain('widgets.other.example');
    expect(state.toasts).toHaveLength(1);
    expect(state.toasts[0]).toMatch(/^Saved “.*” in Commonplace as plain text only/);
  });

  it("in the tab's own page (or a frame with no web address), files it under the tab", async () => {
    const top = await runMenuClick({ menuItemId: 'save-selection', tabId: 7, frameId: 0, frameUrl: undefined, pageUrl: TAB, selectionText: 'Words in the page.' });
    expect(top.clip.url).toBe(TAB);
    expect(top.clip.title).toBe('A blog post');
    const srcdoc = await runMenuClick({ menuItemId: 'save-selection', tabId: 7, frameId: 4, frameUrl: 'about:srcdoc', pageUrl: TAB, selectionText: 'Words in a srcdoc frame.' });
    expect(srcdoc.clip.url).toBe(TAB);
    expect(state.toasts.every((t) => /as plain text only/.test(t))).toBe(true);
  });
});
