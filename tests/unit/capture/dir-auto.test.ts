// @vitest-environment jsdom
/**
 * `dir="auto"` is how user-written text says "my direction is my text's": a Telegram channel
 * post, a forum comment, a Reddit or GitHub body. Readability reports the article's nearest
 * `dir`, `auto` included, and the capture kept only `ltr`/`rtl`: a Persian post in a
 * `dir=auto` container was stored with no direction and the reader showed it left to right;
 * a selection inside one took the page's direction instead. `auto` is now resolved as a
 * browser resolves it, by the first letter of the text.
 */
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { extractFromDocument, extractSelection } from '../../../src/capture/extract';

const URL_ = 'https://t.me/s/lighthouses';
const FA = Array.from({ length: 5 }, (_, i) => `<p>بند ${i}: این نوشته درباره فانوس‌های دریایی است که در شب کشتی‌ها را از صخره‌ها دور نگه می‌دارند و نگهبانان آن‌ها.</p>`).join('');

function dom(htmlAttrs: string, body: string): JSDOM {
  return new JSDOM(`<!doctype html><html ${htmlAttrs}><head><title>Lighthouses</title></head><body>${body}</body></html>`, { url: URL_ });
}

function selectContents(d: JSDOM, selector: string) {
  const doc = d.window.document;
  const range = doc.createRange();
  range.selectNodeContents(doc.querySelector(selector)!);
  return extractSelection(doc, { rangeCount: 1, getRangeAt: () => range } as unknown as Selection, URL_, { win: d.window as never });
}

describe('dir=auto', () => {
  it('gives a saved article the direction of its text (a Persian post on a page with no dir; an English page of dir=auto)', () => {
    const d = dom(
      '',
      `<main><article class="post" dir="auto"><div class="post-text"><h1>فانوس‌های دریایی</h1>${FA}</div><footer>1.2K views</footer></article><aside><a href="/s/other">Other channels</a></aside></main>`,
    );
    const page = extractFromDocument(d.window.document, { kind: 'page', pageUrl: URL_, win: d.window as never });
    expect(page.extractor).toBe('readability');
    expect(page.dir).toBe('rtl');
    // A whole page marked dir=auto (`<html dir=auto>`), in English.
    const en = dom('dir="auto"', `<main><article>${Array.from({ length: 4 }, (_, i) => `<p>Part ${i}: the lamp was lit at dusk, every night, by the keeper who lived at the foot of the tower.</p>`).join('')}</article></main>`);
    expect(extractFromDocument(en.window.document, { kind: 'page', pageUrl: URL_, win: en.window as never }).dir).toBe('ltr');
  });

  it("gives a selection its passage's direction, not the page's", () => {
    const hebrew = dom('lang="en" dir="ltr"', '<p>A reader wrote:</p><div class="comment" dir="auto"><p id="c">שִׁיר הַמַּעֲלוֹת, אֶשָּׂא עֵינַי אֶל הֶהָרִים.</p></div>');
    expect(selectContents(hebrew, '#c').dir).toBe('rtl');
    const english = dom('lang="fa" dir="rtl"', '<p>نوشت:</p><div dir="auto"><p id="c">The lamp was lit at dusk, every night.</p></div>');
    expect(selectContents(english, '#c').dir).toBe('ltr');
    // No letter to go by: the page's.
    const digits = dom('lang="fa" dir="rtl"', '<div dir="auto"><p id="c">1859 — 1912</p></div>');
    expect(selectContents(digits, '#c').dir).toBe('rtl');
  });
});
