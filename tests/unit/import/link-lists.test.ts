import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../../src/import/detect';
import { openImport } from '../../../src/import/import';
import { collect, expectWellFormed, failuresOf, itemsOf, NOW, T0, utf8 } from './fixtures';

/** A Pocket `ril_export.html`, laid out as Pocket's exporter wrote it. */
function rilExport(unread: string[], archive: string[]): string {
  return `<!DOCTYPE html>
<html>
\t<!--So long and thanks for all the fish-->
\t<head>
\t\t<meta http-equiv="Content-Type" content="text/html; charset=UTF-8" />
\t\t<title>Pocket Export</title>
\t</head>
\t<body>
\t\t<h1>Unread</h1>
\t\t<ul>
${unread.map((li) => `\t\t\t${li}`).join('\n')}
\t\t</ul>

\t\t<h1>Read Archive</h1>
\t\t<ul>
${archive.map((li) => `\t\t\t${li}`).join('\n')}
\t\t</ul>
\t</body>
</html>`;
}

const ICON = `data:image/png;base64,${'iVBORw0KGgo'.repeat(3_000)}`;

const CHROMIUM = `<!DOCTYPE NETSCAPE-Bookmark-file-1>
<!-- This is an automatically generated file.
     It will be read and overwritten.
     DO NOT EDIT! -->
<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8">
<TITLE>Bookmarks</TITLE>
<H1>Bookmarks</H1>
<DL><p>
    <DT><H3 ADD_DATE="${T0}" LAST_MODIFIED="${T0 + 5}" PERSONAL_TOOLBAR_FOLDER="true">Bookmarks bar</H3>
    <DL><p>
        <DT><A HREF="https://shop.example/search?q=tea&sort=price&utm_campaign=x" ADD_DATE="${T0}" ICON="${ICON}">Tea &amp; more</A>
        <DT><H3 ADD_DATE="${T0}" LAST_MODIFIED="${T0}">Research</H3>
        <DL><p>
            <DT><H3 ADD_DATE="${T0}" LAST_MODIFIED="${T0}">AI</H3>
            <DL><p>
                <DT><A HREF="https://papers.example/attention" ADD_DATE="${T0 + 60}">Attention</A>
            </DL><p>
            <DT><A HREF="https://papers.example/survey" ADD_DATE="${T0 + 120}">Survey</A>
        </DL><p>
    </DL><p>
    <DT><H3 ADD_DATE="${T0}" LAST_MODIFIED="${T0}">Other bookmarks</H3>
    <DL><p>
        <DT><A HREF="javascript:(function(){alert(1)})()" ADD_DATE="${T0}">Bookmarklet</A>
        <DT><A HREF="https://shop.example/search?q=tea&amp;sort=price" ADD_DATE="${T0 + 1}">Tea again</A>
    </DL><p>
</DL><p>
`;

const FIREFOX = `<!DOCTYPE NETSCAPE-Bookmark-file-1>
<!-- This is an automatically generated file.
     It will be read and overwritten.
     DO NOT EDIT! -->
<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8">
<meta http-equiv="Content-Security-Policy"
      content="default-src 'self'; script-src 'none'; img-src data: *; object-src 'none'"></meta>
<TITLE>Bookmarks</TITLE>
<H1>Bookmarks Menu</H1>

<DL><p>
    <DT><A HREF="place:type=6&sort=14&maxResults=10" ADD_DATE="${T0}" LAST_MODIFIED="${T0}">Recent Tags</A>
    <DT><H3 ADD_DATE="${T0}" LAST_MODIFIED="${T0}">Reading</H3>
    <DL><p>
        <DT><A HREF="https://essays.example/post?id=1&amp;page=2" ADD_DATE="${T0 + 10}" LAST_MODIFIED="${T0 + 11}" ICON_URI="https://essays.example/favicon.ico" ICON="${ICON}" TAGS="longform,essays" SHORTCUTURL="ess">Long &amp; good</A>
<DD>Why essays matter &lt;3
        <DT><A HREF="https://evil.example/" ADD_DATE="${T0 + 20}"><script>alert(1)</script>Evil &lt;b&gt;title&lt;/b&gt;&#x202E;</A>
    </DL><p>
    <DT><H3 ADD_DATE="${T0}" LAST_MODIFIED="${T0}" PERSONAL_TOOLBAR_FOLDER="true">Bookmarks Toolbar</H3>
    <DL><p>
        <DT><A HREF="https://news.example/" ADD_DATE="${T0 + 30}">News</A>
    </DL><p>
    <DT><H3 ADD_DATE="${T0}" LAST_MODIFIED="${T0}" UNFILED_BOOKMARKS_FOLDER="true">Other Bookmarks</H3>
    <DL><p>
        <DT><A HREF="https://unfiled.example/" ADD_DATE="0">Unfiled, no date</A>
    </DL><p>
</DL>
`;

describe("Pocket's ril_export.html", () => {
  const html = rilExport(
    [
      `<li><a href="https://a.example/one" time_added="${T0}" tags="news,long reads">One &amp; only</a></li>`,
      `<li><a href="https://a.example/two?x=1&y=2" time_added="${T0 + 60}" tags="">https://a.example/two?x=1&y=2</a></li>`,
    ],
    [`<li><a href="https://a.example/three" time_added="${T0 + 120}" tags="done">Three</a></li>`],
  );

  it('is detected, and reads both lists with their states, times, tags and untitled links', () => {
    const bytes = utf8(html);
    expect(detectFormat('ril_export.html', bytes)).toEqual({ ok: true, value: 'pocket-html' });
    const events = collect('pocket-html', bytes);
    expectWellFormed(events);
    expect(itemsOf(events)).toEqual([
      { url: 'https://a.example/one', title: 'One & only', savedAt: T0 * 1000, tags: ['news', 'long reads'], state: 'unread', highlights: [] },
      { url: 'https://a.example/two?x=1&y=2', title: '', savedAt: (T0 + 60) * 1000, tags: [], state: 'unread', highlights: [] },
      { url: 'https://a.example/three', title: 'Three', savedAt: (T0 + 120) * 1000, tags: ['done'], state: 'archived', highlights: [] },
    ]);
    expect(events[2]).toMatchObject({ sourceKey: 'pocket-html:link:3', source: 'ril_export.html, line 17' });
    const session = openImport('pocket-html', bytes, { now: NOW });
    expect(session.ok && session.value.total).toBe(3);
  });
});

describe('Netscape bookmark files', () => {
  it('Chromium: nested folders become tags (not the browser roots), icons ignored, unescaped & kept, duplicates found', () => {
    const bytes = utf8(CHROMIUM);
    expect(detectFormat('bookmarks_1_2_26.html', bytes)).toEqual({ ok: true, value: 'bookmarks-html' });
    const events = collect('bookmarks-html', bytes);
    expectWellFormed(events);
    expect(events.map((e) => e.kind)).toEqual(['item', 'item', 'item', 'failed', 'duplicate']);
    expect(itemsOf(events)).toEqual([
      { url: 'https://shop.example/search?q=tea&sort=price', title: 'Tea & more', savedAt: T0 * 1000, tags: [], state: 'archived', highlights: [] },
      { url: 'https://papers.example/attention', title: 'Attention', savedAt: (T0 + 60) * 1000, tags: ['Research', 'AI'], state: 'archived', highlights: [] },
      { url: 'https://papers.example/survey', title: 'Survey', savedAt: (T0 + 120) * 1000, tags: ['Research'], state: 'archived', highlights: [] },
    ]);
    expect(failuresOf(events)[0]!.reason).toContain('javascript:');
    expect(events[4]).toMatchObject({ kind: 'duplicate', firstKey: 'bookmarks-html:link:1', item: { title: 'Tea again' } });
  });

  it('Firefox: TAGS, descriptions, place: queries refused, hostile titles made plain, flagged roots not tags', () => {
    const events = collect('bookmarks-html', utf8(FIREFOX), { bookmarkState: 'unread' });
    expectWellFormed(events);
    expect(events[0]).toMatchObject({ kind: 'failed', reason: expect.stringContaining('place:') });
    const items = itemsOf(events);
    expect(items[0]).toEqual({
      url: 'https://essays.example/post?id=1&page=2',
      title: 'Long & good',
      savedAt: (T0 + 10) * 1000,
      tags: ['Reading', 'longform', 'essays'],
      state: 'unread',
      excerpt: 'Why essays matter <3',
      highlights: [],
    });
    expect(items[1]!.title).toBe('Evil title');
    expect(items.slice(2).map((i) => [i.url, i.tags])).toEqual([
      ['https://news.example/', []],
      ['https://unfiled.example/', []],
    ]);
    expect(items[3]!.savedAt).toBe(NOW);
    expect(events.at(-1)).toMatchObject({ warnings: [expect.stringContaining('not a usable date')] });
  });

  it('reads a large bookmark file in linear time', () => {
    const links = Array.from({ length: 30_000 }, (_, i) => `<DT><A HREF="https://site${i % 997}.example/p/${i}?a=1&b=2" ADD_DATE="${T0 + i}" ICON="${ICON.slice(0, 2_000)}">Link ${i}</A>`);
    const html = `<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<DL><p>\n<DT><H3>Big</H3>\n<DL><p>\n${links.join('\n')}\n</DL><p>\n</DL>`;
    const t = performance.now();
    const events = collect('bookmarks-html', utf8(html));
    const ms = performance.now() - t;
    console.info(`[import] 30,000 bookmarks (${(html.length / 1e6).toFixed(0)} MB): ${ms.toFixed(0)} ms`);
    expect(itemsOf(events)).toHaveLength(30_000);
    expect(ms).toBeLessThan(10_000);
  });
});
