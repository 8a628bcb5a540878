// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { textOfHtml, textPrefixOfHtml } from '../../../src/capture/text';
import { textPrefixOfDeflated } from '../../../src/library/article-text';
import { deflateText, inflateText, inflateTextPieces } from '../../../src/library/compress';

const pages = readdirSync(join(import.meta.dirname, '../../fixtures/pages'))
  .filter((f) => f.endsWith('.html'))
  .map((f) => new DOMParser().parseFromString(readFileSync(join(import.meta.dirname, '../../fixtures/pages', f), 'utf8'), 'text/html').body.innerHTML);

/** A long article: the fixture pages one after another, with markup-heavy stretches and text in several scripts between them. */
function longArticle(copies: number): string {
  const parts: string[] = [];
  for (let i = 0; i < copies; i++) {
    parts.push(pages[i % pages.length]!);
    parts.push(`<div class="${'x'.repeat(i % 50)}">${'<span data-a="1 > 0"></span>'.repeat(i % 300)}</div>`);
    parts.push(`<p>Глава ${i}: 漢字 &amp; é — «${'w'.repeat(i % 7)}» <!-- c > d --></p><pre>  kept\n  spacing ${i}</pre>`);
  }
  return parts.join('');
}

describe('inflateTextPieces', () => {
  it('hands over the whole text in order, multi-byte characters split across pieces included', async () => {
    const html = longArticle(40);
    const pieces: string[] = [];
    expect(await inflateTextPieces(await deflateText(html), (p) => void pieces.push(p))).toBe(false);
    expect(pieces.length).toBeGreaterThan(3);
    expect(pieces.join('')).toBe(html);
    expect(await inflateText(await deflateText(html))).toBe(html);
  });

  it('stops when told to, and inflates no further: damaged data past that point is never read', async () => {
    const bytes = await deflateText(longArticle(200));
    const damaged = bytes.slice();
    damaged.fill(0xff, damaged.length - 4096);
    await expect(inflateText(damaged)).rejects.toThrow();
    let pieces = 0;
    expect(await inflateTextPieces(damaged, () => ++pieces === 2)).toBe(true);
    expect(pieces).toBe(2);
  });
});

describe('textPrefixOfDeflated', () => {
  it('gives exactly textPrefixOfHtml of the whole article, for short and long articles and any length', async () => {
    for (const html of [...pages, longArticle(3), longArticle(25), longArticle(120), '', '<p>no text after this &am']) {
      const bytes = await deflateText(html);
      const whole = textOfHtml(html);
      for (const chars of [0, 1, 100, 4097, 20_000, Math.max(0, whole.length - 1), whole.length, whole.length + 1, Infinity]) {
        expect(await textPrefixOfDeflated(bytes, chars), `${html.length} bytes of HTML, ${chars} chars`).toBe(textPrefixOfHtml(html, chars));
      }
    }
  });

  it('reads only the start of a long article: a damaged end does not stop it', async () => {
    const html = longArticle(200);
    const damaged = (await deflateText(html)).slice();
    damaged.fill(0xff, damaged.length - 4096);
    expect(await textPrefixOfDeflated(damaged, 4097)).toBe(textPrefixOfHtml(html, 4097));
    await expect(textPrefixOfDeflated(damaged, Infinity)).rejects.toThrow();
  });
});
