/**
 * Review (the byte cap): a stylesheet the page can read (a `<style>`, a same-origin `<link>`, an
 * adopted sheet) was written whole whatever its size, so one very large sheet took the copy past
 * `maxBytes` (and one past the boundary's 40 M characters failed the whole copy with a schema
 * error), while a fetched sheet that does not fit is left out and counted. Now both are.
 */
// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { snapshotDocument } from '../../../src/snapshot/snapshot';
import { fakeFetch, page } from './helpers';

/** `n` distinct rules, about 40 bytes each. */
const rules = (n: number) => Array.from({ length: n }, (_, i) => `.rule-${i}{color:rgb(${i % 256},0,0)}`).join('\n');

describe('one stylesheet larger than the cap', () => {
  it('keeps the copy within maxBytes: the sheet is left out and counted, the text is kept', async () => {
    const big = `.hero{background:url(https://example.com/only-in-big.png)}\n${rules(10_000)}`;
    const doc = page(`<!doctype html><html><head><style>${big}</style></head><body><p>The article text.</p></body></html>`);
    const fetch = fakeFetch();
    const shot = await snapshotDocument(doc, fetch, { maxBytes: 100_000 });
    expect(shot.bytes).toBeLessThanOrEqual(100_000);
    expect(shot.html).toContain('The article text.');
    expect(shot.resources.skipped).toBe(1);
    // The images only the left-out sheet used are neither fetched nor counted.
    expect(fetch.calls).toEqual([]);
    expect(shot.resources.inlined).toBe(0);
  });

  it('still writes a sheet that fits', async () => {
    const doc = page(`<!doctype html><html><head><style>${rules(100)}</style></head><body><p>Text.</p></body></html>`);
    const shot = await snapshotDocument(doc, fakeFetch(), { maxBytes: 100_000 });
    expect(shot.html).toContain('.rule-99');
    expect(shot.resources.skipped).toBe(0);
  });
});
