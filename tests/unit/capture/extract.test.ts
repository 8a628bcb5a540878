// @vitest-environment jsdom
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { captureDocument, extractFromDocument, extractFromHtml, extractSelection, withoutText, withText } from '../../../src/capture/extract';
import { htmlToText } from '../../../src/capture/text';
import { AppFailure } from '../../../src/util/result';

const URL_ = 'https://www.example.com/blog/2024/05/tide-pools?utm_source=newsletter#comments';

const PARAGRAPHS = [
  'Tide pools are small worlds that appear twice a day, when the ocean pulls back and leaves water caught among the rocks. For a few hours they hold anemones, sculpins, hermit crabs and the occasional octopus.',
  'The best time to visit is during a minus tide, when the water line drops below the average low. Check a tide table before you go, wear shoes with grip, and never turn your back on the sea.',
  'Look, but do not lift. Many animals cling to the undersides of rocks, and turning a rock over can expose them to the sun and to gulls. If you do move one, put it back exactly as you found it.',
  'Bring a hand lens. Much of the life in a pool is tiny: copepods, amphipods and the larvae of animals that will one day be much larger. A lens turns a puddle into a cathedral.',
];

function articlePage(): string {
  return `<!doctype html>
<html lang="en-GB" dir="ltr">
<head>
  <meta charset="utf-8">
  <title>Visiting tide pools | The Shore Blog</title>
  <meta name="description" content="A short guide to visiting tide pools without harming them.">
  <meta property="og:title" content="Visiting tide pools">
  <meta property="og:site_name" content="The Shore Blog">
  <meta property="og:url" content="https://example.com/og-url">
  <meta property="article:published_time" content="2024-05-04T09:30:00Z">
  <meta name="author" content="Rosa Marino">
  <link rel="canonical" href="/blog/2024/05/tide-pools">
  <link rel="stylesheet" href="/style.css">
  <script>window.tracking = true;</script>
</head>
<body>
  <header><nav><a href="/">Home</a> <a href="/about">About</a></nav></header>
  <main>
    <article>
      <h1>Visiting tide pools</h1>
      <p class="byline">By <a rel="author" href="/authors/rosa">Rosa Marino</a> · <time datetime="2024-05-04">4 May 2024</time></p>
      ${PARAGRAPHS.map((p) => `<p>${p}</p>`).join('\n      ')}
      <figure><img src="images/anemone.jpg" alt="A green anemone" onerror="alert(1)"><figcaption>An anemone at low tide.</figcaption></figure>
      <p>Read <a href="../guides/safety.html" onclick="steal()">our safety guide</a> and <a href="javascript:alert(2)">this</a> before you go.</p>
      <iframe src="https://ads.example.net/frame"></iframe>
      <form action="/subscribe"><input name="email"><button>Subscribe</button></form>
    </article>
  </main>
  <footer>© The Shore Blog</footer>
</body>
</html>`;
}

function domOf(html: string, url = URL_): Document {
  return new JSDOM(html, { url }).window.document;
}

function failure(fn: () => unknown): AppFailure {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AppFailure);
    return e as AppFailure;
  }
  throw new Error('expected an AppFailure');
}

describe('captureDocument / withText (what a content script sends, made whole by the background)', () => {
  it('sends no text, and the text derived from the HTML is htmlToText of that HTML parsed again', () => {
    const sent = captureDocument(domOf(articlePage()), { kind: 'page', pageUrl: URL_ });
    expect('text' in sent).toBe(false);
    const page = withText(sent);
    expect(page).toEqual(extractFromDocument(domOf(articlePage()), { kind: 'page', pageUrl: URL_ }));
    const reparsed = new JSDOM(`<body>${page.html}</body>`).window.document.body;
    expect(page.text).toBe(htmlToText(reparsed));
    expect(page.text).toContain('Tide pools are small worlds');
  });

  it('derives the text from the HTML whatever text came with it', () => {
    const page = extractFromDocument(domOf(articlePage()), { kind: 'page', pageUrl: URL_ });
    const tampered = { ...withoutText(page), text: 'something else' } as unknown as Parameters<typeof withText>[0];
    expect(withText(tampered).text).toBe(page.text);
  });

  it('finds "no text" exactly as htmlToText would, also when the only text is one it leaves out', () => {
    const doc = domOf('<!doctype html><html><head><title>t</title></head><body><svg><title>Only an SVG title</title></svg></body></html>');
    expect(failure(() => captureDocument(doc, { kind: 'page', pageUrl: URL_ })).code).toBe('no-content');
  });
});

describe('extractFromDocument', () => {
  it('extracts an article with Readability and its metadata', () => {
    const doc = domOf(articlePage());
    const page = extractFromDocument(doc, { kind: 'page', pageUrl: URL_ });
    expect(page.kind).toBe('page');
    expect(page.extractor).toBe('readability');
    expect(page.pageUrl).toBe(URL_);
    expect(page.title).toBe('Visiting tide pools');
    expect(page.byline).toContain('Rosa Marino');
    expect(page.siteName).toBe('The Shore Blog');
    expect(page.lang).toBe('en-GB');
    expect(page.dir).toBe('ltr');
    expect(page.publishedTime).toBe('2024-05-04T09:30:00Z');
    expect(page.excerpt).toBe('A short guide to visiting tide pools without harming them.');
    expect(page.canonicalUrl).toBe('https://www.example.com/blog/2024/05/tide-pools');
    expect(page.text).toContain('Tide pools are small worlds');
    expect(page.text).toContain('A lens turns a puddle into a cathedral.');
    expect(page.text).not.toMatch(/Home\s+About/);
    expect(page.html).toContain('Bring a hand lens.');
  });

  it('makes relative links and images absolute and strips hostile content', () => {
    const page = extractFromDocument(domOf(articlePage()), { kind: 'page', pageUrl: URL_ });
    expect(page.html).toContain('src="https://www.example.com/blog/2024/05/images/anemone.jpg"');
    expect(page.html).toContain('href="https://www.example.com/blog/2024/guides/safety.html"');
    expect(page.html).not.toMatch(/<script|<iframe|<form|<input|<button|onerror|onclick|javascript:|\sclass=|\sid=/i);
    expect(page.text).not.toContain('Subscribe');
  });

  it('never mutates the document it reads', () => {
    const doc = domOf(articlePage());
    const before = doc.documentElement.outerHTML;
    extractFromDocument(doc, { kind: 'page', pageUrl: URL_ });
    expect(doc.documentElement.outerHTML).toBe(before);
  });

  it('falls back to the page body for a short non-article page', () => {
    const html = `<html><head><title>Links</title></head><body>
      <nav><ul><li><a href="/a">Alpha</a></li><li><a href="/b">Beta</a></li></ul></nav>
      <p>Short note.</p><script>var x = 1;</script></body></html>`;
    const page = extractFromDocument(domOf(html, 'https://links.example.org/'), { kind: 'page', pageUrl: 'https://links.example.org/' });
    expect(page.extractor).toBe('body');
    expect(page.title).toBe('Links');
    expect(page.siteName).toBeNull(); // the page names no site; the UI shows the host
    expect(page.text).toBe('Alpha\nBeta\nShort note.');
    expect(page.html).toContain('href="https://links.example.org/a"');
    expect(page.excerpt).toBe('Alpha Beta Short note.');
    expect(page.canonicalUrl).toBeNull();
    expect(page.lang).toBeNull();
    expect(page.dir).toBeNull();
  });

  it('takes the published time from a <time> in the article when no metadata names it', () => {
    const html = articlePage().replace(/<meta property="article:published_time"[^>]*>/, '');
    const page = extractFromDocument(domOf(html), { kind: 'page', pageUrl: URL_ });
    expect(page.publishedTime).toBe('2024-05-04');
  });

  it('throws no-content for a page with nothing but a form', () => {
    const html = '<html><body><form><input name="q"><button>Search</button></form><script>go()</script></body></html>';
    const e = failure(() => extractFromDocument(domOf(html), { kind: 'page', pageUrl: URL_ }));
    expect(e.code).toBe('no-content');
    expect(e.message).toMatch(/^This page has no text to save\./);
  });

  it('saves text/plain as one <pre>', () => {
    const doc = domOf('<html><head></head><body><pre>line one\n  indented &lt;two&gt;\n</pre></body></html>', 'https://example.com/notes.txt');
    Object.defineProperty(doc, 'contentType', { value: 'text/plain' });
    const page = extractFromDocument(doc, { kind: 'page', pageUrl: 'https://example.com/notes.txt' });
    expect(page.extractor).toBe('text');
    expect(page.html).toBe('<pre>line one\n  indented &lt;two&gt;\n</pre>');
    expect(page.text).toBe('line one\n  indented <two>');
    expect(page.title).toBe('https://example.com/notes.txt');
  });

  it.each([
    ['application/pdf', /^This is a PDF file, not a web page\. .*not supported yet\.$/],
    ['image/png', /^This is an image, not a web page\./],
    ['video/mp4', /^This is a video, not a web page\./],
    ['audio/mpeg; codecs=mp3', /^This is an audio file, not a web page\./],
    ['application/json', /application\/json/],
  ])('refuses %s with unsupported-type', (type, message) => {
    const doc = domOf('<html><body><p>x</p></body></html>');
    Object.defineProperty(doc, 'contentType', { value: type });
    const e = failure(() => extractFromDocument(doc, { kind: 'page', pageUrl: URL_ }));
    expect(e.code).toBe('unsupported-type');
    expect(e.message).toMatch(message);
  });

  it('throws too-large when the HTML is over maxHtmlBytes, naming sizes in MB', () => {
    const e = failure(() => extractFromDocument(domOf(articlePage()), { kind: 'page', pageUrl: URL_, maxHtmlBytes: 500 }));
    expect(e.code).toBe('too-large');
    expect(e.message).toMatch(/\d+(\.\d+)? MB of content, and the limit is 0\.000477 MB/);
  });

  it('throws too-large for more than 200,000 elements', () => {
    const doc = domOf(`<html><body><p>x</p>${'<i></i>'.repeat(200_001)}</body></html>`);
    const e = failure(() => extractFromDocument(doc, { kind: 'page', pageUrl: URL_ }));
    expect(e.code).toBe('too-large');
    expect(e.message).toContain('200,000');
  });
});

describe('extractFromHtml', () => {
  const parser = new DOMParser();

  it('extracts a fetched link, resolving relative URLs against the link', () => {
    const page = extractFromHtml(articlePage(), 'https://www.example.com/blog/2024/05/tide-pools', 'text/html; charset=utf-8', parser);
    expect(page.kind).toBe('link');
    expect(page.extractor).toBe('readability');
    expect(page.title).toBe('Visiting tide pools');
    expect(page.html).toContain('src="https://www.example.com/blog/2024/05/images/anemone.jpg"');
    expect(page.canonicalUrl).toBe('https://www.example.com/blog/2024/05/tide-pools');
  });

  it("respects the page's own <base>, made absolute", () => {
    const html = '<html><head><base href="/static/"></head><body><p><a href="x.html">A link</a> and some text.</p></body></html>';
    const page = extractFromHtml(html, 'https://site.example/a/b', 'text/html', parser);
    expect(page.html).toContain('href="https://site.example/static/x.html"');
  });

  it('checks the HTTP content type before parsing', () => {
    const e = failure(() => extractFromHtml('%PDF-1.7', 'https://example.com/doc.pdf', 'application/pdf', parser));
    expect(e.code).toBe('unsupported-type');
    expect(e.message).toContain('PDF');
  });

  it('saves text/plain links as text', () => {
    const page = extractFromHtml('Hello <world>\n\n\n\nBye', 'https://example.com/a.txt', 'text/plain', parser);
    expect(page.kind).toBe('link');
    expect(page.extractor).toBe('text');
    expect(page.html).toBe('<pre>Hello &lt;world&gt;\n\n\n\nBye</pre>');
    expect(page.text).toBe('Hello <world>\n\nBye');
  });

  it('throws no-content for an empty page and bad-request for a bad URL', () => {
    expect(failure(() => extractFromHtml('<html><body> </body></html>', 'https://example.com/', 'text/html', parser)).code).toBe('no-content');
    expect(failure(() => extractFromHtml('<p>x</p>', 'nope', 'text/html', parser)).code).toBe('bad-request');
  });
});

describe('extractSelection', () => {
  function selectIn(doc: Document, from: Node, fromOffset: number, to: Node, toOffset: number): Selection {
    const selection = doc.getSelection()!;
    selection.removeAllRanges();
    const range = doc.createRange();
    range.setStart(from, fromOffset);
    range.setEnd(to, toOffset);
    selection.addRange(range);
    return selection;
  }

  it('extracts the selected passage with page metadata', () => {
    const doc = domOf(articlePage());
    const paragraphs = doc.querySelectorAll('article p');
    const first = paragraphs[1]!.firstChild!;
    const last = paragraphs[2]!.firstChild!;
    const selection = selectIn(doc, first, 0, last, 27);
    const page = extractSelection(doc, selection, URL_);
    expect(page.kind).toBe('selection');
    expect(page.extractor).toBe('selection');
    expect(page.text).toBe(`${PARAGRAPHS[0]}\nThe best time to visit is d`);
    expect(page.html).toContain('<p>Tide pools are small worlds');
    expect(page.title).toBe('Visiting tide pools');
    expect(page.siteName).toBe('The Shore Blog');
    expect(page.canonicalUrl).toBe('https://www.example.com/blog/2024/05/tide-pools');
    expect(page.excerpt).toBe(`${PARAGRAPHS[0]} The best time to visit is d`.slice(0, 200));
    expect(doc.querySelectorAll('article p')).toHaveLength(paragraphs.length);
  });

  it('makes links in the selection absolute and keeps <pre> formatting', () => {
    const doc = domOf('<html><body><p>See <a href="/x">this link</a> now.</p><pre>a  b\n  c</pre></body></html>', 'https://example.com/p/');
    const link = doc.querySelector('a')!;
    const page = extractSelection(doc, selectIn(doc, link.firstChild!, 0, link.firstChild!, 4), 'https://example.com/p/');
    expect(page.html).toBe('<div><a href="https://example.com/x">this</a></div>');
    const pre = doc.querySelector('pre')!.firstChild!;
    const code = extractSelection(doc, selectIn(doc, pre, 0, pre, 8), 'https://example.com/p/');
    expect(code.html).toBe('<div><pre>a  b\n  c</pre></div>');
    expect(code.text).toBe('a  b\n  c');
  });

  it('throws no-content for an empty or missing selection', () => {
    const doc = domOf(articlePage());
    const p = doc.querySelector('article p')!;
    for (const selection of [null, selectIn(doc, p, 0, p, 0)]) {
      const e = failure(() => extractSelection(doc, selection, URL_));
      expect(e.code).toBe('no-content');
      expect(e.message).toBe('Nothing is selected. Select some text, then choose "Save selection".');
    }
  });
});
