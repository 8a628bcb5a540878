/**
 * bench:anchoring's inputs: passages sampled from a corpus page's expected article, and the
 * perturbed versions of the live page they are anchored in (see scripts/bench-anchoring.ts).
 * Everything is seeded, so a run replays exactly.
 */
import { JSDOM } from 'jsdom';
import type { TextModel, TextPoint } from '../../src/capture/text-model';
import { textModelOf } from '../../src/capture/text-model';
import { seeded as prng } from './seeded';

/** The seeded generator (mulberry32) every benchmark and test shares: floats in [0, 1), seeded runs replay exactly. */
export { prng };

/** Whitespace runs collapsed to one space, ends trimmed: how anchored text is compared with a passage. */
export const normalise = (s: string): string => s.replace(/\s+/g, ' ').trim();

/**
 * The one jsdom window every page is parsed in: a window per page is never fully released,
 * even closed (the heap grows ~4 MB a page), where documents from `DOMParser` are.
 */
export const benchWindow = new JSDOM('<!doctype html>', { url: 'https://corpus.example/' }).window as unknown as Window & typeof globalThis;

/** A page parsed as a live tab would have it (scripts not run), its relative URLs resolving against `url` (a `<base>`). */
export function parsePage(html: string, url: string): Document {
  const doc = new benchWindow.DOMParser().parseFromString(html, 'text/html');
  if (!doc.querySelector('base[href]')) {
    const base = doc.createElement('base');
    base.setAttribute('href', url);
    doc.head.prepend(base);
  }
  return doc;
}

/** A passage: its text and where it is in the live page's text model. */
export interface Passage {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

const WORD = /[\p{L}\p{N}]+/gu;
const wordCount = (s: string): number => s.match(WORD)?.length ?? 0;

/**
 * Samples up to `count` distinct passages of 1 to 3 consecutive sentences from one paragraph
 * (line) of the expected article's text, each with at least 4 words and 20 characters and
 * found exactly once in the live page's text (so where it is is known). Passages may overlap,
 * as highlights may.
 */
export function samplePassages(expectedText: string, liveText: string, count: number, rand: () => number): Passage[] {
  const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });
  const lines = expectedText.split('\n').map((line) => [...segmenter.segment(line)].map((s) => s.segment));
  const sentences = lines.flatMap((sents, li) => sents.map((_, si) => [li, si] as const));
  const chosen: Passage[] = [];
  const tried = new Set<string>();
  for (let attempt = 0; attempt < count * 60 && chosen.length < count && sentences.length > 0; attempt++) {
    const [li, si] = sentences[Math.floor(rand() * sentences.length)]!;
    const n = 1 + Math.floor(rand() * 3);
    const text = lines[li]!.slice(si, si + n).join('').trim();
    if (tried.has(text)) continue;
    tried.add(text);
    if (text.length < 20 || text.length > 10_000 || wordCount(text) < 4) continue;
    const start = liveText.indexOf(text);
    if (start === -1 || liveText.indexOf(text, start + 1) !== -1) continue;
    chosen.push({ text, start, end: start + text.length });
  }
  return chosen.sort((a, b) => a.start - b.start);
}

/** Block elements: what "the paragraph around a passage" is (text-rules.ts's line-breaking tags, less body/html). */
const BLOCKS = new Set([
  'p', 'div', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'tr', 'section', 'article', 'figure',
  'figcaption', 'table', 'ul', 'ol', 'dl', 'dt', 'dd', 'header', 'footer', 'main', 'aside', 'nav', 'address', 'details',
  'summary', 'caption', 'center', 'form', 'fieldset', 'td', 'th',
]);

/** The nearest block element holding the whole of text offsets [start, end) (the body when none is smaller). */
function blockAround(model: TextModel, start: number, end: number): Element {
  const range = model.rangeOf(start, end);
  let node: Node | null = range.commonAncestorContainer;
  for (; node && node !== model.root; node = node.parentNode) {
    if (node.nodeType === 1 && BLOCKS.has((node as Element).localName)) return node as Element;
  }
  return model.root as Element;
}

const isInPre = (node: Node): boolean => !!(node.parentElement && node.parentElement.closest('pre,textarea,script,style,xmp'));

/**
 * Every run of ASCII whitespace outside `<pre>` replaced by 1-4 random whitespace characters,
 * and whitespace-only text put between adjacent block elements: the text model is unchanged.
 */
export function perturbWhitespace(doc: Document, rand: () => number): void {
  const runs = [' ', '\n', '\t', '  ', '\n    ', ' \n\t'];
  const walker = doc.createTreeWalker(doc.body, 4 /* SHOW_TEXT */);
  const texts: Text[] = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) texts.push(n as Text);
  for (const t of texts) {
    if (isInPre(t)) continue;
    t.data = t.data.replace(/[ \t\n\r]+/g, () => runs[Math.floor(rand() * runs.length)]!);
  }
  for (const el of [...doc.body.querySelectorAll('*')]) {
    const next = el.nextElementSibling;
    if (next && el.nextSibling === next && BLOCKS.has(el.localName) && BLOCKS.has(next.localName) && !isInPre(el)) {
      el.after(doc.createTextNode('\n\t\t'));
    }
  }
}

/** Filler paragraphs that occur in no page. */
function fillerParagraph(doc: Document, rand: () => number): HTMLParagraphElement {
  const words = ['lantern', 'meadow', 'copper', 'drift', 'harbour', 'quiet', 'orchard', 'signal', 'pebble', 'tundra', 'violet', 'ember'];
  const p = doc.createElement('p');
  const n = 12 + Math.floor(rand() * 20);
  p.textContent = `Inserted ${Array.from({ length: n }, () => words[Math.floor(rand() * words.length)]).join(' ')}.`;
  return p;
}

/** Two new paragraphs before the block around each passage (`model` is `doc.body`'s, built before any change). */
export function insertParagraphs(doc: Document, model: TextModel, passages: readonly Passage[], rand: () => number): void {
  const blocks = passages.map((p) => blockAround(model, p.start, p.end));
  for (const block of new Set(blocks)) {
    const parent = block === doc.body ? doc.body : block.parentNode!;
    const before = block === doc.body ? doc.body.firstChild : block;
    parent.insertBefore(fillerParagraph(doc, rand), before);
    parent.insertBefore(fillerParagraph(doc, rand), before);
  }
}

/** The block around each passage moved to the end of the body (passages sharing a block move together). */
export function moveSections(doc: Document, model: TextModel, passages: readonly Passage[]): void {
  const blocks = passages.map((p) => blockAround(model, p.start, p.end)).filter((b) => b !== doc.body);
  for (const block of new Set(blocks)) {
    if (!block.isConnected || [...new Set(blocks)].some((b) => b !== block && b.contains(block))) continue;
    doc.body.append(block);
  }
}

const REPLACEMENTS = ['banana', 'quietly', 'purple', 'seven', 'harbour', 'thunder', 'marble', 'ninety'];

/** A change made to a text node's data: `length` characters at `offset` replaced by `word`. */
export interface Edit {
  readonly node: Node;
  readonly offset: number;
  readonly length: number;
  readonly word: string;
}

/**
 * One interior word (not the first or last; 3 to 15 letters; inside one text node) of each
 * passage replaced by another word; returns the edits made (a passage with no such word is
 * left as it is).
 */
export function editWords(model: TextModel, passages: readonly Passage[], rand: () => number): Edit[] {
  const edits: Edit[] = [];
  const taken = new Set<string>();
  for (const p of passages) {
    // A word: 3 to 15 letters (a longer run of letters is a phrase in a script without spaces).
    const words = [...p.text.matchAll(/(?<!\p{L})\p{L}{3,15}(?!\p{L})/gu)].slice(1, -1);
    for (let tries = 0; tries < 8 && words.length > 0; tries++) {
      const w = words[Math.floor(rand() * words.length)]!;
      const start = p.start + w.index!;
      const a = model.pointAt(start, 'start');
      const b = model.pointAt(start + w[0].length, 'end');
      if (a.node !== b.node || b.offset - a.offset !== w[0].length || a.node.nodeType !== 3 || taken.has(String(start))) continue;
      taken.add(String(start));
      const options = REPLACEMENTS.filter((r) => r !== w[0].toLowerCase());
      edits.push({ node: a.node, offset: a.offset, length: w[0].length, word: options[Math.floor(rand() * options.length)]! });
      break;
    }
  }
  // Last edit in a node first, so the offsets of earlier ones in it still hold.
  for (const e of [...edits].sort((x, y) => y.offset - x.offset)) (e.node as Text).replaceData(e.offset, e.length, e.word);
  return edits;
}

/** Each passage's ends as DOM points, taken before a change that keeps text nodes (inserting, moving, editing in place). */
export function pointsOf(model: TextModel, passages: readonly Passage[]): Array<readonly [TextPoint, TextPoint]> {
  return passages.map((p) => [model.pointAt(p.start, 'start'), model.pointAt(p.end, 'end')] as const);
}

/** Where each passage is after the change: its points in the new text model, shifted past `edits` made in their nodes. */
export function placesAfter(model: TextModel, points: ReadonlyArray<readonly [TextPoint, TextPoint]>, edits: readonly Edit[] = []): Array<{ start: number; end: number }> {
  const shifted = (pt: TextPoint): TextPoint => {
    let offset = pt.offset;
    for (const e of edits) if (e.node === pt.node && e.offset + e.length <= pt.offset) offset += e.word.length - e.length;
    return { node: pt.node, offset };
  };
  return points.map(([a, b]) => {
    const s = shifted(a);
    const t = shifted(b);
    return { start: model.offsetOf(s.node, s.offset, 'start') ?? -1, end: model.offsetOf(t.node, t.offset, 'end') ?? -1 };
  });
}

/** `textModelOf(doc.body)`, rebuilt. */
export const bodyModel = (doc: Document): TextModel => textModelOf(doc.body);
