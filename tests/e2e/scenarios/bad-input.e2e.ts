/**
 * Every kind of input that cannot be saved as-is gets a clear message in the UI, never a
 * broken or silent save: no article, a 10 MB page, non-HTML content, browser pages,
 * a selection inside a frame the extension cannot reach, a link that fails to fetch.
 */
import { describe, expect, it } from 'vitest';
import { browsersUnderTest } from '../harness/driver';
import { poll } from '../harness/poll';
import { clickSave, clipCount, frameIdOf, must, mustFail, openPopupFor, openPrivilegedPage, pageToast, selectText, text, useWorld } from '../harness/steps';

for (const name of browsersUnderTest()) {
  describe(`${name}: bad input`, () => {
    const world = useWorld(name);

    it('a page with no article: a clear message in the popup, nothing saved', async () => {
      const { driver, site } = world();
      const before = await clipCount(driver);
      const page = await driver.openPage(site.url('/no-article.html'));
      const popup = await openPopupFor(driver, page);
      const out = await clickSave(popup);
      expect(out.state).toBe('error');
      expect(out.message).toMatch(/no text to save/i);
      expect(await clipCount(driver)).toBe(before);
      expect((await must(driver, 'pageStatus', { url: site.url('/no-article.html') })).clip).toBeNull();
      await Promise.all([page.close(), popup.close()]);
    });

    it('a page that is not an article falls back to its body', async () => {
      const { driver, site } = world();
      const page = await driver.openPage(site.url('/nav-only.html'));
      const out = await must(driver, 'savePage', { tabId: await driver.tabIdOf(page) });
      const clip = await must(driver, 'getClip', { clipId: out.clip.id });
      expect(clip.text.length).toBeGreaterThan(20);
      await page.close();
    });

    it('a 10 MB page is saved whole and reads back', { timeout: 240_000 }, async () => {
      const { driver, site } = world();
      const page = await driver.openPage(site.url('/big.html'));
      const popup = await openPopupFor(driver, page);
      const out = await clickSave(popup, undefined, 120_000);
      expect(out).toMatchObject({ state: 'saved' });
      const status = await must(driver, 'pageStatus', { url: site.url('/big.html') });
      expect(status.clip).not.toBeNull();
      const clip = await must(driver, 'getClip', { clipId: status.clip!.id });
      expect(clip.text.length).toBeGreaterThan(5_000_000);
      await Promise.all([page.close(), popup.close()]);
    });

    it('plain text is saved as text; an image is refused with a message naming it', async () => {
      const { driver, site } = world();
      const txt = await driver.openPage(site.url('/plain.txt'));
      const saved = await must(driver, 'savePage', { tabId: await driver.tabIdOf(txt) });
      expect((await must(driver, 'getClip', { clipId: saved.clip.id })).html).toContain('<pre');

      const img = await driver.openPage(site.url('/image.png'));
      const popup = await openPopupFor(driver, img);
      const out = await clickSave(popup);
      expect(out.state).toBe('error');
      expect(out.message).toMatch(/image/i);
      await Promise.all([txt.close(), img.close(), popup.close()]);
    });

    it('a PDF link is refused with a message, as is a link that fails to fetch', async () => {
      const { driver, site } = world();
      const links = await driver.openPage(site.url('/links.html'));
      const tabId = await driver.tabIdOf(links);
      const pdf = await mustFail(driver, 'simulateMenuClick', { menuItemId: 'save-link', tabId, linkUrl: site.url('/file.pdf') });
      expect(pdf.code).toBe('unsupported-type');
      expect(pdf.message).toMatch(/PDF/);
      const missing = await mustFail(driver, 'simulateMenuClick', { menuItemId: 'save-link', tabId, linkUrl: site.url('/status/404') });
      expect(missing.code).toBe('fetch-failed');
      expect(missing.message).toMatch(/404/);
      const toast = await pageToast(links);
      expect(toast.kind).toBe('error');
      expect(toast.message).toMatch(/404/);
      const dead = await mustFail(driver, 'simulateMenuClick', { menuItemId: 'save-link', tabId, linkUrl: 'http://127.0.0.1:9/nothing-listens-here' });
      expect(dead.code).toBe('fetch-failed');
      await links.close();
    });

    it('browser pages and about: pages are refused with the reason', async () => {
      const { driver } = world();
      const internal = name === 'chromium' ? 'chrome://version/' : 'about:robots';
      const { page, tabId } = await openPrivilegedPage(driver, internal);
      expect(tabId).toBeTypeOf('number');
      const popup = await driver.openExtensionPage(`popup.html?tabId=${tabId}`);
      await poll(() => popup.$eval('[data-testid=status]', (el) => el.getAttribute('data-state') === 'error'), { message: 'popup refuses' });
      expect(await text(popup, '[data-testid=status]')).toMatch(/don't let extensions|blocks extensions/i);
      const err = await mustFail(driver, 'savePage', { tabId });
      expect(err.code).toBe('forbidden-page');
      await Promise.all([page.close(), popup.close()]);
    });

    it('a selection in a frame the extension cannot reach: saved as plain text, or a clear message when there is none', async () => {
      const { driver, site } = world();
      const page = await driver.openPage(site.url('/iframe-selection.html'));
      const tabId = await driver.tabIdOf(page);
      // The sandboxed srcdoc frame has no frame id the extension can script.
      const unreachable = await mustFail(driver, 'simulateMenuClick', { menuItemId: 'save-selection', tabId, frameId: 987654 });
      expect(unreachable.code).toBe('frame-unreachable');
      expect(unreachable.message).toMatch(/frame/);
      const saved = await must(driver, 'simulateMenuClick', {
        menuItemId: 'save-selection',
        tabId,
        frameId: 987654,
        selectionText: 'Sandboxed sponsor panel: the chandlery on Quay Street is open late on Fridays.',
      });
      expect(saved.clip.kind).toBe('selection');
      // An empty selection in a reachable frame says what to do.
      await selectText(page, '#frame-text', '#same-origin');
      const frameId = await frameIdOf(driver, tabId, 'frame-content.html');
      await page.evaluate(() => window.getSelection()?.removeAllRanges());
      const none = await mustFail(driver, 'simulateMenuClick', { menuItemId: 'save-selection', tabId, frameId: 0 });
      expect(none.message).toMatch(/Nothing is selected/);
      expect(frameId).toBeGreaterThan(0);
      await page.close();
    });
  });
}
