/**
 * The extension pages' own stylesheets written into their HTML (`<style>`), not linked.
 *
 * Why: a page's module scripts do not run until every stylesheet linked before them has loaded
 * (a "script-blocking" stylesheet), and each file an extension page loads is a request to the
 * browser process. With its stylesheet linked, the side panel's list module started 113-114 ms
 * after navigation at 10,000 clips, and 99-106 ms with it inline; the first rows came 11-20 ms
 * sooner (`scripts/bench/panel-ab.ts`, two passes in swapped order, docs/benchmarks.md "Stop 49").
 * Only in a page whose own CSP allows inline styles (the side panel's and the saved-page view's
 * `style-src 'self' 'unsafe-inline'`); the popup and the options page allow none, and keep their
 * links rather than their CSP being loosened for this.
 *
 * A stylesheet that a script of the page may also load later (the CSS of a lazily loaded chunk
 * the page reaches, which Vite's preload helper adds as a `<link>`) stays linked: inlined too, its
 * rules would come twice, the second time after the page's other styles, and win where they tie.
 */

/** The parts of Rollup's output bundle this rule reads and writes. */
export type BundleFile = BundleAsset | BundleChunk;
type BundleAsset = { readonly type: 'asset'; readonly fileName: string; source: string | Uint8Array };
type BundleChunk = { readonly type: 'chunk'; readonly fileName: string; readonly code: string; readonly imports: readonly string[]; readonly dynamicImports: readonly string[] };

const LINK = /<link rel="stylesheet"(?: crossorigin)? href="\/([^"]+\.css)">/g;
const ENTRY_SCRIPT = /<script type="module"(?: crossorigin)? src="\/([^"]+\.js)"><\/script>/g;
const text = (source: string | Uint8Array) => (typeof source === 'string' ? source : new TextDecoder().decode(source));

const CSP = /<meta http-equiv="Content-Security-Policy" content="([^"]*)"/i;

/** Whether `html`'s own CSP (a `<meta>`) lets it hold `<style>` elements: its `style-src`, else its `default-src`, allows 'unsafe-inline' (or there is none). */
export function allowsInlineStyles(html: string): boolean {
  const policy = CSP.exec(html)?.[1];
  if (policy === undefined) return true;
  const directives = new Map(policy.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([name, ...values]) => [name!.toLowerCase(), values] as const));
  const rule = directives.get('style-src') ?? directives.get('default-src');
  return rule === undefined || rule.includes("'unsafe-inline'");
}

/** The chunks a page may run: its entry scripts' chunks and every chunk they import, statically or lazily. */
function reachable(entries: readonly string[], bundle: Readonly<Record<string, BundleFile>>): BundleChunk[] {
  const seen = new Set<string>();
  const queue = [...entries];
  const out: BundleChunk[] = [];
  while (queue.length > 0) {
    const name = queue.pop()!;
    const file = bundle[name];
    if (seen.has(name) || file?.type !== 'chunk') continue;
    seen.add(name);
    out.push(file);
    queue.push(...file.imports, ...file.dynamicImports);
  }
  return out;
}

/**
 * `html` (a page of `bundle`) with each linked stylesheet of the bundle written in a `<style>`
 * when its CSP allows that ({@link allowsInlineStyles}), except those a script the page may run names (it may load them itself) and any holding `</style`.
 */
export function inlineStylesheets(html: string, bundle: Readonly<Record<string, BundleFile>>): string {
  if (!allowsInlineStyles(html)) return html;
  const chunks = reachable([...html.matchAll(ENTRY_SCRIPT)].map((m) => m[1]!), bundle);
  return html.replace(LINK, (tag, name: string) => {
    const sheet = bundle[name];
    if (sheet?.type !== 'asset') return tag;
    const css = text(sheet.source);
    if (/<\/style/i.test(css) || chunks.some((c) => c.code.includes(name))) return tag;
    return `<style>${css}</style>`;
  });
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
