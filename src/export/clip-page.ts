/**
 * One clip as a self-contained HTML page: its metadata, the article (sanitised with the
 * reader's profile, highlights marked), and every highlight with its note listed below.
 * The same page goes into the export zip and into the `read` command's folder; only the
 * links around it differ.
 */
import { colorClass } from './annotations';
import { escapeHtml, isolate, langAttr, outsideLink, page, shownTitle, when } from './html';
import { markId } from './marks';
import { clipStateOf } from '../schema/plain-values';
import type { ClipMeta, ExportHighlight } from './types';
import { displaySiteName } from '../url/display-host';

/** Links around a clip page (all relative); absent ones are left out. */
export interface ClipPageLinks {
  /** The list of all clips (`../index.html`). */
  readonly home?: string;
  /** A tag's page. */
  readonly tag?: (tag: string) => string;
  /** The clip's Markdown file. */
  readonly markdown?: string;
  /** The clip's full-page snapshot. */
  readonly snapshot?: string;
}

/** The article as drawn: sanitised HTML with highlights marked, and which highlights were drawn (0-based). */
export interface DrawnArticle {
  readonly html: string;
  readonly marked: ReadonlySet<number>;
}

const named = (color: string) => color.replace(/[^a-z]/gi, '') || 'yellow';

function highlightItem(h: ExportHighlight, i: number, marked: boolean): string {
  const quote = h.target?.quote.exact ?? h.page?.quote.exact ?? '';
  const where = marked
    ? `<a href="#${markId(i + 1)}">in the article</a>`
    : h.target
      ? 'not found in this copy of the article'
      : 'not in the saved article (made on the live page)';
  const note = h.note.trim() === '' ? '' : `\n<p class="note" dir="auto">${escapeHtml(h.note)}</p>`;
  return `<li class="${colorClass(h.color)}" id="note-${i + 1}"><blockquote dir="auto">${escapeHtml(quote)}</blockquote>${note}
<p class="hl-meta">${escapeHtml(named(h.color))} · ${when(h.createdAt)} · ${where}</p></li>`;
}

/** The highlights section, or '' when there are none. */
export function highlightsSection(highlights: readonly ExportHighlight[], marked: ReadonlySet<number>): string {
  if (highlights.length === 0) return '';
  const items = highlights.map((h, i) => highlightItem(h, i, marked.has(i))).join('\n');
  return `<section class="highlights" id="highlights">\n<h2>Highlights and notes (${highlights.length})</h2>\n<ol>\n${items}\n</ol>\n</section>`;
}

/** The clip's metadata line: site, author, dates, state, the original. */
function metaLine(clip: ClipMeta): string {
  const parts = [
    clip.siteName ? isolate(displaySiteName(clip.siteName)) : '',
    clip.byline ? `by ${isolate(clip.byline)}` : '',
    clip.publishedTime ? `published ${isolate(clip.publishedTime)}` : '',
    `saved ${when(clip.savedAt)}`,
    clipStateOf(clip),
    outsideLink(clip.url, 'original'),
  ];
  return parts.filter((p) => p !== '').join(' · ');
}

/** The whole page of a clip. `article` is null when the article was not available. */
export function clipPage(clip: ClipMeta, article: DrawnArticle | null, links: ClipPageLinks = {}): string {
  const title = shownTitle(clip);
  const nav = [
    links.home ? `<a href="${escapeHtml(links.home)}">← All clips</a>` : '',
    links.markdown ? `<a href="${escapeHtml(links.markdown)}">Markdown</a>` : '',
    links.snapshot ? `<a href="${escapeHtml(links.snapshot)}">Full-page snapshot</a>` : '',
  ]
    .filter((s) => s !== '')
    .join('');
  const tags = clip.tags
    .map((t) => (links.tag ? `<a class="tag" href="${escapeHtml(links.tag(t))}">${isolate(t)}</a>` : `<span class="tag">${isolate(t)}</span>`))
    .join('');
  const lang = `${langAttr(clip.lang)}${clip.dir ? ` dir="${clip.dir}"` : ''}`;
  const body = [
    nav ? `<nav>${nav}</nav>` : '',
    `<header>\n<h1${lang}>${escapeHtml(title)}</h1>\n<p class="meta">${metaLine(clip)}</p>${tags ? `\n<p class="tags">${tags}</p>` : ''}${clip.note.trim() ? `\n<aside class="clip-note"><strong>Note:</strong> <bdi>${escapeHtml(clip.note.trim()).replace(/\n/g, '<br>')}</bdi></aside>` : ''}\n</header>`,
    article
      ? `<article${lang}>\n${article.html}\n</article>`
      : '<article><p><em>The article of this clip was not available when it was exported (not synced yet, or damaged).</em></p></article>',
    highlightsSection(clip.highlights, article?.marked ?? new Set()),
    `<footer>Saved with Commonplace. Clip ${escapeHtml(clip.id)}.</footer>`,
  ];
  return page({ title, body: body.filter((s) => s !== '').join('\n') });
}
