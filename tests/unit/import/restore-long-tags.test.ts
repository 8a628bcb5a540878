/**
 * A restored clip's tags and notes are cut where the library cuts them, in the units it counts:
 * a tag may have 200 characters (code points, `normalizeTag`), so a tag of emoji (two UTF-16
 * units each) is as long as it looks. `restoreItem` cut every tag at 200 UTF-16 units: a tag of
 * 150 emoji came back as 100 emoji (another tag), and one of a letter and 150 emoji ended in half
 * an emoji, stored as U+FFFD. Notes over their cap were cut between the halves of a pair too.
 * A tag over the limit (an export another program wrote, or tampered with) was cut without a
 * word: the job now lists it as Pocket's long tags are ("Part of it was not imported. Its tag …").
 */
import { describe, expect, it } from 'vitest';
import type { ExportClip } from '../../../src/export/types';
import { repoSource } from '../../../src/export/repo-source';
import { MAX_RESTORED_CLIP_NOTE_CHARS, restoreItem } from '../../../src/import/restore-item';
import { normalizeTag } from '../../../src/library/tags';
import { MAX_NOTE_CHARS } from '../../../src/schema/highlight';
import { exportToMemory } from '../export/helpers';
import { openLibrary, savedClip } from '../library/helpers';
import { clipsOf, importInto, sanitizer } from './commonplace-helpers';

const EMOJI_TAG = '😀'.repeat(150);
const MIXED_TAG = `x${'🎉'.repeat(150)}`;
const LONGEST = `x${'🎉'.repeat(199)}`;

const clip: ExportClip = {
  id: 'AAAAAAAAAAAAAAAAAAAAAA', kind: 'page', url: 'https://x.example/a', pageUrl: 'https://x.example/a', canonicalUrl: null, title: 'A', byline: null, siteName: null,
  lang: null, dir: null, publishedTime: null, excerpt: null, savedAt: 10, capturedAt: 20, readAt: null, archivedAt: null, favoriteAt: null, note: '', tags: [EMOJI_TAG, MIXED_TAG, LONGEST], wordCount: 0, extractor: 'readability',
  highlights: [], stored: { catalog: '', content: null, rev: '' }, html: '<p>Hello world.</p>', media: null, images: [], snapshot: null,
};
const sanitize = async (html: string, url: string) => sanitizer.sanitizeCapture(html, url);
const LONE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('restoring a clip whose tags are long in UTF-16 units', () => {
  it('keeps every tag the library allows whole, and restores them into the library as they were', async () => {
    for (const t of clip.tags) expect(normalizeTag(t)).toEqual({ ok: true, value: t });
    const got = await restoreItem(clip, sanitize);
    if (!got.ok) throw new Error(got.error.message);
    expect(got.value.tags).toEqual([EMOJI_TAG, MIXED_TAG, LONGEST]);
    const lib = await openLibrary();
    expect(await lib.library.importBatch([got.value])).toEqual([{ kind: 'imported', clip: clip.id }]);
    await lib.library.settled();
    expect((await clipsOf(lib.repo, lib.url))[0]!.tags).toEqual([EMOJI_TAG, MIXED_TAG, LONGEST].sort());
  });

  it('cuts a tag over the limit at 200 characters, and a note over its cap, never inside an emoji', async () => {
    // A clip note is kept whole up to the restore's bound (restore-long-notes.test.ts): past it, cut there.
    const note = `${'a'.repeat(MAX_RESTORED_CLIP_NOTE_CHARS - 1)}😀 and more`;
    const hNote = `${'b'.repeat(MAX_NOTE_CHARS - 1)}😀 and more`;
    const target = null;
    const got = await restoreItem({ ...clip, tags: ['😀'.repeat(250)], note, highlights: [{ id: 'BBBBBBBBBBBBBBBBBBBBBB', color: 'green', note: hNote, createdAt: 1, updatedAt: 2, v: 1, target, page: null }] }, sanitize);
    if (!got.ok) throw new Error(got.error.message);
    expect(got.value.tags).toEqual(['😀'.repeat(200)]);
    expect(got.value.note).toBe('a'.repeat(MAX_RESTORED_CLIP_NOTE_CHARS - 1));
    expect(got.value.restore!.highlights[0]!.note).toBe('b'.repeat(MAX_NOTE_CHARS - 1));
    for (const s of [got.value.note, got.value.restore!.highlights[0]!.note, ...got.value.tags]) expect(s).not.toMatch(LONE);
  });

  it('says so when it cuts a tag: the job lists the clip as Pocket’s long tags are listed', async () => {
    const lost: string[] = [];
    const got = await restoreItem({ ...clip, tags: ['😀'.repeat(250), 'ok'] }, sanitize, (why) => lost.push(why));
    if (!got.ok) throw new Error(got.error.message);
    expect(got.value.tags).toEqual(['😀'.repeat(200), 'ok']);
    expect(lost).toEqual([`Its tag "${'😀'.repeat(19)}…" was longer than 200 characters; only its first 200 were kept.`]);
    // Tags the library allows whole: nothing said.
    const none: string[] = [];
    await restoreItem(clip, sanitize, (why) => none.push(why));
    expect(none).toEqual([]);

    // Through the job, from an export whose clip holds a tag longer than the library allows (written around the library's checks).
    const a = await openLibrary();
    const { id, catalog } = await savedClip(a);
    catalog.change((d) => void (d.clips[id]!.tags['x'.repeat(250)] = true));
    await a.library.settled();
    const exported = await exportToMemory(repoSource(a.repo, a.url));
    const b = await openLibrary();
    const job = await importInto(b, exported.bytes, 'f');
    expect(job).toMatchObject({ state: 'done', imported: 1, failedCount: 1 });
    expect(job.failed[0]!.reason).toBe(`Part of it was not imported. Its tag "${'x'.repeat(39)}…" was longer than 200 characters; only its first 200 were kept.`);
    expect((await clipsOf(b.repo, b.url))[0]!.tags).toEqual(['x'.repeat(200)]);
  });
});
