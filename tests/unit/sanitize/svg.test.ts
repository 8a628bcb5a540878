// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { createSanitizer } from '../../../src/sanitize/sanitize';
import { createSvgSanitizer } from '../../../src/sanitize/svg';

const sanitizeSvg = createSvgSanitizer(window);

describe('sanitizeSvg', () => {
  it('removes scripts, foreignObject, handlers, animation and every external reference', () => {
    const out = sanitizeSvg(`<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x "boom">]>
      <svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="40" height="30" viewBox="0 0 40 30" onload="alert(1)">
        <script>alert(2)</script><foreignObject><iframe src="https://evil.example/"></iframe></foreignObject>
        <style>@import url(https://evil.example/x.css); rect { fill: red }</style>
        <defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient></defs>
        <rect width="10" height="10" fill="url(#g)" style="fill: url(https://evil.example/p.svg#a)"/>
        <image href="https://evil.example/a.png" width="5" height="5"/><image href="data:image/png;base64,iVBORw0KGgo=" width="5" height="5"/>
        <use xlink:href="https://evil.example/sprite.svg#icon"/>
        <a href="javascript:alert(3)"><text x="1" y="20">Label &x;</text></a>
        <animate attributeName="href" to="javascript:alert(4)"/><set attributeName="onclick" to="alert(5)"/>
      </svg>`)!;
    expect(out).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(out).toContain('viewBox="0 0 40 30"');
    expect(out).toContain('fill="url(#g)"');
    expect(out).toContain('data:image/png;base64');
    expect(out).toContain('Label');
    expect(out).not.toMatch(/script|foreignObject|iframe|onload|evil\.example|javascript:|<animate|<set|@import/i);
    // It is well-formed XML, as a standalone .svg file must be.
    const parsed = new DOMParser().parseFromString(out, 'image/svg+xml');
    expect(parsed.getElementsByTagName('parsererror')).toHaveLength(0);
  });

  it('answers null for markup without an SVG', () => {
    expect(sanitizeSvg('<html><body><p>not svg</p></body></html>')).toBeNull();
    expect(sanitizeSvg('')).toBeNull();
  });
});

describe('sanitizeForReaderMedia', () => {
  it('lists the images and inline drawings it replaced, marking their placeholders, and no one else’s', () => {
    const { sanitizeForReaderMedia, sanitizeForReader } = createSanitizer(window);
    const html = `<p>Text <img src="https://example.com/a.png" alt="A"></p><picture><source srcset="https://example.com/b.webp"><img src="https://example.com/b.png" alt="B"></picture>
      <svg width="10" height="10"><circle r="4"></circle></svg><span class="cp-media-alt" data-media="0">forged</span><img alt="no src">`;
    const { html: out, media } = sanitizeForReaderMedia(html);
    expect(media).toEqual([
      { kind: 'image', src: 'https://example.com/a.png', alt: 'A' },
      { kind: 'image', src: 'https://example.com/b.png', alt: 'B' },
      { kind: 'svg', markup: expect.stringContaining('<circle') },
    ]);
    const doc = new DOMParser().parseFromString(out, 'text/html');
    expect([...doc.querySelectorAll('[data-media]')].map((e) => [e.getAttribute('data-media'), e.textContent])).toEqual([['0', 'A'], ['1', 'B'], ['2', '[image]']]);
    expect(out).not.toMatch(/<img|<svg|src=/);
    // The plain profile marks nothing.
    expect(sanitizeForReader(html)).not.toContain('data-media');
  });
});
