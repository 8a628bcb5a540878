// @vitest-environment jsdom
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { htmlToText, textOfHtml } from '../../../src/capture/text';
import { textModelOf } from '../../../src/capture/text-model';
import type { TextModel } from '../../../src/capture/text-model';
import { seeded as prng } from '../../../scripts/bench/seeded';


function root(html: string): HTMLDivElement {
  const div = document.createElement('div');
  div.innerHTML = html;
  return div;
}

/** Every text node under `node`, in document order. */
function textNodes(node: Node): Text[] {
  const out: Text[] = [];
  const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) out.push(n as Text);
  return out;
}

const FIXTURES = ['pages', 'anchoring'].flatMap((folder) => {
  const dir = join(import.meta.dirname, '../../fixtures', folder);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.html'))
    .map((f) => ({ name: `${folder}/${f}`, html: readFileSync(join(dir, f), 'utf8') }));
});

describe('textModelOf: the one text', () => {
  it('has exactly htmlToText and textOfHtml of every fixture page', () => {
    expect(FIXTURES.length).toBeGreaterThan(15);
    for (const { name, html } of FIXTURES) {
      const body = new DOMParser().parseFromString(html, 'text/html').body;
      const model = textModelOf(body);
      expect(model.text, name).toBe(htmlToText(body));
      expect(textOfHtml(body.innerHTML), name).toBe(model.text);
    }
  });

  it('has exactly htmlToText of random trees, including <pre>, tables, <br> and odd whitespace', () => {
    const rand = prng(7);
    const pieces = ['<p>', '</p>', '<pre>', '</pre>', '<br>', '<b>', '</b>', '<td>', '</td>', '<tr>', '</tr>', ' ', '  ', '\n', '\t', '\u00a0', '\u2028', 'word', 'a b', ' c ', '<li>', '</li>', '<script>x</script>', '&amp;'];
    for (let n = 0; n < 2_000; n++) {
      let html = '';
      for (let i = 0, len = 1 + Math.floor(rand() * 25); i < len; i++) html += pieces[Math.floor(rand() * pieces.length)];
      const div = root(html);
      expect(textModelOf(div).text, html).toBe(htmlToText(div));
      expect(textOfHtml(div.innerHTML), html).toBe(htmlToText(div));
    }
  });
});

/** Checks the model's two directions agree on every character of every text node under its root. */
function checkMapping(model: TextModel): void {
  let previous = 0;
  for (const node of textNodes(model.root)) {
    for (let k = 0; k <= node.data.length; k++) {
      const start = model.offsetOf(node, k, 'start')!;
      const end = model.offsetOf(node, k, 'end')!;
      // Document order is kept, and a position that holds no text rounds forward for a start and back for an end.
      expect(start).toBeGreaterThanOrEqual(previous);
      expect(end).toBeLessThanOrEqual(start);
      previous = end;
      if (start < model.text.length) {
        const back = model.pointAt(start, 'start');
        expect(model.offsetOf(back.node, back.offset, 'start')).toBe(start);
      }
    }
  }
}

describe('textModelOf: offsets ↔ DOM positions', () => {
  it('maps each text offset to the text node and offset it came from, and back', () => {
    const div = root('<h1>Title</h1><p>One <em>two</em> three.</p><pre>  code\n  more</pre><p>Last</p>');
    const model = textModelOf(div);
    expect(model.text).toBe('Title\nOne two three.\n  code\n  more\nLast');
    const two = div.querySelector('em')!.firstChild!;
    const at = model.text.indexOf('two');
    expect(model.pointAt(at, 'start')).toEqual({ node: two, offset: 0 });
    expect(model.pointAt(at + 3, 'end')).toEqual({ node: two, offset: 3 });
    expect(model.offsetOf(two, 1, 'start')).toBe(at + 1);
    const pre = div.querySelector('pre')!.firstChild!;
    expect(model.offsetOf(pre, 2, 'start')).toBe(model.text.indexOf('  code') + 2);
    checkMapping(model);
  });

  it('maps a position inside collapsed whitespace or a trimmed line end to the nearest text offset', () => {
    const div = root('<p>  alpha   \n  beta  </p>   <p>\tgamma</p>');
    const model = textModelOf(div);
    expect(model.text).toBe('alpha beta\ngamma');
    const [first, , second] = textNodes(div);
    // Inside the run between "alpha" and "beta": a start binds to "beta", an end to after the one space kept.
    expect(model.offsetOf(first!, 9, 'start')).toBe(6);
    expect(model.offsetOf(first!, 9, 'end')).toBe(6);
    // Leading spaces of the line: a start binds to "alpha", an end to the start of the text.
    expect(model.offsetOf(first!, 1, 'start')).toBe(0);
    expect(model.offsetOf(first!, 1, 'end')).toBe(0);
    // Trailing spaces after "beta": a start binds past the line break, to "gamma"; an end to after "beta".
    expect(model.offsetOf(first!, first!.data.length, 'start')).toBe(11);
    expect(model.offsetOf(first!, first!.data.length, 'end')).toBe(10);
    expect(model.offsetOf(second!, 1, 'start')).toBe(11);
    checkMapping(model);
  });

  it('maps element boundaries and skipped content to the neighbouring text', () => {
    const div = root('<p>one</p><script>ignored()</script><p><img src="x.png">two</p>');
    const model = textModelOf(div);
    expect(model.text).toBe('one\ntwo');
    const script = div.querySelector('script')!;
    expect(model.offsetOf(script.firstChild!, 3, 'start')).toBe(4);
    expect(model.offsetOf(script.firstChild!, 3, 'end')).toBe(3);
    expect(model.offsetOf(div, 0, 'start')).toBe(0);
    expect(model.offsetOf(div, div.childNodes.length, 'end')).toBe(7);
    const p2 = div.querySelectorAll('p')[1]!;
    expect(model.offsetOf(p2, 1, 'start')).toBe(4);
    expect(model.offsetOf(p2, 0, 'end')).toBe(3);
    expect(model.offsetOf(document.body, 0, 'start')).toBeNull();
  });

  it('gives a tight DOM Range for offsets, and the offsets of a Range', () => {
    const div = root('<p>The <a href="#">quick</a> brown fox.</p>\n<p>Jumps <b>over</b></p>');
    document.body.append(div);
    const model = textModelOf(div);
    const start = model.text.indexOf('quick');
    const end = model.text.indexOf('over') + 4;
    const range = model.rangeOf(start, end);
    // The range holds the source text (here the newline between the paragraphs); its ends are tight around the quoted text.
    expect(range.toString()).toBe('quick brown fox.\nJumps over');
    expect(model.offsetsOf(range)).toEqual({ start, end });
    expect(model.rangeOf(3, 3).collapsed).toBe(true);
    div.remove();
  });

  it('agrees in both directions on random trees', () => {
    const rand = prng(99);
    const pieces = ['<p>', '</p>', '<pre>', '</pre>', '<br>', '<i>', '</i>', '<td>', '</td>', ' ', '  ', '\n ', '\u00a0', 'xy', 'z', ' q '];
    for (let n = 0; n < 300; n++) {
      let html = '';
      for (let i = 0, len = 1 + Math.floor(rand() * 20); i < len; i++) html += pieces[Math.floor(rand() * pieces.length)];
      checkMapping(textModelOf(root(html)));
    }
  });

  it('builds the model of a 150,000-character page quickly', () => {
    const paragraph = '<p>Lorem <em>ipsum</em> dolor sit amet, <a href="#">consectetur</a> adipiscing elit,   sed do eiusmod tempor.</p>\n';
    const div = root(`<article>${paragraph.repeat(1_500)}</article>`);
    textModelOf(div); // jsdom makes its node wrappers on first touch
    const t = performance.now();
    const model = textModelOf(div);
    const ms = performance.now() - t;
    expect(model.text.length).toBeGreaterThan(100_000);
    // Typically ~10 ms here; the bound only catches a slip to quadratic work.
    expect(ms).toBeLessThan(10_000);
  });
});
