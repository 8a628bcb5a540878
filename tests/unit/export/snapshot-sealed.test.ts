/**
 * A full-page snapshot in the export zip and in `npm run read`'s folder is a file opened from
 * disk, as a top-level page. It was the stored HTML with the snapshot policy put first, which
 * stops scripts and loads but not everything a snapshot from another device, an import or a
 * crafted export can hold: a `<meta http-equiv="refresh">` (no policy directive covers it) sent
 * the page to any site as soon as it was opened, a `<base>` retargeted its links, a form
 * submitted. Now the file is a page that holds the snapshot sealed, as the extension's viewer
 * does: `<iframe sandbox="" srcdoc>`, under a policy (`default-src 'none'`, so `frame-src
 * 'none'`) the frame inherits; the snapshot itself is kept whole in `srcdoc`.
 */
import { describe, expect, it } from 'vitest';
import { mediaFiles } from '../../../src/export/media-files';
import { SNAPSHOT_PAGE_CSP } from '../../../src/export/snapshot-page';
import type { ExportClip } from '../../../src/export/types';
import { deflateText } from '../../../src/library/compress';
import { guardSnapshotHtml } from '../../../src/snapshot/guard';
import { parseHtml } from './helpers';

const HOSTILE = [
  '<!doctype html><html><head><title>Copy</title>',
  '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
  '<base href="https://evil.example/">',
  "<meta content='1; url=\"https://evil.example/2\"' http-equiv=REFRESH>",
  '<link rel="dns-prefetch" href="https://evil.example/">',
  '</head><body><h1>The "copy" &amp; its <em>words</em></h1>',
  '<form action="https://evil.example/f"><input name="q"></form><script>alert(1)</script>',
  '<a href="page.html">a relative link</a></body></html>',
].join('');

async function snapshotOf(html: string, title = 'A <b>"page"</b>') {
  const clip = { id: 'c1', title, url: 'https://example.com/p', savedAt: Date.UTC(2026, 0, 2), html: null, images: [], snapshot: { html: await deflateText(html), htmlBytes: html.length, left: 0 } } as unknown as ExportClip;
  const files = await mediaFiles(clip, '2026-01-02-a-page-abc1234');
  return files.snapshot!;
}

describe('a snapshot written as a file', () => {
  it('is a page holding it in a sealed frame: nothing in the page refreshes, retargets, submits or runs', async () => {
    const snap = await snapshotOf(HOSTILE);
    expect(snap.path).toBe('snapshots/2026-01-02-a-page-abc1234.html');
    const doc = parseHtml(snap.html);
    // The page itself: nothing of the snapshot's is an element of it.
    expect(doc.querySelectorAll('meta[http-equiv]:not([http-equiv="Content-Security-Policy"])').length).toBe(0);
    expect(doc.querySelectorAll('base, form, script, link, input').length).toBe(0);
    expect(doc.querySelector('meta[http-equiv="Content-Security-Policy"]')!.getAttribute('content')).toBe(SNAPSHOT_PAGE_CSP);
    expect(SNAPSHOT_PAGE_CSP).toMatch(/^default-src 'none';/);
    expect(SNAPSHOT_PAGE_CSP).not.toMatch(/frame-src|child-src/);
    // One frame, sandboxed with no permission, holding the snapshot whole with its policy first.
    const frames = doc.querySelectorAll('iframe');
    expect(frames.length).toBe(1);
    expect(frames[0]!.getAttribute('sandbox')).toBe('');
    expect(frames[0]!.hasAttribute('src')).toBe(false);
    expect(frames[0]!.getAttribute('srcdoc')).toBe(guardSnapshotHtml(HOSTILE));
    // A way back to the clip, and the title as text.
    expect(doc.querySelector('header a')!.getAttribute('href')).toBe('../clips/2026-01-02-a-page-abc1234.html');
    expect(doc.querySelector('header bdi')!.textContent).toBe('A <b>"page"</b>');
    expect(doc.title).toBe('A <b>"page"</b> (full-page copy)');
  });

  it('keeps the snapshot readable in the file (only & and " escaped in srcdoc)', async () => {
    const snap = await snapshotOf('<!doctype html><html><body><h1>The page as it looked</h1><p>A &amp; B</p></body></html>');
    expect(snap.html).toContain('<h1>The page as it looked</h1>');
    expect(snap.html).toContain('<p>A &amp;amp; B</p>');
  });
});
