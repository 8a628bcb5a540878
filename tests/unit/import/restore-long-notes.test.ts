/**
 * A restore never shortens a note without a word. A clip's note is typed up to 100,000
 * characters, but the library holds longer ones (two devices' versions of a note put together,
 * `noteOf`; two edits merged by sync), and such a clip exports its whole note: the restore cut
 * it at 100,000 silently. The catalog sets no limit on a clip's note, so it is now kept whole. A
 * highlight's note is capped by the highlight schema (20,000: a longer one would not show), so
 * a longer one is still cut, and the clip is listed among the import's failures, saying where
 * the whole note is (the clip's page in the export).
 */
import { describe, expect, it } from 'vitest';
import { updateText } from '@automerge/automerge/slim';
import { repoSource } from '../../../src/export/repo-source';
import { restoreItem } from '../../../src/import/restore-item';
import { MAX_NOTE_CHARS as MAX_CLIP_NOTE_CHARS } from '../../../src/library/organise';
import { MAX_NOTE_CHARS } from '../../../src/schema/highlight';
import { newHighlightId } from '../../../src/schema/ids';
import { exportToMemory } from '../export/helpers';
import { targetIn } from '../export/fixtures';
import { openLibrary, savedClip } from '../library/helpers';
import { clipsOf, importInto, sanitizer } from './commonplace-helpers';

const sanitize = async (html: string, url: string) => sanitizer.sanitizeCapture(html, url);

describe('restoring a clip with a note longer than can be typed', () => {
  it('keeps a clip note over 100,000 characters whole, and says nothing', async () => {
    const note = 'n'.repeat(MAX_CLIP_NOTE_CHARS + 5_000);
    const lost: string[] = [];
    const got = await restoreItem({
      id: 'AAAAAAAAAAAAAAAAAAAAAA', kind: 'page', url: 'https://x.example/a', pageUrl: 'https://x.example/a', canonicalUrl: null, title: 'A', byline: null, siteName: null,
      lang: null, dir: null, publishedTime: null, excerpt: null, savedAt: 10, capturedAt: 20, readAt: null, archivedAt: null, favoriteAt: null, note, tags: [], wordCount: 0, extractor: 'readability',
      highlights: [], stored: { catalog: '', content: null, rev: '' }, html: '<p>Hello world.</p>', media: null, images: [], snapshot: null,
    }, sanitize, (why) => lost.push(why));
    if (!got.ok) throw new Error(got.error.message);
    expect(got.value.note).toBe(note);
    expect(lost).toEqual([]);
  });

  it('through the job: the clip note comes back whole; a highlight note over the cap is cut and the clip listed, naming its page in the export', async () => {
    const a = await openLibrary();
    const { id, catalog } = await savedClip(a);
    const html = (await clipsOf(a.repo, a.url))[0]!.html!;
    const h = await a.library.highlights.add(id, { id: newHighlightId(), target: targetIn(html, html.replace(/<[^>]+>/g, '').slice(0, 5)), page: null, color: 'green', note: 'short' });
    // As two devices' merged edits leave them (written around the typing limits).
    const clipNote = `${'c'.repeat(MAX_CLIP_NOTE_CHARS)} and the other device's words`;
    const hlNote = `${'h'.repeat(MAX_NOTE_CHARS)} and more`;
    catalog.change((d) => {
      d.clips[id]!.note = '';
      updateText(d.clips[id] as never, ['note'], clipNote);
      updateText((d.clips[id]!.highlights as never as Record<string, object>)[h.id] as never, ['note'], hlNote);
    });
    await a.library.settled();
    const exported = await exportToMemory(repoSource(a.repo, a.url));
    const entry = exported.manifest.clips[0]!;
    expect(exported.text(entry.html)).toContain(hlNote);
    const b = await openLibrary();
    const job = await importInto(b, exported.bytes, 'f');
    expect(job).toMatchObject({ state: 'done', imported: 1, failedCount: 1 });
    expect(job.failed[0]!.reason).toBe(
      `Part of it was not imported. The note of its highlight "${(await clipsOf(a.repo, a.url))[0]!.highlights[0]!.target!.quote.exact.slice(0, 39)}" was longer than 20,000 characters; only its first 20,000 were kept. The whole note is in the export's ${entry.html}.`,
    );
    const back = (await clipsOf(b.repo, b.url))[0]!;
    expect(back.note).toBe(clipNote);
    expect(back.highlights[0]!.note).toBe('h'.repeat(MAX_NOTE_CHARS));
  });
});
