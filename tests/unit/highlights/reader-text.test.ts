// @vitest-environment jsdom
/**
 * The reader's text is the saved copy's text: the clip's text is derived from the stored
 * HTML (`withText`), the reader shows that HTML sanitised again (media become text labels),
 * and `readerTextModel` leaves the labels out. For every fixture article, a passage described
 * in the reader must name the same characters in the stored text.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { anchor, anchorInText, describe as describeRange } from '../../../src/anchoring/anchor';
import { extractFromHtml } from '../../../src/capture/extract';
import { textModelOf } from '../../../src/capture/text-model';
import { readerTextModel } from '../../../src/highlights/reader-text';
import { toSavedTarget } from '../../../src/highlights/saved-target';
import { createSanitizer } from '../../../src/sanitize/sanitize';

const PAGES = join(__dirname, '../../fixtures/pages');
const ORIGIN = 'http://fixtures.test';
const fixtures = readdirSync(PAGES).filter((f) => f.endsWith('.html') && !/frame|selection|links|nav-only|no-article/.test(f));

/** The clip a save of `file` stores, and the reader's article element showing it. */
function saveAndRead(file: string) {
  const html = readFileSync(join(PAGES, file), 'utf8').replaceAll('{{ORIGIN}}', ORIGIN);
  const page = extractFromHtml(html, `${ORIGIN}/${file}`, 'text/html', new DOMParser(), { win: window as never });
  const article = document.createElement('article');
  article.innerHTML = createSanitizer(window as never).sanitizeForReader(page.html);
  document.body.replaceChildren(article);
  return { text: page.text, article };
}

describe('the reader article and the saved copy', () => {
  it('finds the fixture articles', () => {
    expect(fixtures).toEqual(expect.arrayContaining(['article.html', 'hostile.html']));
  });

  it.each(fixtures)('%s: the reader text model is the stored text, media labels left out', (file) => {
    const { text, article } = saveAndRead(file);
    const labels = [...article.querySelectorAll('.cp-media-alt')].map((l) => l.textContent);
    const model = readerTextModel(article);
    expect(model.text).toBe(text);
    // The labels are back, in place.
    expect([...article.querySelectorAll('.cp-media-alt')].map((l) => l.textContent)).toEqual(labels);
  });

  it('article.html shows an image label, which the plain text model would count as text', () => {
    const { text, article } = saveAndRead('article.html');
    expect(article.querySelector('.cp-media-alt')?.textContent).toContain('tide mill at dusk');
    expect(textModelOf(article).text).not.toBe(text);
  });

  it('a passage selected in the reader across an image label is described at its place in the stored text', () => {
    const { text, article } = saveAndRead('article.html');
    const model = readerTextModel(article);
    const caption = [...article.querySelectorAll('figcaption')][0]!;
    const label = article.querySelector('.cp-media-alt')!;
    // From inside the image's label to the middle of the caption.
    const range = document.createRange();
    range.setStart(label.firstChild!, 3);
    range.setEnd(caption.firstChild!, 20);
    const described = describeRange(range, article, { model });
    expect(described.ok).toBe(true);
    if (!described.ok) return;
    const { quote, position } = described.value;
    expect(quote.exact).toBe(caption.textContent!.slice(0, 20).trim());
    expect(text.slice(position.start, position.end)).toBe(quote.exact);
    const saved = toSavedTarget(described.value, model.text, text);
    expect(saved.ok && saved.value).toBe(described.value);
    // And it is drawn there again.
    const found = anchor(described.value, article, { model });
    expect(found?.range.toString()).toBe(quote.exact);
  });
});

describe('toSavedTarget', () => {
  it('re-describes a target when the reader text differs from the saved text, without a range', () => {
    const reader = 'Intro. [chart] The mill ground eleven sacks of spelt on its first tide.';
    const saved = 'Intro. The mill ground eleven sacks of spelt on its first tide.';
    const start = reader.indexOf('eleven');
    const target = {
      quote: { type: 'TextQuoteSelector' as const, exact: 'eleven sacks', prefix: reader.slice(start - 32, start), suffix: reader.slice(start + 12, start + 44) },
      position: { type: 'TextPositionSelector' as const, start, end: start + 12 },
      range: { type: 'RangeSelector' as const, startContainer: '/p[1]', startOffset: 1, endContainer: '/p[1]', endOffset: 2 },
    };
    const out = toSavedTarget(target, reader, saved);
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.value.range).toBeNull();
    expect(saved.slice(out.value.position.start, out.value.position.end)).toBe('eleven sacks');
    expect(anchorInText(saved, out.value)?.method).toBe('position');
  });

  it('refuses a passage that is only in the reader (a media label)', () => {
    const target = {
      quote: { type: 'TextQuoteSelector' as const, exact: '[chart of tides by month]', prefix: 'Intro. ', suffix: ' The mill' },
      position: { type: 'TextPositionSelector' as const, start: 7, end: 32 },
      range: null,
    };
    const out = toSavedTarget(target, 'Intro. [chart of tides by month] The mill.', 'Intro. The mill.');
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.error.code).toBe('no-content');
  });
});
