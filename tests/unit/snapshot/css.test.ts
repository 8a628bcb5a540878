import { describe, expect, it } from 'vitest';
import { cssUnescape, rewriteCss, splitImports, trimFontSources, type ResolveUrl } from '../../../src/snapshot/css';
import type { Chunk } from '../../../src/snapshot/types';

const BASE = 'https://example.com/css/site.css';

/** A resolver that records each URL and writes `[kind:absolute]` in its place. */
function recorder() {
  const seen: string[] = [];
  const resolve: ResolveUrl = (raw, base, kind) => {
    if (!raw) return null;
    if (raw.startsWith('#')) return { keep: raw };
    const abs = new URL(raw, base).href;
    if (!/^(https?|data):/.test(abs)) return null;
    seen.push(`${kind}:${abs}`);
    return { res: seen.length - 1 };
  };
  const render = (chunks: Chunk[]) => chunks.map((c) => (typeof c === 'string' ? c : 'res' in c ? `<${seen[c.res]}>` : '<sheet>')).join('');
  return { seen, resolve, render };
}

describe('rewriteCss', () => {
  it('replaces every url() form, resolved against the sheet', () => {
    const r = recorder();
    const out = r.render(rewriteCss(`a{background:url(a.png)} b{background:URL( "../b.png" )} c{background:url('c\\'d.png')} d{background:url(/e\\(1\\).png)}`, BASE, r.resolve));
    expect(out).toBe('a{background:url("<image:https://example.com/css/a.png>")} b{background:url("<image:https://example.com/b.png>")} c{background:url("<image:https://example.com/css/c\'d.png>")} d{background:url("<image:https://example.com/e(1).png>")}');
  });

  it('keeps fragments, drops what cannot be fetched, leaves url( inside strings and comments alone', () => {
    const r = recorder();
    const out = r.render(rewriteCss(`/* url(comment.png) */ a{filter:url(#f);content:"url(no.png)";background:url(javascript:alert(1))} b{x:myurl(x)}`, BASE, r.resolve));
    expect(out).toBe(' a{filter:url("#f");content:"url(no.png)";background:url(""))} b{x:myurl(x)}');
    expect(r.seen).toEqual([]);
  });

  it('treats image-set() strings as URLs and @font-face sources as fonts', () => {
    const r = recorder();
    rewriteCss(`a{background-image:image-set("x.png" 1x, url(y.png) 2x type("image/png"))} @media print{@font-face{font-family:F;src:url(f.woff2)}} i{background:url(i.png)}`, BASE, r.resolve);
    expect(r.seen).toEqual([
      'image:https://example.com/css/x.png',
      'image:https://example.com/css/y.png',
      'font:https://example.com/css/f.woff2',
      'image:https://example.com/css/i.png',
    ]);
  });

  it('makes :defined match every element (nothing is defined in a snapshot)', () => {
    const r = recorder();
    expect(r.render(rewriteCss('x-a:not(:defined){display:none} x-b:defined{color:red} .a:definedx{}', BASE, r.resolve))).toBe(
      'x-a:not(:is(*)){display:none} x-b:is(*){color:red} .a:definedx{}',
    );
  });

  it('survives broken CSS: unterminated strings, urls and comments', () => {
    const r = recorder();
    for (const css of ['a{b:"unterminated', 'a{background:url(x.png', '/* never closed', 'a{b:url("x.png" junk)}', '\\', 'url(']) {
      expect(() => rewriteCss(css, BASE, r.resolve), css).not.toThrow();
    }
  });

  it('unescapes CSS escapes', () => {
    expect(cssUnescape('a\\62 c\\"d\\\ne\\0')).toBe('abc"de\ufffd');
  });
});

describe('splitImports', () => {
  it('takes the leading @charset and @import rules with their conditions', () => {
    const { imports, rest } = splitImports(`@charset "utf-8";\n/* c */ @import url("a.css"); @import 'b.css' screen and (min-width: 1px); @import url(c.css) layer(base) supports(display: grid) print; @import "d.css" layer;\nbody{color:red} @import "late.css";`);
    expect(imports.map((i) => [i.url, i.open, i.close])).toEqual([
      ['a.css', '', ''],
      ['b.css', '@media screen and (min-width: 1px) {', '}'],
      ['c.css', '@layer base {@supports (display: grid) {@media print {', '}}}'],
      ['d.css', '@layer {', '}'],
    ]);
    expect(rest.trim()).toBe('body{color:red} @import "late.css";');
  });

  it('handles semicolons inside quoted URLs and text with no imports', () => {
    expect(splitImports('@import "a;b.css"; x{}').imports.map((i) => i.url)).toEqual(['a;b.css']);
    expect(splitImports('x{}')).toEqual({ imports: [], rest: 'x{}' });
  });
});

describe('trimFontSources', () => {
  it('keeps local() entries and the one WOFF2 source', () => {
    expect(trimFontSources('local("F"), url(f.eot?#iefix) format("embedded-opentype"), url("f.woff2") format("woff2"), url(f.woff) format("woff")')).toBe(
      'local("F"), url("f.woff2") format("woff2")',
    );
    expect(trimFontSources('url(a.woff2), url(a.woff)')).toBe('url(a.woff2)');
    expect(trimFontSources('url(a.ttf) format("truetype"), url(a.woff) format("woff")')).toBe('url(a.ttf) format("truetype")');
    expect(trimFontSources('url("data:font/woff2;base64,AAAA") format("woff2"), url(b.woff)')).toBe('url("data:font/woff2;base64,AAAA") format("woff2")');
  });
});
