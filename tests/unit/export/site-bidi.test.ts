/**
 * A title (or a site's name, author, tag, excerpt, note) holding a RIGHT-TO-LEFT OVERRIDE, an
 * embedding or isolate never closed, or right-to-left letters, must not reorder the text around
 * it: in the `read` site's lists and in each clip's page (the same page the export zip holds)
 * such text is isolated in a `<bdi>`, or is alone in its own block (a heading, a quote, a note).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { repoSource } from '../../../src/export/repo-source';
import { writeSite } from '../../../src/export/site';
import { catalogOf, domWindow, targetIn } from './fixtures';
import { exportToMemory, memorySink, parseHtml } from './helpers';
import { openLibrary, page } from '../library/helpers';
import { newHighlightId } from '../../../src/schema/ids';

const BIDI = /[\u202a-\u202e\u2066-\u2069]/;
const TITLE = 'Evil \u202egnp.exe\u2067 title';
const SITE = 'Site \u202b\u05e9\u05dc\u05d5\u05dd';
const BYLINE = 'Ann \u2068\u0627\u0644\u0639\u0631\u0628\u064a\u0629';
const TAG = 'tag\u202e';
const EXCERPT = 'An excerpt \u202d held';
const NOTE = 'My note \u202e reversed';
const ARTICLE = '<p>It begins. Then it ends.</p>';

/** Text nodes holding a bidi control that are neither in a `<bdi>` nor alone in their block: each would reorder its neighbours. */
function unisolated(html: string): string[] {
  const doc = parseHtml(html);
  const out: string[] = [];
  const walker = doc.createTreeWalker(doc.documentElement, 4 /* NodeFilter.SHOW_TEXT */);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent ?? '';
    if (!BIDI.test(text)) continue;
    const holder = node.parentElement?.closest('bdi, title, h1, h2, blockquote, p, li, aside, article, small');
    if (holder?.tagName === 'BDI') continue;
    if (holder && holder.textContent?.trim() === text.trim()) continue;
    out.push(`${holder?.tagName ?? '?'}: ${JSON.stringify(holder?.textContent ?? text)}`);
  }
  return out;
}

describe('bidi text in the static site and the clip pages', () => {
  let files: Map<string, string>;
  let zipPages: string[];

  beforeAll(async () => {
    const lib = await openLibrary();
    const { clip } = await lib.library.save(
      page({ title: TITLE, siteName: SITE, byline: BYLINE, excerpt: EXCERPT, publishedTime: '2026 \u202e01', pageUrl: 'https://example.com/evil', canonicalUrl: null, html: ARTICLE, text: 'It begins. Then it ends.' }),
    );
    await lib.library.save(page({ title: 'Next clip', pageUrl: 'https://example.com/next', canonicalUrl: null }));
    await lib.library.highlights.add(clip.id, { id: newHighlightId(), target: targetIn(ARTICLE, 'Then it ends.'), page: null, color: 'yellow', note: NOTE });
    (await catalogOf(lib, clip.id)).change((d) => void ((d.clips[clip.id]!.tags = { [TAG]: true }), (d.clips[clip.id]!.note = NOTE)));
    await lib.library.settled();
    const site = memorySink();
    await writeSite(repoSource(lib.repo, lib.url), site, { window: domWindow() });
    files = site.files;
    const exported = await exportToMemory(repoSource(lib.repo, lib.url));
    zipPages = Object.keys(exported.files).filter((f) => f.endsWith('.html') && !f.includes('snapshots/')).map((f) => exported.text(f));
  });

  it('every list isolates titles, sites, authors, tags and excerpts', () => {
    const lists = ['index.html', 'a-z.html', 'tags.html', 'sites.html', 'highlights.html', ...[...files.keys()].filter((f) => f.startsWith('tags/') || f.startsWith('sites/'))];
    expect(lists.length).toBeGreaterThanOrEqual(7);
    for (const f of lists) expect(unisolated(files.get(f)!), f).toEqual([]);
    const index = parseHtml(files.get('index.html')!);
    const bdis = Array.from(index.querySelectorAll('.list bdi')).map((b) => b.textContent);
    expect(bdis).toEqual(expect.arrayContaining([TITLE, SITE, BYLINE, TAG, EXCERPT]));
    // The title's link holds only the isolated title: nothing after it (the facts, the next clip) is inside the isolate.
    const link = Array.from(index.querySelectorAll('a.title')).find((a) => a.textContent === TITLE)!;
    expect(link.innerHTML).toBe(`<bdi>${TITLE}</bdi>`);
  });

  it('every clip page, in the site and in the export zip, isolates them too', () => {
    const pages = [...[...files.keys()].filter((f) => f.startsWith('clips/')).map((f) => files.get(f)!), ...zipPages];
    expect(pages.filter((p) => p.includes('gnp.exe')).length).toBeGreaterThanOrEqual(2);
    for (const html of pages) expect(unisolated(html)).toEqual([]);
  });
});
