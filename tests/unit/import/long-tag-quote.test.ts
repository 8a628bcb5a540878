/**
 * Found in a bug hunt: the report of a tag cut to the library's 200 characters quoted the tag
 * after its markup was removed ("Its tag "xxx…""), not as the user's file had it ("<b>xxx…"):
 * the person could not recognise it. Now it quotes the file's text, bounded (40 characters and
 * "…"), on one line, with invisible and direction-changing characters dropped; the report shows
 * it as text (extension/ui/ImportSection.tsx), never as HTML.
 */
import { describe, expect, it } from 'vitest';
import type { ExportClip } from '../../../src/export/types';
import { quoted, tagCutWords } from '../../../src/import/clean';
import { restoreItem } from '../../../src/import/restore-item';
import { newJob, runJob } from '../../../src/import/job-runner';
import { sanitizer } from './commonplace-helpers';
import { collect, itemsOf, NOW, pocketJobDeps, utf8 } from './fixtures';

const MARKED = `<b>${'x'.repeat(250)}</b>`;

describe('the report of a tag cut to the library’s length', () => {
  it('quotes the tag as the file had it, markup included, cut for display', async () => {
    const csv = `title,url,time_added,tags,status\nA,https://example.com/a,1700000000,${MARKED}|ok,unread\n`;
    const events = collect('pocket-csv', utf8(csv));
    expect(itemsOf(events)[0]!.tags).toEqual(['x'.repeat(200), 'ok']);
    const said = `Its tag "<b>${'x'.repeat(36)}…" was longer than 200 characters; only its first 200 were kept.`;
    expect(events[0]).toMatchObject({ lost: [said] });
    const job = await runJob(newJob('f', 'pocket.csv', NOW), pocketJobDeps(utf8(csv)));
    expect(job.failed[0]!.reason).toBe(`Part of it was not imported. ${said}`);
  });

  it('shows it on one line, without characters that could disguise the words around it, and reads only a bounded prefix', () => {
    expect(quoted('a\u202eb\nc\u0000d\u200be')).toBe('ab c de');
    expect(quoted(`<i>${'y'.repeat(10_000_000)}`)).toBe(`<i>${'y'.repeat(36)}…`);
    expect(tagCutWords('<script>alert(1)</script>')).toBe('Its tag "<script>alert(1)</script>" was longer than 200 characters; only its first 200 were kept.');
  });

  it('a restored clip’s long tag is quoted as the export had it', async () => {
    const clip = {
      id: 'AAAAAAAAAAAAAAAAAAAAAA', kind: 'page', url: 'https://x.example/a', pageUrl: 'https://x.example/a', canonicalUrl: null, title: 'A', byline: null, siteName: null,
      lang: null, dir: null, publishedTime: null, excerpt: null, savedAt: 10, capturedAt: 20, readAt: null, archivedAt: null, favoriteAt: null, note: '', tags: [MARKED], wordCount: 0, extractor: 'readability',
      highlights: [], stored: { catalog: '', content: null, rev: '' }, html: '<p>Hello.</p>', media: null, images: [], snapshot: null,
    } as ExportClip;
    const lost: string[] = [];
    await restoreItem(clip, async (html, url) => sanitizer.sanitizeCapture(html, url), (why) => lost.push(why));
    expect(lost).toEqual([expect.stringContaining(`Its tag "<b>${'x'.repeat(36)}…"`)]);
  });
});
