/**
 * A small library for the export tests, built through the library's own write path: ordinary
 * clips with highlights (made in the reader, on the live page, orphaned), notes, tags and
 * read state, a deleted clip, and hostile titles and HTML.
 */
import type { DocHandle } from '@automerge/automerge-repo/slim';
import { JSDOM } from 'jsdom';
import { describeText } from '../../../src/anchoring/anchor';
import { textOfHtml } from '../../../src/capture/text';
import type { DomWindow } from '../../../src/sanitize/sanitize';
import type { CatalogDocV1 } from '../../../src/schema/catalog-doc';
import { catalogSlot } from '../../../src/schema/catalog-doc';
import { newHighlightId, type ClipId } from '../../../src/schema/ids';
import type { LibraryDoc } from '../../../src/schema/library-doc';
import type { HighlightTarget } from '../../../src/schema/selectors';
import { openLibrary, page } from '../library/helpers';

export const RIVER = '<h1>Rivers</h1><p>The river rises in the hills above the town.</p><p>In spring the water runs <em>fast and cold</em>, and the mill wheel turns all day.</p><table><tr><th>Month</th><th>Flow</th></tr><tr><td>May</td><td>High</td></tr></table><p>By August the river is slow.</p>';
export const HOSTILE_TITLE = '../../etc/passwd: "quoted" <script>alert(1)</script>\n---\nevil: true';
export const HOSTILE_HTML = '<p>Before &lt;script&gt;alert("text")&lt;/script&gt; after.</p><script>alert(1)</script><img src="https://tracker.example/pixel.gif" alt="a pixel" onerror="alert(2)"><p onclick="alert(3)">Click <a href="javascript:alert(4)">me</a> or <a href="https://ok.example/">this</a>.</p><iframe src="https://evil.example/"></iframe><p>*not emphasis* &amp;amp; # not a heading</p>';

/** A jsdom window for the sanitiser and the highlight marks. */
export function domWindow(): DomWindow {
  return new JSDOM('').window as unknown as DomWindow;
}

/** A target for `passage` in the text of `html`, as the reader describes it. */
export function targetIn(html: string, passage: string): HighlightTarget {
  const text = textOfHtml(html);
  const start = text.indexOf(passage);
  if (start < 0) throw new Error(`"${passage}" is not in the text`);
  const d = describeText(text, start, start + passage.length);
  if (!d.ok) throw new Error(d.error.message);
  return { ...d.value, range: null };
}

/** The catalog handle of a clip (to set what the library has no call for yet: tags, archived). */
export async function catalogOf(lib: Awaited<ReturnType<typeof openLibrary>>, id: ClipId): Promise<DocHandle<CatalogDocV1>> {
  const root = await lib.repo.find<LibraryDoc>(lib.url);
  return lib.repo.find<CatalogDocV1>(root.doc().catalogs[String(catalogSlot(id))]!);
}

export async function sampleLibrary() {
  const lib = await openLibrary();
  const { library } = lib;
  const river = (await library.save(page({ title: 'Rivers: a "field" guide', html: RIVER, text: textOfHtml(RIVER), pageUrl: 'https://example.com/rivers', canonicalUrl: null }))).clip;
  const hostile = (await library.save(page({ title: HOSTILE_TITLE, html: HOSTILE_HTML, text: textOfHtml(HOSTILE_HTML), pageUrl: 'https://bad.example/x', canonicalUrl: null, byline: null, siteName: 'Bad <b>site</b>' }))).clip;
  const long = (await library.save(page({ title: 'Long '.repeat(400), html: '<p>Short body.</p>', text: 'Short body.', pageUrl: 'https://example.org/long', canonicalUrl: null, lang: 'ar', dir: 'rtl' }))).clip;
  const gone = (await library.save(page({ title: 'Deleted one', pageUrl: 'https://example.net/gone', canonicalUrl: null }))).clip;
  await library.settled();
  const pageTarget: HighlightTarget = {
    ...targetIn(`<nav>Home</nav>${RIVER}<footer>Contact</footer>`, 'the mill wheel turns all day'),
    range: { type: 'RangeSelector', startContainer: '/p[2]', startOffset: 52, endContainer: '/p[2]', endOffset: 80 },
  };
  const h1 = await library.highlights.add(river.id, { id: newHighlightId(), target: targetIn(RIVER, 'the water runs fast and cold'), page: null, color: 'green', note: 'spring\n\n*flood* <b>risk</b>: "high"' });
  const h2 = await library.highlights.add(river.id, { id: newHighlightId(), target: null, page: pageTarget, color: 'blue', note: '' });
  const h3 = await library.highlights.add(river.id, { id: newHighlightId(), target: null, page: targetIn('<p>Contact us today</p>', 'Contact us'), color: 'pink', note: 'orphan note' });
  const h4 = await library.highlights.add(hostile.id, { id: newHighlightId(), target: targetIn(HOSTILE_HTML, 'Before <script>alert("text")</script> after.'), page: null, color: 'purple', note: '</li><script>alert(5)</script>' });
  await library.markRead(river.id, true);
  await library.setDeleted(gone.id, true);
  (await catalogOf(lib, river.id)).change((d) => void (d.clips[river.id]!.tags = { nature: true, 'a/b: c': true }));
  (await catalogOf(lib, long.id)).change((d) => void ((d.clips[long.id]!.tags = { nature: true }), (d.clips[long.id]!.archivedAt = 5_000)));
  await library.settled();
  return { ...lib, clips: { river, hostile, long, gone }, highlights: { h1, h2, h3, h4 } };
}
