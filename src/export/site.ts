/**
 * A library as a folder of static pages that opens from disk in any browser, offline and
 * without script: index.html (newest first, with tags), a-z.html, tags.html and one page per
 * tag, sites.html and one page per site, highlights.html, and clips/<name>.html per clip
 * (the same page as the export zip's, saved images inside it), and snapshots/<name>.html for a
 * clip with a full-page snapshot (sealed in a frame, snapshot-page.ts). Clips are written as they are read (one content
 * document in memory); only the lists' rows are kept for the index pages at the end.
 */
import type { DomWindow } from '../sanitize/sanitize';
import { createSvgSanitizer } from '../sanitize/svg';
import { clipPage } from './clip-page';
import { escapeHtml, isolate, shownTitle } from './html';
import { countTags, storedTagKey, type TagCount } from '../library/tags';
import { clipStateOf } from '../schema/plain-values';
import { mediaFiles, NO_MEDIA } from './media-files';
import { ClipNames } from './names';
import { createRenderer } from './renderer';
import { highlightsPage, keysPage, listPage, siteFile, tagFile, type SiteHighlight, type SiteRow } from './site-pages';
import { CLIPS_PER_TURN, nextTurn } from './turn';
import type { ClipMeta, ExportProgress, LibrarySource } from './types';
import { displaySiteName } from '../url/display-host';

/** Where the pages go: a folder on disk in the command line. Paths use '/', relative to the site's top. */
export interface FileSink {
  write(path: string, content: string): Promise<void>;
}

export interface SiteOptions {
  /** The window article HTML is sanitised on (jsdom in Node). */
  readonly window: DomWindow;
  readonly select?: (clip: ClipMeta) => boolean;
  readonly onProgress?: (progress: ExportProgress) => void;
}

export interface SiteSummary {
  readonly clips: number;
  readonly highlights: number;
  readonly notes: number;
  readonly tags: number;
  readonly missingArticles: number;
}

const count = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);

/** Writes the site of a library into `out`. */
export async function writeSite(source: LibrarySource, out: FileSink, opts: SiteOptions): Promise<SiteSummary> {
  const readOpts = { select: opts.select, documents: 'none' as const };
  const info = await source.info(readOpts);
  const render = createRenderer(opts.window);
  // Every SVG image embedded is made inert, whatever stored it, as the zip's are (media-files.ts, `svg`).
  const svg = createSvgSanitizer(opts.window);
  const names = new ClipNames();
  const rows: SiteRow[] = [];
  const highlights: SiteHighlight[] = [];
  const byKey = new Map<string, TagCount>();
  const sites = new Map<string, number>();
  let missing = 0;
  for await (const item of source.read(readOpts)) {
    if (item.type !== 'clip') continue;
    const clip = item.clip;
    const name = names.name(clip);
    // Saved images inside the page (data: URLs), the snapshot as a page of its own.
    const media = clip.images.length > 0 || clip.snapshot ? await mediaFiles(clip, name, { svg }) : NO_MEDIA;
    const article = render.article(clip, media.dataUrls);
    const snapshot = media.snapshot ? `../${media.snapshot.path}` : undefined;
    await out.write(`clips/${name}.html`, clipPage(clip, article, { home: '../index.html', tag: (t) => `../${tagFile(t)}`, snapshot }));
    if (media.snapshot) await out.write(media.snapshot.path, media.snapshot.html);
    const title = shownTitle(clip);
    rows.push({
      name,
      title,
      site: clip.siteName && displaySiteName(clip.siteName),
      byline: clip.byline,
      savedAt: clip.savedAt,
      tags: clip.tags,
      highlights: clip.highlights.length,
      notes: clip.highlights.filter((h) => h.note.trim() !== '').length,
      state: clipStateOf(clip),
      excerpt: clip.excerpt,
      article: article !== null,
    });
    clip.highlights.forEach((h, i) => {
      highlights.push({ clip: name, clipTitle: title, n: i + 1, color: h.color, quote: h.target?.quote.exact ?? h.page?.quote.exact ?? '', note: h.note, createdAt: h.createdAt });
    });
    // One tag however it is spelt, once per clip, in the spelling the extension's tag list shows (as the facets count it).
    countTags(byKey, clip.tags, (tag) => ({ tag, count: 0 }));
    if (clip.siteName) count(sites, displaySiteName(clip.siteName));
    if (article === null) missing++;
    opts.onProgress?.({ done: rows.length, total: info.clips, phase: 'clips' });
    if (rows.length % CLIPS_PER_TURN === 0) await nextTurn();
  }
  opts.onProgress?.({ done: rows.length, total: info.clips, phase: 'index' });
  const tags = new Map([...byKey.values()].map((v) => [v.tag, v.count]));
  const newest = [...rows].sort((a, b) => b.savedAt - a.savedAt);
  await out.write('index.html', listPage('Commonplace library', 'Your library', newest, '', tagLine(tags)));
  await out.write('a-z.html', listPage('Clips A–Z', 'Clips A–Z', [...rows].sort((a, b) => a.title.localeCompare(b.title)), ''));
  await out.write('tags.html', keysPage('Tags', tags, tagFile));
  await out.write('sites.html', keysPage('Sites', sites, siteFile));
  for (const tag of tags.keys()) await out.write(tagFile(tag), listPage(`Tag: ${tag}`, `Tagged “${isolate(tag)}”`, newest.filter((r) => r.tags.some((t) => storedTagKey(t) === storedTagKey(tag))), '../'));
  for (const site of sites.keys()) await out.write(siteFile(site), listPage(`Site: ${site}`, `From ${isolate(site)}`, newest.filter((r) => r.site === site), '../'));
  await out.write('highlights.html', highlightsPage(highlights));
  opts.onProgress?.({ done: rows.length, total: info.clips, phase: 'done' });
  return { clips: rows.length, highlights: highlights.length, notes: highlights.filter((h) => h.note.trim() !== '').length, tags: tags.size, missingArticles: missing };
}

/** The tags, as links, above the index's list. */
function tagLine(tags: ReadonlyMap<string, number>): string {
  if (tags.size === 0) return '';
  const links = [...tags.keys()]
    .sort((a, b) => a.localeCompare(b))
    .map((t) => `<a class="tag" href="${escapeHtml(tagFile(t))}">${isolate(t)}</a>`)
    .join('');
  return `<p class="tags">${links}</p>\n`;
}

