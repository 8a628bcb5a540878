/**
 * One Markdown file per clip: YAML front matter, the article as GitHub-flavoured Markdown
 * (turndown + turndown-plugin-gfm: tables, strikethrough, task lists, fenced code), and the
 * highlights as quotes with their colour and note. Text is escaped so nothing in a page or a
 * note becomes Markdown syntax or raw HTML in a renderer (`<` and entity-like `&` included).
 */
import { clipStateOf } from '../schema/plain-values';
import TurndownService from 'turndown';
import { gfm } from 'turndown-plugin-gfm';
import { frontMatter, type FrontMatterValue } from './front-matter';
import { isoDate } from './names';
import type { ClipMeta, ExportHighlight } from './types';
import { isoOrNull } from '../util/dates';
import { displaySiteName } from '../url/display-host';

/** Elements whose content is never article text (the stored HTML has none; HTML from elsewhere might). */
const DROPPED = ['script', 'style', 'noscript', 'template', 'iframe', 'object', 'embed', 'form', 'button', 'select', 'textarea', 'head'] as const;

let shared: TurndownService | null = null;

/** Markdown escaping, plus what turndown leaves: `<` (raw HTML), `~` (GFM strikethrough) and `&` before an entity name. */
function escaper(service: TurndownService): (text: string) => string {
  const base = service.escape.bind(service);
  return (text) =>
    base(text)
      // turndown escapes a leading '~~~' (a code fence) itself; every '~' is escaped here.
      .replace(/^\\~~~/, '~~~')
      .replace(/[<~]/g, '\\$&')
      .replace(/&(?=#?[A-Za-z0-9]+;)/g, '\\&');
}

/**
 * A link or image destination: an absolute http(s) URL (or mailto for links), written plain,
 * or in `<…>` with spaces and angle brackets percent-encoded when it holds any of `()<>` or
 * whitespace; null for anything else (`javascript:`, `data:`, relative), which is dropped.
 */
function destination(raw: string | null, mailto: boolean): string | null {
  const url = (raw ?? '').trim();
  if (!(mailto ? /^(https?:\/\/|mailto:)/i : /^https?:\/\//i).test(url)) return null;
  return /[()<>\s]/.test(url) ? `<${url.replace(/[<>\s]/g, (c) => encodeURIComponent(c))}>` : url;
}

/** Elements hidden from the reader (the sanitiser drops them too). */
const isHidden = (node: HTMLElement) => node.hasAttribute?.('hidden') || (node.getAttribute?.('aria-hidden') ?? '').trim().toLowerCase() === 'true';

/** Images saved with the clip, for the conversion under way: article `<img src>` → the file's relative path (media-files.ts). */
export interface LocalImages {
  current: ReadonlyMap<string, string> | null;
  /** Where the conversion under way writes the article's inline SVG drawings as files (absent: each is written as its label). */
  drawings?: DrawingFiles | null;
}

/**
 * The inline SVG drawings of one clip's Markdown, as files: each made inert by `svg` (null: no
 * drawing left, written as its label), named `drawing-<n>.svg` in article order, linked as
 * `<dir>/drawing-<n>.svg`; `files` is filled by the conversion, for the caller to write.
 */
export interface DrawingFiles {
  readonly dir: string;
  readonly svg: (markup: string) => string | null;
  readonly files: Array<{ readonly name: string; readonly data: string }>;
}

/** An SVG element's label, as the reader labels it (src/sanitize/sanitize.ts, `mediaAlt`): its aria-label, else its title. */
function drawingLabel(node: HTMLElement): string {
  const title = Array.from(node.childNodes).find((n) => n.nodeName.toLowerCase() === 'title');
  return (node.getAttribute('aria-label') ?? title?.textContent ?? '').replace(/\s+/g, ' ').trim() || 'drawing';
}

/** Whether `node` is an `<svg>` not inside another (a drawing of its own). */
function isDrawing(node: Node): boolean {
  if (node.nodeName.toLowerCase() !== 'svg') return false;
  for (let p = node.parentNode; p; p = p.parentNode) if (p.nodeName.toLowerCase() === 'svg') return false;
  return true;
}

/**
 * A turndown service set up for articles (ATX headings, fenced code, '-' bullets, GFM) that
 * never writes HTML: what turndown would keep as HTML (a table without a header row) is
 * written as its text, links keep only http(s)/mailto targets and images only http(s) sources,
 * or the relative path of the saved image (`local`). So the stored HTML converts as it is (no
 * sanitiser, no DOM of ours: turndown parses it inertly) and the Markdown cannot carry script,
 * handlers or `javascript:` links.
 */
export function createTurndown(local: LocalImages = { current: null }): TurndownService {
  const service = new TurndownService({
    headingStyle: 'atx',
    codeBlockStyle: 'fenced',
    bulletListMarker: '-',
    emDelimiter: '_',
    hr: '---',
    keepReplacement: (content, node) => ((node as HTMLElement & { isBlock?: boolean }).isBlock ? `\n\n${content}\n\n` : content),
  });
  service.use(gfm);
  service.remove([...DROPPED]);
  service.remove((node) => isHidden(node as HTMLElement));
  service.addRule('safeLink', {
    filter: (node) => node.nodeName === 'A',
    replacement: (content, node) => {
      const href = destination((node as HTMLElement).getAttribute('href'), true);
      return href && content.trim() !== '' ? `[${content}](${href})` : content;
    },
  });
  service.addRule('safeImage', {
    filter: 'img',
    replacement: (_content, node) => {
      const alt = service.escape(((node as HTMLElement).getAttribute('alt') ?? '').replace(/\s+/g, ' ').trim());
      const raw = (node as HTMLElement).getAttribute('src');
      const saved = local.current?.get((raw ?? '').trim());
      const src = saved ? (/[()<>\s]/.test(saved) ? `<${saved.replace(/[<>\s]/g, (c) => encodeURIComponent(c))}>` : saved) : destination(raw, false);
      return src ? `![${alt}](${src})` : alt;
    },
  });
  // An inline drawing: its file (made inert), linked as an image; its words are not article text here (the reader shows it as an image too).
  service.addRule('drawing', {
    filter: (node) => isDrawing(node),
    replacement: (_content, node) => {
      const alt = service.escape(drawingLabel(node as HTMLElement));
      const out = local.drawings;
      const clean = out ? out.svg((node as HTMLElement).outerHTML) : null;
      if (!out || clean === null) return alt;
      const name = `drawing-${out.files.length + 1}.svg`;
      out.files.push({ name, data: clean });
      const path = `${out.dir}/${name}`;
      return `![${alt}](${/[()<>\s]/.test(path) ? `<${path.replace(/[<>\s]/g, (c) => encodeURIComponent(c))}>` : path})`;
    },
  });
  service.escape = escaper(new TurndownService());
  return service;
}

/**
 * Escapes plain text (a title, a quote, a line of a note) for Markdown: it reads back as the same
 * text. Its leading spaces and tabs are dropped: a paragraph's are not shown anyway, and 4 of
 * them (or a tab) would start an indented code block, where escapes show as backslashes.
 */
export function escapeMarkdown(text: string): string {
  shared ??= createTurndown();
  return shared.escape(text.replace(/^[ \t]+/, ''));
}

/** The article's stored HTML as Markdown (see `createTurndown` for what is kept). */
export function articleMarkdown(service: TurndownService, html: string): string {
  return service.turndown(html).trim();
}

/** A date as ISO 8601; null for none, or for a number that is no date (one clip's bad date must not stop an export). */
const iso = isoOrNull;

/** A URL as a Markdown autolink when it is a plain http(s) or mailto URL; escaped text otherwise. */
export function markdownLink(url: string): string {
  return /^(https?|mailto):[^\s<>\u0000-\u001f\u007f]*$/i.test(url) ? `<${url}>` : escapeMarkdown(url);
}

/** Lines as a blockquote, each escaped ('>' alone for a blank line). */
function quoted(text: string): string {
  return text
    .split('\n')
    .map((line) => (line.trim() === '' ? '>' : `> ${escapeMarkdown(line)}`))
    .join('\n');
}

/** A note as Markdown paragraphs: its line breaks kept (hard breaks), blank lines between paragraphs. */
function noteParagraphs(note: string): string {
  return note
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.split('\n').map(escapeMarkdown).join('  \n'))
    .join('\n\n');
}

/** One highlight: the quote, then its colour and date inside the quote, then the note (if any). */
export function highlightMarkdown(h: ExportHighlight): string {
  const quote = h.target?.quote.exact ?? h.page?.quote.exact ?? '';
  const where = h.target ? '' : ' · not found in the saved copy';
  const parts = [`${quoted(quote || '(no quote)')}\n>\n> — ${escapeMarkdown(h.color)} highlight · ${isoDate(h.createdAt)}${where}`];
  if (h.note.trim() !== '') parts.push(`**Note:** ${noteParagraphs(h.note.trim())}`);
  return parts.join('\n\n');
}

/** The front matter fields of a clip, in order. */
export function clipFrontMatter(clip: ClipMeta): string {
  const fields: Array<[string, FrontMatterValue]> = [
    ['title', clip.title],
    ['url', clip.url],
    ['page_url', clip.pageUrl],
    ['author', clip.byline],
    ['site', clip.siteName],
    ['published', clip.publishedTime],
    ['saved', iso(clip.savedAt)],
    ['captured', iso(clip.capturedAt)],
    ['state', clipStateOf(clip)],
    ['read_at', iso(clip.readAt)],
    ['archived_at', iso(clip.archivedAt)],
    ['favorite', clip.favoriteAt !== null],
    ['tags', clip.tags],
    ['highlights', clip.highlights.length],
    ['words', clip.wordCount],
    ['kind', clip.kind],
    ['lang', clip.lang],
    ['id', clip.id],
  ];
  return frontMatter(fields);
}

/**
 * The whole Markdown file of a clip. `article` is its Markdown, or null when the article was
 * not available (the file says so).
 */
export function clipMarkdown(clip: ClipMeta, article: string | null): string {
  const title = (clip.title || clip.url).replace(/\s+/g, ' ').trim();
  const byline = [clip.byline, clip.siteName && displaySiteName(clip.siteName)].filter((s): s is string => !!s).map((s) => escapeMarkdown(s.replace(/\s+/g, ' ')));
  // A closing run of '#' (after a space, or the whole title) would be dropped from the heading: its first '#' is escaped.
  const heading = escapeMarkdown(title).replace(/(^|[ \t])#(#*[ \t]*)$/, '$1\\#$2');
  const out = [clipFrontMatter(clip).trimEnd(), `# ${heading}`, [`Source: ${markdownLink(clip.url)}`, ...byline].join(' · ')];
  if (clip.note.trim() !== '') out.push(`**Note:** ${noteParagraphs(clip.note.trim())}`);
  out.push(article ?? '_The article of this clip was not available when it was exported (not synced yet, or damaged)._');
  if (clip.highlights.length > 0) out.push('## Highlights', ...clip.highlights.map(highlightMarkdown));
  return `${out.join('\n\n')}\n`;
}
