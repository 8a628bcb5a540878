// @vitest-environment jsdom
/**
 * What a page hides with an inline style (`display: none`, `visibility: hidden`) is not what the
 * reader saw, but the capture profile drops `style` and so showed it: a selection across a
 * Wikipedia place name stored the coordinates' hidden duplicate and a sortable table's hidden
 * sort keys, and a page saved from its body (no article found) showed its hidden panels.
 * Readability already skips such nodes; the sanitiser now drops them too.
 */
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { extractSelection } from '../../../src/capture/extract';
import { createSanitizer } from '../../../src/sanitize/sanitize';

const URL_ = 'https://en.wikipedia.org/wiki/Lighthouse';

function selectAll(body: string, id: string) {
  const dom = new JSDOM(`<!doctype html><html lang="en"><head><title>Lighthouse</title></head><body>${body}</body></html>`, { url: URL_ });
  const doc = dom.window.document;
  const range = doc.createRange();
  range.selectNodeContents(doc.getElementById(id)!);
  return extractSelection(doc, { rangeCount: 1, getRangeAt: () => range } as unknown as Selection, URL_, { win: dom.window as never });
}

describe('content hidden by an inline style', () => {
  it('is left out by the capture profile, in any spelling, and only when it hides', () => {
    const { sanitizeCapture } = createSanitizer(window);
    const html = sanitizeCapture(
      '<p>shown <span style="display:none">secret one</span><span style="color: red; DISPLAY : None !important">secret two</span>' +
        '<span style="visibility: hidden;">secret three</span> <span style="--display: none; display: inline">kept</span>' +
        ' <span style="visibility: visible">also kept</span></p>',
      URL_,
    );
    expect(html).toBe('<p>shown  <span>kept</span> <span>also kept</span></p>');
  });

  it('is not part of a selection (coordinates and sort keys on Wikipedia)', () => {
    const page = selectAll(
      '<p id="sel">The light stands at <span class="geo-default"><span class="geo-dms">50°N 5°W</span></span>' +
        '<span style="display:none">&#xfeff; / <span class="geo">50.0; -5.0</span></span> on the cliff.</p>',
      'sel',
    );
    expect(page.text).toBe('The light stands at 50°N 5°W on the cliff.');
    const row = selectAll('<table><tbody id="t"><tr><td><span style="display:none" class="sortkey">0003 !</span>Third</td><td>1859</td></tr></tbody></table>', 't');
    expect(row.text).toBe('Third 1859');
  });
});
