/**
 * A clip's highlights as W3C Web Annotations (https://www.w3.org/TR/annotation-model/), one
 * JSON-LD `AnnotationCollection` per clip, so another tool can re-anchor them. Each
 * annotation carries the stored selectors exactly (quote, position, range), on up to two
 * targets, and its colour both as a `classifying` body and as a CSS class with a stylesheet
 * (the model's own way to say how a target is drawn). docs/schema.md, "Export format".
 */
import type { HighlightTarget } from '../schema/selectors';
import type { ClipMeta, ExportHighlight } from './types';
import { isoOrNull } from '../util/dates';

export const ANNO_CONTEXT = 'http://www.w3.org/ns/anno.jsonld';

/** Background colours of the highlight colours (the extension's palette). */
export const COLOR_CSS: Readonly<Record<string, string>> = {
  yellow: '#fde68a',
  green: '#bbf7d0',
  blue: '#bfdbfe',
  pink: '#fbcfe8',
  purple: '#ddd6fe',
};

/** The CSS class of a colour (`cp-yellow`); an unknown colour is drawn as yellow. */
export function colorClass(color: string): string {
  return `cp-${Object.hasOwn(COLOR_CSS, color) ? color : 'yellow'}`;
}

/** The stored selectors, in the order a re-anchoring tool tries them last to first: quote, position, range. */
export function selectorsOf(t: HighlightTarget): object[] {
  const out: object[] = [
    { type: 'TextQuoteSelector', exact: t.quote.exact, prefix: t.quote.prefix, suffix: t.quote.suffix },
    { type: 'TextPositionSelector', start: t.position.start, end: t.position.end },
  ];
  if (t.range) {
    const r = t.range;
    out.push({ type: 'RangeSelector', startContainer: r.startContainer, startOffset: r.startOffset, endContainer: r.endContainer, endOffset: r.endOffset });
  }
  return out;
}

const iso = (ms: number) => isoOrNull(ms) ?? new Date(0).toISOString();

/** Ids: URNs under the clip's and the highlight's own ids, stable across exports. */
export const clipUrn = (clipId: string) => `urn:commonplace:clip:${encodeURIComponent(clipId)}`;
export const highlightUrn = (clipId: string, id: string) => `urn:commonplace:highlight:${encodeURIComponent(clipId)}:${encodeURIComponent(id)}`;

/**
 * One highlight as an Annotation. Targets: the saved copy (source: the clip's URL; `state`
 * says it is the copy captured then, cached in the export as `htmlFile`; positions are
 * offsets into the clip's text), then the live page (source: the page URL it was made on).
 */
export function annotationOf(clip: ClipMeta, h: ExportHighlight, htmlFile: string): object {
  const styleClass = colorClass(h.color);
  const body: object[] = [{ type: 'TextualBody', purpose: 'classifying', value: h.color }];
  if (h.note !== '') body.unshift({ type: 'TextualBody', purpose: 'commenting', format: 'text/plain', value: h.note });
  const target: object[] = [];
  if (h.target) {
    target.push({
      type: 'SpecificResource',
      source: clip.url,
      styleClass,
      state: { type: 'TimeState', sourceDate: iso(clip.capturedAt), cached: htmlFile },
      selector: selectorsOf(h.target),
    });
  }
  if (h.page) target.push({ type: 'SpecificResource', source: clip.pageUrl || clip.url, styleClass, selector: selectorsOf(h.page) });
  if (target.length === 0) target.push({ type: 'SpecificResource', source: clip.url, styleClass });
  return {
    id: highlightUrn(clip.id, h.id),
    type: 'Annotation',
    motivation: h.note !== '' ? 'commenting' : 'highlighting',
    created: iso(h.createdAt),
    modified: iso(h.updatedAt),
    body,
    stylesheet: { type: 'CssStylesheet', value: `.${styleClass} { background-color: ${COLOR_CSS[styleClass.slice(3)]}; }` },
    target,
  };
}

/** Every highlight of a clip as one AnnotationCollection (JSON-LD), or null when it has none. */
export function clipAnnotations(clip: ClipMeta, htmlFile: string): object | null {
  if (clip.highlights.length === 0) return null;
  const id = clipUrn(clip.id);
  return {
    '@context': ANNO_CONTEXT,
    id: `${id}:annotations`,
    type: 'AnnotationCollection',
    label: clip.title || clip.url,
    total: clip.highlights.length,
    first: {
      id: `${id}:annotations:1`,
      type: 'AnnotationPage',
      startIndex: 0,
      items: clip.highlights.map((h) => annotationOf(clip, h, htmlFile)),
    },
  };
}
