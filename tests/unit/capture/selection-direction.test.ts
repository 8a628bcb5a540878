// @vitest-environment jsdom
/**
 * "Save selection" of a passage in another direction or language than the page (a Hebrew
 * quotation on an English page): the clone keeps no block ancestor, and the clip took `<html>`'s
 * `dir` and `lang`, so the reader showed right-to-left text left to right (its punctuation at
 * the wrong end). The clip takes the passage's own.
 */
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { extractSelection } from '../../../src/capture/extract';

const URL_ = 'https://en.example.org/wiki/Psalms';

function select(body: string, pick: (d: Document) => Node) {
  const dom = new JSDOM(`<!doctype html><html lang="en" dir="ltr"><body>${body}</body></html>`, { url: URL_ });
  const doc = dom.window.document;
  const node = pick(doc);
  const range = doc.createRange();
  range.selectNodeContents(node);
  return extractSelection(doc, { rangeCount: 1, getRangeAt: () => range } as unknown as Selection, URL_, { win: dom.window as never });
}

describe('extractSelection of a passage with its own direction', () => {
  it('takes the dir and lang of the passage, not of the page', () => {
    const page = select('<p>It opens:</p><blockquote dir="rtl" lang="he"><p>שִׁיר הַמַּעֲלוֹת, אֶשָּׂא עֵינַי.</p></blockquote>', (d) => d.querySelector('blockquote p')!);
    expect(page.dir).toBe('rtl');
    expect(page.lang).toBe('he');
  });

  it("keeps the page's when the passage names none (dir=auto resolves by its text: English, ltr)", () => {
    const page = select('<p>Plain <span dir="auto">English</span> text.</p>', (d) => d.querySelector('span')!);
    expect(page.dir).toBe('ltr');
    expect(page.lang).toBe('en');
  });
});
