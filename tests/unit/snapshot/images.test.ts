import { describe, expect, it } from 'vitest';
import { chooseImage, parseSrcset, pickCandidate, type ImageFacts } from '../../../src/snapshot/images';

const facts = (attrs: Record<string, string>, more: Partial<ImageFacts> = {}): ImageFacts => ({
  currentSrc: '',
  loaded: false,
  attr: (n) => attrs[n] ?? null,
  pictureSrcset: null,
  width: 0,
  dpr: 1,
  ...more,
});

describe('srcset', () => {
  it('parses candidates with width, density or no descriptor, commas in URLs included', () => {
    expect(parseSrcset(' a.png 1x,b.png 2x , c,d.png 640w, e.png')).toEqual([
      { url: 'a.png', x: 1 },
      { url: 'b.png', x: 2 },
      { url: 'c,d.png', w: 640 },
      { url: 'e.png', x: 1 },
    ]);
    expect(parseSrcset('')).toEqual([]);
  });

  it('picks the smallest candidate dense enough, else the densest', () => {
    const set = parseSrcset('s.png 320w, m.png 640w, l.png 1280w');
    expect(pickCandidate(set, 300, 1)).toBe('s.png');
    expect(pickCandidate(set, 300, 2)).toBe('m.png');
    expect(pickCandidate(set, 2000, 2)).toBe('l.png');
    expect(pickCandidate(parseSrcset('a 1x, b 2x'), 0, 2)).toBe('b');
    expect(pickCandidate([], 0, 1)).toBeNull();
  });
});

describe('chooseImage', () => {
  it("takes the browser's choice when the image is loaded", () => {
    expect(chooseImage(facts({ src: 'a.png', srcset: 'b.png 2x' }, { currentSrc: 'https://x/b.png', loaded: true }))).toEqual({ url: 'https://x/b.png', lazyAttrs: [] });
  });

  it('takes the lazy attribute over a placeholder or an image never loaded', () => {
    const placeholder = 'data:image/gif;base64,R0lGOD';
    expect(chooseImage(facts({ src: placeholder, 'data-src': 'real.png' }, { currentSrc: placeholder, loaded: true }))).toEqual({ url: 'real.png', lazyAttrs: ['data-src'] });
    expect(chooseImage(facts({ 'data-srcset': 'a.png 1x, b.png 2x', 'data-src': 'c.png' }, { dpr: 2 }))).toEqual({ url: 'b.png', lazyAttrs: ['data-src', 'data-srcset'] });
    expect(chooseImage(facts({ src: 'thumb.png', 'data-original': 'full.png' }, { currentSrc: 'https://x/thumb.png', loaded: false }))).toEqual({
      url: 'full.png',
      lazyAttrs: ['data-original'],
    });
  });

  it('falls back to the <picture> source, then srcset, then src', () => {
    expect(chooseImage(facts({ src: 'fallback.png' }, { pictureSrcset: 'pic.png' }))).toEqual({ url: 'pic.png', lazyAttrs: [] });
    expect(chooseImage(facts({ src: 'fallback.png', srcset: 'x1.png 1x, x2.png 2x' }))).toEqual({ url: 'x1.png', lazyAttrs: [] });
    expect(chooseImage(facts({ src: ' plain.png ' }))).toEqual({ url: 'plain.png', lazyAttrs: [] });
    expect(chooseImage(facts({}))).toEqual({ url: null, lazyAttrs: [] });
  });
});
