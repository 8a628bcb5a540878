/**
 * The frame of every exported HTML page: one file that reads offline with nothing else — no
 * script, no remote resource (a CSP meta tag forbids both, so even HTML that slipped past the
 * sanitiser could neither run nor load), styles inline, light and dark.
 */
import { escapeHtml } from '../util/escape-html';
import { withoutCredentials } from '../url/normalize';
import { COLOR_CSS } from './annotations';
import { isoOrNull } from '../util/dates';

/** What an exported page may do: nothing but its own inline styles and data: images. */
export const EXPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; base-uri 'none'";

export { escapeHtml };

const CSS = `
:root { color-scheme: light dark; --fg: #1f2328; --muted: #59636e; --bg: #fff; --line: #d1d9e0; --link: #0969da; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --muted: #9198a1; --bg: #0d1117; --line: #3d444d; --link: #4493f8; } mark { color: #1f2328; } }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 46rem; padding: 1.5rem 1rem 4rem; font: 1.0625rem/1.6 Georgia, 'Iowan Old Style', serif; color: var(--fg); background: var(--bg); }
a { color: var(--link); }
nav, .meta, .hl-meta, footer, .list small, .tags { font: 0.875rem/1.5 system-ui, sans-serif; color: var(--muted); }
nav a { margin-right: 1rem; }
h1 { line-height: 1.25; margin: 1rem 0 0.5rem; }
article { margin: 2rem 0; overflow-wrap: anywhere; }
article pre { overflow-x: auto; }
article table { border-collapse: collapse; }
article td, article th { border: 1px solid var(--line); padding: 0.25rem 0.5rem; }
blockquote { margin: 0.5rem 0; padding-left: 1rem; border-left: 3px solid var(--line); }
.highlights ol { list-style: none; padding-left: 0; }
.highlights li { margin: 1.25rem 0; }
.highlights blockquote { white-space: pre-wrap; }
.note { white-space: pre-wrap; margin: 0.25rem 0; }
.tag { display: inline-block; margin: 0 0.25rem 0.25rem 0; padding: 0 0.5rem; border: 1px solid var(--line); border-radius: 1rem; text-decoration: none; }
.list { list-style: none; padding: 0; }
.list li { margin: 0 0 1rem; }
.list .title { font-size: 1.125rem; }
.cp-media-alt { font-style: italic; color: var(--muted); }
footer { margin-top: 3rem; border-top: 1px solid var(--line); padding-top: 1rem; }
${Object.entries(COLOR_CSS)
  .map(([name, color]) => `.cp-${name} { background-color: ${color}; }\nli.cp-${name} { background: none; border-left: 4px solid ${color}; padding-left: 0.75rem; }`)
  .join('\n')}
`;

export interface PageOptions {
  readonly title: string;
  readonly body: string;
  readonly lang?: string | null;
  readonly dir?: 'ltr' | 'rtl' | null;
  /** The page's policy; `EXPORT_CSP` when absent (a snapshot's page allows the fonts and media its frame holds). */
  readonly csp?: string;
}

/** A BCP 47 tag as an attribute value, or nothing when it does not look like one. */
export function langAttr(lang: string | null | undefined): string {
  return lang && /^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/.test(lang) ? ` lang="${lang}"` : '';
}

/** A whole page: doctype, CSP, title, styles, and `body` (already HTML). */
export function page(opts: PageOptions): string {
  const dir = opts.dir === 'rtl' || opts.dir === 'ltr' ? ` dir="${opts.dir}"` : '';
  return `<!doctype html>
<html${langAttr(opts.lang)}${dir}>
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(opts.csp ?? EXPORT_CSP)}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(shortTitle(opts.title))}</title>
<style>${CSS}</style>
</head>
<body>
${opts.body}
</body>
</html>
`;
}

/**
 * User text (a title, a site's name, an author, a tag, an excerpt, a note) placed in a line of
 * other text: escaped, and isolated in a `<bdi>` — its direction found from its own first strong
 * letter (the `<bdi>` default, `dir=auto`), and its bidi controls (an RIGHT-TO-LEFT OVERRIDE, an
 * embedding or isolate never closed) ending with it. Without it one clip's title could reorder
 * the separators, dates, counts and the next clip's title shown after it in a list.
 */
export function isolate(text: string): string {
  return `<bdi>${escapeHtml(text)}</bdi>`;
}

/**
 * A link to an outside URL when it is http(s) (opened without referrer, and without a user name
 * and password, which a clip stored by an older version may hold), else the URL as (isolated) text.
 */
export function outsideLink(url: string, label: string): string {
  return /^https?:\/\//i.test(url) ? `<a href="${escapeHtml(withoutCredentials(url))}" rel="noopener noreferrer">${escapeHtml(label)}</a>` : isolate(url);
}

/**
 * A clip's title as the pages name it: the title, or its URL when the title has no visible
 * character (empty, spaces, or only invisible ones: U+200B, a soft hyphen, a lone accent), which
 * made a link no one could see or click in the lists.
 */
export function shownTitle(clip: { readonly title: string; readonly url: string }): string {
  const title = clip.title.trim();
  return /[^\s\p{Cc}\p{Cf}\p{Mn}\p{Me}]/u.test(title) ? title : clip.url;
}

/** A title for a list or a page's `<title>`: whitespace collapsed, at most `max` characters. */
export function shortTitle(title: string, max = 200): string {
  const t = title.replace(/\s+/g, ' ').trim();
  const chars = Array.from(t);
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : t;
}

/** `YYYY-MM-DD HH:MM` UTC, for people. */
export function when(ms: number): string {
  return isoOrNull(Number.isFinite(ms) ? ms : 0)?.slice(0, 16).replace('T', ' ') ?? '';
}
