import { z } from 'zod';
import { ID_PATTERN, DOC_URL_PATTERN } from '../schema/ids';
import type { ClipId, DocUrl } from '../schema/ids';

/**
 * Runtime schemas for everything that crosses a context boundary.
 * Types used by callers are inferred from these, so each is defined once.
 */
const MAX_URL = 8_192;
const MAX_TEXT = 2_000;
/** Largest article HTML accepted from a content script (UTF-16 length; ~25 MB UTF-8 is checked at capture). */
export const MAX_ARTICLE_CHARS = 30_000_000;

export const ClipIdSchema = z.string().regex(ID_PATTERN).transform((s) => s as ClipId);
export const DocUrlSchema = z.string().regex(DOC_URL_PATTERN).transform((s) => s as DocUrl);
const HttpUrl = z.string().max(MAX_URL).refine((u) => /^(https?|file):/i.test(u), 'must be an http(s) or file URL');
const NullableText = z.string().max(MAX_TEXT).nullable();

export const ExtractedPageSchema = z.object({
  kind: z.enum(['page', 'selection', 'link']),
  extractor: z.enum(['readability', 'body', 'selection', 'text']),
  pageUrl: HttpUrl,
  canonicalUrl: z.string().max(MAX_URL).nullable(),
  title: z.string().max(MAX_TEXT),
  byline: NullableText,
  siteName: NullableText,
  lang: z.string().max(64).nullable(),
  dir: z.enum(['ltr', 'rtl']).nullable(),
  publishedTime: z.string().max(200).nullable(),
  excerpt: NullableText,
  html: z.string().max(MAX_ARTICLE_CHARS),
  text: z.string().max(MAX_ARTICLE_CHARS),
});

/**
 * A capture as a content script sends it: without its plain text, which the background
 * derives from the HTML (`textOfHtml`). Why: the text is what highlights anchor on, so it
 * must be exactly the text of the stored HTML whatever the page's context sent, and the
 * message is a third smaller.
 */
export const CapturedPageSchema = ExtractedPageSchema.omit({ text: true });

/** A row of the reading list: what the Dexie index stores and the UI lists. */
export const ClipSummarySchema = z.object({
  id: ClipIdSchema,
  doc: DocUrlSchema,
  key: z.string(),
  kind: z.enum(['page', 'selection', 'link']),
  url: z.string(),
  /** The normalised URL of the page it was captured from (may differ from `url`, the canonical). */
  pageUrl: z.string(),
  title: z.string(),
  siteName: z.string().nullable(),
  byline: z.string().nullable(),
  excerpt: z.string().nullable(),
  publishedTime: z.string().nullable(),
  savedAt: z.number(),
  capturedAt: z.number(),
  wordCount: z.number(),
  readAt: z.number().nullable(),
  archivedAt: z.number().nullable(),
  deletedAt: z.number().nullable(),
});

/** A clip opened for reading: its row plus the content. */
export const ClipViewSchema = ClipSummarySchema.extend({
  canonicalUrl: z.string().nullable(),
  lang: z.string().nullable(),
  dir: z.enum(['ltr', 'rtl']).nullable(),
  html: z.string(),
  text: z.string(),
  tags: z.array(z.string()),
  /** Present when the document was written by a newer Commonplace: shown read-only. */
  tooNew: z.boolean(),
});

export const SaveOutcomeSchema = z.object({
  clip: ClipSummarySchema,
  /** false when an existing clip for the same page was updated instead. */
  created: z.boolean(),
});

export const MenuItemIdSchema = z.enum(['save-page', 'save-selection', 'save-link']);

export const MenuClickSchema = z.object({
  menuItemId: MenuItemIdSchema,
  tabId: z.number().int(),
  frameId: z.number().int().optional(),
  pageUrl: z.string().max(MAX_URL).optional(),
  frameUrl: z.string().max(MAX_URL).optional(),
  linkUrl: z.string().max(MAX_URL).optional(),
  selectionText: z.string().max(1_000_000).optional(),
  /** Firefox reports private-window tabs; they are never saved. */
  incognito: z.boolean().optional(),
});

export const LibraryInfoSchema = z.object({
  libraryUrl: DocUrlSchema,
  clipCount: z.number(),
  deletedCount: z.number(),
  indexedCount: z.number(),
  /** Captures saved (durable in the journal) but not yet written into their documents: 0 unless storage is failing. */
  pendingCaptures: z.number(),
  storageBytes: z.number().nullable(),
  storageQuota: z.number().nullable(),
});

export const DebugStateSchema = z.object({
  libraryUrl: DocUrlSchema,
  startedAt: z.number(),
  rootEntries: z.number(),
  indexRows: z.number(),
  loadedHandles: z.number(),
  pendingCaptures: z.number(),
  jsHeapBytes: z.number().nullable(),
  wasmBytes: z.number().nullable(),
  lastNotice: z.object({ kind: z.enum(['success', 'error']), message: z.string(), at: z.number() }).nullable(),
  menuErrors: z.array(z.string()),
});

export const ToastSchema = z.object({
  kind: z.enum(['success', 'error']),
  message: z.string().max(2_000),
});

export type ExtractedPageMsg = z.infer<typeof ExtractedPageSchema>;
export type ClipSummary = z.infer<typeof ClipSummarySchema>;
export type ClipView = z.infer<typeof ClipViewSchema>;
export type SaveOutcome = z.infer<typeof SaveOutcomeSchema>;
export type MenuClick = z.infer<typeof MenuClickSchema>;
export type MenuItemId = z.infer<typeof MenuItemIdSchema>;
export type LibraryInfo = z.infer<typeof LibraryInfoSchema>;
export type DebugState = z.infer<typeof DebugStateSchema>;
export type Toast = z.infer<typeof ToastSchema>;
