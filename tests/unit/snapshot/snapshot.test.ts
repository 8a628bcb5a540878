import { describe, expect, it } from 'vitest';
import { snapshotDocument } from '../../../src/snapshot/snapshot';
import { SNAPSHOT_CSP } from '../../../src/snapshot/types';
import { css, fakeFetch, page, PNG, reparse, WOFF2 } from './helpers';

const HOSTILE = `<!doctype html>
<html lang="en" class="js">
<head>
  <meta charset="windows-1252">
  <meta http-equiv="Content-Security-Policy" content="style-src 'none'">
  <meta http-equiv="refresh" content="0; url=https://evil.example/">
  <meta name="referrer" content="unsafe-url">
  <meta name="description" content="kept">
  <base href="https://cdn.example/base/">
  <title>Harbour</title>
  <script>window.__pwned = true</script>
  <script src="https://evil.example/x.js"></script>
  <link rel="preload" href="https://evil.example/p.js" as="script">
  <link rel="icon" href="/favicon.ico">
  <noscript><meta http-equiv="refresh" content="0;url=https://evil.example/noscript"></noscript>
</head>
<body onload="x()" background="body.png">
  <p onclick="x()" onmouseover="x()" style="color:red" title="javascript: the good parts">Text <a href="javascript:alert(1)">js</a>
    <a href=" JaVaScRiPt:alert(1)">spaced</a> <a href="vbscript:x">vb</a> <a href="data:text/html,<script>x()</script>">data</a>
    <a href="rel/page.html" target="_top">rel</a> <a href="#sec" target="_blank">frag</a> <a href="mailto:a@example.com">mail</a></p>
  <iframe srcdoc="<script>parent.__pwned = true</script>"></iframe>
  <iframe src="https://evil.example/frame"></iframe>
  <object data="https://evil.example/o.swf"></object><embed src="https://evil.example/e.swf">
  <img src="x" onerror="fetch('https://evil.example/onerror')" alt="broken">
  <svg onload="x()" width="10"><script>x()</script><foreignObject><iframe src="https://evil.example/fo"></iframe></foreignObject>
    <a xlink:href="javascript:alert(1)" href="javascript:alert(2)"><text>t</text></a><animate attributeName="href" to="javascript:alert(3)"/>
    <set attributeName="onmouseover" to="x()"/><use href="https://evil.example/sprite.svg#i"/><use href="#local"/><circle id="local" r="1"/></svg>
  <math><mi href="javascript:alert(1)">x</mi></math>
  <form action="javascript:x()"><button formaction="https://evil.example/go">go</button></form>
  <noscript><p>Enable JavaScript</p></noscript>
  <template><script>x()</script></template>
  <div ping="https://evil.example/ping" nonce="abc" autofocus>pinged</div>
  <plaintext>after plaintext</plaintext>
</body>
</html>`;

describe('snapshotDocument on a hostile page', () => {
  it('removes everything that can run or navigate, and puts its own CSP first', async () => {
    const fetch = fakeFetch();
    const { html, resources, truncated } = await snapshotDocument(page(HOSTILE), fetch);
    expect(truncated).toBe(false);
    expect(html).not.toMatch(/<script|<object|<embed|<noscript|<template(?! shadowrootmode)|<base|<link|<foreignObject|<set|<animate|<plaintext/i);
    expect(html).not.toMatch(/\son[a-z]+=/i);
    expect(html).not.toMatch(/javascript:|vbscript:|data:text\/html|evil\.example|refresh|unsafe-url|windows-1252|style-src 'none'|ping=|nonce=|autofocus/i);
    const doc = reparse(html);
    // Frames are kept only as sandboxed snapshots of their documents (here, empty), never their src or srcdoc.
    for (const frame of doc.querySelectorAll('iframe')) {
      expect(frame.getAttribute('sandbox')).toBe('');
      expect(frame.getAttribute('srcdoc')).not.toMatch(/<script|pwned/);
    }
    const first = doc.head.firstElementChild!;
    expect(first.outerHTML).toBe(`<meta http-equiv="Content-Security-Policy" content="${SNAPSHOT_CSP}">`);
    expect(doc.querySelectorAll('meta[http-equiv]')).toHaveLength(1);
    expect(doc.querySelector('meta[name=description]')?.getAttribute('content')).toBe('kept');
    expect(doc.querySelector('meta[name=referrer]')?.getAttribute('content')).toBe('no-referrer');
    expect(doc.title).toBe('Harbour');
    expect(doc.documentElement.className).toBe('js');
    expect(doc.querySelector('p')?.getAttribute('title')).toBeNull();
    expect(doc.querySelector('p')?.getAttribute('style')).toBe('color:red');
    // Links: absolute against the page's <base>, opening a new window (refused by the viewer's sandbox); fragments stay.
    const links = [...doc.querySelectorAll('a')].map((a) => [a.textContent, a.getAttribute('href'), a.getAttribute('target')]);
    expect(links).toEqual([
      ['js', null, null],
      ['spaced', null, null],
      ['vb', null, null],
      ['data', null, null],
      ['rel', 'https://cdn.example/base/rel/page.html', '_blank'],
      ['frag', '#sec', '_self'],
      ['mail', 'mailto:a@example.com', '_blank'],
      ['t', null, null],
    ]);
    expect([...doc.querySelectorAll('use')].map((u) => u.getAttribute('href'))).toEqual([null, '#local']);
    expect(doc.querySelector('pre')?.textContent).toContain('after plaintext');
    expect(doc.querySelector('form')?.outerHTML).toBe('<form><button>go</button></form>');
    expect(doc.body.getAttribute('background')).toMatch(/^data:image\/png;base64,/);
    // The broken image had a relative src resolved against <base>: fetched, not an image, so left without one.
    expect(doc.querySelector('img[alt=broken]')?.getAttribute('src')).toBeNull();
    expect(fetch.calls).toEqual(['https://cdn.example/base/x', 'https://cdn.example/base/body.png']);
    expect(resources).toEqual({ inlined: 1, skipped: 0, failed: 1 });
  });

  it('escapes what the page wrote, so nothing can break out of an attribute, a text or a style', async () => {
    const doc = page(`<html><head><style id=s></style></head><body>
      <p data-x='"><script>x()</script>' title="&lt;b&gt;">&lt;script&gt;x()&lt;/script&gt;</p><textarea>&lt;/textarea&gt;&lt;script&gt;</textarea></body></html>`);
    doc.getElementById('s')!.textContent = 'a::after{content:"</style><script>x()</script>"}';
    const { html } = await snapshotDocument(doc, fakeFetch());
    const again = reparse(html);
    expect(again.querySelectorAll('script')).toHaveLength(0);
    expect(again.querySelector('p')?.getAttribute('data-x')).toBe('"><script>x()</script>');
    expect(again.querySelector('p')?.textContent).toBe('<script>x()</script>');
    expect(again.querySelector('textarea')?.value).toBe('</textarea><script>');
    expect(again.querySelectorAll('style')).toHaveLength(1);
    expect(again.querySelector('style')?.textContent).toContain('<\\/style><script>');
  });
});

describe('snapshotDocument: the page as rendered', () => {
  it('keeps current form values, never a password or hidden value', async () => {
    const doc = page(`<input id=t value=old><input id=c type=checkbox checked><input id=r type=radio><input id=p type=password value=secret>
      <input id=h type=hidden value=token><textarea id=a>old</textarea><select id=s><option selected>a</option><option>b</option></select>`);
    (doc.getElementById('t') as HTMLInputElement).value = 'typed "quoted"';
    (doc.getElementById('c') as HTMLInputElement).checked = false;
    (doc.getElementById('r') as HTMLInputElement).checked = true;
    (doc.getElementById('p') as HTMLInputElement).value = 'typed secret';
    (doc.getElementById('a') as HTMLTextAreaElement).value = '\nnew text';
    (doc.getElementById('s') as HTMLSelectElement).selectedIndex = 1;
    const again = reparse((await snapshotDocument(doc, fakeFetch())).html);
    const el = <T extends Element>(id: string) => again.getElementById(id) as unknown as T;
    expect(el<HTMLInputElement>('t').value).toBe('typed "quoted"');
    expect(el<HTMLInputElement>('c').checked).toBe(false);
    expect(el<HTMLInputElement>('r').checked).toBe(true);
    expect(el<HTMLInputElement>('p').getAttribute('value')).toBeNull();
    expect(el<HTMLInputElement>('h').getAttribute('value')).toBeNull();
    expect(el<HTMLTextAreaElement>('a').value).toBe('\nnew text');
    expect(el<HTMLSelectElement>('s').value).toBe('b');
  });

  it('writes a canvas as an image of its pixels, and leaves a tainted one blank', async () => {
    const doc = page('<canvas id=ok width=3 height=2 class=c style="width:30px"></canvas><canvas id=tainted width=3 height=2></canvas>');
    const dataUrl = `data:image/png;base64,${Buffer.from(PNG).toString('base64')}`;
    (doc.getElementById('ok') as HTMLCanvasElement).toDataURL = () => dataUrl;
    (doc.getElementById('tainted') as HTMLCanvasElement).toDataURL = () => {
      throw new DOMException('tainted', 'SecurityError');
    };
    const { html, resources } = await snapshotDocument(doc, fakeFetch());
    const again = reparse(html);
    const img = again.getElementById('ok')!;
    expect(img.tagName).toBe('IMG');
    expect([img.getAttribute('class'), img.getAttribute('width'), img.getAttribute('style'), img.getAttribute('src')]).toEqual(['c', '3', 'width:30px', dataUrl]);
    expect(again.getElementById('tainted')?.tagName).toBe('CANVAS');
    expect(resources.inlined).toBe(1);
  });

  it('inlines the image the browser shows: lazy data-src over a placeholder, srcset, <picture>', async () => {
    const doc = page(`<img id=lazy class="lazyload fade" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" data-src="/real.png" data-srcset="/a.png 1x, /b.png 2x" loading="lazy">
      <img id=set src="/fallback.png" srcset="/one.png 1x, /two.png 2x" sizes="50vw">
      <picture><source srcset="/webp.png" type="image/webp"><source srcset="/never.png" type="image/x-unknown"><img id=pic src="/fallback-pic.png"></picture>
      <video id=v poster="/poster.png" src="/movie.mp4" autoplay controls><source src="/m.webm"><track src="/t.vtt"></video>`);
    const fetch = fakeFetch();
    const again = reparse((await snapshotDocument(doc, fetch)).html);
    expect(fetch.calls.sort()).toEqual(['/a.png', '/movie.mp4', '/one.png', '/poster.png', '/webp.png'].map((p) => `https://example.com${p}`));
    const lazy = again.getElementById('lazy')!;
    expect(lazy.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    expect([lazy.getAttribute('class'), lazy.getAttribute('data-src'), lazy.getAttribute('loading'), lazy.getAttribute('srcset')]).toEqual(['lazyloaded fade', null, null, null]);
    expect(again.getElementById('set')?.getAttribute('sizes')).toBeNull();
    expect(again.querySelectorAll('source, track')).toHaveLength(0);
    const video = again.getElementById('v')!;
    expect([video.getAttribute('src'), video.hasAttribute('autoplay'), video.hasAttribute('controls')]).toEqual([null, false, true]);
    expect(video.getAttribute('poster')).toMatch(/^data:image\/png/);
  });

  it('inlines what a video or audio element plays, after the images, with controls and no autoplay; not a page served as media, nor past the cap', async () => {
    const mp4 = new Uint8Array([0, 0, 0, 0x18, ...new TextEncoder().encode('ftypmp42'), ...new Uint8Array(500)]);
    const ogg = new Uint8Array([...new TextEncoder().encode('OggS'), ...new Uint8Array(300)]);
    const doc = page(`<video id=v src="/clip.mp4" poster="/poster.png" autoplay muted loop></video>
      <audio id=a><source src="/never.xyz" type="audio/x-unknown-kind"><source src="/tune.ogg" type="audio/ogg"></audio>
      <video id=fake src="/login.mp4"></video>`);
    (doc.getElementById('a') as HTMLMediaElement).canPlayType = (t: string) => (t === 'audio/ogg' ? 'maybe' : '');
    const fetch = fakeFetch({
      '/clip.mp4': { type: 'application/octet-stream', bytes: mp4 },
      '/tune.ogg': { type: 'audio/ogg', bytes: ogg },
      '/login.mp4': { type: 'video/mp4', bytes: new TextEncoder().encode('<!doctype html><p>Sign in</p>') },
    });
    const again = reparse((await snapshotDocument(doc, fetch)).html);
    const video = again.getElementById('v')!;
    expect(video.getAttribute('src')).toMatch(/^data:video\/mp4;base64,/);
    expect([video.hasAttribute('controls'), video.hasAttribute('autoplay'), video.hasAttribute('muted'), video.hasAttribute('loop')]).toEqual([true, false, true, true]);
    expect(video.getAttribute('poster')).toMatch(/^data:image\/png/);
    const audio = again.getElementById('a')!;
    expect([audio.getAttribute('src')?.slice(0, 21), audio.hasAttribute('controls'), audio.children.length]).toEqual(['data:audio/ogg;base64', true, 0]);
    expect(fetch.calls.some((u) => u.endsWith('/never.xyz'))).toBe(false);
    expect([again.getElementById('fake')!.getAttribute('src'), again.getElementById('fake')!.hasAttribute('controls')]).toEqual([null, true]);
    // Past the cap, the media goes first and the images stay.
    const small = await snapshotDocument(page('<img src="/a.png"><video id=v src="/clip.mp4"></video>'), fakeFetch({ '/clip.mp4': { type: 'video/mp4', bytes: new Uint8Array([...mp4, ...new Uint8Array(200_000)]) } }), { maxBytes: 100_000 });
    const cut = reparse(small.html);
    expect(cut.querySelector('img')!.getAttribute('src')).toMatch(/^data:image\/png/);
    expect(cut.getElementById('v')!.getAttribute('src')).toBeNull();
    expect(small.resources.skipped).toBe(1);
  });

  it('writes open shadow roots as declarative shadow DOM, adopted sheets included; skips what it is told to', async () => {
    const doc = page('<x-card id=card><span slot=title>Light</span></x-card><commonplace-highlighter id=ours></commonplace-highlighter>');
    const root = doc.getElementById('card')!.attachShadow({ mode: 'open' });
    root.innerHTML = '<style>h2{color:red}</style><h2><slot name=title></slot></h2><img src="/in-shadow.png">';
    doc.getElementById('ours')!.attachShadow({ mode: 'open' }).innerHTML = '<p>private notes</p>';
    const { html } = await snapshotDocument(doc, fakeFetch(), { skip: (el) => el.localName === 'commonplace-highlighter' });
    expect(html).toMatch(/<x-card id="card"><template shadowrootmode="open"><style>h2 ?\{ ?color: ?red;? ?\}\n?<\/style><h2><slot name="title"><\/slot><\/h2><img src="data:image\/png;base64,[^"]+"><\/template>/);
    expect(html).toContain('<span slot="title">Light</span></x-card>');
    expect(html).not.toContain('private notes');
  });

  it('resolves lazily loaded and relative URLs in inline styles and <style> elements', async () => {
    const doc = page(`<style>@font-face{font-family:F;src:url(/f.woff2) format("woff2"),url(/f.woff) format("woff")} .a{background:url(a.png)}</style><p style="background-image:url('/p.png')">x</p>`);
    const fetch = fakeFetch({ '/f.woff2': { type: 'font/woff2', bytes: WOFF2 } });
    const { html, resources } = await snapshotDocument(doc, fetch);
    expect(fetch.calls).toEqual(['https://example.com/f.woff2', 'https://example.com/dir/a.png', 'https://example.com/p.png']);
    expect(html).toMatch(/src: url\("data:font\/woff2;base64,[^"]+"\) format\("woff2"\);/);
    expect(html).not.toContain('f.woff"');
    expect(html).toMatch(/style="background-image:url\(&quot;data:image\/png;base64,/);
    expect(resources).toEqual({ inlined: 3, skipped: 0, failed: 0 });
  });
});
