/**
 * Highlights that must never be lost: the background killed while a highlight is being
 * written (the call is sent again, as the UI's transport does, and the highlight exists once),
 * and highlights with notes made in one browser reaching another through a sync server, with
 * a note edited in both at once keeping both edits.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeText } from '../../../src/anchoring/anchor';
import { newHighlightId, type ClipId } from '../../../src/schema/ids';
import type { HighlightTarget } from '../../../src/schema/selectors';
import { browsersUnderTest, launchDriver, type BrowserName, type ExtensionDriver } from '../harness/driver';
import { startFixtureServer, type TestServer } from '../harness/fixture-server';
import { poll } from '../harness/poll';
import { must, useWorld } from '../harness/steps';
import { enableSync, joinWhenConnected, saveUrl, startSyncServer, waitForClip, waitSynced, type SyncServerHandle } from '../harness/sync-world';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A reader-side target for `passage` in a clip's saved text. */
async function targetFor(driver: ExtensionDriver, clipId: ClipId, passage: string): Promise<HighlightTarget> {
  const { text } = await must(driver, 'getClip', { clipId });
  const start = text.indexOf(passage);
  expect(start, `"${passage}" in the saved text`).toBeGreaterThanOrEqual(0);
  const d = describeText(text, start, start + passage.length);
  if (!d.ok) throw new Error(d.error.message);
  return { ...d.value, range: null };
}

/** A passage of the saved text: its first sentence of some length. */
async function aPassage(driver: ExtensionDriver, clipId: ClipId, skip = 0): Promise<string> {
  const { text } = await must(driver, 'getClip', { clipId });
  const sentences = text.split(/(?<=[.!?])\s+/).filter((s) => s.length > 40 && s.length < 300);
  expect(sentences.length).toBeGreaterThan(skip);
  return sentences[skip]!;
}

for (const name of browsersUnderTest()) {
  describe(`${name}: a highlight survives the background being killed while it is written`, () => {
    const world = useWorld(name);

    it('killed at any instant of the call, the re-sent call leaves exactly one highlight, with its note', async () => {
      const { driver, site } = world();
      const { clip } = await saveUrl(driver, site.url('/article.html'));
      const outcomes: string[] = [];
      for (const [i, delay] of [0, 3, 10, 25, 60].entries()) {
        const highlightId = newHighlightId();
        const target = await targetFor(driver, clip.id, await aPassage(driver, clip.id, i));
        const params = { clipId: clip.id, highlightId, target, color: 'green' as const, note: `note ${i}` };
        // The call in flight when the background dies fails as a transport error (or was answered just before).
        const first = driver.call('addHighlight', params).then(
          (r) => (r.ok ? 'answered' : r.error.code),
          (e: Error) => `lost (${e.message.slice(0, 60)})`,
        );
        await sleep(delay);
        await driver.killBackground();
        const firstOutcome = await first;
        // What the UI transport does when the background went away: send the same call again.
        const again = await must(driver, 'addHighlight', params);
        expect(again).toMatchObject({ highlight: { id: highlightId, note: `note ${i}`, found: true } });
        outcomes.push(`${delay} ms: first call ${firstOutcome}`);
      }
      const { highlights } = await must(driver, 'clipHighlights', { clipId: clip.id });
      const notes = highlights.map((h) => h.note).filter((n) => n.startsWith('note ')).sort();
      expect(notes, outcomes.join('; ')).toEqual(['note 0', 'note 1', 'note 2', 'note 3', 'note 4']);
    });
  });
}

/** Chromium↔Chromium, and Chromium↔Firefox when both are under test. */
function pairs(): Array<[BrowserName, BrowserName]> {
  const names = browsersUnderTest();
  if (names.includes('chromium') && names.includes('firefox')) return [['chromium', 'firefox']];
  return names.includes('chromium') ? [['chromium', 'chromium']] : [['firefox', 'firefox']];
}

for (const [a, b] of pairs()) {
  describe(`highlights sync: ${a} ↔ ${b}`, () => {
    let server: SyncServerHandle;
    let site: TestServer;
    let A: ExtensionDriver;
    let B: ExtensionDriver;

    beforeAll(async () => {
      server = await startSyncServer();
      site = await startFixtureServer();
      [A, B] = await Promise.all([launchDriver(a), launchDriver(b)]);
      await enableSync(A, [server.url]);
      await enableSync(B, [server.url]);
      await waitSynced(A);
      const { libraryUrl } = await must(A, 'syncSettings', {});
      await joinWhenConnected(B, libraryUrl);
    });
    afterAll(async () => {
      await Promise.all([A?.close(), B?.close()]);
      await site?.close();
      await server?.stop();
    });

    it("a highlight and its note made in one browser appear in the other's reader data and on its live page", async () => {
      const { clip } = await saveUrl(A, site.url('/article-3.html'));
      await waitForClip(B, site.url('/article-3.html'));
      const passage = await aPassage(A, clip.id, 1);
      const made = await must(A, 'addHighlight', { clipId: clip.id, highlightId: newHighlightId(), target: await targetFor(A, clip.id, passage), color: 'blue', note: 'seen in A' });
      const inB = await poll(
        async () => (await must(B, 'clipHighlights', { clipId: clip.id })).highlights.find((h) => h.id === made.highlight.id && h.found),
        { timeout: 30_000, message: 'the highlight in B' },
      );
      expect(inB).toMatchObject({ note: 'seen in A', color: 'blue', target: { quote: { exact: passage } } });
      // B's live page draws it (its content script asks for the page's highlights when it loads).
      const page = await B.openPage(site.url('/article-3.html'));
      try {
        const drawn = await poll(
          async () => {
            const n = await page.evaluate(() => {
              const hl = (globalThis as unknown as { CSS?: { highlights?: Map<string, { size: number }> } }).CSS?.highlights;
              if (hl) return [...hl.entries()].filter(([k]) => k.startsWith('commonplace')).reduce((sum, [, v]) => sum + v.size, 0);
              return document.querySelectorAll('mark[data-commonplace-highlight]').length;
            });
            return n > 0 ? n : null;
          },
          { timeout: 20_000, message: "the highlight drawn on B's live page" },
        );
        expect(drawn).toBeGreaterThan(0);
      } finally {
        await page.close();
      }
    });

    it('a note edited in both browsers at once keeps both edits', async () => {
      const { clip } = await saveUrl(A, site.url('/article-2.html'));
      await waitForClip(B, site.url('/article-2.html'));
      const made = await must(A, 'addHighlight', { clipId: clip.id, highlightId: newHighlightId(), target: await targetFor(A, clip.id, await aPassage(A, clip.id)), color: 'yellow', note: 'starter' });
      await poll(async () => (await must(B, 'clipHighlights', { clipId: clip.id })).highlights.some((h) => h.id === made.highlight.id) || null, { timeout: 30_000, message: 'the highlight in B' });
      const id = made.highlight.id;
      // As the reader's and the page's editors send them: with the note they loaded. Whichever
      // edit is written second (the other may have arrived by then) keeps the first one's words.
      await Promise.all([
        must(A, 'changeHighlight', { clipId: clip.id, highlightId: id, note: 'starter from A', noteBase: 'starter' }),
        must(B, 'changeHighlight', { clipId: clip.id, highlightId: id, note: 'B says starter', noteBase: 'starter' }),
      ]);
      const both = async (d: ExtensionDriver) => (await must(d, 'clipHighlights', { clipId: clip.id })).highlights.find((h) => h.id === id)?.note ?? '';
      const converged = await poll(
        async () => {
          const [na, nb] = await Promise.all([both(A), both(B)]);
          return na === nb && na.includes('from A') && na.includes('B says') ? na : null;
        },
        {
          timeout: 30_000,
          message: 'the note to converge with both edits',
          describe: async () => `A has ${JSON.stringify(await both(A))}, B has ${JSON.stringify(await both(B))}; sync A ${JSON.stringify(await must(A, 'syncStatus', {}))}, B ${JSON.stringify(await must(B, 'syncStatus', {}))}`,
        },
      );
      expect(converged).toContain('starter');
    });
  });
}
