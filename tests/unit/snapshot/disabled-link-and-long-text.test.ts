/** Two page copy bugs found in review: a disabled stylesheet link was switched on, and one large text node was written whole past the byte cap. */
import { describe, expect, it } from 'vitest';
import { snapshotDocument } from '../../../src/snapshot/snapshot';
import { css, fakeFetch, page } from './helpers';

describe('a <link rel=stylesheet disabled> (a theme switcher\'s alternate theme)', () => {
  it('is not turned on in the copy', async () => {
    // The browser neither fetches nor applies a disabled link's sheet (link.sheet is null).
    const doc = page('<!doctype html><html><head><link rel="stylesheet" href="https://example.com/light.css"><link rel="stylesheet" href="https://example.com/dark.css" disabled></head><body><p>x</p></body></html>');
    const fetch = fakeFetch({
      'https://example.com/light.css': css('body{background:white}'),
      'https://example.com/dark.css': css('body{background:black}'),
    });
    const shot = await snapshotDocument(doc, fetch);
    expect(shot.html).toContain('background:white');
    expect(shot.html).not.toContain('background:black');
  });
});

describe('the byte cap and one huge text node (a large .txt or .json file shown by the browser)', () => {
  it('keeps the copy within maxBytes', async () => {
    const big = 'a'.repeat(3_000_000);
    const doc = page(`<!doctype html><html><head></head><body><pre>${big}</pre></body></html>`);
    const shot = await snapshotDocument(doc, fakeFetch(), { maxBytes: 1_000_000 });
    expect(shot.bytes).toBeLessThanOrEqual(1_000_000);
    expect(shot.truncated).toBe(true);
    // Cut inside the text: as much of it as fits is kept.
    expect(shot.html).toContain('a'.repeat(900_000));
  });
});
