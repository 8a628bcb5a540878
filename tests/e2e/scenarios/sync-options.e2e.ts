/**
 * The Sync section of the options page and the side panel's sync state, as a user sees
 * them: off by default, server addresses checked as they are typed, the library URL
 * (copy, QR code behind "Show"), a server that does not answer shown with its reason
 * while saving stays local, and turning sync off keeps every clip.
 *
 * `COMMONPLACE_SYNC_SHOTS=/some/dir` also writes screenshots of the section and the side
 * panel's header there (never into the repository).
 */
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { browsersUnderTest, type ExtensionDriver } from '../harness/driver';
import { poll } from '../harness/poll';
import { listTitles, must, text, useWorld } from '../harness/steps';

/** A server address nothing listens on (port 9, "discard", is closed on the test machines). */
const DEAD_SERVER = 'ws://127.0.0.1:9';
const SHOTS = process.env.COMMONPLACE_SYNC_SHOTS?.trim();

const attr = (page: Page, selector: string, name: string) => page.$eval(selector, (el, name) => el.getAttribute(name), name);
const prop = (page: Page, selector: string, name: 'checked' | 'disabled') => page.$eval(selector, (el, name) => (el as HTMLInputElement)[name], name);

/** Replaces an input's text the way a user does: select all, then type. */
async function fill(page: Page, selector: string, value: string): Promise<void> {
  await page.bringToFront();
  await page.$eval(selector, (el) => {
    const input = el as HTMLInputElement;
    input.value = '';
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await page.type(selector, value);
}

/**
 * Clicks as a user does, on the page in front: in headless Chromium a background tab renders
 * no frames, and puppeteer's click (like a screenshot) waits for one.
 */
async function click(page: Page, selector: string): Promise<void> {
  await page.bringToFront();
  await page.click(selector);
}

/** The options page once its Sync section has read the settings. */
async function openSyncOptions(driver: ExtensionDriver): Promise<Page> {
  const page = await driver.openExtensionPage('options.html');
  await poll(() => page.$('[data-testid=sync-toggle]'), { message: 'the sync switch' });
  await poll(() => page.$('[data-testid=library-url]'), { message: 'the library URL' });
  return page;
}

/** Waits for the side panel's header to show `state`; returns its text. */
async function panelSyncState(panel: Page, states: string[], timeout = 10_000): Promise<string> {
  await poll(async () => states.includes((await attr(panel, '[data-testid=sidepanel-sync-status]', 'data-state')) ?? ''), {
    timeout,
    message: `side panel sync state ${states.join(' or ')}`,
    describe: async () => `it shows "${await text(panel, '[data-testid=sidepanel-sync-status]').catch(() => '?')}"`,
  });
  return text(panel, '[data-testid=sidepanel-sync-status]');
}

async function shot(driver: ExtensionDriver, page: Page, name: string): Promise<void> {
  if (!SHOTS) return;
  await page.bringToFront(); // see click()
  await driver.screenshot(page, join(SHOTS, `${driver.name}-${name}.png`));
}

for (const name of browsersUnderTest()) {
  describe(`${name}: sync settings and status`, () => {
    const world = useWorld(name);

    it('sync is off by default: the switch is off and cannot be turned on without a server, the side panel says "Sync off"', async () => {
      const { driver } = world();
      const settings = await must(driver, 'syncSettings');
      expect(settings.enabled).toBe(false);
      expect(settings.servers).toEqual([]);
      const options = await openSyncOptions(driver);
      expect(await prop(options, '[data-testid=sync-toggle]', 'checked')).toBe(false);
      expect(await prop(options, '[data-testid=sync-toggle]', 'disabled')).toBe(true);
      expect(await options.$eval('[data-testid=sync-server-input]', (el) => (el as HTMLInputElement).value)).toBe('');
      expect(await text(options, '[data-testid=sync-warning]')).toMatch(/not encrypted[\s\S]*can read everything[\s\S]*secret/);
      await poll(async () => (await attr(options, '[data-testid=sync-status]', 'data-state')) === 'off', { message: 'options sync status "off"' });
      await shot(driver, options, 'options-sync-off');

      const panel = await driver.openExtensionPage('sidepanel.html');
      expect(await panelSyncState(panel, ['off'])).toBe('Sync off');
      expect(await attr(panel, '[data-testid=sidepanel-sync-status] a', 'href')).toMatch(/options\.html#sync$/);
      await shot(driver, panel, 'sidepanel-sync-off');
      await Promise.all([options.close(), panel.close()]);
    });

    it('an https:// address is refused as it is typed, suggesting wss://, and the switch stays disabled', async () => {
      const { driver } = world();
      const options = await openSyncOptions(driver);
      await fill(options, '[data-testid=sync-server-input]', 'https://x.org');
      await poll(() => options.$('[data-testid=sync-server-error]'), { message: 'the inline error' });
      expect(await text(options, '[data-testid=sync-server-error]')).toContain('wss://x.org');
      expect(await attr(options, '[data-testid=sync-server-input]', 'aria-invalid')).toBe('true');
      expect(await prop(options, '[data-testid=sync-toggle]', 'disabled')).toBe(true);
      expect(await prop(options, '[data-testid=sync-save]', 'disabled')).toBe(true);
      await shot(driver, options, 'options-sync-bad-address');

      await fill(options, '[data-testid=sync-server-input]', 'wss://x.org');
      await poll(async () => !(await options.$('[data-testid=sync-server-error]')), { message: 'the inline error to go' });
      expect(await prop(options, '[data-testid=sync-toggle]', 'disabled')).toBe(false);
      expect(await prop(options, '[data-testid=sync-toggle]', 'checked')).toBe(false);
      await options.close(); // never turned on or saved
      expect((await must(driver, 'syncSettings')).servers).toEqual([]);
    });

    it('"Join a library" checks the pasted URL as it is typed, and needs sync on', async () => {
      const { driver } = world();
      const { libraryUrl } = await must(driver, 'syncSettings');
      const options = await openSyncOptions(driver);
      await fill(options, '[data-testid=join-url]', 'https://example.org/library');
      await poll(() => options.$('[data-testid=join-url-error]'), { message: 'the join URL error' });
      expect(await text(options, '[data-testid=join-url-error]')).toContain('automerge:');
      await fill(options, '[data-testid=join-url]', libraryUrl);
      await poll(async () => (await text(options, '[data-testid=join-url-error]').catch(() => '')).includes('own library'), { message: 'its own URL refused' });
      await fill(options, '[data-testid=join-url]', 'automerge:4VbBo5gR3aZfaaJz8JXFQa1wBQhp');
      await poll(async () => !(await options.$('[data-testid=join-url-error]')), { message: 'a well-formed URL accepted' });
      // Sync is off: the library could not be fetched, so Join waits for it.
      expect(await prop(options, '[data-testid=join-button]', 'disabled')).toBe(true);
      expect(await text(options, '[data-testid=sync-section]')).toContain('Turn sync on first');
      expect(await text(options, '[data-testid=sync-section]')).toMatch(/merged into that library — none are lost/);
      await options.close();
    });

    it('the library URL is copied, and its QR code is drawn as inline SVG once "Show" is clicked', async () => {
      const { driver } = world();
      const { libraryUrl } = await must(driver, 'syncSettings');
      const options = await openSyncOptions(driver);
      expect(await text(options, '[data-testid=library-url]')).toBe(libraryUrl);
      expect(await attr(options, '[data-testid=library-url]', 'class')).toContain('secret');
      expect(await options.$('[data-testid=library-qr]')).toBeNull();

      await click(options, '[data-testid=show-library-url]');
      await poll(() => options.$('[data-testid=library-qr]'), { message: 'the QR code' });
      const qr = await options.$eval('[data-testid=library-qr]', (el) => ({
        tag: el.tagName.toLowerCase(),
        viewBox: el.getAttribute('viewBox'),
        path: el.querySelector('path')?.getAttribute('d')?.length ?? 0,
        box: el.getBoundingClientRect().width,
      }));
      expect(qr.tag).toBe('svg');
      expect(qr.viewBox).toMatch(/^0 0 \d+ \d+$/);
      expect(qr.path).toBeGreaterThan(100);
      expect(qr.box).toBeGreaterThan(100);
      expect(await attr(options, '[data-testid=library-url]', 'class')).not.toContain('secret');
      await shot(driver, options, 'options-sync-library-url');

      // Let the test read the clipboard back where the browser allows granting it (Chromium over CDP).
      await driver.browser
        .defaultBrowserContext()
        .overridePermissions(driver.baseUrl.replace(/\/$/, ''), ['clipboard-read', 'clipboard-write', 'clipboard-sanitized-write'])
        .catch(() => undefined);
      await click(options, '[data-testid=copy-library-url]');
      await poll(async () => (await attr(options, '[data-testid=copy-status]', 'data-state')) !== 'idle', { message: 'the copy outcome' });
      if ((await attr(options, '[data-testid=copy-status]', 'data-state')) === 'copied') {
        expect(await text(options, '[data-testid=copy-status]')).toBe('Copied');
        const pasted = await options.evaluate(() => navigator.clipboard.readText().catch((e: Error) => ({ denied: e.message })));
        if (typeof pasted === 'string') expect(pasted).toBe(libraryUrl);
        else console.warn(`[${name}] clipboard read denied in headless (${pasted.denied}): contents not checked`);
      } else {
        // Headless browsers may deny the clipboard to an unfocused page: the failure must then say what to do.
        const message = await text(options, '[data-testid=copy-status]');
        console.warn(`[${name}] clipboard write denied in headless: ${message}`);
        expect(message).toMatch(/copy it by hand/);
      }
      await options.close();
    });

    it(`a server that does not answer (${DEAD_SERVER}) is saved and shown with its reason within 15 s; saving stays local; turning sync off keeps the clip`, async () => {
      const { driver, site } = world();
      const article = await driver.openPage(site.url('/article.html'));
      const options = await openSyncOptions(driver);
      const panel = await driver.openExtensionPage('sidepanel.html');
      try {
        await fill(options, '[data-testid=sync-server-input]', DEAD_SERVER);
        await poll(async () => !(await prop(options, '[data-testid=sync-toggle]', 'disabled')), { message: 'the switch to be enabled' });
        await click(options, '[data-testid=sync-toggle]');
        await poll(async () => (await must(driver, 'syncSettings')).enabled, { message: 'sync saved as on' });
        expect((await must(driver, 'syncSettings')).servers).toEqual([DEAD_SERVER]);
        await poll(() => prop(options, '[data-testid=sync-toggle]', 'checked'), { message: 'the switch to show on' });

        // The engine tries the server and reports why it cannot reach it.
        await poll(async () => ['error', 'offline'].includes((await attr(options, '[data-testid=sync-status]', 'data-state')) ?? ''), {
          timeout: 15_000,
          message: 'the options page to show the server offline or in error',
        });
        // …in the status (the state and why), and under the server's address (its own error).
        await poll(async () => /^(Offline — .+|Sync error: .+)$/s.test((await text(options, '[data-testid=sync-status]')).trim()), {
          message: 'the status to give a reason',
        });
        const serverError = (await must(driver, 'syncStatus')).servers.find((s) => s.url === DEAD_SERVER)?.error;
        expect(serverError, 'the engine gives the unreachable server a reason').toBeTruthy();
        await poll(async () => (await text(options, '[data-testid=sync-server-status]').catch(() => '')).includes(serverError!), {
          message: `"${serverError}" under the server's address`,
        });
        const header = await panelSyncState(panel, ['error', 'offline'], 15_000);
        expect(header).toMatch(/^(Offline|Sync error: .+)$/);
        await shot(driver, options, 'options-sync-unreachable');
        await shot(driver, panel, 'sidepanel-sync-unreachable');

        // Saving does not wait for the server.
        const saved = await must(driver, 'savePage', { tabId: await driver.tabIdOf(article) });
        expect((await must(driver, 'pageStatus', { url: site.url('/article.html') })).clip?.id).toBe(saved.clip.id);

        // Turning sync off keeps every clip.
        await click(options, '[data-testid=sync-toggle]');
        await poll(async () => !(await must(driver, 'syncSettings')).enabled, { message: 'sync saved as off' });
        await poll(async () => (await text(options, '[data-testid=sync-message]')).includes('Every clip stays'), { message: 'the "every clip stays" note' });
        await poll(async () => (await attr(options, '[data-testid=sync-status]', 'data-state')) === 'off', { message: 'options sync status "off"' });
        expect(await panelSyncState(panel, ['off'])).toBe('Sync off');
        expect((await must(driver, 'pageStatus', { url: site.url('/article.html') })).clip?.id).toBe(saved.clip.id);
        await poll(async () => (await listTitles(panel)).includes(saved.clip.title), { message: 'the clip in the side panel' });
      } finally {
        // Leave the world as the other tests expect it: sync off, no servers.
        await must(driver, 'setSync', { enabled: false, servers: [] });
        await Promise.all([article.close(), options.close(), panel.close()]);
      }
    });
  });
}
