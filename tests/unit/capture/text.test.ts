// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { htmlToText, paragraphsToHtml } from '../../../src/capture/text';

function text(html: string): string {
  const div = document.createElement('div');
  div.innerHTML = html;
  return htmlToText(div);
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
