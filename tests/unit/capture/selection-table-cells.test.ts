// @vitest-environment jsdom
/**
 * Firefox selects table cells (Ctrl+click, or a drag across cells) as one range per cell, each
 * range holding one `<td>` of its `<tr>`. Each used to be wrapped in a table of its own, so the
 * cells of one row were saved as separate tables, one per line ("A\nB\nC" for rows "A B" / "C").
 */
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { extractSelection } from '../../../src/capture/extract';

const URL_ = 'https://example.com/t';

/** One range per listed node, each selecting exactly that node (as Firefox's cell selection does). */
function selectNodes(html: string, pick: (d: Document) => Node[]) {
  const dom = new JSDOM(`<!doctype html><body>${html}</body>`, { url: URL_ });
  const doc = dom.window.document;
  const ranges = pick(doc).map((n) => {
    const r = doc.createRange();
    r.selectNode(n);
    return r;
  });
  const selection = { rangeCount: ranges.length, getRangeAt: (i: number) => ranges[i]! } as unknown as Selection;
  return extractSelection(doc, selection, URL_, { win: dom.window as never });
}

const TABLE = '<table><tbody><tr><td>A</td><td>B</td></tr><tr><td>C</td><td>D</td></tr></tbody></table>';

describe('extractSelection of a multi-range (per-cell) table selection', () => {
  it('keeps the cells of one row in one row, and the rows in one table', () => {
    const page = selectNodes(TABLE, (d) => Array.from(d.querySelectorAll('td')).slice(0, 3));
    expect(page.text).toBe('A B\nC');
    expect(page.html.match(/<table/g)).toHaveLength(1);
    expect(page.html.match(/<tr/g)).toHaveLength(2);
  });

  it('keeps ranges of different tables, or with other text between, apart', () => {
    const two = `${TABLE}<p>x</p><table><tbody><tr><td>E</td><td>F</td></tr></tbody></table>`;
    const page = selectNodes(two, (d) => {
      const cells = Array.from(d.querySelectorAll('td'));
      return [cells[0]!, cells[1]!, cells[4]!, cells[5]!];
    });
    expect(page.text).toBe('A B\nE F');
    expect(page.html.match(/<table/g)).toHaveLength(2);
    const split = selectNodes(two, (d) => [d.querySelectorAll('td')[0]!, d.querySelector('p')!, d.querySelectorAll('td')[3]!]);
    expect(split.text).toBe('A\nx\nD');
    expect(split.html.match(/<table/g)).toHaveLength(2);
  });
});
