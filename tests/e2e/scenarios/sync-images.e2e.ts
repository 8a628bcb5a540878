/**
 * Saved images and full-page snapshots through a real sync server on loopback: images saved in
 * one browser show in another (its reader, and `getClipImages`) with the site stopped, also in a
 * reader already open there when they arrive; a
 * browser set to "text only on this device" lists and reads the clip without them, holds no
 * other device's media document, and says the images are not kept there; turning text only on
 * removes what a browser held, turning it off fetches it again.
 */
import { randomBytes } from 'node:crypto';
import type { Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { tinyPng } from '../harness/binary';
import { browserPair, type ExtensionDriver } from '../harness/driver';
import { startFixtureServer } from '../harness/fixture-server';
import { poll } from '../harness/poll';
import { must } from '../harness/steps';
import { enableSync, joinWhenConnected, saveUrl, useSyncWorld, waitForArticles, waitSynced } from '../harness/sync-world';

const SNAPSHOT = '<!doctype html><html><head><title>Snapshot</title></head><body><h1>The whole page</h1><p>As it looked.</p></body></html>';

/** Incompressible image bytes (a real image is compressed already), `n` of them. */
function fakeImage(n: number): string {
  return randomBytes(n).toString('base64');
}

/** The media of a clip as `driver` reads it, once `until` holds for it. */
async function mediaOf(driver: ExtensionDriver, clipId: string, until: (m: Awaited<ReturnType<typeof read>>) => boolean, timeout = 60_000) {
  let last: unknown;
  return poll(
    async () => {
      const m = await read(driver, clipId);
      last = { ...m, snapshot: m.snapshot?.slice(0, 40) ?? null };
      return until(m) ? m : null;
    },
    { timeout, interval: 500, message: `${driver.name}: the clip's media`, describe: () => `last: ${JSON.stringify(last)}` },
  );
}
const read = (driver: ExtensionDriver, clipId: string) => must(driver, 'debugClipMedia', { clipId: clipId as never });

/** The reader's images once at least `n` have loaded, and its notes. */
async function readerImages(panel: Page, n: number) {
  await poll(() => panel.evaluate((k) => [...document.querySelectorAll<HTMLImageElement>('[data-testid=article] img')].filter((i) => i.complete && i.naturalWidth > 0).length >= k, n), {
    timeout: 30_000,
    message: 'the saved images shown in the reader',
  });
  return panel.evaluate(() => ({
    images: [...document.querySelectorAll<HTMLImageElement>('[data-testid=article] img')].map((i) => ({ alt: i.alt, blob: i.src.startsWith('blob:'), width: i.naturalWidth })),
    remoteLoads: performance.getEntriesByType('resource').map((e) => e.name).filter((u) => /^https?:/.test(u)),
  }));
}

describe('saved images sync', () => {
  const world = useSyncWorld();

  it(`images and the snapshot saved in one browser show in the other with the site stopped (${browserPair(0).join(' → ')})`, async () => {
    const [a, b] = browserPair(0);
    const site = await startFixtureServer();
    const server = await world().server();
    const A = await world().browser(a);
    await enableSync(A, [server.url]);
    // Its own image capture off: the images of this test are the ones it attaches.
    await must(A, 'setImageSettings', { enabled: false, capBytes: 5 * 1024 * 1024 });
    const { clip } = await saveUrl(A, site.url('/article.html'));
    const stored = await must(A, 'getClip', { clipId: clip.id });
    const attached = await must(A, 'debugAttachImages', {
      clipId: clip.id,
      images: [
        { src: 'https://img.example/one.webp', type: 'image/webp', base64: fakeImage(1_300_000), width: 1200, height: 800 },
        { src: 'https://img.example/two.png', type: 'image/png', base64: fakeImage(50_000), width: 10, height: 10 },
      ],
    });
    expect(attached.count).toBe(2);
    await must(A, 'debugAttachSnapshot', { clipId: clip.id, html: SNAPSHOT });
    const inA = await read(A, clip.id);
    expect(inA.state).toBe('saved');
    await waitSynced(A, 60_000);
    const { libraryUrl } = await must(A, 'syncSettings', {});

    await site.close();
    const B = await world().browser(b);
    await enableSync(B, [server.url]);
    expect(await joinWhenConnected(B, libraryUrl)).toBe(0);
    await waitForArticles(B, [clip.url], { expectedText: () => stored.text });
    // The images arrive in the background (or when asked for): the same bytes, and the snapshot.
    const inB = await mediaOf(B, clip.id, (m) => m.state === 'saved' && m.snapshot !== null);
    expect(inB.images.map((i) => [i.key, i.bytes, i.sha256]).sort()).toEqual(inA.images.map((i) => [i.key, i.bytes, i.sha256]).sort());
    expect(inB.snapshot).toBe(SNAPSHOT);
    const images = await must(B, 'getClipImages', { clipId: clip.id });
    expect(images).toMatchObject({ state: 'saved', count: 2, textOnly: false });
    // In the end B holds every media document the library lists (the sync engine fetched them, nobody opened them).
    await waitSynced(B, 60_000);
    const docs = await must(B, 'debugMediaDocs', {});
    expect(docs.docs.length).toBeGreaterThan(0);
    expect(docs.docs.filter((d) => !d.stored)).toEqual([]);
  }, 240_000);

  it(`a page saved with its images in one browser shows them in the other’s reader, no site and no network (${browserPair(1).join(' → ')})`, async () => {
    const [a, b] = browserPair(1);
    const site = await startFixtureServer();
    const server = await world().server();
    const A = await world().browser(a);
    await enableSync(A, [server.url]);
    // A real capture: the page's images follow the save (the image capture), then sync carries them.
    const { clip } = await saveUrl(A, site.url('/images/article.html'));
    const inA = await poll(
      async () => {
        const r = await must(A, 'getClipImages', { clipId: clip.id, from: 1_000_000 });
        return r.pending ? null : r;
      },
      { timeout: 60_000, interval: 250, message: 'the images saved in A' },
    );
    expect(inA.count).toBeGreaterThan(3);
    await waitSynced(A, 60_000);
    const { libraryUrl } = await must(A, 'syncSettings', {});
    await site.close();

    const B = await world().browser(b);
    await enableSync(B, [server.url]);
    await joinWhenConnected(B, libraryUrl);
    await waitForArticles(B, [clip.url]);
    await mediaOf(B, clip.id, (m) => m.state === 'saved' && m.images.length === inA.count);
    const panel = await B.openExtensionPage(`sidepanel.html#clip=${clip.id}`);
    const seen = await readerImages(panel, inA.count);
    expect(seen.images.filter((i) => i.blob && i.width > 0).length).toBeGreaterThanOrEqual(inA.count);
    expect(seen.remoteLoads).toEqual([]);
    // B's list shows the clip's picture too: B made the thumbnail from the images sync brought (thumbnails are not synced).
    await panel.evaluate(() => void (location.hash = '#clips'));
    await poll(
      () => panel.evaluate((id) => (document.querySelector<HTMLImageElement>(`[data-testid=clip-item][data-clip-id="${id}"] [data-testid=clip-thumb]`)?.naturalWidth ?? 0) > 0, clip.id),
      { timeout: 30_000, message: "B's row thumbnail" },
    );
    await panel.close();
  }, 240_000);

  it(`images saved in one browser appear in a reader already open on the clip in the other (${browserPair(0).join(' → ')})`, async () => {
    const [a, b] = browserPair(0);
    const server = await world().server();
    const A = await world().browser(a);
    await enableSync(A, [server.url]);
    await must(A, 'setImageSettings', { enabled: false, capBytes: 5 * 1024 * 1024 });
    const { clip } = await saveUrl(A, world().site.url('/images/article.html?via=open-reader'));
    const html = (await must(A, 'getClip', { clipId: clip.id })).html;
    const src = /<img[^>]*\ssrc="(http[^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, '&');
    expect(src).toBeTruthy();
    await waitSynced(A, 60_000);
    const B = await world().browser(b);
    await enableSync(B, [server.url]);
    await joinWhenConnected(B, (await must(A, 'syncSettings', {})).libraryUrl);
    await waitForArticles(B, [clip.url]);
    const panel = await B.openExtensionPage(`sidepanel.html#clip=${clip.id}`);
    await poll(() => panel.$('[data-testid=article] p'), { message: 'the article in B’s reader' });
    // (Its inline SVG drawings are shown from the article's own markup: only those.)
    const before = await panel.$$eval('[data-testid=article] img', (els) => els.length);
    expect(await panel.$$eval('[data-testid=article] .cp-media-alt:not(.cp-media-saved)', (els) => els.length)).toBeGreaterThan(0);
    // Now A saves an image of it (as its image capture would).
    await must(A, 'debugAttachImages', { clipId: clip.id, images: [{ src: src!, type: 'image/png', base64: tinyPng(24).toString('base64'), width: 24, height: 24 }] });
    await waitSynced(A, 60_000);
    // First B's background holds it (sync's part, which load slows), then the open reader shows it (the reader's part).
    await mediaOf(B, clip.id, (m) => m.state === 'saved' && m.images.length === 1);
    const seen = await readerImages(panel, before + 1);
    expect(seen.images.filter((i) => i.blob && i.width > 0)).toHaveLength(before + 1);
    expect(seen.remoteLoads).toEqual([]);
    await panel.close();
  }, 240_000);

  it(`text only on this device: the clip lists and reads without images, no other device’s media is held, and switching it fetches or removes them (${browserPair(1).join(' → ')})`, async () => {
    const [a, b] = browserPair(1);
    const server = await world().server();
    const A = await world().browser(a);
    await enableSync(A, [server.url]);
    await must(A, 'setImageSettings', { enabled: false, capBytes: 5 * 1024 * 1024 });
    const { clip } = await saveUrl(A, world().site.url('/article.html'));
    const stored = await must(A, 'getClip', { clipId: clip.id });
    await must(A, 'debugAttachImages', { clipId: clip.id, images: [{ src: 'https://img.example/only.webp', type: 'image/webp', base64: fakeImage(400_000), width: 5, height: 5 }] });
    await must(A, 'debugAttachSnapshot', { clipId: clip.id, html: SNAPSHOT });
    await waitSynced(A, 60_000);
    const { libraryUrl } = await must(A, 'syncSettings', {});

    // A text-only browser joins.
    const T = await world().browser(b);
    await must(T, 'setSync', { enabled: true, servers: [server.url], textOnly: true });
    expect((await must(T, 'syncSettings', {})).textOnly).toBe(true);
    await joinWhenConnected(T, libraryUrl);
    const views = await waitForArticles(T, [clip.url], { expectedText: () => stored.text });
    expect(views.get(clip.url)!.title).toBe(clip.title);
    await waitSynced(T, 60_000);
    const media = await read(T, clip.id);
    expect(media).toMatchObject({ state: 'elsewhere', images: [], snapshot: null, textOnly: true });
    expect(await must(T, 'getClipImages', { clipId: clip.id })).toMatchObject({ state: 'elsewhere', count: 1, textOnly: true, images: [] });
    const held = await must(T, 'debugMediaDocs', {});
    expect(held.docs.length).toBeGreaterThan(0);
    expect(held.docs.filter((d) => !d.own && (d.stored || d.loaded))).toEqual([]);
    // The reader says why there is no image here.
    const panel = await T.openExtensionPage(`sidepanel.html#clip=${clip.id}`);
    const line = await poll(() => panel.$eval('[data-testid=clip-images]', (e) => e.textContent).catch(() => null), { timeout: 20_000, message: 'the reader’s images line' });
    expect(line).toContain('not kept on this device');
    await panel.close();

    // The options page shows the setting with what it does.
    const options = await T.openExtensionPage('options.html');
    const box = await poll(() => options.$eval('[data-testid=text-only-toggle]', (e) => (e as HTMLInputElement).checked).catch(() => null), { timeout: 20_000, message: 'the text-only switch' });
    expect(box).toBe(true);
    expect(await options.$eval('[data-testid=text-only]', (e) => e.textContent)).toMatch(/not synced to this browser/);
    // Turned off there: the images are fetched again.
    await options.click('[data-testid=text-only-toggle]');
    await poll(() => options.$eval('[data-testid=text-only-message]', (e) => e.textContent).catch(() => ''), { timeout: 20_000, message: 'saved' });
    await options.close();
    expect((await must(T, 'syncSettings', {})).textOnly).toBe(false);
    await mediaOf(T, clip.id, (m) => m.state === 'saved' && m.snapshot === SNAPSHOT);
    await poll(async () => (await must(T, 'debugMediaDocs', {})).docs.every((d) => d.stored), { timeout: 60_000, interval: 500, message: 'every media document stored again' });

    // And on again: what it holds of the other device's media is removed, its list and text stay.
    await must(T, 'setSync', { enabled: true, servers: [server.url], textOnly: true });
    await poll(async () => (await must(T, 'debugMediaDocs', {})).docs.every((d) => d.own || !d.stored), { timeout: 60_000, interval: 500, message: 'other devices’ media documents removed' });
    expect((await read(T, clip.id)).state).toBe('elsewhere');
    expect((await must(T, 'getClip', { clipId: clip.id })).text).toBe(stored.text);
    // Still none after a restart of its background (nothing fetches them back).
    await T.killBackground();
    await waitSynced(T, 60_000);
    // (Each start also removes any that came back, a save racing the removal.)
    await poll(async () => (await must(T, 'debugMediaDocs', {})).docs.every((d) => d.own || !d.stored), { timeout: 20_000, interval: 500, message: 'still none after a restart' });
    expect((await read(T, clip.id)).state).toBe('elsewhere');

    // Images saved again on the text-only browser: A's old part (in A's document, not held here)
    // is recorded, and A deletes it after its next pass; the deletion and the record's end reach T.
    const partsOnA = async () => (await must(A, 'debugMediaDocs', {})).docs.filter((d) => d.own).reduce((n, d) => n + (d.parts ?? 0), 0);
    expect(await partsOnA()).toBe(2); // the image and the snapshot
    const again = fakeImage(3_000);
    await must(T, 'debugAttachImages', { clipId: clip.id, images: [{ src: 'https://img.example/only.webp', type: 'image/webp', base64: again, width: 5, height: 5 }] });
    expect((await read(T, clip.id)).stale).toBe(1);
    await poll(async () => (await partsOnA()) === 1, { timeout: 60_000, interval: 500, message: 'A’s old image part deleted by A' });
    await mediaOf(A, clip.id, (m) => m.stale === 0 && m.state === 'saved' && m.images.length === 1 && m.images[0]!.bytes === 3_000 && m.snapshot === SNAPSHOT);
    await mediaOf(T, clip.id, (m) => m.stale === 0 && m.state === 'saved' && m.images[0]?.bytes === 3_000);
  }, 300_000);
});
