/**
 * Export and backups in the real options page, in both browsers: the whole library exported to
 * one zip in the downloads folder with its progress bar shown (Markdown with highlights and
 * notes, HTML, W3C annotations, the Automerge documents, a manifest that counts every clip), a
 * tag exported alone, and scheduled backups turned on: the first made at once, "Back up now",
 * and only the last N kept in "Commonplace backups".
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import type { Page } from 'puppeteer-core';
import { afterAll, describe, expect, it } from 'vitest';
import { describeText } from '../../../src/anchoring/anchor';
import { newHighlightId } from '../../../src/schema/ids';
import { browsersUnderTest, launchDriver, type ExtensionDriver } from '../harness/driver';
import { indexRows, type IndexRow } from '../harness/sync-world';
import { poll } from '../harness/poll';
import { chooseImportFile, clipCount, must, text, useWorld } from '../harness/steps';
import { pocketRows, pocketZip } from '../../unit/import/fixtures';

const dir = mkdtempSync(join(tmpdir(), 'cp-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ARTICLE = '<p>The lighthouse keeper wrote every evening in a small green book.</p><p>Storms came in October, and the lamp burned all night long.</p>';

/** A saved article with a highlight and a note (through the protocol, as the reader makes them). */
async function savedWithHighlight(driver: ExtensionDriver, host: string): Promise<void> {
  const saved = await must(driver, 'saveExtracted', {
    kind: 'page', extractor: 'readability', html: ARTICLE, text: 'The lighthouse keeper wrote every evening in a small green book.\n\nStorms came in October, and the lamp burned all night long.',
    pageUrl: `https://${host}/keeper`, canonicalUrl: null, title: 'The keeper’s book', byline: 'A. Writer', siteName: 'Lights', lang: 'en', dir: 'ltr', publishedTime: null, excerpt: null,
  } as never);
  const view = await must(driver, 'getClip', { clipId: saved.clip.id });
  const quote = 'lamp burned all night';
  const start = view.text.indexOf(quote);
  const d = describeText(view.text, start, start + quote.length);
  if (!d.ok) throw new Error(d.error.message);
  await must(driver, 'addHighlight', { clipId: saved.clip.id, highlightId: newHighlightId(), target: { ...d.value, range: null }, color: 'green', note: 'Check the logbook' });
}

/** The id of the current or last export job (null before the first), as the background has it. */
async function lastJob(driver: ExtensionDriver): Promise<string | null> {
  return (await must(driver, 'exportStatus')).job?.id ?? null;
}

/**
 * Waits for an export shown on the page to end (state `done` or `failed`): one other than
 * `before`, the job that was current before this one was started, which a page opened later
 * shows as done at once.
 */
async function exportEnds(page: Page, kind: 'manual' | 'backup', before: string | null, timeout = 90_000): Promise<string> {
  return poll(async () => {
    const shown = await page.$eval(`[data-testid=export-job][data-kind=${kind}]`, (el) => ({ state: el.getAttribute('data-state'), id: el.getAttribute('data-job') })).catch(() => null);
    if (!shown || shown.id === before) return null;
    if (shown.state === 'failed') return `failed: ${await text(page, '[data-testid=export-error]')}`;
    return shown.state === 'done' ? shown.state : null;
  }, { timeout, message: `the ${kind} export to end` });
}

/** Records whether the progress bar was ever shown (it may come and go between two polls). */
async function watchProgress(page: Page): Promise<() => Promise<boolean>> {
  await page.evaluate(() => {
    const w = window as unknown as { sawProgress: boolean };
    w.sawProgress = false;
    new MutationObserver(() => {
      if (document.querySelector('[data-testid=export-progress]')) w.sawProgress = true;
    }).observe(document.body, { childList: true, subtree: true });
  });
  return () => page.evaluate(() => (window as unknown as { sawProgress: boolean }).sawProgress);
}

/** The zip a finished job names, read from the browser's downloads folder. */
function readZip(driver: ExtensionDriver, shownName: string): Record<string, Uint8Array> {
  const path = existsSync(shownName) ? shownName : join(driver.downloadsDir, basename(shownName));
  return unzipSync(new Uint8Array(readFileSync(path)));
}

for (const name of browsersUnderTest()) {
  describe(`${name}: export and backups`, () => {
    const world = useWorld(name);
    /** The whole-library export of the first test, imported into a new profile by the last. */
    let wholeExport = '';

    it('exports the whole library from the options page: progress, then one zip with every clip, highlight and note', async () => {
      const { driver } = world();
      await savedWithHighlight(driver, 'lights.example');
      // A saved view: it lives in the library's root, not in a clip, and a restore must bring it back too.
      await must(driver, 'saveView', { name: 'Unread lights', spec: { query: 'lights', state: 'unread', tag: null, sort: 'saved', site: '', from: '', to: '' } });
      const options = await driver.openExtensionPage('options.html');
      const rows = pocketRows(120).map((r) => ({ ...r, url: r.url.replace('example.com', 'export.example') }));
      await chooseImportFile(options, dir, 'pocket.zip', pocketZip(rows, 60));
      await poll(() => options.$('[data-testid=import-job][data-state=done]'), { timeout: 60_000, message: 'the import to finish' });
      const clips = await clipCount(driver);
      expect(clips).toBe(121);
      // Storage that lasts: persistent storage is asked for and granted (unlimitedStorage).
      await poll(async () => /^yes/.test(await text(options, '[data-testid=storage-persisted]')), { message: 'storage safe from eviction' });

      const sawProgress = await watchProgress(options);
      const before = await lastJob(driver);
      await options.click('[data-testid=export-all]');
      await options.click('[data-testid=export-start]');
      expect(await exportEnds(options, 'manual', before)).toBe('done');
      expect(await sawProgress(), 'the progress bar was shown').toBe(true);
      const shown = await text(options, '[data-testid=export-file]');
      expect(shown).toMatch(/commonplace-export .*\.zip$/);
      expect(await text(options, '[data-testid=export-done]')).toContain('121 clips');

      wholeExport = existsSync(shown) ? shown : join(driver.downloadsDir, basename(shown));
      const files = readZip(driver, shown);
      const manifest = JSON.parse(strFromU8(files['manifest.json']!)) as { counts: { clips: number; highlights: number; notes: number }; documentFiles: Array<{ file: string }>; selection: boolean };
      expect(manifest.selection).toBe(false);
      expect(manifest.counts.clips).toBe(121);
      expect(manifest.counts.highlights).toBe(1);
      expect(manifest.counts.notes).toBe(1);
      for (const d of manifest.documentFiles) expect(files[d.file], d.file).toBeDefined();
      const markdown = Object.entries(files).filter(([n]) => n.endsWith('.md') && n !== 'README.md');
      expect(markdown).toHaveLength(121);
      const keeper = markdown.find(([, b]) => strFromU8(b).includes('lighthouse keeper'));
      expect(keeper, 'the saved article as Markdown').toBeDefined();
      const md = strFromU8(keeper![1]);
      expect(md).toContain('lamp burned all night');
      expect(md).toContain('Check the logbook');
      expect(md).toMatch(/^---\n[\s\S]*title: "The keeper’s book"/);
      expect(Object.keys(files).filter((n) => n.endsWith('.html'))).toHaveLength(121);
      const annotations = Object.entries(files).filter(([n]) => n.endsWith('.jsonld'));
      expect(annotations.map(([, b]) => strFromU8(b)).join('\n')).toContain('TextQuoteSelector');
      await options.close();
    });

    it('exports the clips of one tag, and only those', async () => {
      const { driver } = world();
      const options = await driver.openExtensionPage('options.html');
      await options.click('[data-testid=export-by-tag]');
      await options.type('[data-testid=export-tag]', 'topic-1');
      const before = await lastJob(driver);
      expect(before, 'the whole export of the first test').not.toBeNull();
      await options.click('[data-testid=export-start]');
      expect(await exportEnds(options, 'manual', before)).toBe('done');
      const files = readZip(driver, await text(options, '[data-testid=export-file]'));
      const manifest = JSON.parse(strFromU8(files['manifest.json']!)) as { counts: { clips: number }; selection: boolean; documents: string };
      const tagged = pocketRows(120).filter((r) => r.tags.includes('topic-1')).length;
      expect(manifest.selection).toBe(true);
      expect(manifest.documents).toBe('none');
      expect(manifest.counts.clips).toBe(tagged);
      expect(Object.keys(files).filter((n) => n.endsWith('.md') && n !== 'README.md')).toHaveLength(tagged);
      expect(Object.keys(files).some((n) => n.endsWith('.automerge'))).toBe(false);
      await options.close();
    });

    it('an export asked about while it starts is never reported as stopped, and two starts at once make one export', async () => {
      const { driver } = world();
      const page = await driver.openExtensionPage('options.html');
      for (let round = 0; round < 4; round++) {
        // Askers keep the background busy with exportStatus, as an open options page's poll does.
        const seen: Array<{ id: string; state: string; error?: string }> = [];
        let asking = true;
        const asker = async () => {
          while (asking) {
            const job = (await must(driver, 'exportStatus')).job;
            if (job) seen.push({ id: job.id, state: job.state, error: job.error });
          }
        };
        const askers = [asker(), asker(), asker()];
        let id = '';
        try {
          const scope = { kind: 'tag' as const, tag: 'topic-2' };
          // Both sent in the same task of one page, so both reach the background before either is answered.
          const starts = await page.evaluate((envelopes) => {
            const g = globalThis as unknown as { browser?: typeof chrome; chrome: typeof chrome };
            const api = g.browser?.runtime?.sendMessage ? g.browser : g.chrome;
            return Promise.all(envelopes.map((env) => api.runtime.sendMessage(env) as Promise<{ ok: boolean; value?: { job: { id: string } }; error?: { message: string } }>));
          }, [1, 2].map((n) => ({ cp: 1, to: 'background', method: 'startExport', params: { scope }, id: `two-starts-${round}-${n}-${Date.now()}` })));
          const ok = starts.flatMap((r) => (r.ok && r.value ? [r.value.job] : []));
          expect(ok, 'exactly one of two starts at once runs').toHaveLength(1);
          expect(starts.find((r) => !r.ok)?.error?.message).toMatch(/already running/);
          id = ok[0]!.id;
          await poll(async () => (await must(driver, 'exportStatus')).job?.state !== 'running', { timeout: 60_000, message: 'the export to end' });
        } finally {
          asking = false;
          await Promise.allSettled(askers);
        }
        expect(seen.filter((j) => j.id === id && j.state === 'failed'), `round ${round}: never shown as failed`).toEqual([]);
        expect((await must(driver, 'exportStatus')).job).toMatchObject({ id, state: 'done' });
      }
      await page.close();
    });

    it('backs up on a schedule: the first backup at once, then "Back up now", keeping only the last two', async () => {
      const { driver } = world();
      const options = await driver.openExtensionPage('options.html');
      await poll(() => options.$('[data-testid=backup-settings]'), { message: 'the backup settings' });
      expect(await text(options, '[data-testid=backup-last]')).toContain('No backup made yet');
      const before = await lastJob(driver);
      await options.click('[data-testid=backup-enabled]');
      expect(await exportEnds(options, 'backup', before)).toBe('done');
      await poll(async () => /Last backup:/.test(await text(options, '[data-testid=backup-last]')), { message: 'the last backup to be shown' });
      const folder = join(driver.downloadsDir, 'Commonplace backups');
      expect(readdirSync(folder).filter((f) => f.endsWith('.zip'))).toHaveLength(1);

      await options.$eval('[data-testid=backup-keep]', (el) => ((el as HTMLInputElement).value = ''));
      await options.type('[data-testid=backup-keep]', '2');
      await options.$eval('[data-testid=backup-keep]', (el) => el.dispatchEvent(new Event('change', { bubbles: true })));
      await poll(async () => (await must(driver, 'exportStatus')).backup.settings.keep === 2, { message: 'keep 2 to be saved' });
      for (let i = 0; i < 2; i++) {
        const before = (await must(driver, 'exportStatus')).backup.history.kept.length;
        await poll(() => options.$('[data-testid=backup-now]:not([disabled])'), { message: 'Back up now to be enabled' });
        await options.click('[data-testid=backup-now]');
        await poll(async () => {
          const s = await must(driver, 'exportStatus');
          return s.job?.state === 'done' && s.backup.history.kept.length >= Math.min(2, before + 1) && s.backup.history.kept[0]!.downloadId === s.job.downloadId;
        }, { timeout: 90_000, message: `backup ${i + 2} to be recorded` });
      }
      const state = await must(driver, 'exportStatus');
      expect(state.backup.settings).toEqual({ enabled: true, every: 'week', keep: 2 });
      expect(state.backup.history.kept).toHaveLength(2);
      expect(state.backup.history.lastError).toBeNull();
      // The history is written first, then the backups beyond it are deleted: wait for the files to follow.
      const kept = state.backup.history.kept.map((k) => basename(k.filename)).sort();
      const zips = () => readdirSync(folder).filter((f) => f.endsWith('.zip')).sort();
      await poll(() => JSON.stringify(zips()) === JSON.stringify(kept), { message: `only the kept backups in the folder, ${kept.join(', ')}`, describe: () => zips().join(', ') });
      const left = zips();
      const backup = unzipSync(new Uint8Array(readFileSync(join(folder, left[0]!))));
      expect(JSON.parse(strFromU8(backup['manifest.json']!)).counts.clips).toBe(await clipCount(driver));
      await options.close();
    });

    it('imports the export into a new, empty profile: an equal library, highlights, notes and saved views included', async () => {
      const { driver } = world();
      expect(wholeExport, 'the first test exported the library').not.toBe('');
      const fresh = await launchDriver(name);
      try {
        const options = await fresh.openExtensionPage('options.html');
        await chooseImportFile(options, dir, 'commonplace-export.zip', new Uint8Array(readFileSync(wholeExport)));
        await poll(() => options.$('[data-testid=import-job][data-state=done]'), { timeout: 90_000, message: 'the import to finish' });
        expect(await text(options, '[data-testid=import-imported]')).toBe('121 items imported');
        const strip = (rows: IndexRow[]) => rows.filter((r) => r.live).map(({ id, url, title, savedAt, readAt, archivedAt, kind, wordCount }) => ({ id, url, title, savedAt, readAt, archivedAt, kind, wordCount })).sort((a, b) => a.id.localeCompare(b.id));
        expect(strip(await indexRows(fresh))).toEqual(strip(await indexRows(driver)));
        const highlights = async (d: ExtensionDriver) => (await must(d, 'libraryHighlights', { limit: 500 })).highlights.map(({ id, clipId, color, note, target, page, found }) => ({ id, clipId, color, note, target, page, found }));
        expect(await highlights(fresh)).toEqual(await highlights(driver));
        const views = async (d: ExtensionDriver) => (await must(d, 'listViews', {})).views.map(({ id, name, spec }) => ({ id, name, spec }));
        expect((await views(driver)).map((v) => v.name)).toContain('Unread lights');
        expect(await views(fresh)).toEqual(await views(driver));
        await options.close();
      } finally {
        await fresh.close();
      }
    });
  });
}
