/**
 * The options page, dark mode, and refusals that depend on the browser: Firefox's
 * Reader View, and private windows.
 */
import { describe, expect, it } from 'vitest';
import { browsersUnderTest } from '../harness/driver';
import { poll } from '../harness/poll';
import { must, mustFail, openPrivilegedPage, text, useWorld } from '../harness/steps';

for (const name of browsersUnderTest()) {
  describe(`${name}: options, theme and browser-specific refusals`, () => {
    const world = useWorld(name);

    it('the options page shows the library and rebuilds its index', async () => {
      const { driver, site } = world();
      const page = await driver.openPage(site.url('/article.html'));
      await must(driver, 'savePage', { tabId: await driver.tabIdOf(page) });
      const info = await must(driver, 'libraryInfo');
      expect(info.clipCount).toBeGreaterThan(0);
      const options = await driver.openExtensionPage('options.html');
      await poll(() => options.$('[data-testid=library-url]'), { message: 'library info' });
      expect(await text(options, '[data-testid=library-url]')).toBe(info.libraryUrl);
      expect(info.libraryUrl).toMatch(/^automerge:/);
      expect(await text(options, '[data-testid=clip-count]')).toBe(String(info.clipCount));
      await options.click('[data-testid=rebuild-index]');
      const rebuilt = `Index rebuilt: ${info.indexedCount} clips.`;
      await poll(async () => (await text(options, '[data-testid=options-message]')) === rebuilt, { message: `"${rebuilt}"` });
      await Promise.all([page.close(), options.close()]);
    });

    if (name === 'chromium') {
      it('follows the system dark mode', async () => {
        const { driver } = world();
        const panel = await driver.openExtensionPage('sidepanel.html');
        const bg = () => panel.evaluate(() => getComputedStyle(document.body).backgroundColor);
        await panel.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
        expect(await bg()).toBe('rgb(251, 250, 247)');
        await panel.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'dark' }]);
        expect(await bg()).toBe('rgb(27, 26, 24)');
        await panel.close();
      });
    }

    it('refuses private-window saves with the reason', async () => {
      const { driver, site } = world();
      const page = await driver.openPage(site.url('/links.html'));
      const err = await mustFail(driver, 'simulateMenuClick', { menuItemId: 'save-link', tabId: await driver.tabIdOf(page), linkUrl: site.url('/article-2.html'), incognito: true });
      expect(err.code).toBe('private-window');
      expect(err.message).toMatch(/private windows/);
      await page.close();
    });

    if (name === 'firefox') {
      it("refuses Reader View pages, where Firefox blocks extensions", async () => {
        const { driver, site } = world();
        const { page, tabId } = await openPrivilegedPage(driver, `about:reader?url=${encodeURIComponent(site.url('/article.html'))}`);
        const popup = await driver.openExtensionPage(`popup.html?tabId=${tabId}`);
        await poll(() => popup.$eval('[data-testid=status]', (el) => el.getAttribute('data-state') === 'error'), { message: 'popup refuses' });
        expect(await text(popup, '[data-testid=status]')).toMatch(/Reader View/);
        expect((await mustFail(driver, 'savePage', { tabId })).code).toBe('forbidden-page');
        await Promise.all([page.close(), popup.close()]);
      });

      it('recreates its menus after the event page is suspended, without errors', async () => {
        const { driver, site } = world();
        await driver.stopBackground();
        const page = await driver.openPage(site.url('/article-3.html'));
        const out = await must(driver, 'simulateMenuClick', { menuItemId: 'save-page', tabId: await driver.tabIdOf(page) });
        expect(out.clip.title).toContain('Night Trains');
        expect((await must(driver, 'debugState')).menuErrors).toEqual([]);
        await page.close();
      });

      // It reloads the add-on (closing every extension page) and opens a private window,
      // which it always closes again, so the tests around it run the same in any order.
      it('refuses to save from a real private window, with the reason, in the popup too', async () => {
        const { driver, site } = world();
        await driver.allowInPrivateWindows!();
        // The reload closed the driver's control tab. Reopen it (and ours) before the private
        // window exists: tabs opened later land in that window and close with it.
        await must(driver, 'ping');
        const control = await driver.openExtensionPage('options.html');
        const url = site.url('/article-2.html');
        const windowId = await control.evaluate(async (url) => (await (globalThis as any).browser.windows.create({ incognito: true, url })).id as number, url);
        try {
          const tabId = await poll(
            () =>
              control.evaluate(
                async ({ windowId, url }) => {
                  const [tab] = await (globalThis as any).browser.tabs.query({ windowId });
                  return tab?.url === url && tab.status === 'complete' ? (tab.id as number) : null;
                },
                { windowId, url },
              ),
            { message: 'the private tab to load' },
          );
          const err = await mustFail(driver, 'savePage', { tabId });
          expect(err.code).toBe('private-window');
          const popup = await driver.openExtensionPage(`popup.html?tabId=${tabId}`);
          await poll(() => popup.$eval('[data-testid=status]', (el) => el.getAttribute('data-state') === 'unsaved'), { message: 'popup ready' });
          await popup.click('[data-testid=save-page]');
          await poll(() => popup.$eval('[data-testid=status]', (el) => el.getAttribute('data-state') === 'error'), { message: 'popup refuses' });
          expect(await text(popup, '[data-testid=status]')).toMatch(/private windows/);
          await popup.close();
        } finally {
          await control.evaluate((id) => (globalThis as any).browser.windows.remove(id), windowId);
          await control.close();
        }
      });
    }
  });
}
