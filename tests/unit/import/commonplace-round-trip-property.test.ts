/**
 * A round-trip property over generated libraries (seeded, so a failure replays): whatever mix of
 * tags (emoji, case spellings), states (read, archived, favourite), notes (lines, emoji, empty),
 * highlights (every colour, notes, live-page ones), reading progress, saved views and deletions a
 * library holds, its whole export imported into an empty library gives back every listed clip
 * field by field, the same saved views, and nothing that was deleted; a selection exported with
 * its documents gives back exactly its clips.
 */
import { describe, expect, it } from 'vitest';
import { textOfHtml } from '../../../src/capture/text';
import { repoSource } from '../../../src/export/repo-source';
import { newJob, runJob } from '../../../src/import/job-runner';
import { HIGHLIGHT_COLORS } from '../../../src/schema/highlight';
import { newHighlightId, type ClipId } from '../../../src/schema/ids';
import { targetIn } from '../export/fixtures';
import { exportToMemory } from '../export/helpers';
import { openLibrary, page } from '../library/helpers';
import { spec } from '../library/views-helpers';
import { clipsOf, restoreWorld } from './commonplace-helpers';
import { NOW } from './fixtures';
import { seeded as rng } from '../../../scripts/bench/seeded';


const WORDS = ['river', 'Mill', 'wheel', 'été', 'naïve', '東京', 'עברית', '😀', 'x<y', '&amp;', 'line\nbreak', '**bold**'];
const TAGS = ['work', 'Work', 'café', 'to read', '😀 fun', 'a/b: c', 'x'.repeat(200)];

async function generated(seed: number) {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const lib = await openLibrary();
  const { library } = lib;
  const deleted = new Set<string>();
  for (let i = 0; i < 8; i++) {
    const words = Array.from({ length: 12 }, () => pick(WORDS).replace('\n', ' '));
    const html = `<h2>Clip ${i}</h2><p>${words.slice(0, 6).join(' ').replace(/</g, '&lt;')} first sentence number ${i}.</p><p>Second paragraph ${words.slice(6).join(' ').replace(/</g, '&lt;')}.</p>`;
    const { clip } = await library.save(page({ title: `${pick(WORDS)} ${i}`, pageUrl: `https://example.com/p/${seed}/${i}`, canonicalUrl: null, html, text: textOfHtml(html) }));
    const id = clip.id as ClipId;
    const tags = [...new Set(Array.from({ length: Math.floor(r() * 4) }, () => pick(TAGS)))];
    if (tags.length > 0) await library.organise.setTags(id, tags).catch(() => undefined);
    if (r() < 0.5) await library.markRead(id, true);
    if (r() < 0.3) await library.organise.setArchived(id, true);
    if (r() < 0.3) await library.organise.setFavorite(id, true);
    if (r() < 0.5) await library.organise.setNote(id, Array.from({ length: 3 }, () => pick(WORDS)).join(r() < 0.5 ? '\n' : ' '));
    if (r() < 0.5) await library.organise.setProgress(id, Math.floor(r() * 50), Math.floor(r() * 100));
    for (let h = 0; h < Math.floor(r() * 3); h++) {
      const passage = h === 0 ? `first sentence number ${i}` : 'Second paragraph';
      const live = r() < 0.3;
      await library.highlights.add(id, {
        id: newHighlightId(),
        target: live ? null : targetIn(html, passage),
        page: live ? targetIn(`<p>Menu</p>${html}`, passage) : null,
        color: pick(HIGHLIGHT_COLORS),
        note: r() < 0.5 ? Array.from({ length: 2 }, () => pick(WORDS)).join('\n') : '',
      });
    }
    if (r() < 0.2) {
      await library.setDeleted(id, true);
      deleted.add(id);
    }
  }
  await library.views.save({ name: `View ${seed} ${pick(WORDS)}`, spec: spec({ tag: pick(TAGS), sort: 'oldest' }) });
  await library.settled();
  return { lib, deleted };
}

describe('export → import into an empty library, over generated libraries', () => {
  for (const seed of [1, 2, 3]) {
    it(`gives back every clip, field by field, and the saved views (seed ${seed})`, async () => {
      const { lib, deleted } = await generated(seed);
      const exported = await exportToMemory(repoSource(lib.repo, lib.url));
      const fresh = await openLibrary();
      const job = await runJob(newJob('f', 'commonplace-export.zip', NOW), restoreWorld(fresh, exported.bytes).deps);
      const before = await clipsOf(lib.repo, lib.url);
      expect(job).toMatchObject({ state: 'done', imported: before.length, failedCount: 0 });
      await fresh.library.settled();
      const after = await clipsOf(fresh.repo, fresh.url);
      expect(after).toEqual(before);
      expect(after.some((c) => deleted.has(c.id))).toBe(false);
      expect(fresh.library.views.list().views).toEqual(lib.library.views.list().views);
    });

    it(`gives back exactly the clips of a selection exported with its documents (seed ${seed})`, async () => {
      const { lib } = await generated(seed);
      const chosen = (c: { tags: readonly string[]; readAt: number | null }) => c.readAt !== null || c.tags.length > 0;
      const exported = await exportToMemory(repoSource(lib.repo, lib.url), { select: chosen, documents: 'touched' });
      const fresh = await openLibrary();
      const job = await runJob(newJob('f', 'commonplace-export.zip', NOW), restoreWorld(fresh, exported.bytes).deps);
      const before = (await clipsOf(lib.repo, lib.url)).filter(chosen);
      expect(job).toMatchObject({ state: 'done', imported: before.length, failedCount: 0 });
      await fresh.library.settled();
      expect(await clipsOf(fresh.repo, fresh.url)).toEqual(before);
    });
  }
});
