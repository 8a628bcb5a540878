/** The records image calls carry across messaging (src/protocol/protocol.ts). Bytes travel as base64: Chromium's messaging is JSON. */
import { z } from '../schema/zod';
import { MAX_MISSING, MAX_MISSING_KEY, MISSING_CODE } from './left-reasons';

/** One saved image for the reader: its blob name (`imageKey` of the stored `<img src>`), type, size and bytes. */
export const ClipImageSchema = z.strictObject({
  key: z.string().check(z.maxLength(8_192)),
  type: z.string().check(z.maxLength(100)),
  width: z.int().check(z.gte(0)),
  height: z.int().check(z.gte(0)),
  base64: z.string(),
});

/**
 * A clip's saved images, a page at a time (`next`: where the next page starts, null at the
 * end). `state`: saved / none / elsewhere (on another device only); `pending`: being saved now
 * or waiting; `count` saved and `left` not saved, with the reason in words, and `missing`: each
 * image not saved with its own reason code (left-reasons.ts) by its blob name, when recorded.
 */
export const ClipImagesSchema = z.strictObject({
  state: z.enum(['saved', 'none', 'elsewhere']),
  pending: z.boolean(),
  count: z.int().check(z.gte(0)),
  bytes: z.int().check(z.gte(0)),
  left: z.int().check(z.gte(0)),
  reason: z.nullable(z.string().check(z.maxLength(2_000))),
  missing: z.optional(
    z
      .record(z.string().check(z.minLength(1), z.maxLength(MAX_MISSING_KEY)), z.string().check(z.regex(MISSING_CODE)))
      .check(z.refine((m) => Object.keys(m).length <= MAX_MISSING, `at most ${MAX_MISSING} images' reasons`)),
  ),
  images: z.array(ClipImageSchema),
  next: z.nullable(z.int()),
  /** "Text only on this device" is on: images saved on other devices (`elsewhere`) are not kept here. */
  textOnly: z.optional(z.boolean()),
});

/** An image a content script fetched with the page's cookies: its declared type, final URL and bytes. */
export const FetchedImageSchema = z.strictObject({ type: z.string().check(z.maxLength(200)), url: z.string().check(z.maxLength(8_192)), base64: z.string().check(z.maxLength(28_000_000)) });

/** Space used: the library's text, images and snapshots (from the catalogs), and the browser's estimate for the extension. */
export const StorageUsageSchema = z.strictObject({
  textBytes: z.number(),
  imageBytes: z.number(),
  images: z.int(),
  snapshotBytes: z.number(),
  snapshots: z.int(),
  usage: z.nullable(z.number()),
  quota: z.nullable(z.number()),
});

export type ClipImages = z.infer<typeof ClipImagesSchema>;
export type ClipImage = z.infer<typeof ClipImageSchema>;
export type StorageUsage = z.infer<typeof StorageUsageSchema>;
