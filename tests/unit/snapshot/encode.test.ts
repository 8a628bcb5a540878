import { describe, expect, it } from 'vitest';
import { base64Size, dataUrl, escapeAttr, escapeStyleText, escapeText, fromBase64, parseDataUrl, safeMime, toBase64, utf8Length } from '../../../src/snapshot/encode';
import { acceptedType, sniffFont, sniffImage } from '../../../src/snapshot/mime';

const bytes = (...b: number[]) => Uint8Array.from(b);
const text = (s: string) => new TextEncoder().encode(s);

describe('encode', () => {
  it('utf8Length is the UTF-8 byte length, surrogate pairs and lone surrogates included', () => {
    for (const s of ['', 'abc', 'é', '€', '😀', 'a😀b€é', '\ud800', 'x\udc00y', '\u0000\u007f\u0080\u07ff\u0800\uffff']) {
      expect(utf8Length(s), JSON.stringify(s)).toBe(new TextEncoder().encode(s).length);
    }
  });

  it('base64 round-trips any bytes, large ones too', () => {
    const big = new Uint8Array(200_000).map((_, i) => (i * 7919) % 256);
    for (const b of [bytes(), bytes(0), bytes(255, 0, 1), big]) {
      const b64 = toBase64(b);
      expect(fromBase64(b64)).toEqual(b);
      expect(base64Size(b64)).toBe(b.length);
    }
    expect(fromBase64('not base64!')).toBeNull();
  });

  it('parses data: URLs, base64 and percent-encoded; refuses malformed ones', () => {
    expect(parseDataUrl('data:image/png;base64,iVBORw0KGgo=')).toEqual({ type: 'image/png', bytes: bytes(0x89, 0x50, 0x4e, 0x47, 13, 10, 26, 10) });
    expect(parseDataUrl('data:image/svg+xml;charset=utf-8,%3Csvg%3E€')).toEqual({ type: 'image/svg+xml', bytes: text('<svg>€') });
    expect(parseDataUrl('data:,hello')).toEqual({ type: 'text/plain', bytes: text('hello') });
    expect(parseDataUrl('data:image/png;base64,@@@')).toBeNull();
    expect(parseDataUrl('data:no-comma')).toBeNull();
    expect(parseDataUrl('https://example.com/')).toBeNull();
  });

  it('safeMime keeps only plain type/subtype; dataUrl never needs escaping', () => {
    expect(safeMime('Image/PNG; charset=x')).toBe('image/png');
    expect(safeMime('image/svg+xml')).toBe('image/svg+xml');
    for (const bad of ['', 'image', 'image/"><script>', 'text/html&x', 'a/b c', null, undefined]) expect(safeMime(bad), String(bad)).toBeNull();
    expect(dataUrl('text/html"><x', 'QQ==')).toBe('data:application/octet-stream;base64,QQ==');
    expect(dataUrl('image/png', 'QQ==')).toMatch(/^[\w:/;,+=.-]+$/);
  });

  it('escapes text, attributes and style text', () => {
    expect(escapeText('a<b>&c\u00a0"')).toBe('a&lt;b&gt;&amp;c&nbsp;"');
    expect(escapeAttr('"><img onerror=x>&')).toBe('&quot;&gt;&lt;img onerror=x&gt;&amp;');
    expect(escapeStyleText('a{content:"</style><script>"} </STYLE >')).toBe('a{content:"<\\/style><script>"} <\\/STYLE >');
  });
});

describe('mime', () => {
  it('recognises images and fonts by their bytes', () => {
    expect(sniffImage(bytes(0x89, 0x50, 0x4e, 0x47, 13, 10, 26, 10))).toBe('image/png');
    expect(sniffImage(bytes(0xff, 0xd8, 0xff, 0xe0))).toBe('image/jpeg');
    expect(sniffImage(text('GIF89a...'))).toBe('image/gif');
    expect(sniffImage(text('RIFF\0\0\0\0WEBPVP8 '))).toBe('image/webp');
    expect(sniffImage(text('\ufeff<?xml version="1.0"?>\n<!-- c -->\n<svg xmlns="http://www.w3.org/2000/svg">'))).toBe('image/svg+xml');
    expect(sniffImage(text('<!doctype html><html>'))).toBeNull();
    expect(sniffFont(text('wOF2....'))).toBe('font/woff2');
    expect(sniffFont(text('wOFF....'))).toBe('font/woff');
    expect(sniffFont(bytes(0, 1, 0, 0, 0))).toBe('font/ttf');
  });

  it('accepts a resource only as what its place expects', () => {
    const png = bytes(0x89, 0x50, 0x4e, 0x47, 13, 10, 26, 10);
    expect(acceptedType('image', 'image/png', png)).toBe('image/png');
    expect(acceptedType('image', 'application/octet-stream', png)).toBe('image/png');
    expect(acceptedType('image', 'image/jpeg', png)).toBe('image/png'); // the bytes win
    expect(acceptedType('image', 'image/svg+xml', text('<svg></svg>'))).toBe('image/svg+xml');
    // A login page or error page answered for an image is not an image.
    expect(acceptedType('image', 'text/html', text('<!doctype html><title>Log in</title>'))).toBeNull();
    expect(acceptedType('image', 'text/html', text('<svg onload=alert(1)>'))).toBeNull();
    expect(acceptedType('image', 'text/plain', text('hello'))).toBeNull();
    expect(acceptedType('font', 'font/woff2', text('anything'))).toBe('font/woff2');
    expect(acceptedType('font', 'application/octet-stream', text('wOF2'))).toBe('font/woff2');
    expect(acceptedType('font', 'text/html', text('<html>'))).toBeNull();
    expect(acceptedType('css', 'text/css', text('a{}'))).toBe('text/css');
    expect(acceptedType('css', '', text('a{}'))).toBe('text/css');
    expect(acceptedType('css', 'text/plain', text('<!DOCTYPE html><p>404'))).toBeNull();
    expect(acceptedType('css', 'image/png', png)).toBeNull();
  });
});
