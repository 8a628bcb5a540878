/**
 * A highlight made on the live page while the device did not have the clip's article yet (it
 * syncs after the catalog entry) is stored with no saved-copy target, only its live-page one.
 * The extension's reader looks for its quote in the article and draws it there
 * (src/library/highlights.ts, `viewOf`); the exported and `npm run read` pages must too. Before,
 * they drew only highlights with a saved-copy target, and listed this one as "not in the saved
 * article (made on the live page)" though its words were right there.
 */
import { describe, expect, it } from 'vitest';
import { highlightsSection } from '../../../src/export/clip-page';
import { markHighlights } from '../../../src/export/marks';
import type { ExportHighlight } from '../../../src/export/types';
import type { HighlightTarget } from '../../../src/schema/selectors';
import { domWindow, RIVER, targetIn } from './fixtures';

/** The live page had more around the article, so its positions and range are not the article's. */
const LIVE = `<nav>Home · News · About</nav>${RIVER}<footer>Contact</footer>`;
const livePage = (passage: string): HighlightTarget => ({
  ...targetIn(LIVE, passage),
  range: { type: 'RangeSelector', startContainer: '/p[2]', startOffset: 52, endContainer: '/p[2]', endOffset: 80 },
});
const onLivePage = (id: string, page: HighlightTarget, color = 'blue'): ExportHighlight => ({ id, color, note: 'from the page', createdAt: 1, updatedAt: 1, v: 1, target: null, page });

describe('export marks of a highlight made on the live page only', () => {
  it('draws it where its quote is in the article, and the list links to it', () => {
    const highlights = [onLivePage('h1', livePage('the mill wheel turns all day'))];
    const { html, marked } = markHighlights(domWindow(), RIVER, highlights);
    expect([...marked]).toEqual([0]);
    expect(html).toContain('<mark class="cp-blue" title="from the page" id="hl-1">the mill wheel turns all day</mark>');
    const list = highlightsSection(highlights, marked);
    expect(list).toContain('<a href="#hl-1">in the article</a>');
    expect(list).not.toContain('made on the live page');
  });

  it('still lists, undrawn, one whose quote is not in the article', () => {
    const highlights = [onLivePage('h1', livePage('Contact')), onLivePage('h2', livePage('By August the river is slow.'), 'green')];
    const { html, marked } = markHighlights(domWindow(), RIVER, highlights);
    expect([...marked]).toEqual([1]);
    expect(html).not.toContain('Contact');
    expect(html).toContain('id="hl-2">By August the river is slow.</mark>');
    expect(highlightsSection(highlights, marked)).toContain('not in the saved article (made on the live page)');
  });
});
