// @vitest-environment jsdom
/**
 * "Save selection" of an image alone (or of blank space) was refused with "Nothing is selected.
 * Select some text…": wrong, since something is selected, and no way out. It says what is missing.
 */
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { extractSelection } from '../../../src/capture/extract';
import { AppFailure } from '../../../src/util/result';

const URL_ = 'https://example.com/gallery';

function failureOf(html: string, pick: (d: Document) => [Node, number, Node, number]): AppFailure {
  const dom = new JSDOM(`<!doctype html><body>${html}</body>`, { url: URL_ });
  const doc = dom.window.document;
  const [a, ao, b, bo] = pick(doc);
  const range = doc.createRange();
  range.setStart(a, ao);
  range.setEnd(b, bo);
  try {
    extractSelection(doc, { rangeCount: 1, getRangeAt: () => range } as unknown as Selection, URL_, { win: dom.window as never });
  } catch (e) {
    return e as AppFailure;
  }
  throw new Error('saved a selection without text');
}

describe('extractSelection of a selection without text', () => {
  it('says an image alone has no text to save, not that nothing is selected', () => {
    const e = failureOf('<p>Before<img src="/cat.png" alt="A cat">after</p>', (d) => [d.querySelector('p')!, 1, d.querySelector('p')!, 2]);
    expect(e.code).toBe('no-content');
    expect(e.message).not.toContain('Nothing is selected');
    expect(e.message).toContain('no text to save');
    expect(e.message).toContain('save the whole page');
  });

  it('says so for blank space too', () => {
    const e = failureOf('<p>one     two</p>', (d) => [d.querySelector('p')!.firstChild!, 3, d.querySelector('p')!.firstChild!, 7]);
    expect(e.message).toContain('no text to save');
  });
});
