/**
 * Highlights drawn into an article's HTML as `<mark>` elements, found the way the reader
 * finds them (`anchorAll` from src/anchoring: range, position, quote, then fuzzy, every
 * result checked against the quote), over a text model equal to the saved copy's text, where
 * stored targets' offsets hold: the labels the reader sanitiser puts where images were are not
 * text (as in the reader's `readerTextModel`), and an inline SVG drawing counts as the saved
 * text counts it (its `<text>` and `<desc>`, not its `<title>`), while the model is built, so a
 * highlight after a drawing with words in it is found at its own position. A highlight not
 * found is not drawn; the page lists it anyway. Runs on an inert document of the given window (jsdom in Node): nothing in the HTML
 * runs or loads.
 */
import { anchorAll } from '../anchoring/anchor';
import { textModelOf } from '../capture/text-model';
import { targetInText } from '../library/highlights';
import type { DomWindow, ReaderMedia } from '../sanitize/sanitize';
import { colorClass } from './annotations';
import type { ExportHighlight } from './types';

const SHOW_TEXT = 4;

/** The anchor id of a highlight's first mark: `hl-<n>`, n its 1-based place in the clip's list. */
export const markId = (n: number) => `hl-${n}`;

interface Segment {
  readonly start: number;
  readonly end: number;
  /** Index of the highlight in the list. */
  readonly h: number;
}

/** The parts of text nodes a range covers, whitespace-only parts left out (they may sit between table rows). */
function segmentsOf(range: Range, root: Element, h: number, doc: Document): Array<[Text, Segment]> {
  const out: Array<[Text, Segment]> = [];
  const walker = doc.createTreeWalker(root, SHOW_TEXT);
  if (range.startContainer.nodeType === 3 && root.contains(range.startContainer)) walker.currentNode = range.startContainer;
  for (let n: Node | null = walker.currentNode.nodeType === 3 ? walker.currentNode : walker.nextNode(); n; n = walker.nextNode()) {
    const t = n as Text;
    if (!range.intersectsNode(t)) {
      if (out.length > 0) break;
      continue;
    }
    const start = t === range.startContainer ? range.startOffset : 0;
    const end = t === range.endContainer ? range.endOffset : t.data.length;
    if (end > start && t.data.slice(start, end).trim() !== '') out.push([t, { start, end, h }]);
    if (t === range.endContainer) break;
  }
  return out;
}

/** Replaces a text node by its pieces, each covered piece inside one `<mark>` per highlight covering it. */
function wrap(t: Text, segs: readonly Segment[], highlights: readonly ExportHighlight[], firstSeen: Set<number>, doc: Document): void {
  const cuts = [...new Set([0, t.data.length, ...segs.flatMap((s) => [s.start, s.end])])].sort((a, b) => a - b);
  const frag = doc.createDocumentFragment();
  for (let i = 0; i + 1 < cuts.length; i++) {
    const [a, b] = [cuts[i]!, cuts[i + 1]!];
    let node: Node = doc.createTextNode(t.data.slice(a, b));
    const covering = segs.filter((s) => s.start <= a && s.end >= b).map((s) => s.h).sort((x, y) => y - x);
    for (const h of covering) {
      const mark = doc.createElement('mark');
      mark.setAttribute('class', colorClass(highlights[h]!.color));
      if (highlights[h]!.note) mark.setAttribute('title', highlights[h]!.note);
      if (!firstSeen.has(h)) {
        firstSeen.add(h);
        mark.setAttribute('id', markId(h + 1));
      }
      mark.appendChild(node);
      node = mark;
    }
    frag.appendChild(node);
  }
  t.replaceWith(frag);
}

const MEDIA_LABELS = 'span.cp-media-alt';

/**
 * Puts in `root`, in place of each media label (the reader sanitiser's `<span class="cp-media-alt">`),
 * what the saved copy's text has there: nothing for an image (a comment holds its place), and for an
 * inline SVG drawing its own markup as stored (`media`, by `data-media`), whose text the model then
 * counts by the same rules as the saved text. Parsed in the inert marks document, never shown.
 * Returns the function that puts the labels back.
 */
function savedTextStandIns(root: Element, media: readonly ReaderMedia[], doc: Document): () => void {
  const labels = [...root.querySelectorAll(MEDIA_LABELS)];
  const standIns = labels.map((label) => {
    const m = media[Number(label.getAttribute('data-media') ?? 'NaN')];
    let holder: ChildNode = doc.createComment('');
    if (m?.kind === 'svg') {
      const t = doc.createElement('template');
      t.innerHTML = m.markup;
      const svg = t.content.firstElementChild;
      if (svg && svg.localName === 'svg') holder = svg;
    }
    label.replaceWith(holder);
    return holder;
  });
  return () => standIns.forEach((holder, i) => holder.replaceWith(labels[i]!));
}

/**
 * `html` (already sanitised, the reader profile: `media` is what it listed) with every highlight
 * that anchors wrapped in `<mark class="cp-<colour>">` (the note as its title; the first mark of
 * highlight n has id `hl-n`), and which highlights were drawn. Placed over the saved copy's text
 * (`savedTextStandIns`), so a stored position holds; no mark goes inside a drawing or a label's
 * alt text. A highlight with only a live-page target is drawn where its quote is in the article,
 * as the reader draws it (src/library/highlights.ts, `viewOf`); what is stored is not changed.
 */
export function markHighlights(win: DomWindow, html: string, highlights: readonly ExportHighlight[], media: readonly ReaderMedia[] = []): { html: string; marked: ReadonlySet<number> } {
  if (!highlights.some((h) => h.target !== null || h.page !== null)) return { html, marked: new Set() };
  const doc = win.document.implementation.createHTMLDocument('');
  const root = doc.createElement('div');
  root.innerHTML = html;
  // Every place first, from the tree as the saved text has it; then the labels go back, and the tree is changed.
  const byNode = new Map<Text, Segment[]>();
  const order: Text[] = [];
  const back = savedTextStandIns(root, media, doc);
  try {
    const model = textModelOf(root);
    // A highlight made on the live page while this device did not have the article yet has no
    // saved-copy target: its quote is looked for in the article, as the reader does (`viewOf`).
    const targets = highlights
      .map((h, i) => ({ h: i, target: h.target ?? (h.page ? targetInText(model.text, h.page, false) : null) }))
      .filter((x) => x.target !== null);
    if (targets.length === 0) return { html, marked: new Set() };
    const anchors = anchorAll(targets.map((x) => x.target!), root, { model });
    anchors.forEach((a, i) => {
      if (!a) return;
      for (const [t, seg] of segmentsOf(a.range, root, targets[i]!.h, doc)) {
        // Words of a drawing: shown as an image, never marked.
        if (t.parentElement?.closest('svg')) continue;
        if (!byNode.has(t)) {
          byNode.set(t, []);
          order.push(t);
        }
        byNode.get(t)!.push(seg);
      }
    });
  } finally {
    back();
  }
  order.sort((a, b) => (a.compareDocumentPosition(b) & 4 ? -1 : 1));
  const firstSeen = new Set<number>();
  for (const t of order) wrap(t, byNode.get(t)!, highlights, firstSeen, doc);
  return { html: root.innerHTML, marked: firstSeen };
}
