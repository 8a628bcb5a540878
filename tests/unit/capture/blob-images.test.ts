// @vitest-environment jsdom
import { Blob as NodeBlob } from 'node:buffer';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { MAX_BLOB_IMAGE_BYTES, readBlobImages } from '../../../src/capture/blob-images';
import { captureDocument, extractSelection } from '../../../src/capture/extract';
import { imagesOfHtml } from '../../../src/images/image-list';
import { IMAGE_LIMITS } from '../../../src/images/inspect';
import { decodeDataUrl } from '../../../src/images/data-url';

const PAGE_URL = 'https://charts.example.com/report';
const BLOB = 'blob:https://charts.example.com/6f1c2d3e-0000-4000-8000-000000000001';
const OTHER = 'blob:https://charts.example.com/6f1c2d3e-0000-4000-8000-000000000002';
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);
const PARA = '<p>Sales grew in every region this quarter, led by the north, where two new shops opened in the spring and stayed busy all summer.</p>';

function page(images: string): Document {
  return new JSDOM(`<!doctype html><html><head><title>Report</title></head><body><article><h1>Report</h1>${PARA.repeat(3)}${images}${PARA.repeat(2)}</article></body></html>`, { url: PAGE_URL }).window.document;
}

// jsdom's Blob has no arrayBuffer(); a browser's (and Node's) has.
const png = (type: string) => new NodeBlob([PNG], { type }) as unknown as Blob;
const blobs = (map: Record<string, Blob>) => async (url: string) => map[url] ?? null;

describe('blob: images', () => {
  it('are read at capture time and stored as data: URLs the image saver takes', async () => {
    const doc = page(`<figure><img src="${BLOB}" alt="Sales chart"><figcaption>Sales</figcaption></figure>`);
    const inlined = await readBlobImages(doc, undefined, { fetchBlob: blobs({ [BLOB]: png('image/png') }), draw: () => null });
    const html = captureDocument(doc, { kind: 'page', pageUrl: PAGE_URL, inlinedImages: inlined }).html;
    const images = imagesOfHtml(html);
    expect(images).toHaveLength(1);
    expect(images[0]!.alt).toBe('Sales chart');
    expect(images[0]!.src.startsWith('data:image/png;base64,')).toBe(true);
    expect(decodeDataUrl(images[0]!.src, IMAGE_LIMITS.maxFileBytes)?.bytes).toEqual(PNG);
    expect(html).not.toContain('blob:');
  });

  it('names an untyped blob by its bytes, and draws a revoked one from the loaded picture', async () => {
    const doc = page(`<img src="${BLOB}" alt="One"><img src="${OTHER}" alt="Two">`);
    const drawn = 'data:image/webp;base64,UklGRgAAAABXRUJQ';
    const inlined = await readBlobImages(doc, undefined, { fetchBlob: blobs({ [BLOB]: png('') }), draw: (img) => (img.getAttribute('src') === OTHER ? drawn : null) });
    expect(inlined.get(BLOB)?.startsWith('data:image/png;base64,')).toBe(true);
    expect(inlined.get(OTHER)).toBe(drawn);
  });

  it('keeps the alt text of one that cannot be read, or is over the size limit', async () => {
    expect(MAX_BLOB_IMAGE_BYTES).toBe(IMAGE_LIMITS.maxFileBytes);
    const doc = page(`<img src="${BLOB}" alt="Too big"><img src="${OTHER}" alt="Revoked">`);
    const huge = { size: MAX_BLOB_IMAGE_BYTES + 1, type: 'image/png', arrayBuffer: () => Promise.reject(new Error('not read')) } as unknown as Blob;
    const inlined = await readBlobImages(doc, undefined, { fetchBlob: blobs({ [BLOB]: huge }), draw: () => null });
    expect(inlined.size).toBe(0);
    const html = captureDocument(doc, { kind: 'page', pageUrl: PAGE_URL, inlinedImages: inlined }).html;
    expect(html).toContain('alt="Too big"');
    expect(html).toContain('alt="Revoked"');
    expect(imagesOfHtml(html)).toHaveLength(0);
  });

  it('are left out (alt text kept) when only they make the page too large to save', async () => {
    const doc = page(`<img src="${BLOB}" alt="Sales chart">`);
    const inlined = new Map([[BLOB, `data:image/png;base64,${'A'.repeat(4_000)}`]]);
    const html = captureDocument(doc, { kind: 'page', pageUrl: PAGE_URL, inlinedImages: inlined, maxHtmlBytes: 3_000 }).html;
    expect(html).toContain('alt="Sales chart"');
    expect(imagesOfHtml(html)).toHaveLength(0);
  });

  it('are kept in a saved selection', async () => {
    const doc = page(`<p id="pick">Look: <img src="${BLOB}" alt="Chart"> and more words here.</p>`);
    const range = doc.createRange();
    range.selectNodeContents(doc.getElementById('pick')!);
    const selection = doc.getSelection()!;
    selection.removeAllRanges();
    selection.addRange(range);
    const inlined = await readBlobImages(doc, (img) => selection.containsNode(img, true), { fetchBlob: blobs({ [BLOB]: png('image/png') }), draw: () => null });
    const html = extractSelection(doc, selection, PAGE_URL, { inlinedImages: inlined }).html;
    expect(imagesOfHtml(html)[0]?.src.startsWith('data:image/png;base64,')).toBe(true);
  });

  it('answers at once for a page without any', async () => {
    const doc = page('<img src="https://charts.example.com/a.png" alt="A">');
    let asked = false;
    const inlined = await readBlobImages(doc, undefined, { fetchBlob: async () => ((asked = true), null) });
    expect(inlined.size).toBe(0);
    expect(asked).toBe(false);
  });
});
