import { describe, expect, it } from 'vitest';
import { growth, LINEAR_LIMIT } from './growth';
import { linkSteps } from '../../../src/import/html-links';
import { decodeEntities, htmlTokens } from '../../../src/import/html-tokens';

const tokens = (html: string) =>
  [...htmlTokens(html)].map((t) => (t.kind === 'start' ? `<${t.name}${[...t.attrs].map(([k, v]) => ` ${k}=${v}`).join('')}>` : t.kind === 'end' ? `</${t.name}>` : t.text));

describe('decodeEntities', () => {
  it('decodes named and numeric references that end in ;', () => {
    expect(decodeEntities('a &amp; b &lt;c&gt; &quot;d&quot; &#39;e&#39; &#x2014; &hellip;')).toBe('a & b <c> "d" \'e\' — …');
  });

  it("leaves an unescaped & alone, so URLs with raw query strings survive", () => {
    expect(decodeEntities('https://a.example/?x=1&y=2&copy=3&amp=4')).toBe('https://a.example/?x=1&y=2&copy=3&amp=4');
    expect(decodeEntities('AT&T &unknown; &#0; &#xD800;')).toBe('AT&T &unknown; \ufffd \ufffd');
  });
});

describe('htmlTokens', () => {
  it('reads tags, attributes (quoted, unquoted, valueless) and text, case-insensitively', () => {
    expect(tokens('<DT><A HREF="https://x.example/?a=1&b=2" ADD_DATE=1700000000 private>Hi &amp; bye</A>')).toEqual([
      '<dt>',
      '<a href=https://x.example/?a=1&b=2 add_date=1700000000 private=>',
      'Hi & bye',
      '</a>',
    ]);
  });

  it('skips comments, doctypes and script/style content; keeps title text', () => {
    expect(tokens('<!DOCTYPE x><!-- <a href="no"> --><script>var a = "<a>";</script><title>T &amp; U</title><p>x')).toEqual([
      '<script>',
      '</script>',
      '<title>',
      'T & U',
      '</title>',
      '<p>',
      'x',
    ]);
  });

  it("handles a huge attribute (an icon data URI) and counts lines", () => {
    const icon = `data:image/png;base64,${'A'.repeat(2_000_000)}`;
    const out = [...htmlTokens(`<dl>\n<dt>\n<a href="https://a.example/" icon="${icon}">A</a>`)];
    expect(out.find((t) => t.kind === 'start' && t.name === 'a')).toMatchObject({ line: 3 });
    expect(out.at(-2)).toMatchObject({ kind: 'text', text: 'A', line: 3 });
  });

  it('ends on unclosed comments, quotes and tags, and treats a lone < as text', () => {
    expect(tokens('a < b <a href="x>y</a>')).toEqual(['a ', '<', ' b ', '<a href=x>', 'y', '</a>']);
    expect(tokens('x <!-- never closed <a>')).toEqual(['x ']);
    expect(tokens('<a href="x"')).toEqual(['<a href=x>']);
  });

  it('is linear on a one-line file with many tags', () => {
    let count = 0;
    const g = growth((n) => void (count = [...htmlTokens('<dt><a href="https://a.example/">x</a>'.repeat(n))].length), 12_500);
    expect(g.ratio, `${g.small.toFixed(1)} ms, then ${g.big.toFixed(1)} ms for 8 times as many tags`).toBeLessThan(LINEAR_LIMIT);
    expect(count).toBe(400_000);
  });
});

describe('linkSteps', () => {
  it('ends a link at the next structural tag when </a> is missing, and reads <DD> descriptions', () => {
    const steps = [...linkSteps('<DL><DT><A HREF="1">one<DT><A HREF="2">two</A><DD>about two\n<DT><H3>F</H3><DL></DL></DL>')];
    expect(steps.map((s) => (s.kind === 'link' || s.kind === 'heading' || s.kind === 'description' ? `${s.kind}:${s.text.trim()}` : s.kind))).toEqual([
      'list-open',
      'link:one',
      'link:two',
      'description:about two',
      'heading:F',
      'list-open',
      'list-close',
      'list-close',
    ]);
  });

  it('a stray <script> or <title> without its end tag does not swallow the following links', () => {
    const steps = [...linkSteps('<a href="1">one <script> x</a><a href="2">two <title></a><a href="3">three</a>')];
    expect(steps.map((s) => s.kind === 'link' && s.text)).toEqual(['one  x', 'two ', 'three']);
  });

  it('strips markup inside a link to its text', () => {
    const [link] = [...linkSteps('<a href="u">Bold <b>move</b><img src=x onerror=alert(1)></a>')];
    expect(link).toMatchObject({ kind: 'link', text: 'Bold move' });
  });
});
