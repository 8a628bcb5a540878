/**
 * Nothing is lost and nothing is duplicated when the background is stopped before,
 * during or just after a save, or when the browser restarts on the same profile.
 */
import { describe, expect, it } from 'vitest';
import { browsersUnderTest } from '../harness/driver';
import { poll, sleep } from '../harness/poll';
import { clickSave, clipCount, expectListTitles, must, openPopupFor, useWorld } from '../harness/steps';

for (const name of browsersUnderTest()) {
  describe(`${name}: durability`, () => {
    const world = useWorld(name);

    it('saves when the background was stopped before the save', async () => {
      const { driver, site } = world();
      const page = await driver.openPage(site.url('/article.html'));
      const popup = await openPopupFor(driver, page);
      await driver.stopBackground();
      expect(await driver.isBackgroundRunning()).toBe(false);
      expect((await clickSave(popup)).state).toBe('saved');
      expect(await clipCount(driver)).toBe(1);
      await Promise.all([page.close(), popup.close()]);
    });

    it('loses nothing and duplicates nothing when stopped during a save', async () => {
      const { driver, site } = world();
      const page = await driver.openPage(site.url('/article-2.html'));
      const popup = await openPopupFor(driver, page);
      // Stop at several instants inside the save. The popup's client retries an interrupted
      // call (saves are idempotent), so each click must end "saved", on the same clip.
      for (const delay of [0, 5, 15, 30, 60, 120, 250]) {
        const outcome = await clickSave(popup, async () => {
          await sleep(delay);
          await driver.stopBackground().catch(() => undefined);
        });
        expect(outcome, `stopped ${delay} ms into the save`).toEqual({ state: 'saved', message: expect.any(String) });
      }
      const info = await must(driver, 'libraryInfo');
      expect(info.clipCount).toBe(2);
      expect(info.indexedCount).toBe(2);
      const status = await must(driver, 'pageStatus', { url: site.url('/article-2.html') });
      expect(status.clip.title).toBe('Why Sourdough Starters Smell of Nail Varnish');
      await Promise.all([page.close(), popup.close()]);
    });

    it('keeps a save that completed just before the background was stopped', async () => {
      const { driver, site } = world();
      const page = await driver.openPage(site.url('/article-3.html'));
      const tabId = await driver.tabIdOf(page);
      const out = await must(driver, 'savePage', { tabId });
      await driver.stopBackground();
      const clip = await must(driver, 'getClip', { clipId: out.clip.id });
      expect(clip.text).toContain('night');
      expect(await clipCount(driver)).toBe(3);
      await page.close();
    });

    it('still lists and reads every clip after the browser restarts on the same profile', async () => {
      const { driver } = world();
      await driver.restart();
      const panel = await driver.openExtensionPage('sidepanel.html');
      const titles = ['The Tide Mill at Sallow Creek', 'Why Sourdough Starters Smell of Nail Varnish', 'A Field Guide to the Night Trains of the Alps'];
      await expectListTitles(panel, titles);
      await panel.click('[data-testid=clip-item]');
      await poll(() => panel.$('[data-testid=article] p'), { message: 'article after restart' });
      const info = await must(driver, 'libraryInfo');
      expect(info).toMatchObject({ clipCount: 3, indexedCount: 3 });
      await panel.close();
    });

    it('rebuilds a lost index from the documents', async () => {
      const { driver } = world();
      const page = await driver.openExtensionPage('options.html');
      await page.evaluate(async () => {
        await new Promise((resolve, reject) => {
          const open = indexedDB.open('commonplace-index');
          open.onsuccess = () => {
            const db = open.result;
            const tx = db.transaction(['clips', 'meta'], 'readwrite');
            tx.objectStore('clips').clear();
            tx.objectStore('meta').clear();
            tx.oncomplete = () => (db.close(), resolve(null));
            tx.onerror = () => reject(tx.error);
          };
          open.onerror = () => reject(open.error);
        });
      });
      await driver.stopBackground();
      const panel = await driver.openExtensionPage('sidepanel.html');
      await expectListTitles(panel, ['The Tide Mill at Sallow Creek', 'Why Sourdough Starters Smell of Nail Varnish', 'A Field Guide to the Night Trains of the Alps']);
      await Promise.all([page.close(), panel.close()]);
    });

    it('keeps a save answered before its documents were written, and writes them on the next start', async () => {
      const { driver, site } = world();
      await must(driver, 'debugHoldDocumentWrites', { hold: true });
      const page = await driver.openPage(site.url('/slow?ms=0'));
      const out = await must(driver, 'savePage', { tabId: await driver.tabIdOf(page) });
      expect(out.created).toBe(true);
      // Answered: durable in the journal and listed, not yet in the documents.
      const held = await must(driver, 'debugState');
      expect(held.pendingCaptures).toBe(1);
      expect(held.indexRows).toBe(4);
      expect(held.rootEntries).toBe(3);
      await driver.stopBackground();
      // The next start writes it from the journal.
      const after = await must(driver, 'debugState');
      expect(after).toMatchObject({ pendingCaptures: 0, rootEntries: 4, indexRows: 4 });
      expect((await must(driver, 'getClip', { clipId: out.clip.id })).title).toBe('A Slow Page (0 ms)');
      // And it is the same clip a second save updates.
      const again = await must(driver, 'savePage', { tabId: await driver.tabIdOf(page) });
      expect(again).toMatchObject({ created: false, clip: { id: out.clip.id } });
      await page.close();
    });
  });
}
