// @vitest-environment jsdom
/**
 * The popup's "Open in reader" in Firefox set the sidebar's page to `sidepanel.html#clip=ID` with
 * `sidebarAction.setPanel({ panel })`: with no window or tab named, that is the global page,
 * loaded by every later opening of the sidebar (the toolbar, the menu, another window) until the
 * browser restarts. A page opened with a hash shows that view, not the one it was left on, so the
 * sidebar kept opening on that one clip: after going back to the list, closing and reopening it
 * from the toolbar, the user got the old clip's reader instead of the reading list.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { saveLastRoute } from '../../../extension/ui/last-view';
import { parseRoute } from '../../../extension/ui/use-hash-route';

/** Firefox's sidebar: one global page (setPanel without a window or tab), loaded by each opening. */
const sidebar = vi.hoisted(() => ({ panel: 'moz-extension://cp/sidepanel.html', opened: 0 }));
vi.mock('wxt/browser', () => ({
  browser: {
    runtime: { getURL: (path: string) => `moz-extension://cp${path}` },
    sidebarAction: {
      open: async () => void sidebar.opened++,
      setPanel: async ({ panel }: { panel: string | null }) => void (sidebar.panel = panel ?? 'moz-extension://cp/sidepanel.html'),
    },
  },
}));

/** The sidebar opened as the browser opens it: its global page loads, and the panel module starts on it; the view it shows. */
async function openSidebar() {
  history.replaceState(null, '', new URL(sidebar.panel).hash || location.pathname);
  vi.resetModules();
  await import('../../../extension/ui/SidePanel');
  return parseRoute(location.hash);
}

beforeEach(() => {
  sidebar.panel = 'moz-extension://cp/sidepanel.html';
  sidebar.opened = 0;
});
afterEach(() => {
  history.replaceState(null, '', location.pathname);
  localStorage.clear();
});

describe('"Open in reader" in the Firefox sidebar', () => {
  it('opens the clip, then later openings come back to where the sidebar was left', async () => {
    const { openReader } = await import('../../../extension/ui/open-reader');
    openReader('clip-1', 7);
    expect(sidebar.opened).toBe(1);
    expect(await openSidebar()).toEqual({ view: 'clip', clipId: 'clip-1', highlightId: null });

    // The user goes back to the reading list (the panel remembers it: SidePanel.tsx), and closes the sidebar.
    saveLastRoute('');
    // Opened again from the toolbar, or in another window: the list, as it was left.
    expect(await openSidebar()).toEqual({ view: 'clips' });
    // Left on the Tags view: that again.
    saveLastRoute('tags');
    expect(await openSidebar()).toEqual({ view: 'tags' });
  });

  it('opens another clip the next time it is asked to', async () => {
    const { openReader } = await import('../../../extension/ui/open-reader');
    openReader('clip-1', 7);
    expect(await openSidebar()).toEqual({ view: 'clip', clipId: 'clip-1', highlightId: null });
    saveLastRoute('');
    openReader('clip-2', 7);
    expect(await openSidebar()).toEqual({ view: 'clip', clipId: 'clip-2', highlightId: null });
  });
});
