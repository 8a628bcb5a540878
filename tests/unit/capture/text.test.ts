// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { htmlToText, paragraphsToHtml, textOfHtml, textPrefixOfHtml } from '../../../src/capture/text';
import { seeded as prng } from '../../../scripts/bench/seeded';

/** htmlToText of `html` parsed, checked against textOfHtml of the tree's serialisation: every example is also an equivalence test. */
function text(html: string): string {
  const div = document.createElement('div');
  div.innerHTML = html;
  const walked = htmlToText(div);
  expect(textOfHtml(div.innerHTML)).toBe(walked);
  return walked;
}

describe('htmlToText', () => {
  it('puts block elements on their own lines and collapses spaces inside them', () => {
    expect(text('<h1>  Title  </h1><p>First   para\n graph.</p><div>Second <b>bold</b>  text</div>')).toBe(
      'Title\nFirst para graph.\nSecond bold text',
    );
  });

  it('handles lists, quotes, figures and tables', () => {
    const html =
      '<ul><li>one</li><li>two</li></ul><blockquote>quoted</blockquote>' +
      '<figure><img src="x.png"><figcaption>cap</figcaption></figure>' +
      '<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table>' +
      '<section><article>end</article></section>';
    expect(text(html)).toBe('one\ntwo\nquoted\ncap\na b\n1 2\nend');
  });

  it('turns <br> into a newline and allows at most one blank line in a row', () => {
    expect(text('a<br>b')).toBe('a\nb');
    expect(text('a<br><br>b')).toBe('a\n\nb');
    expect(text('a<br><br><br><br>b')).toBe('a\n\nb');
    expect(text('<p>a<br></p><p>b</p>')).toBe('a\nb');
  });

  it('keeps spacing inside <pre> but still limits blank lines', () => {
    expect(text('<p>x</p><pre>  if (a) {\n    b();\n  }\n\n\n\nend   </pre><p>y</p>')).toBe(
      'x\n  if (a) {\n    b();\n  }\n\nend\ny',
    );
  });

  it('treats non-breaking spaces as spaces, ignores scripts and comments, and trims', () => {
    expect(text('  <p>\u00a0a\u00a0\u00a0b </p><script>var x = 1;</script><!-- c --><style>p{}</style>  ')).toBe('a b');
  });

  it('joins inline elements without adding spaces', () => {
    expect(text('<p>un<em>believ</em>able <a href="#">link</a>.</p>')).toBe('unbelievable link.');
  });

  it('accepts a DocumentFragment and is deterministic', () => {
    const frag = document.createRange().createContextualFragment('<p>one</p><p>two</p>');
    expect(htmlToText(frag)).toBe('one\ntwo');
    expect(htmlToText(frag)).toBe(htmlToText(frag));
  });

  it('returns an empty string for empty input', () => {
    expect(text('')).toBe('');
    expect(text('<div> <p>  </p> </div>')).toBe('');
  });

  it('survives very deep nesting without overflowing the stack', () => {
    // A minimal stand-in tree: jsdom itself recurses when building deep trees.
    type Fake = { nodeType: number; localName?: string; nodeValue?: string; lastChild: Fake | null; previousSibling: Fake | null };
    let node: Fake = { nodeType: 3, nodeValue: 'deep', lastChild: null, previousSibling: null };
    for (let i = 0; i < 200_000; i++) node = { nodeType: 1, localName: 'span', lastChild: node, previousSibling: null };
    const root = { nodeType: 1, localName: 'div', lastChild: node, previousSibling: null };
    expect(htmlToText(root as unknown as Element)).toBe('deep');
  });
});


const TAGS = [
  'p', 'div', 'span', 'b', 'em', 'a', 'pre', 'code', 'li', 'ul', 'ol', 'table', 'tr', 'td', 'th', 'h2', 'blockquote',
  'br', 'hr', 'img', 'wbr', 'section', 'figure', 'figcaption', 'sup', 'dl', 'dt', 'dd', 'template', 'script', 'style',
  'noscript', 'xmp', 'svg', 'textarea', 'title', 'details', 'summary',
];
// No carriage returns: a parsed tree (which is what a capture serialises) never holds one.
const TEXTS = ['word', ' two  words ', '\n', '\n\nlines\n', '\u00a0', 'a & b', '1 < 2 > 0', '"quoted"', '\t tab', 'é 漢字 🚲', '', '&amp;'];

/** A random tree built with DOM calls (so it holds what a parser would never make, e.g. blocks inside <p>). */
function randomTree(rand: () => number, depth = 0): DocumentFragment {
  const frag = document.createDocumentFragment();
  const count = 1 + Math.floor(rand() * (depth > 4 ? 2 : 5));
  for (let i = 0; i < count; i++) {
    if (rand() < 0.45 || depth > 6) {
      frag.append(document.createTextNode(TEXTS[Math.floor(rand() * TEXTS.length)]!));
      continue;
    }
    if (rand() < 0.05) {
      frag.append(document.createComment('c -- >'));
      continue;
    }
    const tag = TAGS[Math.floor(rand() * TAGS.length)]!;
    if (tag === 'svg') {
      const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
      const t = svg.appendChild(document.createElementNS('http://www.w3.org/2000/svg', 'text'));
      t.textContent = 'svg text';
      svg.appendChild(document.createElementNS('http://www.w3.org/2000/svg', 'circle'));
      frag.append(svg);
      continue;
    }
    const el = document.createElement(tag);
    el.setAttribute('title', rand() < 0.5 ? 'a > b "c"' : "it's <b>");
    if (['br', 'hr', 'img', 'wbr'].includes(tag)) {
      frag.append(el);
      continue;
    }
    // Raw-text elements keep their text literally: a serialiser cannot write a '<' there faithfully.
    if (['script', 'style', 'xmp'].includes(tag)) el.textContent = 'if (a && b) { x = "y" }';
    else el.append(randomTree(rand, depth + 1));
    frag.append(el);
  }
  return frag;
}

describe('textOfHtml (htmlToText from the serialisation, without a DOM)', () => {
  it('gives exactly htmlToText for 3,000 random trees', () => {
    const rand = prng(20261128);
    for (let n = 0; n < 3_000; n++) {
      const div = document.createElement('div');
      div.append(randomTree(rand));
      const html = div.innerHTML;
      expect(textOfHtml(html), `tree ${n}: ${html}`).toBe(htmlToText(div));
    }
  });

  it('gives exactly htmlToText for every fixture page', () => {
    const dir = join(import.meta.dirname, '../../fixtures/pages');
    const pages = readdirSync(dir).filter((f) => f.endsWith('.html'));
    expect(pages.length).toBeGreaterThan(5);
    for (const file of pages) {
      const doc = new DOMParser().parseFromString(readFileSync(join(dir, file), 'utf8'), 'text/html');
      expect(textOfHtml(doc.body.innerHTML), file).toBe(htmlToText(doc.body));
    }
  });

  it('reads what a serialiser writes, and nothing in it runs or loads', () => {
    expect(textOfHtml('<p>a<!-- <p>not text</p> -->b</p><![CDATA[c]]><?pi x?>')).toBe('ab\nc');
    expect(textOfHtml('<xmp><p>literal</p></xmp><script>document.write("<p>no")</script><p>end</p>')).toBe('<p>literal</p>\nend');
    expect(textOfHtml('<svg><circle r="1"/><text>in svg</text></svg> after')).toBe('in svg after');
    expect(textOfHtml('<p title="x > y">&lt;tag&gt; &amp;amp; &#x1F6B2;&#233;&nbsp;!</p>')).toBe('<tag> &amp; 🚲é !');
    expect(textOfHtml('text < with a stray bracket</span> and end tag')).toBe('text < with a stray bracket and end tag');
  });

  it('textPrefixOfHtml gives exactly the first characters of textOfHtml, for every length, on random trees and fixture pages', () => {
    const rand = prng(20261201);
    for (let n = 0; n < 1_000; n++) {
      const div = document.createElement('div');
      div.append(randomTree(rand));
      const html = div.innerHTML;
      const whole = textOfHtml(html);
      for (const chars of [0, 1, 2, 3, Math.floor(whole.length / 2), whole.length - 1, whole.length, whole.length + 1, Infinity]) {
        expect(textPrefixOfHtml(html, chars), `tree ${n}, ${chars} chars: ${html}`).toBe(whole.slice(0, chars));
      }
    }
    const dir = join(import.meta.dirname, '../../fixtures/pages');
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.html'))) {
      const html = new DOMParser().parseFromString(readFileSync(join(dir, file), 'utf8'), 'text/html').body.innerHTML;
      const whole = textOfHtml(html);
      for (let chars = 0; chars <= whole.length + 1; chars += 97) expect(textPrefixOfHtml(html, chars), `${file}, ${chars}`).toBe(whole.slice(0, chars));
      expect(textPrefixOfHtml(html, 4097), file).toBe(whole.slice(0, 4097));
    }
  });

  it('reads HTML cut after any `>` as the start of the whole: its text is a prefix of the whole text (what textPrefixOfDeflated relies on)', () => {
    const rand = prng(20261202);
    const hostile = [
      '<p title="a>b">one</p><!-- x > y --><p>two &amp; three</p><![CDATA[ c > d ]]><xmp>e > f</xmp><p>four</p>',
      "<a b=x'y>text</a> it's <b>bold</b><script>if (a > b) {}</script><pre>  p > q\r\n r</pre><plaintext>s > t",
      '<p>unclosed <b>tags > here <i>and <!doctype x> <?pi > ?> end &lt; &#x41; &#65;</p>',
    ];
    const pages = [...hostile];
    for (let n = 0; n < 300; n++) {
      const div = document.createElement('div');
      div.append(randomTree(rand));
      pages.push(div.innerHTML);
    }
    for (const html of pages) {
      const whole = textOfHtml(html);
      for (let at = html.indexOf('>'); at !== -1; at = html.indexOf('>', at + 1)) {
        const part = textPrefixOfHtml(html.slice(0, at + 1), Infinity);
        expect(whole.startsWith(part), `cut at ${at}: ${JSON.stringify(part)} of ${html}`).toBe(true);
      }
    }
  });

  it('normalises line endings as a parser reading the HTML does', () => {
    expect(textOfHtml('<pre>a\r\nb\rc</pre>')).toBe('a\nb\nc');
    const div = document.createElement('div');
    div.innerHTML = '<pre>a\r\nb\rc</pre>';
    expect(htmlToText(div)).toBe('a\nb\nc');
  });
});

describe('paragraphsToHtml (the plain-text selection fallback, built without a DOM)', () => {
  it('gives the text htmlToText computes from its HTML, for any paragraphs', () => {
    const inputs = [
      'one line',
      'first paragraph\n\nsecond   one\nwith a break\r\n\r\nthird',
      '  <script>alert("x")</script> & friends  \n \n\n\u00a0tail\u00a0',
      '\n\n\n',
      'tab\tseparated\t\twords\n\t\nnext',
    ];
    for (const raw of inputs) {
      const out = paragraphsToHtml(raw);
      expect(out.text).toBe(text(out.html));
      const html = out.html;
      expect(html).not.toContain('<script');
    }
    expect(paragraphsToHtml('a\n\nb').html).toBe('<p>a</p><p>b</p>');
  });
});
