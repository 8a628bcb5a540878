// @vitest-environment jsdom
/**
 * "Save selection" across a list's items: `Range.cloneContents` gives bare `<li>`s (the common
 * ancestor is the `<ol>`/`<ul>`), which were saved in a `<div>`: the reader showed an ordered
 * list's steps as bullets, without their numbers. The selection keeps its list, and an `<ol>`
 * the numbers the page showed.
 */
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { extractSelection } from '../../../src/capture/extract';

const URL_ = 'https://example.com/recipe';

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

const STEPS = '<ol start="3"><li>Boil water</li><li>Add pasta</li><li>Drain</li></ol>';

describe('extractSelection across list items', () => {
  it('keeps an ordered list, numbered from the first selected item as the page showed it', () => {
    const page = select(
      STEPS,
      (d) => d.querySelectorAll('li')[1]!.firstChild!,
      (d) => d.querySelectorAll('li')[2]!.firstChild!,
    );
    expect(page.html).toBe('<div><ol start="4"><li>Add pasta</li><li>Drain</li></ol></div>');
    expect(page.text).toBe('Add pasta\nDrain');
  });

  it('keeps a bulleted list and a definition list', () => {
    const ul = select(
      '<ul><li>salt</li><li>oil</li></ul>',
      (d) => d.querySelectorAll('li')[0]!.firstChild!,
      (d) => d.querySelectorAll('li')[1]!.firstChild!,
    );
    expect(ul.html).toBe('<div><ul><li>salt</li><li>oil</li></ul></div>');
    const dl = select(
      '<dl><dt>al dente</dt><dd>firm to the bite</dd></dl>',
      (d) => d.querySelector('dt')!.firstChild!,
      (d) => d.querySelector('dd')!.firstChild!,
    );
    expect(dl.html).toBe('<div><dl><dt>al dente</dt><dd>firm to the bite</dd></dl></div>');
  });
});
