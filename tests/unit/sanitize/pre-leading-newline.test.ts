// @vitest-environment jsdom
/**
 * A `<pre>` whose first child the capture sanitiser removes (a comment, a hidden line-number
 * gutter, a copy button) is left starting with a newline. The HTML serialiser writes that
 * newline as it is and every HTML parser drops a newline right after `<pre>`, so the stored
 * HTML is not what the reader (or an import, or any later parse) gets back: its text loses a
 * line, the stored text and the reader's text differ, and re-sanitising changes the article.
 */
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { extractFromDocument, extractSelection } from '../../../src/capture/extract';
import { htmlToText, textOfHtml } from '../../../src/capture/text';
import { createSanitizer } from '../../../src/sanitize/sanitize';
import { sanitizeStored } from '../../../extension/sanitize-stored';

const URL_ = 'https://example.com/blog/code';
const P =
  'Tide pools are small worlds that appear twice a day, when the ocean pulls back and leaves water caught among the rocks. For a few hours they hold anemones, sculpins and hermit crabs.';

function page(pre: string): JSDOM {
  return new JSDOM(
    `<!doctype html><html><head><title>Code</title></head><body><article><h1>Code</h1><p>${P}</p><p>${P}</p>${pre}<p>${P}</p><p>${P}</p></article></body></html>`,
    { url: URL_ },
  );
}

/** The text of `html` as a parser reads it (what the reader's DOM holds). */
function parsedText(html: string): string {
  const div = document.createElement('div');
  div.innerHTML = html;
  return htmlToText(div);
}

describe('capture of a <pre> whose first child the sanitiser removes', () => {
  it('stores HTML whose text is the stored text when parsed again (Readability path, comment first in <pre>)', () => {
    const dom = page('<pre><!-- highlighted by build -->\nconst x = 1;\nconst y = 2;</pre>');
    const captured = extractFromDocument(dom.window.document, { kind: 'page', pageUrl: URL_, win: dom.window as never });
    expect(captured.extractor).toBe('readability');
    // The stored text is `textOfHtml(html)`; the reader and every import parse `html` again.
    expect(parsedText(captured.html)).toBe(captured.text);
  });

  it('shows the reader the same text as the stored text (selection of a code block with a hidden line-number gutter)', () => {
    const dom = new JSDOM(
      `<!doctype html><body><p id="intro">Run this:</p><pre id="code"><span aria-hidden="true">1\n2</span>\nnpm install\nnpm start</pre></body>`,
      { url: URL_ },
    );
    const doc = dom.window.document;
    const range = doc.createRange();
    range.setStartBefore(doc.getElementById('intro')!);
    range.setEndAfter(doc.getElementById('code')!);
    const captured = extractSelection(doc, { rangeCount: 1, getRangeAt: () => range } as unknown as Selection, URL_, { win: dom.window as never });
    const reader = createSanitizer(window).sanitizeForReader(captured.html);
    expect(parsedText(reader)).toBe(captured.text);
  });

  it('comes back unchanged from sanitizeStored (an export re-imported keeps its article and text)', () => {
    const dom = page('<pre><!-- highlighted by build -->\nconst x = 1;\nconst y = 2;</pre>');
    const captured = extractFromDocument(dom.window.document, { kind: 'page', pageUrl: URL_, win: dom.window as never });
    const again = sanitizeStored(captured.html, URL_);
    expect(textOfHtml(again)).toBe(captured.text);
    expect(again).toBe(captured.html);
  });
});
