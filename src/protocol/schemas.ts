import { z } from '../schema/zod';

/**
 * Schemas of messages that are not records: what a menu click, a toast or the options
 * page's library report carry. Records (captures, clip rows, views) are defined once in
 * src/schema and imported from there. Every object is strict: an unknown field is
 * rejected with an error that names it, never dropped.
 */
const MAX_URL = 8_192;

export const MenuItemIdSchema = z.enum(['save-page', 'save-full-page', 'save-selection', 'save-link', 'highlight-selection']);

export const MenuClickSchema = z.strictObject({
  menuItemId: MenuItemIdSchema,
  tabId: z.int(),
  frameId: z.optional(z.int()),
  pageUrl: z.optional(z.string().check(z.maxLength(MAX_URL))),
  frameUrl: z.optional(z.string().check(z.maxLength(MAX_URL))),
  linkUrl: z.optional(z.string().check(z.maxLength(MAX_URL))),
  selectionText: z.optional(z.string().check(z.maxLength(1_000_000))),
  /** Firefox reports private-window tabs; they are never saved. */
  incognito: z.optional(z.boolean()),
});

export const LibraryInfoSchema = z.strictObject({
  libraryUrl: z.string(),
  clipCount: z.number(),
  deletedCount: z.number(),
  indexedCount: z.number(),
  /** Captures saved (durable in the journal) but not yet written into their documents: 0 unless storage is failing. */
  pendingCaptures: z.number(),
  storageBytes: z.nullable(z.number()),
  storageQuota: z.nullable(z.number()),
});

export const ToastSchema = z.strictObject({
  kind: z.enum(['success', 'error']),
  message: z.string().check(z.maxLength(2_000)),
});

export type MenuClick = z.infer<typeof MenuClickSchema>;
export type MenuItemId = z.infer<typeof MenuItemIdSchema>;
export type LibraryInfo = z.infer<typeof LibraryInfoSchema>;
export type Toast = z.infer<typeof ToastSchema>;

