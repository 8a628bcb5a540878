import { describe, expect, it } from 'vitest';
import { MAX_FRAME_DEPTH, MAX_FRAMES, framesetTracks } from '../../../src/snapshot/frames';
import { guardSnapshotHtml } from '../../../src/snapshot/guard';
import { snapshotDocument } from '../../../src/snapshot/snapshot';
import { SNAPSHOT_CSP } from '../../../src/snapshot/types';
import { css, fakeFetch, page, reparse } from './helpers';

/** Fills the document of `frame` (an about:blank iframe in jsdom) with `html`. */
function fill(frame: HTMLIFrameElement | HTMLFrameElement, html: string): Document {
  const doc = frame.contentDocument!;
  doc.open();
  doc.write(html);
  doc.close();
  return doc;
}

/** The document a kept frame holds, parsed from its srcdoc. */
const inner = (frame: Element | null | undefined) => reparse(frame!.getAttribute('srcdoc')!);

/** Makes `frames` look cross-origin to the walk: their contentDocument getter gives null. */
function crossOrigin(doc: Document, frames: Element[]): void {
  const proto = doc.defaultView!.HTMLIFrameElement.prototype;
  const get = Object.getOwnPropertyDescriptor(proto, 'contentDocument')!.get!;
  Object.defineProperty(proto, 'contentDocument', { configurable: true, get(this: HTMLIFrameElement) { return frames.includes(this) ? null : get.call(this); } });
}

describe('snapshotDocument: frames', () => {
  it('keeps a same-origin iframe as a sandboxed srcdoc snapshot of its document, size and style kept', async () => {
    const doc = page('<p>Article</p><iframe id="f" src="/chart.html" width="400" height="200" style="border:0" sandbox="allow-scripts allow-same-origin" allow="camera" name="n" loading="lazy"><p>fallback</p></iframe>');
    const frame = doc.getElementById('f') as HTMLIFrameElement;
    fill(frame, '<!doctype html><html><head><style>b { color: red; background: url(bg.png) }</style></head><body><b class="t">Chart "data" & more</b><img src="https://example.com/img/bar.png" alt="bar"></body></html>');
    const fetch = fakeFetch();
    const result = await snapshotDocument(doc, fetch);
    const out = reparse(result.html);
    const kept = out.querySelector('iframe')!;
    expect(kept.getAttribute('sandbox')).toBe('');
    expect(kept.getAttribute('width')).toBe('400');
    expect(kept.getAttribute('height')).toBe('200');
    expect(kept.getAttribute('style')).toBe('border:0');
    for (const a of ['src', 'allow', 'name', 'loading']) expect(kept.hasAttribute(a)).toBe(false);
    expect(kept.textContent).toBe('');
    const child = inner(kept);
    expect(child.querySelector('head > meta')!.getAttribute('http-equiv')).toBe('Content-Security-Policy');
    expect(child.querySelector('head > meta')!.getAttribute('content')).toBe(SNAPSHOT_CSP);
    expect(child.querySelector('b')!.textContent).toBe('Chart "data" & more');
    expect(child.querySelector('img')!.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    expect(child.querySelector('style')!.textContent).toMatch(/url\("?data:image\/png;base64,/);
    expect(fetch.calls).toContain('https://example.com/img/bar.png');
    expect(result.resources.inlined).toBe(2);
    expect(result.bytes).toBe(new TextEncoder().encode(result.html).length);
  });

  it('keeps nested frames, escaped once per level, down to the depth limit', async () => {
    const doc = page('<iframe id="f0"></iframe>');
    let frame = doc.getElementById('f0') as HTMLIFrameElement;
    for (let level = 1; level <= MAX_FRAME_DEPTH + 1; level++) {
      const d = fill(frame, `<p>Level ${level} &amp; "quoted" <img src="/l${level}.png"></p><iframe id="f${level}" width="50" height="40"></iframe>`);
      frame = d.getElementById(`f${level}`) as HTMLIFrameElement;
    }
    const result = await snapshotDocument(doc, fakeFetch());
    let at: Document = reparse(result.html);
    for (let level = 1; level <= MAX_FRAME_DEPTH; level++) {
      const kept = at.querySelector('iframe');
      expect(kept, `frame at level ${level}`).not.toBeNull();
      at = inner(kept);
      expect(at.querySelector('p')!.textContent).toBe(`Level ${level} & "quoted" `);
      expect(at.querySelector('img')!.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    }
    expect(at.querySelector('iframe')).toBeNull();
    expect(at.querySelector('[data-commonplace-frame]')!.textContent).toMatch(/not kept/);
  });

  it('leaves a cross-origin frame as a visible note of its size, and an invisible one out', async () => {
    const doc = page('<iframe id="x" src="https://other.example/embed/1" width="320" height="180"></iframe><iframe id="t" src="https://ads.example/px" width="1" height="1"></iframe>');
    crossOrigin(doc, [doc.getElementById('x')!, doc.getElementById('t')!]);
    const fetch = fakeFetch();
    const out = reparse((await snapshotDocument(doc, fetch)).html);
    expect(out.querySelector('iframe')).toBeNull();
    const notes = out.querySelectorAll('[data-commonplace-frame]');
    expect(notes).toHaveLength(1);
    expect(notes[0]!.textContent).toBe('Embedded content from other.example was not kept.');
    expect(notes[0]!.getAttribute('style')).toMatch(/width:320px;height:180px/);
    expect(fetch.calls.some((u) => u.includes('other.example') || u.includes('ads.example'))).toBe(false);
  });

  it('says a frame whose page had not loaded (still its first about:blank document) was not kept', async () => {
    const doc = page('<iframe id="l" src="https://example.com/later.html" width="200" height="100" loading="lazy"></iframe>');
    Object.defineProperty((doc.getElementById('l') as HTMLIFrameElement).contentDocument!, 'URL', { value: 'about:blank' });
    const out = reparse((await snapshotDocument(doc, fakeFetch())).html);
    expect(out.querySelector('iframe')).toBeNull();
    expect(out.querySelector('[data-commonplace-frame]')!.textContent).toBe('Embedded content from example.com was not kept (it had not loaded).');
  });

  it('keeps at most MAX_FRAMES frames, the rest noted', async () => {
    const doc = page('<iframe width="10" height="10"></iframe>'.repeat(MAX_FRAMES + 2));
    const out = reparse((await snapshotDocument(doc, fakeFetch())).html);
    expect(out.querySelectorAll('iframe')).toHaveLength(MAX_FRAMES);
    expect([...out.querySelectorAll('[data-commonplace-frame]')].map((n) => n.textContent)).toEqual(Array(2).fill('Embedded content was not kept (too many frames).'));
  });

  it('makes a hostile frame inert: no script, handler, javascript: URL or meta refresh survives in srcdoc', async () => {
    const doc = page('<iframe id="f" srcdoc="x"></iframe>');
    fill(doc.getElementById('f') as HTMLIFrameElement, `<!doctype html><html><head>
      <meta http-equiv="refresh" content="0; url=https://evil.example/">
      <meta http-equiv="Content-Security-Policy" content="default-src *">
      <base href="https://evil.example/"><script>parent.__pwned = true</script>
      <link rel="prefetch" href="https://evil.example/p"></head>
      <body onload="parent.__pwned = 1"><a href="javascript:alert(1)">js</a><img src="x.png" onerror="x()">
      <form action="https://evil.example/post"><input name="q" value="v"></form>
      <object data="https://evil.example/o"></object><svg onload="x()"><script>x()</script></svg>
      <iframe srcdoc="&lt;script&gt;top.__pwned = 2&lt;/script&gt;" src="javascript:alert(2)"></iframe>
      <p>"&gt; <script>alert(3)</script> still text</p></body></html>`);
    const result = await snapshotDocument(doc, fakeFetch({ 'x.png': null }));
    const top = reparse(guardSnapshotHtml(result.html));
    const frames = [top.querySelector('iframe')!];
    for (let i = 0; i < frames.length; i++) {
      const f = frames[i]!;
      expect(f.getAttribute('sandbox')).toBe('');
      const d = inner(f);
      expect(d.head.firstElementChild!.getAttribute('content')).toBe(SNAPSHOT_CSP);
      expect(d.querySelectorAll('script, base, object, link, meta[http-equiv="refresh"]')).toHaveLength(0);
      expect(d.querySelectorAll('meta[http-equiv]')).toHaveLength(1);
      for (const el of d.querySelectorAll('*')) {
        for (const a of el.getAttributeNames()) {
          expect(a.startsWith('on'), `${el.localName}[${a}]`).toBe(false);
          expect(el.getAttribute(a)!, `${el.localName}[${a}]`).not.toMatch(/^\s*javascript:|evil\.example/i);
        }
      }
      frames.push(...d.querySelectorAll('iframe'));
    }
    // The frame inside the hostile frame was kept as its own (empty, sandboxed) snapshot, not the page's srcdoc.
    expect(frames).toHaveLength(2);
    const text = inner(frames[0]).body.textContent!;
    expect(text).toContain('">  still text');
  });

  it('counts frames against the byte cap: the copy stays under maxBytes', async () => {
    const doc = page('<p>top</p><iframe id="f"></iframe><p>after</p>');
    fill(doc.getElementById('f') as HTMLIFrameElement, '<p>frame text "&amp;" </p>'.repeat(4_000));
    const result = await snapshotDocument(doc, fakeFetch(), { maxBytes: 20_000 });
    expect(result.bytes).toBeLessThanOrEqual(20_000);
    expect(result.truncated).toBe(true);
    expect(reparse(result.html).body.textContent).not.toContain('after');
  });

  it('writes a frameset as boxes of iframes in its rows or columns', async () => {
    const doc = page('<!doctype html><html><head><title>Frames</title></head><frameset cols="25%,*"><frame id="a" src="nav.html"><frameset rows="100,2*"><frame id="b"><frame id="c" src="https://other.example/"></frameset></frameset></html>');
    const a = doc.getElementById('a') as HTMLFrameElement;
    expect(a).not.toBeNull();
    fill(a, '<p>Navigation</p>');
    fill(doc.getElementById('b') as HTMLFrameElement, '<p>Main</p>');
    crossOrigin(doc, []);
    const out = reparse((await snapshotDocument(doc, fakeFetch())).html);
    const outer = out.querySelector('[data-commonplace-frameset]')!;
    expect(outer.getAttribute('style')).toMatch(/flex-direction:row/);
    const frames = out.querySelectorAll('iframe');
    expect([...frames].map((f) => inner(f).body.textContent)).toEqual(['Navigation', 'Main', '']);
    expect(frames[0]!.getAttribute('style')).toMatch(/flex:0 0 25%/);
    expect(frames[2]!.getAttribute('style')).toMatch(/flex:2 1 0/);
  });

  it('reads frameset tracks', () => {
    expect(framesetTracks('20%, 100 ,*,3*,x')).toEqual(['flex:0 0 20%', 'flex:0 0 100px', 'flex:1 1 0', 'flex:3 1 0', 'flex:1 1 0']);
  });

  it('keeps a frame’s stylesheet that must be fetched, escaped inside srcdoc', async () => {
    const doc = page('<iframe id="f"></iframe>');
    fill(doc.getElementById('f') as HTMLIFrameElement, '<link rel="stylesheet" href="https://cdn.example/s.css"><p class="q">styled</p>');
    const fetch = fakeFetch({ 's.css': css('.q::before { content: "\\"<&>"; background: url(i.png) }', 'https://cdn.example/s.css') });
    const result = await snapshotDocument(doc, fetch);
    const child = inner(reparse(result.html).querySelector('iframe'));
    const style = child.querySelector('style')!.textContent!;
    expect(style).toContain('content: "\\"<&>"');
    expect(style).toMatch(/url\("?data:image\/png;base64,/);
    expect(result.bytes).toBe(new TextEncoder().encode(result.html).length);
  });
});
