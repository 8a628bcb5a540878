/**
 * A highlight of a newer layout (`v` above `HIGHLIGHT_VERSION`: a newer Commonplace on another
 * device of the library wrote it; this version keeps such a highlight untouched, read-only) in a
 * restored export. Before the fix `restoreItem` wrote it back as a layout-1 highlight (its
 * selectors read as this version reads them, or none, its colour yellow, editable): what the newer
 * layout held was dropped without a word, and since the library then held its id, importing the
 * file again after updating never brought the real one back. Now it is left out and said, as a
 * newer document is, so the same file imported after an update adds it.
 */
import { describe, expect, it } from 'vitest';
import type { ExportClip } from '../../../src/export/types';
import { restoreItem } from '../../../src/import/restore-item';
import { targetIn } from '../export/fixtures';
import { sanitizer } from './commonplace-helpers';

const html = '<p>Hello world, and more words here.</p>';
const clip: ExportClip = {
  id: 'AAAAAAAAAAAAAAAAAAAAAA', kind: 'page', url: 'https://x.example/a', pageUrl: 'https://x.example/a', canonicalUrl: null, title: 'A', byline: null, siteName: null,
  lang: null, dir: null, publishedTime: null, excerpt: null, savedAt: 10, capturedAt: 20, readAt: null, archivedAt: null, favoriteAt: null, note: '', tags: [], wordCount: 0, extractor: 'readability',
  highlights: [
    { id: 'BBBBBBBBBBBBBBBBBBBBBB', color: 'green', note: 'mine', createdAt: 1, updatedAt: 2, v: 1, target: { ...targetIn(html, 'world'), range: null }, page: null },
    { id: 'CCCCCCCCCCCCCCCCCCCCCC', color: 'teal', note: 'newer', createdAt: 3, updatedAt: 4, v: 2, target: null, page: null },
  ],
  stored: { catalog: '', content: null, rev: '' }, html, media: null, images: [], snapshot: null,
};
const sanitize = async (h: string, url: string) => sanitizer.sanitizeCapture(h, url);

describe('restoreItem: a highlight a newer Commonplace wrote', () => {
  it('is left out (never rewritten as a layout-1 highlight) and the loss is said', async () => {
    const lost: string[] = [];
    const got = await restoreItem(clip, sanitize, (why) => lost.push(why));
    if (!got.ok) throw new Error(got.error.message);
    expect(got.value.restore!.highlights.map((h) => h.id)).toEqual(['BBBBBBBBBBBBBBBBBBBBBB']);
    expect(lost).toHaveLength(1);
    expect(lost[0]).toMatch(/^One of its highlights was made by a newer version of Commonplace\b.*Update Commonplace, then import this file again/);
  });

  it('counts several in one sentence', async () => {
    const lost: string[] = [];
    const newer = clip.highlights[1]!;
    await restoreItem({ ...clip, highlights: [newer, { ...newer, id: 'DDDDDDDDDDDDDDDDDDDDDD', v: 3 }] }, sanitize, (why) => lost.push(why));
    expect(lost).toEqual([expect.stringMatching(/^2 of its highlights were made by a newer version of Commonplace/)]);
  });
});
