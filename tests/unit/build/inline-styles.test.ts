import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { allowStyleHashes, allowsInlineStyles, inlineStyles, inlineStylesheets, type BundleFile } from '../../../scripts/build/inline-styles';

const asset = (fileName: string, source: string | Uint8Array): BundleFile => ({ type: 'asset', fileName, source });
const chunk = (fileName: string, code: string, imports: string[] = [], dynamicImports: string[] = []): BundleFile => ({ type: 'chunk', fileName, code, imports, dynamicImports });
const CSP_INLINE = `<meta http-equiv="Content-Security-Policy" content="default-src 'self'; style-src 'self' 'unsafe-inline'">`;
const page = (csp: string, links: string[]) =>
  `<html><head>${csp}<script type="module" crossorigin src="/chunks/page.js"></script>${links.map((l) => `<link rel="stylesheet" crossorigin href="/${l}">`).join('')}</head></html>`;

const bundleOf = (files: BundleFile[]) => Object.fromEntries(files.map((f) => [f.fileName, f]));

describe('inlineStylesheets', () => {
  const base = [
    asset('assets/page.css', 'body{margin:0}'),
    asset('assets/lazy.css', '.lazy{color:red}'),
    chunk('chunks/page.js', 'import"./shared.js"', ['chunks/shared.js'], ['chunks/lazy.js']),
    chunk('chunks/shared.js', ''),
    chunk('chunks/lazy.js', '__vitePreload(()=>0,["assets/lazy.css"])'),
  ];

  it("writes a page's own stylesheets into it, in their place and order", () => {
    const html = inlineStylesheets(page(CSP_INLINE, ['assets/page.css']), bundleOf(base));
    expect(html).toContain('<script type="module" crossorigin src="/chunks/page.js"></script><style>body{margin:0}</style></head>');
    expect(html).not.toContain('<link rel="stylesheet"');
  });

  it('keeps linked a stylesheet a script the page may run loads itself (a lazy chunk\'s CSS), however deep', () => {
    const html = inlineStylesheets(page(CSP_INLINE, ['assets/page.css', 'assets/lazy.css']), bundleOf(base));
    expect(html).toContain('<style>body{margin:0}</style><link rel="stylesheet" crossorigin href="/assets/lazy.css">');
  });

  it('keeps linked a sheet that is not in the bundle or holds </style>', () => {
    const other = page(CSP_INLINE, ['assets/missing.css', 'assets/evil.css']);
    expect(inlineStylesheets(other, bundleOf([...base, asset('assets/evil.css', 'a{}</style><script>')]))).toBe(other);
  });

  it("where the page's CSP allows no inline style, allows each inlined sheet by its hash, and nothing more", () => {
    const strict = page(`<meta http-equiv="Content-Security-Policy" content="default-src 'self'; img-src 'self' data:">`, ['assets/page.css', 'assets/lazy.css']);
    const html = inlineStylesheets(strict, bundleOf(base));
    const hash = createHash('sha256').update('body{margin:0}').digest('base64');
    expect(html).toContain(`content="default-src 'self'; img-src 'self' data:; style-src 'self' 'sha256-${hash}'"`);
    expect(html).toContain('<style>body{margin:0}</style><link rel="stylesheet" crossorigin href="/assets/lazy.css">');
    expect(allowsInlineStyles(html)).toBe(false);
    // An existing style-src is extended; 'unsafe-inline' pages get no hash (it would switch 'unsafe-inline' off).
    expect(allowStyleHashes(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'self'">`, ['sha256-x'])).toContain(`content="default-src 'none'; style-src 'self' 'sha256-x'"`);
    expect(inlineStylesheets(page(CSP_INLINE, ['assets/page.css']), bundleOf(base))).not.toContain('sha256');
    // Nothing inlined, nothing added.
    const none = page(`<meta http-equiv="Content-Security-Policy" content="default-src 'self'">`, ['assets/missing.css']);
    expect(inlineStylesheets(none, bundleOf(base))).toBe(none);
  });

  it('reads the CSP as the browser does: style-src-elem first, then style-src, else default-src', () => {
    const csp = (c: string) => `<meta http-equiv="Content-Security-Policy" content="${c}">`;
    expect(allowsInlineStyles('<html></html>')).toBe(true);
    expect(allowsInlineStyles(csp("default-src 'self'"))).toBe(false);
    expect(allowsInlineStyles(csp("default-src 'self' 'unsafe-inline'"))).toBe(true);
    expect(allowsInlineStyles(csp("default-src 'self' 'unsafe-inline'; style-src 'self'"))).toBe(false);
    expect(allowsInlineStyles(csp("default-src 'none'; STYLE-SRC 'self' 'unsafe-inline'"))).toBe(true);
    expect(allowsInlineStyles(csp("img-src 'self'"))).toBe(true);
    // CSP 3: style-src-elem rules <style> elements before style-src.
    expect(allowsInlineStyles(csp("style-src 'self' 'unsafe-inline'; style-src-elem 'self'"))).toBe(false);
    expect(allowsInlineStyles(csp("style-src 'self'; style-src-elem 'self' 'unsafe-inline'"))).toBe(true);
    expect(allowStyleHashes(csp("default-src 'self'; style-src 'self'; style-src-elem 'self'"), ['sha256-x'])).toContain(`content="default-src 'self'; style-src 'self'; style-src-elem 'self' 'sha256-x'"`);
  });

  it('as a plugin, rewrites every HTML page of the bundle (bytes too) and nothing else', () => {
    const bundle = bundleOf([...base, asset('page.html', page(CSP_INLINE, ['assets/page.css'])), asset('other.html', new TextEncoder().encode(page(CSP_INLINE, ['assets/page.css'])))]) as Record<string, BundleFile>;
    inlineStyles().generateBundle(null, bundle);
    for (const name of ['page.html', 'other.html']) expect((bundle[name] as { source: string }).source).toContain('<style>body{margin:0}</style>');
    expect((bundle['assets/page.css'] as { source: string }).source).toBe('body{margin:0}');
  });
});
