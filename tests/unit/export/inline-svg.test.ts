/**
 * An article's inline SVG drawings (a chart, a diagram) in the exports. Before, the HTML page
 * (zip and `npm run read`) showed only the drawing's label (its `<title>` or "[image]"): the
 * reader shows the drawing, made inert, as an image inside its label, and the README promised
 * the same. And the page's highlights were placed over a text model that counted the media
 * labels' alt text and not a drawing's words, so its offsets were not the saved text's: a
 * highlight after a labelled image or a drawing with words, whose quote and context occur more
 * than once, was not drawn. Now the marks are placed over the saved text (image labels left out
 * as the reader's `readerTextModel` leaves them; a drawing counted as the saved text counts it),
 * and the drawings are put in after (so nothing in an SVG moves a mark).
 */
import { describe, expect, it } from 'vitest';
import { textOfHtml } from '../../../src/capture/text';
import { createRenderer } from '../../../src/export/renderer';
import type { ExportClip, ExportHighlight } from '../../../src/export/types';
import { createSanitizer } from '../../../src/sanitize/sanitize';
import { domWindow, targetIn } from './fixtures';
import { repoSource } from '../../../src/export/repo-source';
import { openLibrary, page } from '../library/helpers';
import { exportToMemory, parseHtml } from './helpers';

const SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 50" width="100" height="50" onload="alert(1)"><title>Sales by year</title><script>alert(2)</script><rect x="0" y="0" width="40" height="50" fill="teal"></rect><text x="5" y="45">2019 sales were up</text><text x="55" y="45">2020</text></svg>';
const HTML = `<p>The chart below shows that sales were up.</p><figure>${SVG}<figcaption>Figure 1.</figcaption></figure><p>After it, we note that sales were up again, and a second time sales were up.</p><p><img src="https://img.example/a.png" alt="a photo with a long description of what it shows, longer than the words around it"> ${'la '.repeat(60)}Then the end.</p>`;
const win = domWindow();
const stored = createSanitizer(win).sanitizeCapture(HTML, 'https://example.com/chart');

const highlight = (passage: string, n: number): ExportHighlight => ({ id: `HHHHHHHHHHHHHHHHHHHHH${n}`, color: 'green', note: '', createdAt: n, updatedAt: n, v: 1, target: targetIn(stored, passage), page: null });

const clip = (highlights: ExportHighlight[]): ExportClip => ({
  id: 'AAAAAAAAAAAAAAAAAAAAAA', kind: 'page', url: 'https://example.com/chart', pageUrl: 'https://example.com/chart', canonicalUrl: null, title: 'Chart', byline: null, siteName: null,
  lang: null, dir: null, publishedTime: null, excerpt: null, savedAt: 10, capturedAt: 20, readAt: null, archivedAt: null, favoriteAt: null, note: '', tags: [], wordCount: 0, extractor: 'readability',
  highlights, stored: { catalog: '', content: null, rev: '' }, html: stored, media: null, images: [], snapshot: null,
});

describe('inline SVG drawings in an exported page', () => {
  it('are shown, made inert, as an image inside their label, as the reader shows them', () => {
    const drawn = createRenderer(win).article(clip([]))!;
    const doc = parseHtml(`<div>${drawn.html}</div>`);
    const label = doc.querySelector('figure span.cp-media-alt')!;
    const img = label.querySelector('img')!;
    expect(img.getAttribute('alt')).toBe('Sales by year');
    const src = img.getAttribute('src')!;
    expect(src.startsWith('data:image/svg+xml;base64,')).toBe(true);
    const svg = Buffer.from(src.slice(src.indexOf(',') + 1), 'base64').toString('utf8');
    expect(svg).toContain('<rect');
    expect(svg).toContain('2019 sales were up');
    expect(svg).not.toMatch(/script|onload|alert/i);
  });

  it('leave every highlight at its own place in the saved text, before and after the drawing and an image', () => {
    // The 30th "la" of 60: its context is every other "la"'s, so only its position tells it apart.
    const text = textOfHtml(stored);
    const at = text.indexOf('la la') + 3 * 29;
    const la: ExportHighlight = { ...highlight('la', 5), target: { quote: { type: 'TextQuoteSelector', exact: 'la', prefix: text.slice(at - 32, at), suffix: text.slice(at + 2, at + 34) }, position: { type: 'TextPositionSelector', start: at, end: at + 2 }, range: null } };
    const hs = [highlight('sales were up.', 1), highlight('sales were up again', 2), highlight('a second time sales were up', 3), highlight('Then the end', 4), la];
    const drawn = createRenderer(win).article(clip(hs))!;
    expect([...drawn.marked].sort()).toEqual([0, 1, 2, 3, 4]);
    const doc = parseHtml(`<div>${drawn.html}</div>`);
    const blocks = [...doc.querySelectorAll('div > p, div > figure')];
    const marked = (n: number) => doc.getElementById(`hl-${n}`)!.textContent;
    expect(hs.slice(0, 4).map((_, i) => marked(i + 1))).toEqual(['sales were up.', 'sales were up again', 'a second time sales were up', 'Then the end']);
    expect(hs.slice(0, 4).map((_, i) => blocks.indexOf(doc.getElementById(`hl-${i + 1}`)!.closest('p, figure')!))).toEqual([0, 2, 2, 3]);
    // The "la" marked is the 30th: 29 before it in its paragraph.
    const mark = doc.getElementById('hl-5')!;
    const range = doc.createRange();
    range.setStart(mark.closest('p')!.querySelector('span.cp-media-alt')!, 0);
    range.setEndBefore(mark);
    expect(range.toString().match(/\bla\b/g)?.length).toBe(29);
    // The drawing is there too, and no mark went inside it.
    expect(doc.querySelector('figure img')?.getAttribute('src')).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(doc.querySelector('figure span.cp-media-alt mark')).toBeNull();
  });
});

describe('inline SVG drawings in an exported Markdown file', () => {
  it('are files beside the saved images, made inert, linked as images with their label; their words are not run into the text', async () => {
    const lib = await openLibrary();
    const id = (await lib.library.save(page({ title: 'Chart', pageUrl: 'https://example.com/chart', canonicalUrl: null, html: stored, text: textOfHtml(stored) }))).clip.id;
    await lib.library.settled();
    const out = await exportToMemory(repoSource(lib.repo, lib.url));
    const entry = out.manifest.clips.find((c) => c.id === id)!;
    const md = out.text(entry.markdown);
    const name = entry.markdown.slice('clips/'.length, -'.md'.length);
    expect(md).toContain(`![Sales by year](../images/${name}/drawing-1.svg)`);
    expect(md).not.toContain('Sales by year2019');
    expect(entry.drawings).toEqual([`images/${name}/drawing-1.svg`]);
    const svg = out.text(`images/${name}/drawing-1.svg`);
    expect(svg).toContain('<rect');
    expect(svg).not.toMatch(/script|onload|alert/i);
  });
});
