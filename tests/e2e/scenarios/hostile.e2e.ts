/**
 * A hostile page (scripts, handlers, javascript: URLs, remote media, forms, iframes,
 * CSS imports) is saved and read: nothing executes in the extension and nothing remote loads.
 */
import type { Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { browsersUnderTest } from '../harness/driver';
import type { TestServer } from '../harness/fixture-server';
import { poll } from '../harness/poll';
import { must, useWorld } from '../harness/steps';

/** Paths on `origin` the page has fetched, from its resource timing (an entry is added once its fetch ends). */
function fetchedFrom(page: Page, origin: string): Promise<string[]> {
  return page.evaluate(
    (origin) =>
      performance
        .getEntriesByType('resource')
        .map((e) => e.name)
        .filter((n) => n.startsWith(origin))
        .map((n) => n.slice(origin.length)),
    origin,
  );
}

/**
 * Requests the tab's resource timing may list that the server need never receive: Firefox
 * lists its `<link rel=prefetch>` even when it drops the fetch (a clean-clone run waited
 * 45 s for it, every other request received). The tab is closed before reading starts, so
 * one that does arrive late cannot be blamed on the reader.
 */
const MAY_NEVER_ARRIVE = new Set(['/prefetch.html']);

/**
 * Waits until the hostile tab has made the requests it makes on its own: the remote server
 * has received the ones its scripts and error handlers send after the parse (`/exfil-*`),
 * and every request the page's resource timing lists (but `MAY_NEVER_ARRIVE`); then no
 * new request arrives for 300 ms. The server's own log decides (Firefox does not always
 * list a script's late `fetch` in resource timing).
 */
async function tabSettled(page: Page, remote: TestServer): Promise<void> {
  let count = -1;
  let since = 0;
  await poll(
    async () => {
      const late = ['/exfil-fetch', '/exfil-onerror'].every((p) => remote.requests.some((r) => r.startsWith(p)));
      const fetched = (await fetchedFrom(page, remote.origin)).filter((f) => !MAY_NEVER_ARRIVE.has(f));
      if (!late || !fetched.every((f) => remote.requests.includes(f))) return false;
      if (remote.requests.length !== count) {
        count = remote.requests.length;
        since = Date.now();
        return false;
      }
      return Date.now() - since >= 300;
    },
    {
      // 45 s: under load, Firefox has taken over 20 s to run the page's late fetch (seen once in a clean-clone run).
      timeout: 45_000,
      message: "the hostile tab's own remote requests",
      // Which condition never held (this is how the prefetch above was found).
      describe: async () => {
        const fetched = await fetchedFrom(page, remote.origin).catch(() => ['(page gone)']);
        const missing = fetched.filter((f) => !remote.requests.includes(f));
        const late = ['/exfil-fetch', '/exfil-onerror'].filter((p) => !remote.requests.some((r) => r.startsWith(p)));
        return `late requests not received ${JSON.stringify(late)}; listed by resource timing, not received ${JSON.stringify(missing)}; received ${JSON.stringify(remote.requests)}`;
      },
    },
  );
}

/** Waits until the extension page has loaded everything it is going to load: the document and every image in it. */
async function pageSettled(page: Page): Promise<void> {
  await poll(() => page.evaluate(() => document.readyState === 'complete' && [...document.images].every((img) => img.complete)), {
    message: 'the page to finish loading',
  });
}

for (const name of browsersUnderTest()) {
  describe(`${name}: hostile page`, () => {
    const world = useWorld(name);

    it('saves it sanitised and reads it without running or loading anything', async () => {
      const { driver, site, remote } = world();
      const page = await driver.openPage(site.url('/hostile.html'));
      const tabId = await driver.tabIdOf(page);
      await tabSettled(page, remote);

      const out = await must(driver, 'savePage', { tabId });
      // Its images are saved after the answer, fetched from the page's context or the background:
      // that is saving. Reading, below, must load nothing.
      await poll(async () => {
        const res = await driver.call('getClipImages', { clipId: out.clip.id, from: 1_000_000 });
        return res.ok && !res.value.pending;
      }, { timeout: 60_000, message: 'the images saved' });
      // From here on the hostile tab can make no request: whatever reaches the server is the reader's.
      await page.close();
      const baseline = remote.requests.length;
      const clip = await must(driver, 'getClip', { clipId: out.clip.id });
      expect(clip.title).toContain('Harbour Lights');
      // Stored HTML: no active content.
      expect(clip.html).not.toMatch(/<script|<iframe|<object|<embed|<form|<style|<meta|\son\w+=|javascript:/i);

      const panel = await driver.openExtensionPage(`sidepanel.html#clip=${out.clip.id}`);
      await poll(() => panel.$('[data-testid=article] p'), { message: 'article rendered' });
      await pageSettled(panel);
      const seen = await panel.evaluate(() => {
        const article = document.querySelector('[data-testid=article]')!;
        return {
          pwned: (window as any).__pwned ?? null,
          remoteScript: (window as any).__remoteScriptRan ?? null,
          title: document.title,
          // Saved images show from blob: URLs made from the library's bytes, and nothing else does.
          active: [...article.querySelectorAll('script, iframe, frame, object, embed, form, input, style, link, meta, img, picture, video, audio, source, svg')].filter((el) => !(el.localName === 'img' && /^blob:/.test(el.getAttribute('src') ?? ''))).length,
          handlers: [...article.querySelectorAll('*')].flatMap((el) => [...el.attributes].filter((a) => !(a.name === 'src' && el.localName === 'img' && /^blob:/.test(a.value))).map((a) => a.name)).filter((n) => n.startsWith('on') || n === 'src' || n === 'srcset' || n === 'style'),
          jsLinks: [...article.querySelectorAll('a')].filter((a) => /^\s*javascript:/i.test(a.getAttribute('href') ?? '')).length,
          altText: [...article.querySelectorAll('.cp-media-alt')].map((s) => s.querySelector('img')?.alt ?? s.textContent),
          links: [...article.querySelectorAll('a[href]')].map((a) => [a.getAttribute('target'), a.getAttribute('rel')]),
        };
      });
      expect(seen.pwned).toBeNull();
      expect(seen.remoteScript).toBeNull();
      expect(seen.title).not.toBe('PWNED');
      expect(seen.active).toBe(0);
      expect(seen.handlers).toEqual([]);
      expect(seen.jsLinks).toBe(0);
      expect(seen.altText).toContain('The breakwater lamp in 1931');
      for (const [target, rel] of seen.links) {
        expect(target).toBe('_blank');
        expect(rel).toContain('noopener');
      }
      // Clicking around the article does not run anything either.
      // (An inline handler would run synchronously inside dispatchEvent.)
      await panel.evaluate(() => document.querySelectorAll<HTMLElement>('[data-testid=article] *').forEach((el) => el.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }))));
      await pageSettled(panel);
      expect(await fetchedFrom(panel, remote.origin)).toEqual([]);
      expect(remote.requests.slice(baseline)).toEqual([]);
      expect(await panel.evaluate(() => (window as any).__pwned ?? null)).toBeNull();
      await panel.close();
    });
  });
}
