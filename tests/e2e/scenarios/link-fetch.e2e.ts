/**
 * Fetching the articles of imported links in the background, as a user does it on the options
 * page: bookmarks whose links point at fixture pages are imported as links; with the box
 * "Fetch the articles of imported links…" ticked, the background fetches them one at a time
 * (the fixture site is one site: 5 s apart, shortened here by the test-only `debugFetchHostGap`), and the clips get their article (read in the side
 * panel's reader), a PDF is skipped and a 404 is listed as failed with its reason. With the box
 * not ticked nothing is fetched until the user presses "Fetch the articles of links already
 * imported".
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, describe, expect, it } from 'vitest';
import { browsersUnderTest, type ExtensionDriver } from '../harness/driver';
import { poll } from '../harness/poll';
import { chooseImportFile, must, text, useWorld } from '../harness/steps';

const dir = mkdtempSync(join(tmpdir(), 'cp-link-fetch-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const T0 = 1_700_000_000;
/** Sentences of the fixture articles (tests/fixtures/pages). */
const TIDE_MILL = 'Twice a day the sea climbs up Sallow Creek';
const SOURDOUGH = 'Anyone who keeps a sourdough starter for long enough';

/** A Chromium bookmarks export of these links, in a folder "Fetch". */
function bookmarks(links: ReadonlyArray<{ url: string; title: string }>): Uint8Array {
  const rows = links.map((l, i) => `        <DT><A HREF="${l.url}" ADD_DATE="${T0 + i}">${l.title}</A>`).join('\n');
  return new TextEncoder().encode(`<!DOCTYPE NETSCAPE-Bookmark-file-1>
<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8">
<TITLE>Bookmarks</TITLE>
<H1>Bookmarks</H1>
<DL><p>
    <DT><H3 ADD_DATE="${T0}" LAST_MODIFIED="${T0}">Fetch</H3>
    <DL><p>
${rows}
    </DL><p>
</DL><p>
`);
}

const chooseFile = (page: Page, name: string, bytes: Uint8Array) => chooseImportFile(page, dir, name, bytes);

/** Ticks or unticks the opt-in box, and waits for the background to have it. */
async function setAuto(driver: ExtensionDriver, page: Page, on: boolean): Promise<void> {
  const box = await poll(() => page.$('[data-testid=link-fetch-auto]:not([disabled])'), { message: 'the opt-in box' });
  if ((await box.evaluate((el) => (el as HTMLInputElement).checked)) !== on) await box.click();
  await poll(async () => (await must(driver, 'linkFetchStatus')).auto === on, { message: `opt-in ${on}` });
}

/** Waits for the import of `name` to end; fails on anything but done. */
async function imported(driver: ExtensionDriver, name: string): Promise<void> {
  const job = await poll(async () => {
    const res = await driver.call('importStatus');
    return res.ok && res.value.job?.name === name && res.value.job.state !== 'running' ? res.value.job : null;
  }, { timeout: 60_000, message: `the import of ${name}` });
  expect(job.state).toBe('done');
}

/** Waits for the options page to show the fetch run ended, and returns its counts line. */
async function runEnds(page: Page, timeout = 90_000): Promise<string> {
  await poll(async () => (await page.$eval('[data-testid=link-fetch-run]', (el) => el.getAttribute('data-state')).catch(() => null)) === 'done', { timeout, interval: 250, message: 'the fetch to end' });
  return text(page, '[data-testid=link-fetch-count]');
}

/** The saved article text of the clip for `url`. */
async function articleOf(driver: ExtensionDriver, url: string): Promise<{ id: string; text: string; title: string }> {
  const clip = (await must(driver, 'pageStatus', { url })).clip;
  if (!clip) throw new Error(`no clip for ${url}`);
  const view = await must(driver, 'getClip', { clipId: clip.id });
  return { id: clip.id, text: view.text, title: view.title };
}

for (const name of browsersUnderTest()) {
  describe(`${name}: fetching imported links`, () => {
    const world = useWorld(name);

    it('with the box ticked, an import is followed by its articles: fetched, read in the reader; a PDF skipped, a 404 failed with its reason', async () => {
      const { driver, site } = world();
      // One site's requests 300 ms apart instead of 5 s (the policy's own tests are in tests/unit/import).
      await must(driver, 'debugFetchHostGap', { ms: 300 });
      const page = await driver.openExtensionPage('options.html');
      await setAuto(driver, page, true);
      const links = [
        { url: site.url('/article.html?via=auto'), title: 'Tide mill (bookmark)' },
        { url: site.url('/article-2.html?via=auto'), title: 'Sourdough (bookmark)' },
        { url: site.url('/file.pdf?via=auto'), title: 'A PDF' },
        { url: site.url('/status/404'), title: 'Gone' },
      ];
      await chooseFile(page, 'bookmarks-auto.html', bookmarks(links));
      await imported(driver, 'bookmarks-auto.html');
      expect(await runEnds(page)).toMatch(/^4 of 4 links: 2 fetched, 1 skipped, 1 failed/);
      const failures = await text(page, '[data-testid=link-fetch-failures]');
      expect(failures).toContain(links[3]!.url);
      expect(failures).toMatch(/404/);

      // One request per site at a time: the fixture site is one site.
      const tide = await articleOf(driver, links[0]!.url);
      expect(tide.text).toContain(TIDE_MILL);
      expect(tide.title).toBe('Tide mill (bookmark)');
      expect((await articleOf(driver, links[1]!.url)).text).toContain(SOURDOUGH);
      expect((await articleOf(driver, links[3]!.url)).text).toMatch(/^Imported from your bookmarks\. The article was not fetched/);
      const clip = (await must(driver, 'pageStatus', { url: links[0]!.url })).clip!;
      expect((await must(driver, 'getClip', { clipId: clip.id })).tags).toEqual(['Fetch']);

      const panel = await driver.openExtensionPage(`sidepanel.html#clip=${tide.id}`);
      await poll(async () => ((await panel.$eval('[data-testid=reader]', (el) => el.textContent ?? '').catch(() => '')).includes(TIDE_MILL) ? true : null), { message: 'the article in the reader' });
      expect(await text(panel, '[data-testid=reader-title]')).toBe('Tide mill (bookmark)');
      await panel.close();
      await page.close();
    });

    it('with the box not ticked nothing is fetched; the button fetches the links already imported', async () => {
      const { driver, site } = world();
      await must(driver, 'debugFetchHostGap', { ms: 300 });
      const page = await driver.openExtensionPage('options.html');
      await setAuto(driver, page, false);
      const links = [
        { url: site.url('/article.html?via=button'), title: 'Tide mill again' },
        { url: site.url('/article-3.html?via=button'), title: 'Night trains' },
      ];
      site.requests.length = 0;
      await chooseFile(page, 'bookmarks-button.html', bookmarks(links));
      await imported(driver, 'bookmarks-button.html');
      await new Promise((r) => setTimeout(r, 2_000));
      expect(site.requests.filter((r) => r.includes('via=button'))).toEqual([]);
      expect((await articleOf(driver, links[0]!.url)).text).toMatch(/The article was not fetched/);

      await (await poll(() => page.$('[data-testid=link-fetch-start]:not([disabled])'), { message: 'the start button' })).click();
      await poll(() => page.$('[data-testid=link-fetch-run][data-state=running]'), { message: 'the run shown' });
      // The PDF and the 404 of another test, still links, are tried again too.
      expect(await runEnds(page)).toMatch(/^(\d) of \1 links: 2 fetched, [01] skipped, [01] failed/);
      expect((await articleOf(driver, links[0]!.url)).text).toContain(TIDE_MILL);
      expect(site.requests.filter((r) => r.includes('via=button'))).toHaveLength(2);
      await page.close();
    });

    it('pause holds the run, resume goes on, and a background killed in the middle resumes it from its record', async () => {
      const { driver, site } = world();
      // 2 s apart, so that the pause comes between two requests (the kill brings back the 5 s policy).
      await must(driver, 'debugFetchHostGap', { ms: 2_000 });
      const page = await driver.openExtensionPage('options.html');
      await setAuto(driver, page, false);
      const links = ['/article.html?via=kill', '/article-2.html?via=kill', '/article-3.html?via=kill'].map((p, i) => ({ url: site.url(p), title: `Kill ${i}` }));
      await chooseFile(page, 'bookmarks-kill.html', bookmarks(links));
      await imported(driver, 'bookmarks-kill.html');
      const asked = () => site.requests.filter((r) => r.includes('via=kill')).length;
      await (await poll(() => page.$('[data-testid=link-fetch-start]:not([disabled])'), { message: 'the start button' })).click();
      await poll(() => asked() >= 1 || null, { timeout: 30_000, message: 'a first request' });
      await (await poll(() => page.$('[data-testid=link-fetch-pause]:not([disabled])'), { message: 'the pause button' })).click();
      await poll(() => page.$('[data-testid=link-fetch-run][data-state=paused]'), { message: 'paused' });
      const whenPaused = asked();
      await new Promise((r) => setTimeout(r, 3_500));
      expect(asked()).toBe(whenPaused);
      await (await poll(() => page.$('[data-testid=link-fetch-resume]:not([disabled])'), { message: 'the resume button' })).click();
      await poll(() => asked() > whenPaused || null, { timeout: 30_000, message: 'a request after resuming' });
      await driver.killBackground();
      await poll(async () => {
        const res = await driver.call('linkFetchStatus');
        return res.ok && res.value.run?.state === 'done' ? true : null;
      }, { timeout: 90_000, interval: 500, message: 'the run to end after the kill' });
      for (const l of links) expect((await articleOf(driver, l.url)).text).not.toMatch(/The article was not fetched/);
      await page.close();
    });
  });
}
