/**
 * A restored clip's tags and notes are cut where the library cuts them, in the units it counts:
 * a tag may have 200 characters (code points, `normalizeTag`), so a tag of emoji (two UTF-16
 * units each) is as long as it looks. `restoreItem` cut every tag at 200 UTF-16 units: a tag of
 * 150 emoji came back as 100 emoji (another tag), and one of a letter and 150 emoji ended in half
 * an emoji, stored as U+FFFD. Notes over their cap were cut between the halves of a pair too.
 */
import { describe, expect, it } from 'vitest';
import type { ExportClip } from '../../../src/export/types';
import { restoreItem } from '../../../src/import/restore-item';
import { MAX_NOTE_CHARS as MAX_CLIP_NOTE_CHARS } from '../../../src/library/organise';
import { normalizeTag } from '../../../src/library/tags';
import { MAX_NOTE_CHARS } from '../../../src/schema/highlight';
import { openLibrary } from '../library/helpers';
import { clipsOf, sanitizer } from './commonplace-helpers';

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
    const note = `${'a'.repeat(MAX_CLIP_NOTE_CHARS - 1)}😀 and more`;
    const hNote = `${'b'.repeat(MAX_NOTE_CHARS - 1)}😀 and more`;
    const target = null;
    const got = await restoreItem({ ...clip, tags: ['😀'.repeat(250)], note, highlights: [{ id: 'BBBBBBBBBBBBBBBBBBBBBB', color: 'green', note: hNote, createdAt: 1, updatedAt: 2, v: 1, target, page: null }] }, sanitize);
    if (!got.ok) throw new Error(got.error.message);
    expect(got.value.tags).toEqual(['😀'.repeat(200)]);
    expect(got.value.note).toBe('a'.repeat(MAX_CLIP_NOTE_CHARS - 1));
    expect(got.value.restore!.highlights[0]!.note).toBe('b'.repeat(MAX_NOTE_CHARS - 1));
    for (const s of [got.value.note, got.value.restore!.highlights[0]!.note, ...got.value.tags]) expect(s).not.toMatch(LONE);
  });
});
