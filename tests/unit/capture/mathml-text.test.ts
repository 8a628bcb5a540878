// @vitest-environment jsdom
/**
 * `textOfHtml` (the stored text of every capture, `withText`) reads everything under `<svg>`
 * / `<math>` as foreign content, so an HTML `<br>` inside a MathML text integration point
 * (`<mtext>`, `<mi>`, …; the parser and DOMPurify keep it as an HTML element there) is taken
 * for an unclosed foreign element whose content does not count: the words after it vanish
 * from the stored text (search, highlights), and the text is no longer `htmlToText` of the tree.
 */
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { extractFromDocument } from '../../../src/capture/extract';
import { htmlToText, textOfHtml } from '../../../src/capture/text';
import { createSanitizer } from '../../../src/sanitize/sanitize';

describe('textOfHtml with HTML inside MathML', () => {
  it('equals htmlToText of the tree for a <br> inside <mtext>', () => {
    const root = createSanitizer(window).sanitizeCaptureDom(
      '<p>The rule <math><mtext>first case<br>second case</mtext></math> holds.</p><p>Next paragraph.</p>',
      'https://example.com/',
    );
    expect(textOfHtml(root.innerHTML)).toBe(htmlToText(root));
  });

  it('keeps the words after the <br> in the stored text of a capture', () => {
    const dom = new JSDOM(
      '<!doctype html><html><head><title>Cases</title></head><body><p>Definition: <math><mtext>zero when x is even<br>one when x is odd</mtext></math>, as shown.</p></body></html>',
      { url: 'https://example.com/math' },
    );
    const page = extractFromDocument(dom.window.document, { kind: 'page', pageUrl: 'https://example.com/math', win: dom.window as never });
    expect(page.html).toContain('one when x is odd');
    expect(page.text).toContain('one when x is odd');
  });
});
