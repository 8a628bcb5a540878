/**
 * Saved images: a page with every kind of image is saved; its images follow the save, fetched
 * with the page's cookies where the browser allows, checked, scaled down, SVG made inert. Then
 * the site is stopped and the reader shows every saved image from the library (blob: URLs),
 * the others as alt text with a note, with no request and no script. A page over the per-clip
 * cap keeps its text and says which images were left out. A link saved from the menu (no tab shows
 * its page) has its images fetched by the background. A background killed while it
 * fetches an image saves the images after it starts again.
 */
import type { Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { browsersUnderTest, type ExtensionDriver } from '../harness/driver';
import { startFixtureServer } from '../harness/fixture-server';
import { poll } from '../harness/poll';
import { must, useWorld } from '../harness/steps';

const NO_BYTES = 1_000_000;

/** Waits until a clip's images are no longer waiting, and answers their state. */
async function imagesDone(driver: ExtensionDriver, clipId: string, timeout = 60_000) {
  return poll(
    async () => {
      const res = await driver.call('getClipImages', { clipId, from: NO_BYTES });
      return res.ok && !res.value.pending ? res.value : null;
    },
    { timeout, interval: 250, message: 'the clip’s images to be saved' },
  );
}

/** The reader's images and notes, once every saved image has loaded. */
async function readerImages(panel: Page, saved: number) {
  await poll(() => panel.evaluate((n) => [...document.querySelectorAll<HTMLImageElement>('[data-testid=article] img')].filter((i) => i.complete).length >= n, saved), {
    timeout: 20_000,
    message: 'the saved images shown',
  }).catch(async (e) => {
    console.log(await panel.evaluate(() => document.querySelector('[data-testid=article]')?.innerHTML.replace(/<p>[^<]{40,}<\/p>/g, '<p>…</p>')));
    throw e;
  });
  return panel.evaluate(() => {
    const article = document.querySelector('[data-testid=article]')!;
    return {
      images: [...article.querySelectorAll<HTMLImageElement>('img')].map((i) => ({ alt: i.alt, blob: i.src.startsWith('blob:'), width: i.naturalWidth })),
      notSaved: [...article.querySelectorAll('.cp-media-alt:not(.cp-media-saved)')].map((s) => s.textContent ?? ''),
      note: document.querySelector('[data-testid=images-note]')?.textContent ?? '',
      line: document.querySelector('[data-testid=clip-images]')?.textContent ?? '',
      remoteLoads: performance.getEntriesByType('resource').map((e) => e.name).filter((n) => /^https?:/.test(n)),
      pwned: (window as unknown as { __pwned?: unknown }).__pwned ?? null,
    };
  });
}

for (const name of browsersUnderTest()) {
  describe(`${name}: saved images`, () => {
    const world = useWorld(name);

    it('saves every kind of image after the article, and the reader shows them with the site stopped', async () => {
      const { driver, remote } = world();
      // A site of this test's own, to stop.
      const site = await startFixtureServer({ remoteOrigin: remote.origin });
      try {
        const page = await driver.openPage(site.url('/images/article.html'));
        const out = await must(driver, 'savePage', { tabId: await driver.tabIdOf(page) });
        // The save answered before its images were saved: they follow in the background.
        expect((await must(driver, 'getClipImages', { clipId: out.clip.id, from: NO_BYTES })).pending).toBe(true);
        const clip = await must(driver, 'getClip', { clipId: out.clip.id });
        // Stored HTML: every <img> names one absolute URL (lazy resolved, srcset and <picture> chosen).
        expect(clip.html).toContain(`src="${site.origin}/img/lazy.png"`);
        expect(clip.html).toContain(`src="${site.origin}/img/pic.png"`);
        expect(clip.html).not.toMatch(/srcset|data-src|<source/);
        expect(clip.text).not.toMatch(/Plain lamp|Huge lamp/);

        const state = await imagesDone(driver, out.clip.id);
        expect({ count: state.count, left: state.left, state: state.state }).toEqual({ count: 10, left: 2, state: 'saved' });
        expect(state.reason).toMatch(/not an image/);
        expect(state.reason).toMatch(/too many pixels/);
        const all = await must(driver, 'getClipImages', { clipId: out.clip.id });
        const svg = all.images.find((i) => i.type === 'image/svg+xml')!;
        expect(Buffer.from(svg.base64, 'base64').toString('utf8')).not.toMatch(/script|onload|svg-remote/i);
        const huge = all.images.find((i) => i.key.endsWith('/img/huge.png'))!;
        expect([huge.width, huge.height]).toEqual([2048, 1024]);
        expect(huge.type).toMatch(/^image\/(webp|jpeg|png)$/);
        expect(all.images.some((i) => i.key.endsWith('/img/cookie.png'))).toBe(true);
        expect(all.images.some((i) => i.key === `${remote.origin}/cross-origin.png`)).toBe(true);
        expect(all.images.some((i) => i.key.includes('/img/redirect.png'))).toBe(true);
        expect(all.images.some((i) => i.key.startsWith('data:image/png'))).toBe(true);
        await page.close();

        await site.close();
        const remoteBefore = remote.requests.length;
        const panel = await driver.openExtensionPage(`sidepanel.html#clip=${out.clip.id}`);
        // 10 saved images and the inline SVG drawing.
        const seen = await readerImages(panel, 11);
        expect(seen.images).toHaveLength(11);
        for (const img of seen.images) {
          expect(img.blob, img.alt).toBe(true);
          expect(img.width, img.alt).toBeGreaterThan(0);
        }
        expect(seen.images.map((i) => i.alt)).toEqual(expect.arrayContaining(['Plain lamp', 'Lazy lamp', 'Srcset lamp', 'Picture lamp', 'Inline compass', 'Drawing with a script', 'Cross-origin lamp', 'Members-only lamp', 'Redirected lamp', 'Inline data lamp', 'Huge lamp']));
        // Each image not saved says its own reason.
        expect(state.missing).toEqual({ [`${site.origin}/img/broken.png`]: 'type', [`${site.origin}/img/bomb.png`]: 'bomb' });
        expect(seen.notSaved).toEqual(['Broken lamp (image not saved: the file is not an image)', 'Bomb lamp (image not saved: too many pixels to decode safely)']);
        expect(seen.note).toMatch(/^2 images were not saved: /);
        expect(seen.line).toContain('10 images saved · 2 not saved');
        expect(seen.pwned).toBeNull();
        expect(seen.remoteLoads).toEqual([]);
        expect(remote.requests.slice(remoteBefore)).toEqual([]);

        // The list shows the clip's picture: a thumbnail of its first saved picture (the huge lamp;
        // the others are icons), made in this browser, with the site stopped.
        await panel.evaluate(() => void (location.hash = '#clips'));
        const thumb = await poll(
          () =>
            panel.evaluate((id) => {
              const img = document.querySelector<HTMLImageElement>(`[data-testid=clip-item][data-clip-id="${id}"] [data-testid=clip-thumb]`);
              return img?.complete && img.naturalWidth > 0 ? { blob: img.src.startsWith('blob:'), width: img.naturalWidth, height: img.naturalHeight } : null;
            }, out.clip.id),
          { timeout: 20_000, message: "the row's thumbnail" },
        );
        expect(thumb).toEqual({ blob: true, width: 128, height: 64 });
        // As a card, the same picture across its top; then rows again.
        await panel.click('[data-testid=layout-toggle]');
        await poll(
          () => panel.evaluate((id) => (document.querySelector<HTMLImageElement>(`[data-testid=clip-item][data-clip-id="${id}"] .card [data-testid=clip-thumb]`)?.naturalWidth ?? 0) > 0, out.clip.id),
          { timeout: 20_000, message: "the card's picture" },
        );
        await panel.click('[data-testid=layout-toggle]');
        await poll(() => panel.$('[data-testid=clip-list]:not(.clip-cards)'), { message: 'rows again' });
        // And its search result.
        await panel.type('[data-testid=search-input]', 'harbours');
        await poll(
          () => panel.evaluate((id) => (document.querySelector<HTMLImageElement>(`[data-testid=search-hit][data-clip-id="${id}"] [data-testid=clip-thumb]`)?.naturalWidth ?? 0) > 0, out.clip.id),
          { timeout: 20_000, message: "the search result's thumbnail" },
        );
        expect(await panel.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name).filter((n) => /^https?:/.test(n)))).toEqual([]);
        await panel.close();
      } finally {
        await site.close();
      }
    });

    it('a link saved from the menu gets its images too, fetched by the background, and shows them with the site stopped', async () => {
      const { driver, remote } = world();
      const site = await startFixtureServer({ remoteOrigin: remote.origin });
      try {
        const from = await driver.openPage(site.url('/links.html'));
        const out = await must(driver, 'simulateMenuClick', { menuItemId: 'save-link', tabId: await driver.tabIdOf(from), linkUrl: site.url('/images/article.html?via=link') });
        await from.close();
        const state = await imagesDone(driver, out.clip.id);
        expect(state.state).toBe('saved');
        // No tab shows the page: the background fetches them (a lazy image it cannot resolve may be left out).
        expect(state.count).toBeGreaterThanOrEqual(6);
        const all = await must(driver, 'getClipImages', { clipId: out.clip.id });
        expect(all.images.some((i) => i.key.endsWith('/img/plain.png') || i.key.includes('/img/'))).toBe(true);
        await site.close();
        const panel = await driver.openExtensionPage(`sidepanel.html#clip=${out.clip.id}`);
        const seen = await readerImages(panel, state.count);
        expect(seen.images.filter((i) => i.blob && i.width > 0).length).toBeGreaterThanOrEqual(state.count);
        expect(seen.remoteLoads).toEqual([]);
        await panel.close();
      } finally {
        await site.close();
      }
    });

    it('a page over the per-clip cap is saved with its text and a note about the images left out', async () => {
      const { driver, site } = world();
      await must(driver, 'setImageSettings', { enabled: true, capBytes: 128 * 1024 });
      try {
        const page = await driver.openPage(site.url('/images/heavy.html'));
        const out = await must(driver, 'savePage', { tabId: await driver.tabIdOf(page) });
        expect(out.clip.title).toBe('Noise Over the Estuary');
        const state = await imagesDone(driver, out.clip.id);
        expect(state.count + state.left).toBe(4);
        expect(state.left).toBeGreaterThan(0);
        expect(state.reason).toBe('over the 0.125 MB per-clip limit set in Options');
        expect(state.bytes).toBeLessThanOrEqual(128 * 1024);
        const panel = await driver.openExtensionPage(`sidepanel.html#clip=${out.clip.id}`);
        const note = await poll(() => panel.$eval('[data-testid=images-note]', (e) => e.textContent).catch(() => null), { message: 'the note' });
        expect(note).toBe(`${state.left} image${state.left === 1 ? ' was' : 's were'} not saved: over the 0.125 MB per-clip limit set in Options.`);
        // Each image left out says so under its alt text, with the cap.
        expect(Object.values(state.missing ?? {})).toEqual(Array(state.left).fill(`cap:${128 * 1024}`));
        const notSaved = await poll(
          () => panel.$$eval('[data-testid=article] .cp-media-alt:not(.cp-media-saved) [data-testid=image-not-saved]', (els) => (els.length ? els.map((e) => e.textContent) : null)),
          { message: 'the notes under the images not saved' },
        );
        expect(notSaved).toEqual(Array(state.left).fill('(image not saved: over this clip’s 0.125 MB image cap)'));
        expect(await panel.$eval('[data-testid=article]', (e) => e.textContent)).toContain((await must(driver, 'getClip', { clipId: out.clip.id })).text.slice(40, 120));
        // The options page shows the cap and what the images take.
        const options = await driver.openExtensionPage('options.html');
        expect(await poll(() => options.$eval('[data-testid=image-cap]', (e) => (e as HTMLInputElement).value).catch(() => null), { message: 'the cap' })).toBe('0.125');
        const breakdown = await poll(() => options.$eval('[data-testid=storage-breakdown]', (e) => e.textContent).catch(() => null), { message: 'the storage breakdown' });
        expect(breakdown).toMatch(/^text [\d.]+ [KMGT]?B · images [\d.]+ [KMGT]?B \(\d+ saved\) · snapshots [\d.]+ [KMGT]?B \(\d+\)$/);
        await Promise.all([page.close(), panel.close(), options.close()]);
      } finally {
        await must(driver, 'setImageSettings', { enabled: true, capBytes: 5 * 1024 * 1024 });
      }
    });

    it('a background killed while it fetches an image saves the images after it starts again', async () => {
      const { driver, site } = world();
      const tag = `k${Date.now()}`;
      // The slow image takes 2.5 s each time it is asked for (4 s before: the page's load and both of
      // the extension's fetches waited for it); the stop comes some 100 ms into the extension's fetch,
      // and one that came after it would fail the test (no second fetch), never pass it.
      const page = await driver.openPage(site.url(`/images/slow.html?ms=2500&tag=${tag}`));
      const slow = () => site.requests.filter((r) => r.startsWith('/img/slow.png') && r.includes(tag)).length;
      const loaded = slow();
      const out = await must(driver, 'savePage', { tabId: await driver.tabIdOf(page) });
      await poll(() => slow() > loaded || null, { timeout: 30_000, message: 'the extension fetching the slow image' });
      const before = (await must(driver, 'debugState')).startedAt;
      // Stopped now, with the image's fetch under way (CDP stopWorker / Firefox's terminateBackground).
      await driver.stopBackground();
      const state = await imagesDone(driver, out.clip.id, 90_000);
      expect((await must(driver, 'debugState')).startedAt).not.toBe(before);
      expect({ count: state.count, left: state.left }).toEqual({ count: 2, left: 0 });
      expect(slow()).toBeGreaterThan(loaded + 1);
      await page.close();
    });
  });
}
