/**
 * Review (notices): a menu or shortcut save reports its outcome in the page, else on the toolbar
 * badge and tooltip *of its tab*. When that tab is gone by the time the save ends (a "Save link"
 * fetch takes up to 20 s; the user closed the tab meanwhile), `setBadgeText`/`setTitle` with that
 * tabId are refused, the refusals are swallowed, and the outcome is shown nowhere: a link that
 * failed to save says nothing at all (the README: "What cannot be saved says so"). With no tab to
 * show it on, the badge and tooltip of the button itself should carry it.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('wxt/browser', async () => ({ browser: (await import('./jobs-browser')).browser }));

const fb = await import('./jobs-browser');
const { notify } = await import('../../../extension/background/notices');

beforeEach(() => fb.resetFakeBrowser());

describe('the outcome of a save whose tab closed meanwhile', () => {
  it('is still shown on the toolbar button (badge and tooltip without a tab) when its tab is gone', async () => {
    // Tab 42 (where "Save link" was clicked) was closed while the link was fetched.
    await notify(42, { kind: 'error', message: 'The link could not be loaded (HTTP 503). Try again later.' });
    expect(fb.calls).toContain('badge * !');
    expect(fb.calls.some((c) => c.startsWith('title * ') && c.includes('HTTP 503'))).toBe(true);
  });
});
