/**
 * Saved images and snapshots in the extension's export and import, in each browser: the whole
 * library exported from the background (Chromium: the offscreen document; Firefox: the
 * background page) holds each image as a file linked from the Markdown and embedded in the
 * offline page, and the snapshot; that zip imported into a new, empty profile restores the
 * same image bytes and the snapshot on the restored clip.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { browsersUnderTest, launchDriver, type ExtensionDriver } from '../harness/driver';
import { pngFile, webpHeaderFile } from '../harness/binary';
import { poll } from '../harness/poll';
import { chooseImportFile, must, useWorld } from '../harness/steps';

const dir = mkdtempSync(join(tmpdir(), 'cp-export-images-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ARTICLE = '<p>A lamp on the cliff.</p><p><img src="https://img.example/lamp.png" alt="The lamp"></p><p>And the keeper.</p><img src="https://img.example/keeper.webp" alt="The keeper"><img src="https://img.example/mark.svg" alt="The mark">';
/** An SVG as a hostile export could hold it (stored here by the test-only attach, which checks nothing): an import sanitises it as capture does. */
const HOSTILE_SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10" onload="alert(1)"><script>alert(2)</script><rect width="20" height="10" fill="teal"/><image href="https://svg-remote.example/x.png"/></svg>';
const SNAPSHOT = '<!doctype html><html><head><title>Lamp</title></head><body><h1>The page as it was</h1></body></html>';

/** The zip a finished export job names, read from the browser's downloads folder. */
function readZip(driver: ExtensionDriver, filename: string): { files: Record<string, Uint8Array>; bytes: Uint8Array } {
  const path = existsSync(filename) ? filename : join(driver.downloadsDir, basename(filename));
  const bytes = new Uint8Array(readFileSync(path));
  return { files: unzipSync(bytes), bytes };
}

for (const name of browsersUnderTest()) {
  describe(`${name}: images and snapshots in an export`, () => {
    const world = useWorld(name);

    it('the export holds the images as files and in the offline page, and importing it restores them', async () => {
      const { driver } = world();
      await must(driver, 'setImageSettings', { enabled: false, capBytes: 5 * 1024 * 1024 });
      const saved = await must(driver, 'saveExtracted', {
        kind: 'page', extractor: 'readability', html: ARTICLE, text: 'A lamp on the cliff.\n\nAnd the keeper.', pageUrl: 'https://lamps.example/cliff', canonicalUrl: null,
        title: 'The lamp', byline: null, siteName: 'Lamps', lang: 'en', dir: 'ltr', publishedTime: null, excerpt: null,
      } as never);
      // Real image headers (an import checks an export's images as capture checks its own), then random bytes: 30 KB and 1.2 MB.
      const lamp = Buffer.concat([pngFile(40, 30, 0, Buffer.alloc(41 * 30)), randomBytes(30_000)]);
      const keeper = webpHeaderFile(400, 300, randomBytes(1_200_000));
      await must(driver, 'debugAttachImages', {
        clipId: saved.clip.id,
        images: [
          { src: 'https://img.example/lamp.png', type: 'image/png', base64: lamp.toString('base64'), width: 40, height: 30 },
          { src: 'https://img.example/keeper.webp', type: 'image/webp', base64: keeper.toString('base64'), width: 400, height: 300 },
          { src: 'https://img.example/mark.svg', type: 'image/svg+xml', base64: Buffer.from(HOSTILE_SVG).toString('base64'), width: 20, height: 10 },
        ],
      });
      await must(driver, 'debugAttachSnapshot', { clipId: saved.clip.id, html: SNAPSHOT, left: 1 });
      const before = await must(driver, 'debugClipMedia', { clipId: saved.clip.id });
      expect(before.state).toBe('saved');

      const { job } = await must(driver, 'startExport', { scope: { kind: 'all' } });
      const done = await poll(
        async () => {
          const s = (await must(driver, 'exportStatus', {})).job;
          if (s?.id === job.id && s.state === 'failed') throw new Error(`the export failed: ${s.error}`);
          return s?.id === job.id && s.state === 'done' && s.filename ? s : null;
        },
        { timeout: 90_000, interval: 250, message: 'the export to finish' },
      );
      const { files, bytes } = readZip(driver, done.filename!);
      const manifest = JSON.parse(strFromU8(files['manifest.json']!));
      const entry = manifest.clips.find((c: { id: string }) => c.id === saved.clip.id);
      const clipName = entry.markdown.slice('clips/'.length, -'.md'.length);
      expect(entry.images).toEqual([`images/${clipName}/1.png`, `images/${clipName}/2.webp`, `images/${clipName}/3.svg`]);
      expect(entry.snapshot).toBe(`snapshots/${clipName}.html`);
      expect(Buffer.from(files[`images/${clipName}/1.png`]!).equals(lamp)).toBe(true);
      expect(Buffer.from(files[`images/${clipName}/2.webp`]!).equals(keeper)).toBe(true);
      expect(strFromU8(files[entry.markdown]!)).toContain(`![The lamp](../images/${clipName}/1.png)`);
      const page = strFromU8(files[entry.html]!);
      expect(page).toContain(`<img src="data:image/png;base64,${lamp.toString('base64')}" alt="The lamp">`);
      expect(strFromU8(files[entry.snapshot]!)).toContain('<h1>The page as it was</h1>');
      expect(manifest.documentFiles.some((d: { kind: string }) => d.kind === 'media')).toBe(true);

      // Imported into a new, empty profile: the same images and snapshot, on the restored clip.
      const fresh = await launchDriver(name);
      try {
        const options = await fresh.openExtensionPage('options.html');
        await chooseImportFile(options, dir, 'commonplace-export.zip', bytes);
        await poll(() => options.$('[data-testid=import-job][data-state=done]'), { timeout: 90_000, message: 'the import to finish' });
        await options.close();
        const after = await poll(
          async () => {
            const m = await must(fresh, 'debugClipMedia', { clipId: saved.clip.id });
            return m.state === 'saved' && m.snapshot !== null ? m : null;
          },
          { timeout: 30_000, interval: 250, message: 'the restored images' },
        );
        // The raster images come back byte for byte; the SVG sanitised (the zip is untrusted), its drawing kept.
        const raster = (m: typeof before) => m.images.filter((i) => i.type !== 'image/svg+xml').map((i) => [i.key, i.type, i.bytes, i.sha256]).sort();
        expect(raster(after)).toEqual(raster(before));
        expect(after.snapshot).toBe(SNAPSHOT);
        expect(await must(fresh, 'getClipImages', { clipId: saved.clip.id, from: 1_000_000 })).toMatchObject({ state: 'saved', count: 3 });
        const restored = await must(fresh, 'getClipImages', { clipId: saved.clip.id });
        const svg = Buffer.from(restored.images.find((i) => i.type === 'image/svg+xml')!.base64, 'base64').toString('utf8');
        expect(svg).toContain('<rect');
        expect(svg).not.toMatch(/script|onload|svg-remote/i);
      } finally {
        await fresh.close();
      }
    }, 180_000);
  });
}
