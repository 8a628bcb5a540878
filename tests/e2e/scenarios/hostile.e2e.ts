/**
 * A hostile page (scripts, handlers, javascript: URLs, remote media, forms, iframes,
 * CSS imports) is saved and read: nothing executes in the extension and nothing remote loads.
 */
import { describe, expect, it } from 'vitest';
import { browsersUnderTest } from '../harness/driver';
import { poll, sleep } from '../harness/poll';
import { must, useWorld } from '../harness/steps';

for (const name of browsersUnderTest()) {
  describe(`${name}: hostile page`, () => {
    const world = useWorld(name);

    it('saves it sanitised and reads it without running or loading anything', async () => {
      const { driver, site, remote } = world();
      const page = await driver.openPage(site.url('/hostile.html'));
      const tabId = await driver.tabIdOf(page);
      await sleep(300); // let the page finish its own remote requests
      const baseline = remote.requests.length;

      const out = await must(driver, 'savePage', { tabId });
      const clip = await must(driver, 'getClip', { clipId: out.clip.id });
      expect(clip.title).toContain('Harbour Lights');
      // Stored HTML: no active content.
      expect(clip.html).not.toMatch(/<script|<iframe|<object|<embed|<form|<style|<meta|\son\w+=|javascript:/i);

      const panel = await driver.openExtensionPage(`sidepanel.html#clip=${out.clip.id}`);
      await poll(() => panel.$('[data-testid=article] p'), { message: 'article rendered' });
      await sleep(500);
      const seen = await panel.evaluate(() => {
        const article = document.querySelector('[data-testid=article]')!;
        return {
          pwned: (window as any).__pwned ?? null,
          remoteScript: (window as any).__remoteScriptRan ?? null,
          title: document.title,
          active: article.querySelectorAll('script, iframe, frame, object, embed, form, input, style, link, meta, img, picture, video, audio, source, svg').length,
          handlers: [...article.querySelectorAll('*')].flatMap((el) => [...el.attributes].map((a) => a.name)).filter((n) => n.startsWith('on') || n === 'src' || n === 'srcset' || n === 'style'),
          jsLinks: [...article.querySelectorAll('a')].filter((a) => /^\s*javascript:/i.test(a.getAttribute('href') ?? '')).length,
          altText: [...article.querySelectorAll('.cp-media-alt')].map((s) => s.textContent),
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
      await panel.evaluate(() => document.querySelectorAll<HTMLElement>('[data-testid=article] *').forEach((el) => el.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }))));
      await sleep(300);
      expect(remote.requests.slice(baseline)).toEqual([]);
      expect(await panel.evaluate(() => (window as any).__pwned ?? null)).toBeNull();
      await Promise.all([page.close(), panel.close()]);
    });
  });
}
