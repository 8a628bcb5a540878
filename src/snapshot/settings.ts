import { z } from '../schema/zod';

/** The storage.local key of the full-page snapshot settings. */
export const SNAPSHOT_SETTINGS_KEY = 'snapshotSettings';

/**
 * "Save a full-page copy with every page I save" (off until turned on: a snapshot is often
 * 10-50 times the article's size) and the largest snapshot kept, in bytes of HTML.
 */
export const SnapshotSettingsSchema = z.strictObject({
  everyPage: z.boolean(),
  maxBytes: z.int().check(z.gte(1_000_000), z.lte(30_000_000)),
});
export type SnapshotSettings = z.infer<typeof SnapshotSettingsSchema>;

/** Off, 30 MB: what a new installation does ("Save full page" from the menu works either way). */
export const DEFAULT_SNAPSHOT_SETTINGS: SnapshotSettings = { everyPage: false, maxBytes: 30_000_000 };

/** The stored settings, or the defaults when none (or unreadable ones) are stored. */
export function readSnapshotSettings(raw: unknown): SnapshotSettings {
  const parsed = SnapshotSettingsSchema.safeParse(raw);
  return parsed.success ? parsed.data : DEFAULT_SNAPSHOT_SETTINGS;
}

/** A snapshot's facts for the reader and the viewer's bar (no HTML). */
export const SnapshotInfoSchema = z.strictObject({
  bytes: z.int().check(z.nonnegative()),
  htmlBytes: z.int().check(z.nonnegative()),
  left: z.int().check(z.nonnegative()),
  at: z.number(),
});
export type SnapshotInfo = z.infer<typeof SnapshotInfoSchema>;
