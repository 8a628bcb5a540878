import { describe, expect, it } from 'vitest';
import { annotationOf, clipAnnotations, colorClass } from '../../../src/export/annotations';
import { articleMarkdown, clipMarkdown, createTurndown, escapeMarkdown, highlightMarkdown, markdownLink } from '../../../src/export/markdown';
import type { ClipMeta, ExportHighlight } from '../../../src/export/types';
import { splitMarkdown } from './helpers';

const target = { quote: { type: 'TextQuoteSelector' as const, exact: 'a *quote*\nover two lines', prefix: 'before ', suffix: ' after' }, position: { type: 'TextPositionSelector' as const, start: 7, end: 30 }, range: null };
const highlight = (over: Partial<ExportHighlight> = {}): ExportHighlight => ({ id: 'h1h1h1h1h1h1h1h1h1', color: 'blue', note: '', createdAt: Date.UTC(2026, 1, 3), updatedAt: Date.UTC(2026, 1, 4), v: 1, target, page: null, ...over });
const clip = (over: Partial<ClipMeta> = {}): ClipMeta => ({
  id: 'c1c1c1c1c1c1c1c1c1c1c1', kind: 'page', url: 'https://example.com/a', pageUrl: 'https://example.com/a?x=1', canonicalUrl: null, title: 'T', byline: null, siteName: null, lang: null, dir: null,
  publishedTime: null, excerpt: null, savedAt: 0, capturedAt: 0, readAt: null, archivedAt: null, favoriteAt: null, note: '', tags: [], wordCount: 3, extractor: 'readability', highlights: [], stored: { catalog: 'automerge:x', content: null, rev: 'r' }, media: null,
  ...over,
});

describe('Markdown', () => {
  it('converts articles to GitHub-flavoured Markdown and drops what is not text', () => {
    const md = articleMarkdown(createTurndown(), '<h2>Head</h2><p>A <del>gone</del> <strong>bold</strong> <a href="https://x.example/">link</a> <img src="https://x.example/i.png" alt="pic"></p><pre><code class="language-js">let a = 1 < 2;</code></pre><ul><li>one</li><li>two</li></ul><script>evil()</script><style>p{}</style>');
    expect(md).toBe('## Head\n\nA ~gone~ **bold** [link](https://x.example/) ![pic](https://x.example/i.png)\n\n```js\nlet a = 1 < 2;\n```\n\n-   one\n-   two');
  });

  it('escapes text so nothing in it becomes syntax or HTML', () => {
    expect(escapeMarkdown('# not a heading')).toBe('\\# not a heading');
    expect(escapeMarkdown('<script>x</script> *a* _b_ `c` [d](e) ~f~ &amp; &x')).toBe('\\<script>x\\</script> \\*a\\* \\_b\\_ \\`c\\` \\[d\\](e) \\~f\\~ \\&amp; &x');
    expect(escapeMarkdown('~~~ fence')).toBe('\\~\\~\\~ fence');
    expect(markdownLink('https://example.com/a_b')).toBe('<https://example.com/a_b>');
    expect(markdownLink('javascript:alert(1)')).toBe('javascript:alert(1)');
  });

  it('writes a highlight as a quote with its colour, date and note', () => {
    expect(highlightMarkdown(highlight({ note: 'first\nsecond\n\nthird *x*' }))).toBe(
      '> a \\*quote\\*\n> over two lines\n>\n> — blue highlight · 2026-02-03\n\n**Note:** first  \nsecond\n\nthird \\*x\\*',
    );
    expect(highlightMarkdown(highlight({ target: null, page: target }))).toContain('· not found in the saved copy');
  });

  it('writes a clip whose date is no date (stored by an older version from a tampered file) without failing the export', () => {
    const { meta } = splitMarkdown(clipMarkdown(clip({ readAt: 9e15, savedAt: 1e16 }), null));
    expect(meta).toMatchObject({ title: 'T', saved: null, read_at: null });
    expect(clipAnnotations(clip({ highlights: [highlight({ createdAt: 9e15, updatedAt: 1e16 })] }), 'clips/t.html')).toBeTruthy();
  });

  it('says so when the article is missing, and gives the state', () => {
    const { meta, body } = splitMarkdown(clipMarkdown(clip({ highlights: [highlight()] }), null));
    expect(meta).toMatchObject({ title: 'T', state: 'unread', highlights: 1, author: null, tags: [] });
    expect(body).toContain('was not available when it was exported');
    expect(body).toContain('## Highlights');
  });
});

describe('W3C annotations', () => {
  it('an annotation without a note highlights; with one it comments; an unknown colour draws as yellow', () => {
    const c = clip();
    const plain = annotationOf(c, highlight(), 'clips/x.html') as Record<string, any>;
    expect(plain.motivation).toBe('highlighting');
    expect(plain.body).toEqual([{ type: 'TextualBody', purpose: 'classifying', value: 'blue' }]);
    expect(plain.target).toEqual([{ type: 'SpecificResource', source: c.url, styleClass: 'cp-blue', state: { type: 'TimeState', sourceDate: '1970-01-01T00:00:00.000Z', cached: 'clips/x.html' }, selector: [target.quote, target.position] }]);
    const noted = annotationOf(c, highlight({ note: 'n', color: 'teal', target: null, page: target }), 'clips/x.html') as Record<string, any>;
    expect(noted.motivation).toBe('commenting');
    expect(noted.target).toEqual([{ type: 'SpecificResource', source: c.pageUrl, styleClass: 'cp-yellow', selector: [target.quote, target.position] }]);
    expect(colorClass('__proto__')).toBe('cp-yellow');
    const bare = annotationOf(c, highlight({ target: null }), 'x') as Record<string, any>;
    expect(bare.target).toEqual([{ type: 'SpecificResource', source: c.url, styleClass: 'cp-blue' }]);
    expect(clipAnnotations(c, 'x')).toBeNull();
  });
});

describe('Markdown from hostile HTML', () => {
  it('never writes HTML, script, handlers or unsafe URLs, whatever the stored HTML holds', () => {
    const md = articleMarkdown(
      createTurndown(),
      '<p>a<script>alert(1)</script><style>x</style><a href="javascript:alert(2)">js</a> <a href=" https://ok.example/a b(c) ">ok</a> <img src="data:image/png;base64,AAAA" alt="d<ata>" onerror="alert(3)"><img src="x.png" alt="rel"></p><table><tr><td onclick="alert(4)">c1</td><td>c2</td></tr></table><iframe src="https://evil.example/"></iframe><div hidden>secret</div><span aria-hidden="true">aria</span><p>&lt;img src=x onerror=alert(5)&gt;</p>',
    );
    expect(md).not.toMatch(/(?<!\\)<(?!https:)/);
    expect(md).not.toMatch(/javascript:|data:|alert\((1|2|3|4)\)|onclick|secret|aria\b/);
    expect(md).toContain('[ok](<https://ok.example/a%20b(c)>)');
    expect(md).toContain('d\\<ata>');
    expect(md).toContain('c1');
    expect(md).toContain('\\<img src=x onerror=alert(5)>');
  });
});
