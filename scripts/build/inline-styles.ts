/**
 * The extension pages' own stylesheets written into their HTML (`<style>`), not linked.
 *
 * Why: a page's module scripts do not run until every stylesheet linked before them has loaded
 * (a "script-blocking" stylesheet), and each file an extension page loads is a request to the
 * browser process. Measured on the side panel at 10,000 clips (`scripts/bench/panel-ab.ts`,
 * medians of 44-66 openings, docs/benchmarks.md "Stop 49"): with the same scripts, only the HTML
 * differing, the first rows came 8, 11 and 20 ms sooner inline in three passes; against stop 48's
 * build, 1.5 and 4.8 ms later in two. The sheet's parse moves into the HTML's (the HTML is parsed
 * ~10 ms later), the wait for one more file goes.
 *
 * A page whose own CSP allows inline styles (the side panel's and the saved-page view's
 * `style-src 'self' 'unsafe-inline'`) takes them as they are. A page whose CSP allows none (the
 * popup, the options page) gets each inlined sheet's SHA-256 added to its `style-src` (made from
 * its `default-src` when it has none): that allows exactly those `<style>`s and nothing more, so its
 * CSP is not loosened. (A hash beside 'unsafe-inline' would switch 'unsafe-inline' off: never both.)
 *
 * A stylesheet that a script of the page may also load later (the CSS of a lazily loaded chunk
 * the page reaches, which Vite's preload helper adds as a `<link>`) stays linked: inlined too, its
 * rules would come twice, the second time after the page's other styles, and win where they tie.
 */

import { createHash } from 'node:crypto';
import { closure } from './page-chunks';

/** The parts of Rollup's output bundle this rule reads and writes. */
export type BundleFile = BundleAsset | BundleChunk;
type BundleAsset = { readonly type: 'asset'; readonly fileName: string; source: string | Uint8Array };
type BundleChunk = { readonly type: 'chunk'; readonly fileName: string; readonly code: string; readonly imports: readonly string[]; readonly dynamicImports: readonly string[] };

const LINK = /<link rel="stylesheet"(?: crossorigin)? href="\/([^"]+\.css)">/g;
const ENTRY_SCRIPT = /<script type="module"(?: crossorigin)? src="\/([^"]+\.js)"><\/script>/g;
const text = (source: string | Uint8Array) => (typeof source === 'string' ? source : new TextDecoder().decode(source));

const CSP = /(<meta http-equiv="Content-Security-Policy" content=")([^"]*)(")/i;

/** A CSP's directives by name (lower case), each with its sources. */
function directivesOf(policy: string): Map<string, string[]> {
  return new Map(policy.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([name, ...values]) => [name!.toLowerCase(), values] as const));
}

/** The directive that rules `<style>` elements, as the browser picks it: `style-src-elem`, else `style-src`, else `default-src`. */
const STYLE_DIRECTIVES = ['style-src-elem', 'style-src', 'default-src'] as const;
const styleRule = (directives: Map<string, string[]>) => STYLE_DIRECTIVES.map((d) => [d, directives.get(d)] as const).find(([, v]) => v !== undefined);

/** Whether `html`'s own CSP (a `<meta>`) lets it hold any `<style>`: the directive that rules them allows 'unsafe-inline' (or there is none). */
export function allowsInlineStyles(html: string): boolean {
  const policy = CSP.exec(html)?.[2];
  if (policy === undefined) return true;
  const rule = styleRule(directivesOf(policy));
  return rule === undefined || rule[1]!.includes("'unsafe-inline'");
}

/**
 * `html` with the CSP `<meta>` also allowing these `'sha256-…'` sources for `<style>`s: added to
 * `style-src-elem` or `style-src`, whichever rules them, or to a `style-src` made from `default-src`.
 */
export function allowStyleHashes(html: string, hashes: readonly string[]): string {
  if (hashes.length === 0) return html;
  return html.replace(CSP, (_all, open: string, policy: string, close: string) => {
    const directives = directivesOf(policy);
    const [name, base] = styleRule(directives) ?? ['default-src', []];
    directives.set(name === 'default-src' ? 'style-src' : name, [...(base ?? []), ...hashes.map((h) => `'${h}'`)]);
    return open + [...directives].map(([d, values]) => [d, ...values].join(' ')).join('; ') + close;
  });
}

/** The chunks a page may run: its entry scripts' chunks and every chunk they import, statically or lazily. */
function reachable(entries: readonly string[], bundle: Readonly<Record<string, BundleFile>>): BundleChunk[] {
  const chunkOf = (name: string) => (bundle[name]?.type === 'chunk' ? (bundle[name] as BundleChunk) : undefined);
  const names = closure(entries, (name) => {
    const c = chunkOf(name);
    return c ? [...c.imports, ...c.dynamicImports] : [];
  });
  return [...names].flatMap((n) => chunkOf(n) ?? []);
}

/**
 * `html` (a page of `bundle`) with each linked stylesheet of the bundle written in a `<style>`,
 * except those a script the page may run names (it may load them itself) and any holding
 * `</style`; when the page's CSP allows no inline style, each one's hash is added to it.
 */
export function inlineStylesheets(html: string, bundle: Readonly<Record<string, BundleFile>>): string {
  const chunks = reachable([...html.matchAll(ENTRY_SCRIPT)].map((m) => m[1]!), bundle);
  const hashes: string[] = [];
  const out = html.replace(LINK, (tag, name: string) => {
    const sheet = bundle[name];
    if (sheet?.type !== 'asset') return tag;
    const css = text(sheet.source);
    if (/<\/style/i.test(css) || chunks.some((c) => c.code.includes(name))) return tag;
    hashes.push(`sha256-${createHash('sha256').update(css, 'utf8').digest('base64')}`);
    return `<style>${css}</style>`;
  });
  return allowsInlineStyles(out) ? out : allowStyleHashes(out, hashes);
}

/** A Vite plugin (build only): every HTML page of the output through {@link inlineStylesheets}. */
export function inlineStyles() {
  return {
    name: 'commonplace:inline-styles',
    apply: 'build' as const,
    enforce: 'post' as const,
    generateBundle(_options: unknown, bundle: Record<string, BundleFile>) {
      for (const file of Object.values(bundle)) {
        if (file.type === 'asset' && file.fileName.endsWith('.html')) file.source = inlineStylesheets(text(file.source), bundle);
      }
    },
  };
}
