/**
 * Full-page snapshots, producer and viewer, in real browsers:
 * - a hostile page (scripts, handlers, a meta refresh, remote images, frames, forms) opens in the
 *   snapshot viewer with no script run and no request made, both as the producer's snapshot and
 *   as its raw, unsanitised HTML (the viewer's sandbox and policies alone);
 * - the producer, run by the content script on a page of images (plain, lazy `data-src`,
 *   `srcset`, `<picture>`, cross-origin, SVG, canvas, CSS backgrounds, `@import`), open and
 *   closed shadow roots and a typed form value, makes a snapshot that still shows every image once the fixture and
 *   remote servers are stopped;
 * - a page with a same-origin frame (itself framing a srcdoc) and cross-origin ones (the remote
 *   server's embed, and a post with images on the fixture server under the name localhost): all
 *   kept (the cross-origin ones snapshotted in their own frames and stitched in), nested, as
 *   sandboxed srcdoc copies showing their text and images with the servers gone and no script
 *   run; a lazy frame never loaded a note saying it was not kept;
 * - with a copy kept of every page, a background killed right after a save answered (before the
 *   copy is written) takes the copy when it starts again, and a page closed meanwhile is
 *   recorded as such, for the reader to say.
 */
import { describe, expect, it } from 'vitest';
import type { SnapshotView } from '../../../src/schema/snapshot';
import { browsersUnderTest } from '../harness/driver';
import { startFixtureServer, startRemoteServer, type TestServer } from '../harness/fixture-server';
import { poll, sleep } from '../harness/poll';
import { must, mustFail, useWorld } from '../harness/steps';
import { clickInFrame, frameEvaluator, openSnapshot, openViewer } from './snapshot-viewer';

/** Paths requested from `server` since `from`. */
const since = (server: TestServer, from: number) => server.requests.slice(from);

/** Waits until the hostile tab has made the requests its own scripts and handlers make. */
async function hostileTabSettled(site: TestServer): Promise<void> {
  await poll(() => ['/snapshot-exfil-script', '/snapshot-exfil-onerror'].every((p) => site.requests.some((r) => r.startsWith(p))), {
    timeout: 30_000,
    message: "the hostile tab's own requests",
  });
}

for (const name of browsersUnderTest()) {
  describe(`${name}: full-page snapshots`, () => {
    const world = useWorld(name);

    it('a snapshot of a hostile page opens with no script run and no request, and so does its raw HTML', async () => {
      const { driver, site, remote } = world();
      const page = await driver.openPage(site.url('/snapshot-hostile.html'));
      await hostileTabSettled(site);
      await poll(() => page.frames().find((f) => f.url().includes('/snapshot-frame.html'))?.evaluate(() => document.readyState === 'complete' && !!document.body?.textContent), {
        message: 'the remote frame',
      });
      const snap = await must(driver, 'debugSnapshotTab', { tabId: await driver.tabIdOf(page) });
      await page.close();
      expect(snap.title).toBe('Tide Tables of the Old Harbour');
      expect(snap.html).not.toMatch(/<script|<object|<embed|<base|http-equiv="refresh"|\son\w+=|javascript:|foreignObject/i);
      // The srcdoc frame is kept as a sandboxed copy of its document (its script gone); the remote one too, snapshotted in its own frame.
      expect(snap.html.match(/<iframe/g)).toHaveLength(2);
      expect(snap.html).toMatch(/<iframe title="tide widget" sandbox="" srcdoc="&lt;html&gt;/);
      expect(snap.html).toMatch(/<iframe title="webcam" sandbox="" srcdoc="&lt;!DOCTYPE html&gt;&lt;html&gt;&lt;head&gt;&lt;meta http-equiv=&quot;Content-Security-Policy&quot;[^"]*Remote content/);
      expect(snap.html).not.toContain('was not kept');
      expect(snap.html.indexOf('<meta http-equiv="Content-Security-Policy"')).toBe(snap.html.indexOf('<head>') + '<head>'.length);
      // The unsanitised page, its refresh made immediate: only the viewer stands between it and the network.
      const raw = (await (await fetch(site.url('/snapshot-hostile.html'))).text()).replace('content="3600;', 'content="0;');
      expect(raw).toContain('<script>');

      for (const [label, html] of [['snapshot', snap.html], ['raw page', raw]] as const) {
        const siteFrom = site.requests.length;
        const remoteFrom = remote.requests.length;
        const { viewer, inFrame } = await openSnapshot(driver, { html, title: 'Tide Tables of the Old Harbour', url: site.url('/snapshot-hostile.html'), savedAt: Date.now() });
        expect(await viewer.$eval('[data-testid=snapshot-frame]', (f) => f.getAttribute('sandbox')), label).toBe('');
        expect(await viewer.$eval('[data-testid=snapshot-original]', (a) => [a.getAttribute('href'), a.getAttribute('target'), a.getAttribute('rel')])).toEqual([
          site.url('/snapshot-hostile.html'),
          '_blank',
          'noopener noreferrer',
        ]);
        // Hover and click everything, follow the links, submit the form: a user's worst.
        await inFrame(() => document.querySelectorAll('*').forEach((el) => el.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }))));
        for (const selector of ['#js-link', '#plain-link', '#submit']) await clickInFrame(viewer, inFrame, selector);
        // A deliberate wait: what is proved is that nothing happens (the refresh is immediate, scripts run at parse).
        await sleep(1_500);
        const seen = await inFrame(() => ({ pwned: ((window as any).wrappedJSObject ?? window).__pwned ?? null, title: document.title, url: location.href, text: document.body.textContent ?? '' }));
        expect(seen.pwned, label).toBeNull();
        expect(seen.title, label).toBe('Tide Tables of the Old Harbour');
        expect(seen.url, label).toBe('about:srcdoc');
        expect(seen.text, label).toContain('Neap tides');
        expect(await viewer.evaluate(() => [document.title, (window as any).__pwned ?? null]), label).toEqual(['Tide Tables of the Old Harbour (archived copy)', null]);
        expect(since(site, siteFrom), label).toEqual([]);
        expect(since(remote, remoteFrom), label).toEqual([]);
        await viewer.close();
      }
    });

    it('a snapshot keeps every kind of image, CSS, shadow DOM and form values, and shows them with the servers gone', async () => {
      const { driver } = world();
      const remote = await startRemoteServer();
      const site = await startFixtureServer({ remoteOrigin: remote.origin });
      let view: SnapshotView;
      try {
        const page = await driver.openPage(site.url('/snapshot-images.html'));
        await page.focus('#note');
        await page.evaluate(() => (document.getElementById('note') as HTMLInputElement).select());
        await page.keyboard.type('typed by the reader');
        const snap = await must(driver, 'debugSnapshotTab', { tabId: await driver.tabIdOf(page) });
        await page.close();
        expect(snap.truncated).toBe(false);
        expect(snap.resources.failed).toBe(0);
        expect(snap.resources.skipped).toBe(0);
        expect(snap.html).not.toMatch(/\/image\.png|snapshot-remote-lamp|snapshot-lamp\.svg|<script/);
        view = { html: snap.html, title: snap.title, url: snap.url, savedAt: Date.now(), resources: snap.resources, truncated: snap.truncated };
      } finally {
        await site.close();
        await remote.close();
      }
      const { viewer, inFrame } = await openSnapshot(driver, view);
      await inFrame(() => document.getElementById('native-lazy')?.scrollIntoView());
      await poll(() => inFrame(() => [...document.images].every((img) => img.complete)), { message: 'every image, scrolled to' });
      const seen = await inFrame(() => {
        const width = (id: string) => (document.getElementById(id) as HTMLImageElement | null)?.naturalWidth ?? -1;
        const bg = (id: string) => getComputedStyle(document.getElementById(id)!).backgroundImage.slice(0, 25);
        const shadow = document.getElementById('caption')?.shadowRoot?.getElementById('shadow-text');
        return {
          images: Object.fromEntries(['plain', 'lazy', 'srcset', 'picture', 'remote', 'svg', 'canvas', 'native-lazy'].map((id) => [id, width(id)])),
          canvasTag: document.getElementById('canvas')?.tagName,
          backgrounds: [bg('bg'), bg('imported-bg')],
          shadow: shadow ? [shadow.textContent, getComputedStyle(shadow).color] : null,
          closed: document.getElementById('closed')?.shadowRoot?.getElementById('closed-text')?.textContent ?? null,
          note: (document.getElementById('note') as HTMLInputElement | null)?.value,
          tone: ((a) => (a ? [a.src.slice(0, 20), a.controls] : null))(document.getElementById('tone') as HTMLAudioElement | null),
        };
      });
      // The recording is kept and plays from the copy: its length is read from the inlined file.
      await poll(() => inFrame(() => (document.getElementById('tone') as HTMLAudioElement).readyState >= 1), { message: 'the recording’s metadata, from the copy' });
      expect(await inFrame(() => Math.round((document.getElementById('tone') as HTMLAudioElement).duration * 100))).toBe(25);
      expect(seen.tone).toEqual(['data:audio/wav;base6', true]);
      expect(seen.images).toEqual({ plain: 8, lazy: 8, srcset: 8, picture: 8, remote: 4, svg: 16, canvas: 24, 'native-lazy': 8 });
      expect(seen.canvasTag).toBe('IMG');
      expect(seen.backgrounds).toEqual(['url("data:image/png;base6', 'url("data:image/png;base6']);
      expect(seen.shadow).toEqual(['Drawn by the keeper, 1931', 'rgb(29, 95, 168)']);
      expect(seen.closed).toBe('From a closed shadow root'); // read through the extension's API, written as an open root
      expect(seen.note).toBe('typed by the reader');
      await viewer.close();
    });

    it('"Save full page" from the menu keeps the copy with the clip: the reader links to it, it opens with the servers gone, and survives a restart', async () => {
      const { driver } = world();
      const remote = await startRemoteServer();
      const site = await startFixtureServer({ remoteOrigin: remote.origin });
      let clipId: string;
      try {
        const page = await driver.openPage(site.url('/snapshot-images.html'));
        const tabId = await driver.tabIdOf(page);
        const saved = await must(driver, 'simulateMenuClick', { menuItemId: 'save-full-page', tabId });
        clipId = saved.clip.id;
        await page.close();
      } finally {
        await site.close();
        await remote.close();
      }
      const info = await must(driver, 'snapshotInfo', { clipId: clipId as never });
      expect(info && info.bytes).toBeGreaterThan(1000);
      await driver.stopBackground();
      // The reader offers the copy; the viewer shows it from storage, with no server to ask.
      const panel = await driver.openExtensionPage(`sidepanel.html#clip=${clipId}`);
      const href = await poll(() => panel.$eval('[data-testid=snapshot-link]', (a) => a.getAttribute('href')).catch(() => null), { message: 'the reader\'s full-page link' });
      expect(href).toMatch(new RegExp(`/snapshot\\.html#clip=${clipId}$`));
      await panel.close();
      const { viewer, inFrame } = await openViewer(driver, `clip=${clipId}`);
      const widths = await inFrame(() => ['plain', 'lazy', 'srcset', 'remote', 'svg'].map((id) => (document.getElementById(id) as HTMLImageElement | null)?.naturalWidth ?? -1));
      expect(widths.every((w) => w > 0)).toBe(true);
      expect(await viewer.$eval('[data-testid=snapshot-frame]', (f) => f.getAttribute('sandbox'))).toBe('');
      await viewer.close();
      // A clip without a copy says so, with the way to get one.
      const none = await mustFail(driver, 'getSnapshot', { clipId: 'AAAAAAAAAAAAAAAAAAAAAA' as never });
      expect(none.code).toBe('not-found');
    });

    it('a same-origin frame (and its own frame) and cross-origin ones are kept as sandboxed copies that show their text and images with the servers gone; a lazy frame never loaded is a note', async () => {
      const { driver } = world();
      const remote = await startRemoteServer();
      const site = await startFixtureServer({ remoteOrigin: remote.origin });
      let clipId: string;
      try {
        const page = await driver.openPage(site.url('/snapshot-frames.html'));
        await poll(() => page.evaluate(() => {
          const chart = (document.getElementById('chart') as HTMLIFrameElement).contentDocument;
          const legend = (chart?.getElementById('legend') as HTMLIFrameElement | null)?.contentDocument;
          return chart?.readyState === 'complete' && chart.getElementById('chart-caption')?.dataset.drawn === 'yes' && !!legend?.getElementById('legend-text');
        }), { message: 'the chart frame and its legend' });
        for (const path of ['/snapshot-frame-embed.html', '/snapshot-frame-post.html']) {
          await poll(() => page.frames().find((f) => f.url().includes(path))?.evaluate(() => document.readyState === 'complete' && [...document.images].every((i) => i.complete)), {
            message: `the cross-origin frame ${path}`,
          });
        }
        const saved = await must(driver, 'simulateMenuClick', { menuItemId: 'save-full-page', tabId: await driver.tabIdOf(page) });
        clipId = saved.clip.id;
        await page.close();
      } finally {
        await site.close();
        await remote.close();
      }
      const view = await must(driver, 'getSnapshot', { clipId: clipId as never });
      expect(view.html).not.toMatch(/\/image\.png|snapshot-frame-chart|snapshot-frame-embed|snapshot-frame-post|snapshot-frame-later|<script|cpframe-/);
      expect(view.html).toContain(`Embedded content from ${new URL(remote.origin).host} was not kept (it had not loaded).`);
      expect(view.html).not.toContain(`Embedded content from ${new URL(remote.origin).host} was not kept.`);
      // Opened from the reader's link, as a user would.
      const panel = await driver.openExtensionPage(`sidepanel.html#clip=${clipId}`);
      const href = await poll(() => panel.$eval('[data-testid=snapshot-link]', (a) => a.getAttribute('href')).catch(() => null), { message: "the reader's full-page link" });
      await panel.close();
      const { viewer, inFrame: top } = await openViewer(driver, new URL(href!, 'chrome-extension://x/').hash.slice(1));
      const loaded = () => location.href === 'about:srcdoc' && document.readyState === 'complete' && [...document.images].every((img) => img.complete);
      const outer = await top(() => {
        const f = document.getElementById('chart');
        const e = document.getElementById('embed');
        const note = document.querySelector('[data-commonplace-frame]');
        return {
          frame: f ? [f.tagName, f.getAttribute('sandbox'), f.getAttribute('width'), f.getAttribute('height'), f.hasAttribute('src'), f.getBoundingClientRect().width] : null,
          embed: e ? [e.tagName, e.getAttribute('sandbox'), e.getAttribute('width'), e.getAttribute('height'), e.getAttribute('title'), e.hasAttribute('src'), e.getBoundingClientRect().width] : null,
          frames: document.querySelectorAll('iframe').length,
          border: f ? getComputedStyle(f).borderTopColor : null,
          note: note?.textContent ?? null,
          noteSize: note ? [note.getBoundingClientRect().width, note.getBoundingClientRect().height] : null,
        };
      });
      expect(outer.frame).toEqual(['IFRAME', '', '420', '260', false, 424]);
      expect(outer.embed).toEqual(['IFRAME', '', '360', '120', 'a post from elsewhere', false, 364]);
      expect(outer.frames).toBe(3);
      expect(outer.border).toBe('rgb(20, 80, 160)');
      expect(outer.note).toBe(`Embedded content from ${new URL(remote.origin).host} was not kept (it had not loaded).`);
      expect(outer.noteSize).toEqual([364, 124]); // the frame as it showed: 360×120 and its 2px border
      const chart = frameEvaluator(driver, viewer, 2);
      await poll(() => chart(loaded), { message: 'the chart frame to load' });
      const seen = await chart(() => {
        const w = ((window as any).wrappedJSObject ?? window) as any;
        return {
          caption: document.getElementById('chart-caption')?.textContent ?? null,
          drawn: document.getElementById('chart-caption')?.dataset.drawn ?? null,
          image: (document.getElementById('chart-image') as HTMLImageElement | null)?.naturalWidth ?? -1,
          bar: getComputedStyle(document.getElementById('chart-bar')!).backgroundImage.slice(0, 25),
          color: getComputedStyle(document.body).color,
          ran: w.__frameScriptRan ?? null,
          link: document.getElementById('chart-js')?.getAttribute('href') ?? null,
          onload: document.body.getAttribute('onload'),
          csp: document.head.firstElementChild?.getAttribute('http-equiv') ?? null,
        };
      });
      expect(seen).toEqual({
        caption: 'Spring tides of the year 1931, by month', drawn: 'yes', image: 8, bar: 'url("data:image/png;base6',
        color: 'rgb(20, 80, 160)', ran: null, link: null, onload: null, csp: 'Content-Security-Policy',
      });
      const legend = frameEvaluator(driver, viewer, 3);
      expect(await poll(() => legend(() => document.getElementById('legend-text')?.textContent ?? null), { message: 'the legend frame' })).toBe('Legend: high water in blue');
      // The cross-origin embed, snapshotted in its own frame and stitched in: its text, its own policy first, nothing run.
      const embed = frameEvaluator(driver, viewer, 2, 1);
      await poll(() => embed(loaded), { message: 'the embed frame to load' });
      expect(await embed(() => ({
        url: location.href,
        title: document.title,
        text: document.body.textContent,
        csp: document.head.firstElementChild?.getAttribute('content') ?? null,
        scripts: document.scripts.length,
        ran: ((window as any).wrappedJSObject ?? window).__remoteScriptRan ?? null,
      }))).toEqual({
        url: 'about:srcdoc', title: 'Remote', text: 'Remote content that must never be fetched by the extension.',
        csp: "default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:; media-src data:", scripts: 0, ran: null,
      });
      // The post on another origin, with its image and background fetched for its own page and inlined.
      const post = frameEvaluator(driver, viewer, 2, 2);
      await poll(() => post(loaded), { message: 'the post frame to load' });
      expect(await post(() => ({
        text: document.getElementById('post-text')?.textContent ?? null,
        image: (document.getElementById('post-image') as HTMLImageElement | null)?.naturalWidth ?? -1,
        stamp: getComputedStyle(document.getElementById('post-stamp')!).backgroundImage.slice(0, 25),
        color: getComputedStyle(document.body).color,
        ran: ((window as any).wrappedJSObject ?? window).__postScriptRan ?? null,
        csp: document.head.firstElementChild?.getAttribute('http-equiv') ?? null,
      }))).toEqual({
        text: 'Posted by the lighthouse keeper: fog rolling in from the west', image: 8, stamp: 'url("data:image/png;base6',
        color: 'rgb(120, 40, 20)', ran: null, csp: 'Content-Security-Policy',
      });
      await viewer.close();
    });

    it('with a copy kept of every page, a background killed right after the save answered still makes it; a page closed meanwhile says why it has none', async () => {
      const { driver, site } = world();
      await must(driver, 'setSnapshotSettings', { everyPage: true, maxBytes: 30_000_000 });
      try {
        // A page whose copy takes a while (its slow image is fetched again for the copy), and one closed before its turn.
        const tag = `k${Date.now()}`;
        const [kept, closed] = await Promise.all([driver.openPage(site.url(`/images/slow.html?ms=3000&tag=${tag}`)), driver.openPage(site.url('/long.html'))]);
        const before = (await must(driver, 'debugState')).startedAt;
        const a = await must(driver, 'savePage', { tabId: await driver.tabIdOf(kept) });
        const b = await must(driver, 'savePage', { tabId: await driver.tabIdOf(closed) });
        await closed.close();
        // The saves answered; the first copy waits for its image, the second for its turn. Stopped now
        // (CDP stopWorker / Firefox's terminateBackground, until no instance runs).
        await driver.stopBackground();
        expect(await must(driver, 'snapshotInfo', { clipId: a.clip.id })).toBeNull();
        expect((await must(driver, 'debugState')).startedAt).not.toBe(before);
        const info = await poll(() => must(driver, 'snapshotInfo', { clipId: a.clip.id }), { timeout: 30_000, interval: 250, message: 'the full-page copy taken after the restart' });
        expect(info.bytes).toBeGreaterThan(1000);
        expect(await must(driver, 'snapshotStatus', { clipId: a.clip.id })).toEqual({ pending: false, failed: null });
        const view = await must(driver, 'getSnapshot', { clipId: a.clip.id });
        expect(view.html).toContain('The Slow Lamp');
        const closedReason = 'The full-page copy was not made: the page was closed before it could be copied.';
        expect(await poll(() => must(driver, 'snapshotStatus', { clipId: b.clip.id }).then((s) => (s.pending ? null : s)), { message: "the closed page's copy given up" })).toEqual({ pending: false, failed: closedReason });
        expect(await must(driver, 'snapshotInfo', { clipId: b.clip.id })).toBeNull();
        // The reader links to the one copy and says why the other is missing.
        const panel = await driver.openExtensionPage(`sidepanel.html#clip=${a.clip.id}`);
        await poll(() => panel.$('[data-testid=snapshot-link]'), { message: "the reader's full-page link" });
        const other = await driver.openExtensionPage(`sidepanel.html#clip=${b.clip.id}`);
        const said = await poll(() => other.$eval('[data-testid=snapshot-failed]', (e) => e.textContent).catch(() => null), { message: "the reader's note on the missing copy" });
        expect(said).toBe(` · ${closedReason}`);
        await Promise.all([panel.close(), other.close(), kept.close()]);
      } finally {
        await must(driver, 'setSnapshotSettings', { everyPage: false, maxBytes: 30_000_000 });
      }
    });
  });
}
