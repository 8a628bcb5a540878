/**
 * The static site's list pages: every clip newest first (index.html) and A–Z, one page per
 * tag and per site, and every highlight with its note. Plain HTML: finding needs no script
 * (the lists, and the browser's own find on them).
 */
import { escapeHtml, isolate, page, shortTitle, when } from './html';
import { colorClass } from './annotations';
import { keyName } from './names';
import { storedTagKey } from '../library/tags';

/** What a list shows of a clip. */
export interface SiteRow {
  readonly name: string;
  readonly title: string;
  readonly site: string | null;
  readonly byline: string | null;
  readonly savedAt: number;
  readonly tags: readonly string[];
  readonly highlights: number;
  readonly notes: number;
  readonly state: string;
  readonly excerpt: string | null;
  readonly article: boolean;
}

/** One highlight on the highlights page. */
export interface SiteHighlight {
  readonly clip: string;
  readonly clipTitle: string;
  /** 1-based place in its clip's list (the clip page's `#note-n`). */
  readonly n: number;
  readonly color: string;
  readonly quote: string;
  readonly note: string;
  readonly createdAt: number;
}

/** A tag's page: one for every spelling of the tag ("Work", "work", "#work"), as the library counts them as one (`storedTagKey`). */
export const tagFile = (tag: string) => `tags/${keyName(storedTagKey(tag))}.html`;
export const siteFile = (site: string) => `sites/${keyName(site)}.html`;

const plural = (n: number, one: string) => `${n.toLocaleString('en-US')} ${one}${n === 1 ? '' : 's'}`;

function nav(up: string): string {
  const links: Array<[string, string]> = [['index.html', 'Newest'], ['a-z.html', 'A–Z'], ['tags.html', 'Tags'], ['sites.html', 'Sites'], ['highlights.html', 'Highlights and notes']];
  return `<nav>${links.map(([href, label]) => `<a href="${up}${href}">${label}</a>`).join('')}</nav>`;
}

const FIND_HINT = '<p class="meta">To search, use your browser\'s Find (Ctrl+F, ⌘F) on a list; the highlights page holds every quote and note.</p>';

function row(r: SiteRow, up: string): string {
  const facts = [
    r.site ? isolate(r.site) : '',
    r.byline ? `by ${isolate(r.byline)}` : '',
    when(r.savedAt).slice(0, 10),
    r.highlights ? plural(r.highlights, 'highlight') : '',
    r.notes ? plural(r.notes, 'note') : '',
    r.state,
    r.article ? '' : 'article not available',
  ].filter((s) => s !== '');
  const tags = r.tags.map((t) => `<a class="tag" href="${up}${escapeHtml(tagFile(t))}">${isolate(t)}</a>`).join('');
  const excerpt = r.excerpt ? `<br><small>${isolate(r.excerpt.length > 240 ? `${r.excerpt.slice(0, 240)}…` : r.excerpt)}</small>` : '';
  return `<li><a class="title" href="${up}clips/${escapeHtml(r.name)}.html">${isolate(shortTitle(r.title))}</a><br><small>${facts.join(' · ')}</small>${tags ? ` ${tags}` : ''}${excerpt}</li>`;
}

/** A page listing clips, `up` the way back to the site's top ('' or '../'); `heading` is HTML (user text in it already `isolate`d). */
export function listPage(title: string, heading: string, rows: readonly SiteRow[], up: string, intro = ''): string {
  const items = rows.map((r) => row(r, up)).join('\n');
  return page({
    title,
    body: `${nav(up)}\n<h1>${heading}</h1>\n${intro}<p class="meta">${plural(rows.length, 'clip')}</p>\n${FIND_HINT}\n<ul class="list">\n${items}\n</ul>`,
  });
}

/** Every key (tag or site) with its count, linking to its page. */
export function keysPage(title: string, counts: ReadonlyMap<string, number>, file: (key: string) => string): string {
  const keys = [...counts.keys()].sort((a, b) => a.localeCompare(b));
  const items = keys.map((k) => `<a class="tag" href="${escapeHtml(file(k))}">${isolate(k)} (${counts.get(k)})</a>`).join('\n');
  return page({ title, body: `${nav('')}\n<h1>${escapeHtml(title)}</h1>\n<p>${items || 'None yet.'}</p>` });
}

/** Every highlight and note of the library, newest first, each linking to its place on its clip's page. */
export function highlightsPage(all: readonly SiteHighlight[]): string {
  const sorted = [...all].sort((a, b) => b.createdAt - a.createdAt);
  const items = sorted
    .map((h) => {
      const note = h.note.trim() ? `\n<p class="note" dir="auto">${escapeHtml(h.note)}</p>` : '';
      return `<li class="${colorClass(h.color)}"><blockquote dir="auto">${escapeHtml(h.quote)}</blockquote>${note}\n<p class="hl-meta"><a href="clips/${escapeHtml(h.clip)}.html#note-${h.n}">${isolate(shortTitle(h.clipTitle))}</a> · ${when(h.createdAt)}</p></li>`;
    })
    .join('\n');
  return page({
    title: 'Highlights and notes',
    body: `${nav('')}\n<h1>Highlights and notes</h1>\n<p class="meta">${plural(all.length, 'highlight')}</p>\n${FIND_HINT}\n<section class="highlights"><ol>\n${items}\n</ol></section>`,
  });
}
