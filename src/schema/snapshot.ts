import { FRAME_TOKEN } from '../snapshot/frames';
import { z } from './zod';

/**
 * Full-page snapshots (src/snapshot/) as they cross context boundaries: what the content
 * script answers `snapshotPage` with, and what the snapshot viewer is given to show.
 */

/** Largest snapshot HTML accepted across a boundary (UTF-16 length; the producer caps UTF-8 bytes at 30 MB by default). */
export const MAX_SNAPSHOT_CHARS = 40_000_000;
const Count = z.int().check(z.nonnegative());

/** Resources by outcome (`SnapshotCounts`): inlined, left out for size, failed. */
export const SnapshotCountsSchema = z.strictObject({ inlined: Count, skipped: Count, failed: Count });

/** A page's snapshot as the content script makes it: the producer's result, with the page's URL and title. */
export const SnapshotCaptureSchema = z.strictObject({
  html: z.string().check(z.maxLength(MAX_SNAPSHOT_CHARS)),
  /** `html`'s UTF-8 size. */
  bytes: Count,
  resources: SnapshotCountsSchema,
  /** The page itself was cut short to fit the cap (the HTML ends with a note). */
  truncated: z.boolean(),
  url: z.string().check(z.maxLength(8_192)),
  title: z.string().check(z.maxLength(2_000)),
});
export type SnapshotCapture = z.infer<typeof SnapshotCaptureSchema>;

/** A frame token (extension/snapshot/frame-tokens.ts): 32 lower-case hex digits. */
export const FrameTokenSchema = z.string().check(z.regex(FRAME_TOKEN));

/** A frame of another origin left for its own snapshot (`FramePlaceholder` in src/snapshot/types.ts). */
export const FramePlaceholderSchema = z.strictObject({
  token: FrameTokenSchema,
  depth: z.int().check(z.gte(0), z.lte(8)),
  level: z.int().check(z.gte(1), z.lte(8)),
  host: z.nullable(z.string().check(z.maxLength(300))),
});

/** What the snapshot producer script answers when injected into a frame (extension/snapshot/frame-tokens.ts `frameState`). */
export const ProducerStateSchema = z.strictObject({ root: z.boolean(), loaded: z.boolean() });

/**
 * One frame's snapshot as the content script makes it (`snapshotPage`): a capture, with the
 * frames of other origins it left placeholders for and how many frames it holds, which the
 * background stitches in (src/snapshot/stitch.ts) before it is a {@link SnapshotCapture}.
 */
export const PageCaptureSchema = z.extend(SnapshotCaptureSchema, {
  frames: z.array(FramePlaceholderSchema).check(z.maxLength(50)),
  frameCount: Count.check(z.lte(50)),
});
export type PageCapture = z.infer<typeof PageCaptureSchema>;

/** What the snapshot viewer shows: the stored HTML and the bar's facts. */
export const SnapshotViewSchema = z.strictObject({
  html: z.string().check(z.maxLength(MAX_SNAPSHOT_CHARS)),
  title: z.string().check(z.maxLength(2_000)),
  /** The page's URL ("Open original"). */
  url: z.string().check(z.maxLength(8_192)),
  /** When the snapshot was saved (ms since the epoch). */
  savedAt: z.number(),
  resources: z.optional(SnapshotCountsSchema),
  truncated: z.optional(z.boolean()),
});
export type SnapshotView = z.infer<typeof SnapshotViewSchema>;
