import { ClipIdSchema } from './ids';
import { CAPTURE_KINDS } from './plain-values';
import { z } from './zod';

/**
 * A capture: what extraction produces from a page, a selection or a fetched link, before
 * it becomes a clip document. Defined once, here; the TypeScript types are derived from
 * the schema, and the protocol and the journal import it from here.
 *
 * Unknown fields are rejected (`strictObject`), never dropped: a field a newer build
 * adds (images, say) must fail loudly at the content → background boundary and on
 * journal replay until this schema knows it. See docs/schema.md, "Unknown fields".
 */
const MAX_URL = 8_192;
const MAX_TEXT = 2_000;
/** Largest article HTML accepted from a content script (UTF-16 length; ~25 MB UTF-8 is checked at capture). */
export const MAX_ARTICLE_CHARS = 30_000_000;

export const CaptureKindSchema = z.enum(CAPTURE_KINDS);
/** Which path produced the article HTML. */
export const ExtractorSchema = z.enum(['readability', 'body', 'selection', 'text']);
export const DirSchema = z.enum(['ltr', 'rtl']);
const HttpUrl = z.string().check(z.maxLength(MAX_URL), z.refine((u) => /^(https?|file):/i.test(u), 'must be an http(s) or file URL'));
const NullableText = z.nullable(z.string().check(z.maxLength(MAX_TEXT)));

/** Page metadata as extracted (`readPageMetadata`). */
export const PageMetadataSchema = z.strictObject({
  /** The URL the content came from, as the browser shows it (fragment included). */
  pageUrl: HttpUrl,
  /** `<link rel=canonical>` or `og:url`, made absolute; null if the page names none. */
  canonicalUrl: z.nullable(z.string().check(z.maxLength(MAX_URL))),
  title: z.string().check(z.maxLength(MAX_TEXT)),
  byline: NullableText,
  siteName: NullableText,
  /** BCP 47 language tag from `<html lang>` or metadata; null if unknown. */
  lang: z.nullable(z.string().check(z.maxLength(64))),
  dir: z.nullable(DirSchema),
  /** ISO 8601 if the page states it. */
  publishedTime: z.nullable(z.string().check(z.maxLength(200))),
  excerpt: NullableText,
});

/** A whole capture: metadata, the sanitised article HTML (every URL absolute) and its plain text. */
export const ExtractedPageSchema = z.extend(PageMetadataSchema, {
  kind: CaptureKindSchema,
  extractor: ExtractorSchema,
  /** Sanitised article HTML (DOMPurify, capture profile), every URL absolute. */
  html: z.string().check(z.maxLength(MAX_ARTICLE_CHARS)),
  /** Plain text of the article (`htmlToText` of `html`): what search indexes and highlights anchor on. */
  text: z.string().check(z.maxLength(MAX_ARTICLE_CHARS)),
});

/**
 * A capture as a content script sends it: without its plain text, which the background
 * derives from the HTML (`textOfHtml`). Why: the text is what highlights anchor on, so it
 * must be exactly the text of the stored HTML whatever the page's context sent, and the
 * message is a third smaller.
 */
export const CapturedPageSchema = z.omit(ExtractedPageSchema, { text: true });

/** Where a capture is filed: the URL it is saved under and its de-duplication key. */
export const FilingSchema = z.strictObject({ url: z.string(), pageUrl: z.string(), key: z.string() });

export type CaptureKind = z.infer<typeof CaptureKindSchema>;
export type Extractor = z.infer<typeof ExtractorSchema>;
export type PageMetadata = z.infer<typeof PageMetadataSchema>;
export type ExtractedPage = z.infer<typeof ExtractedPageSchema>;
export type CapturedPage = z.infer<typeof CapturedPageSchema>;
export type Filing = z.infer<typeof FilingSchema>;
export { ClipIdSchema };
