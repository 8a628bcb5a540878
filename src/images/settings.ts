/** The user's choices about saved images (options page), kept in storage.local. */
import { z } from '../schema/zod';

/** The storage.local key of the settings. */
export const IMAGE_SETTINGS_KEY = 'imageSettings';
/** The largest per-clip cap the options page accepts (bytes). */
export const MAX_CAP_BYTES = 50 * 1024 * 1024;

/** "Save article images" and the per-clip cap in bytes (0: none are saved). */
export const ImageSettingsSchema = z.strictObject({
  enabled: z.boolean(),
  capBytes: z.int().check(z.gte(0), z.lte(MAX_CAP_BYTES)),
});
export type ImageSettings = z.infer<typeof ImageSettingsSchema>;

/** On, 5 MB per clip: what a new installation does. */
export const DEFAULT_IMAGE_SETTINGS: ImageSettings = { enabled: true, capBytes: 5 * 1024 * 1024 };

/** The stored settings, or the defaults when none (or unreadable ones) are stored. */
export function readImageSettings(raw: unknown): ImageSettings {
  const parsed = ImageSettingsSchema.safeParse(raw);
  return parsed.success ? parsed.data : DEFAULT_IMAGE_SETTINGS;
}

/** Whether images are saved at all under these settings. */
export const savesImages = (s: ImageSettings): boolean => s.enabled && s.capBytes > 0;
