/**
 * Review (the byte cap): a stylesheet the page can read is left out whole, and counted as
 * skipped, when it does not fit under `maxBytes` (huge-stylesheet-cap.test.ts), but a `style`
 * attribute and a `<style>` inside an inline SVG were written whole whatever their size, so
 * one of them took the copy past its cap. Now they are held to it the same way: left out whole,
 * counted as skipped, and the images only they used neither fetched nor counted.
 */
// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { snapshotDocument } from '../../../src/snapshot/snapshot';
import { fakeFetch, page, reparse } from './helpers';

/** `n` distinct declarations (custom properties), about 30 bytes each. */
const decls = (n: number) => Array.from({ length: n }, (_, i) => `--p-${i}:rgb(${i % 256},0,0)`).join(';');
/** `n` distinct rules, about 40 bytes each. */
const rules = (n: number) => Array.from({ length: n }, (_, i) => `.rule-${i}{fill:rgb(${i % 256},0,0)}`).join('\n');
const CAP = 30_000;

describe('one style attribute larger than the cap', () => {
  it('keeps the copy within maxBytes: the attribute is left out and counted, the element and the text are kept', async () => {
    const big = `background:url(https://example.com/only-in-attr.png);${decls(2_000)}`;
    const doc = page(`<!doctype html><html><body><div id="hero" class="x" style="${big}">Hero</div><p>The article text.</p></body></html>`);
    const fetch = fakeFetch();
    const shot = await snapshotDocument(doc, fetch, { maxBytes: CAP });
    expect(shot.bytes).toBeLessThanOrEqual(CAP);
    const copy = reparse(shot.html);
    expect(copy.querySelector('#hero')?.getAttribute('class')).toBe('x');
    expect(copy.querySelector('#hero')?.hasAttribute('style')).toBe(false);
    expect(shot.html).toContain('The article text.');
    expect(shot.truncated).toBe(false);
    expect(shot.resources.skipped).toBe(1);
    // The image only the left-out attribute used is neither fetched nor counted.
    expect(fetch.calls).toEqual([]);
    expect(shot.resources.inlined).toBe(0);
  });

  it('holds inside a kept frame too, where the attribute is escaped once more', async () => {
    const doc = page(`<!doctype html><html><body><iframe srcdoc="x"></iframe><p>Page text.</p></body></html>`);
    const frameDoc = (doc.querySelector('iframe') as HTMLIFrameElement).contentDocument!;
    frameDoc.body.innerHTML = `<p style='font-family:"a&amp;b";${decls(1_500)}'>Frame text.</p>`;
    const shot = await snapshotDocument(doc, fakeFetch(), { maxBytes: CAP });
    expect(shot.bytes).toBeLessThanOrEqual(CAP);
    expect(shot.html).toContain('Frame text.');
    expect(shot.resources.skipped).toBe(1);
  });

  it('still writes one that fits', async () => {
    const doc = page(`<!doctype html><html><body><div id="hero" style="${decls(100)}">Hero</div></body></html>`);
    const shot = await snapshotDocument(doc, fakeFetch(), { maxBytes: CAP });
    expect(reparse(shot.html).querySelector('#hero')?.getAttribute('style')).toContain('--p-99');
    expect(shot.resources.skipped).toBe(0);
  });
});

describe('one SVG <style> larger than the cap', () => {
  it('keeps the copy within maxBytes: the style is left out and counted, the drawing and the text are kept', async () => {
    const big = `.bg{fill:url(https://example.com/only-in-svg.png)}\n${rules(2_000)}`;
    const doc = page(`<!doctype html><html><body><svg id="pic" viewBox="0 0 10 10"><style>${big}</style><rect class="bg" width="10" height="10"/></svg><p>The article text.</p></body></html>`);
    const fetch = fakeFetch();
    const shot = await snapshotDocument(doc, fetch, { maxBytes: CAP });
    expect(shot.bytes).toBeLessThanOrEqual(CAP);
    const copy = reparse(shot.html);
    expect(copy.querySelector('#pic rect')).not.toBeNull();
    expect(copy.querySelector('#pic style')).toBeNull();
    expect(shot.html).toContain('The article text.');
    expect(shot.resources.skipped).toBe(1);
    expect(fetch.calls).toEqual([]);
    expect(shot.resources.inlined).toBe(0);
  });

  it('still writes one that fits', async () => {
    const doc = page(`<!doctype html><html><body><svg id="pic"><style>${rules(100)}</style><rect/></svg></body></html>`);
    const shot = await snapshotDocument(doc, fakeFetch(), { maxBytes: CAP });
    expect(reparse(shot.html).querySelector('#pic style')?.textContent).toContain('.rule-99');
    expect(shot.resources.skipped).toBe(0);
  });
});

describe('any other attribute larger than what is left of the cap', () => {
  it('is left out and the copy marked cut short, never taken past maxBytes (a 60 KB title, a link, a quote)', async () => {
    for (const [attr, tag, value] of [
      ['title', 'div', 't'.repeat(60_000)],
      ['href', 'a', `https://example.com/${'p'.repeat(60_000)}`],
      ['cite', 'blockquote', `https://example.com/${'q'.repeat(60_000)}`],
    ] as const) {
      const doc = page(`<!doctype html><html><body><p>Before.</p><${tag} id="big" ${attr}="${value}">Inside.</${tag}><p>After.</p></body></html>`);
      const shot = await snapshotDocument(doc, fakeFetch(), { maxBytes: CAP });
      expect(shot.bytes, attr).toBeLessThanOrEqual(CAP);
      expect(shot.truncated, attr).toBe(true);
      expect(shot.html).toContain('Before.');
      expect(reparse(shot.html).querySelector('#big')?.hasAttribute(attr), attr).toBe(false);
    }
  });
});
