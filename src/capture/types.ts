/**
 * What a capture produces, before it becomes a clip document. Produced by
 * `extractFromDocument` (content script, offscreen document, Firefox background)
 * and validated again by the background (see `protocol/schemas.ts`) because it
 * crosses a context boundary from a hostile page.
 */
export type CaptureKind = 'page' | 'selection' | 'link';

/** Which path produced the article HTML. */
export type Extractor = 'readability' | 'body' | 'selection' | 'text';

export interface PageMetadata {
  /** The URL the content came from, as the browser shows it (fragment included). */
  readonly pageUrl: string;
  /** `<link rel=canonical>` or `og:url`, made absolute; null if the page names none. */
  readonly canonicalUrl: string | null;
  readonly title: string;
  readonly byline: string | null;
  readonly siteName: string | null;
  /** BCP 47 language tag from `<html lang>` or metadata; null if unknown. */
  readonly lang: string | null;
  readonly dir: 'ltr' | 'rtl' | null;
  /** ISO 8601 if the page states it. */
  readonly publishedTime: string | null;
  readonly excerpt: string | null;
}

export interface ExtractedPage extends PageMetadata {
  readonly kind: CaptureKind;
  readonly extractor: Extractor;
  /** Sanitised article HTML (DOMPurify, capture profile), every URL absolute. */
  readonly html: string;
  /** Plain text of the article, whitespace collapsed per block, for search and anchoring. */
  readonly text: string;
}

/** A capture as a content script sends it: without `text`, which the background derives from `html`. */
export type CapturedPage = Omit<ExtractedPage, 'text'>;
