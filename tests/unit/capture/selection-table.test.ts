// @vitest-environment jsdom
/**
 * "Save selection" of part of a table: `Range.cloneContents` gives bare `<tr>`/`<td>` (the
 * common ancestor is the `<tbody>` or `<tr>`), `extractSelection` wraps them only in a `<div>`
 * (withInlineAncestors keeps inline ancestors and `<pre>`, not table structure), and the HTML
 * parser in the sanitiser drops `<tr>`/`<td>` tags outside a table: every cell's text is glued
 * into one word.
 */
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { extractSelection } from '../../../src/capture/extract';

const URL_ = 'https://example.com/prices';

function select(html: string, from: (d: Document) => Node, to: (d: Document) => Node) {
  const dom = new JSDOM(`<!doctype html><body>${html}</body>`, { url: URL_ });
  const doc = dom.window.document;
  const start = from(doc);
  const end = to(doc);
  const range = doc.createRange();
  range.setStart(start, 0);
  range.setEnd(end, end.nodeValue?.length ?? end.childNodes.length);
  return extractSelection(doc, { rangeCount: 1, getRangeAt: () => range } as unknown as Selection, URL_, { win: dom.window as never });
}

const TABLE =
  '<p>Prices this week:</p><table><thead><tr><th>Fruit</th><th>Price</th></tr></thead><tbody>' +
  '<tr><td>Apples</td><td>3 EUR</td></tr><tr><td>Pears</td><td>4 EUR</td></tr></tbody></table>';

describe('extractSelection inside a table', () => {
  it('keeps rows on their own lines and cells apart when the selection spans several rows', () => {
    const page = select(
      TABLE,
      (d) => d.querySelectorAll('tbody td')[0]!.firstChild!,
      (d) => d.querySelectorAll('tbody td')[3]!.firstChild!,
    );
    expect(page.text).toBe('Apples 3 EUR\nPears 4 EUR');
  });

  it('keeps the cells of one row apart', () => {
    const page = select(
      TABLE,
      (d) => d.querySelectorAll('tbody td')[0]!.firstChild!,
      (d) => d.querySelectorAll('tbody td')[1]!.firstChild!,
    );
    expect(page.text).toBe('Apples 3 EUR');
  });
});
