/**
 * Stylesheets into snapshot CSS. A sheet the page can read (same-origin, or CORS-enabled) is
 * taken from the CSSOM, so rules a script inserted (CSS-in-JS) are kept and the text is what
 * the browser parsed; its `@import`s are inlined in place, wrapped in their media, supports
 * and layer conditions. A sheet whose rules the page may not read (cross-origin) is fetched
 * through `fetchResource` later, its `@import`s fetched in turn. Import cycles and depth are
 * bounded: a sheet never imports itself, directly or not, and chains stop at 8.
 */
import { escapeStyleText, escapeTimes, utf8Length } from './encode';
import { importWrappers, rewriteCss, splitImports, trimFontSources, type ResolveUrl } from './css';
import { pool, type ResourceTable } from './resources';
import type { Chunk, SheetRef } from './types';

const MAX_IMPORT_DEPTH = 8;
/** At most this many stylesheets are fetched for one snapshot. */
const MAX_FETCHED_SHEETS = 300;
const IMPORT_RULE = 3;
const CHARSET_RULE = 2;
const FONT_FACE_RULE = 5;

/** An absolute http(s) URL for `href` against `base`, or null. */
export function absoluteHttp(href: string | null | undefined, base: string): string | null {
  if (!href) return null;
  try {
    const url = new URL(href.trim(), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** An `@font-face` rule's text with its `src` list trimmed (see `trimFontSources`). */
function fontFaceText(rule: CSSRule): string {
  const text = rule.cssText;
  try {
    const src = (rule as CSSFontFaceRule).style?.getPropertyValue('src');
    const at = src ? text.indexOf(src) : -1;
    return at < 0 ? text : text.slice(0, at) + trimFontSources(src!) + text.slice(at + src!.length);
  } catch {
    return text;
  }
}

/** Reads stylesheets into chunks, and later fetches the ones the page could not read. */
export function createSheetReader(table: ResourceTable, resolve: ResolveUrl) {
  const pending: { url: string; chain: readonly string[] }[] = [];
  let fetched = 0;

  /** A placeholder for the sheet at `url`, fetched by `expand`. */
  const later = (url: string, chain: readonly string[]): SheetRef => {
    pending.push({ url, chain });
    return { sheet: pending.length - 1 };
  };

  /** The CSS of a readable sheet as chunks (raw CSS), or null when its rules cannot be read. */
  const rules = (sheet: CSSStyleSheet, base: string, chain: readonly string[]): Chunk[] | null => {
    let list: CSSRuleList | null;
    try {
      list = sheet.cssRules;
    } catch {
      return null;
    }
    if (!list) return null;
    const out: Chunk[] = [];
    for (let i = 0; i < list.length; i++) {
      const rule = list[i]!;
      if (rule.type === CHARSET_RULE) continue;
      if (rule.type === IMPORT_RULE) {
        const r = rule as CSSImportRule & { layerName?: string | null; supportsText?: string | null };
        const href = absoluteHttp(r.href, base);
        if (!href || chain.includes(href) || chain.length >= MAX_IMPORT_DEPTH) continue;
        const { open, close } = importWrappers(r.media?.mediaText ?? '', r.supportsText ?? null, r.layerName ?? null);
        let inner: CSSStyleSheet | null = null;
        try {
          inner = r.styleSheet;
        } catch {
          inner = null;
        }
        const next = [...chain, href];
        const chunks = inner ? rules(inner, inner.href ?? href, next) : null;
        out.push(open, ...(chunks ?? [later(href, next)]), close, '\n');
        continue;
      }
      const text = rule.type === FONT_FACE_RULE ? fontFaceText(rule) : rule.cssText;
      out.push(...rewriteCss(text, base, resolve, rule.type === FONT_FACE_RULE ? 'font' : 'image'), '\n');
    }
    return out;
  };

  /** Fetches the sheet at `url` and its imports; its CSS as chunks (empty when it failed), and how many sheets were fetched. */
  const load = async (url: string, chain: readonly string[]): Promise<{ chunks: Chunk[]; sheets: number }> => {
    if (fetched >= MAX_FETCHED_SHEETS) return { chunks: [], sheets: 0 };
    fetched++;
    const got = await table.fetchCss(url);
    if (!got) return { chunks: [], sheets: 0 };
    const { imports, rest } = splitImports(got.text);
    const chunks: Chunk[] = [];
    let sheets = 1;
    for (const imp of imports) {
      const href = absoluteHttp(imp.url, got.url);
      if (!href || chain.includes(href) || href === got.url || chain.length >= MAX_IMPORT_DEPTH) continue;
      const inner = await load(href, [...chain, got.url, href]);
      chunks.push(imp.open, ...inner.chunks, imp.close, '\n');
      sheets += inner.sheets;
    }
    chunks.push(...rewriteCss(rest, got.url, resolve));
    return { chunks, sheets };
  };

  return {
    rules,
    later,
    /**
     * Replaces every sheet placeholder in `chunks` by its fetched CSS (escaped for `<style>`),
     * in document order while the total stays within `maxBytes`; a sheet that does not fit
     * is left out (counted as skipped).
     */
    async expand(chunks: Chunk[], maxBytes: number, concurrency: number, go: () => boolean): Promise<Chunk[]> {
      const loaded = new Map<number, { chunks: Chunk[]; sheets: number }>();
      const ids = chunks.flatMap((c) => (typeof c === 'object' && 'sheet' in c ? [c.sheet] : []));
      await pool(ids, concurrency, go, async (id) => {
        loaded.set(id, await load(pending[id]!.url, pending[id]!.chain));
      });
      let bytes = chunks.reduce((n, c) => n + (typeof c === 'string' ? utf8Length(c) : 0), 0);
      return chunks.flatMap((c) => {
        if (typeof c !== 'object' || !('sheet' in c)) return [c];
        const sheet = loaded.get(c.sheet);
        if (!sheet || sheet.sheets === 0) return [];
        // A sheet inside a frame's srcdoc is attribute-escaped once per frame level, its resources marked so.
        const depth = c.depth ?? 0;
        const escaped = sheet.chunks.map((x) => (typeof x === 'string' ? escapeTimes(escapeStyleText(x), depth) : depth ? { ...x, depth } : x));
        const size = escaped.reduce((n, x) => n + (typeof x === 'string' ? utf8Length(x) : 0), 0);
        if (bytes + size > maxBytes) {
          table.drop(sheet.chunks);
          for (let i = 0; i < sheet.sheets; i++) table.countStylesheet('skipped');
          return [];
        }
        bytes += size;
        for (let i = 0; i < sheet.sheets; i++) table.countStylesheet('inlined');
        return escaped;
      });
    },
  };
}

/** The stylesheet reader of one snapshot. */
export type SheetReader = ReturnType<typeof createSheetReader>;
