/**
 * The options page's storage line ("Storage used … Of which: text · images (N saved) ·
 * snapshots", StorageBreakdown.tsx, from `storageUsage` → `library.media.usage()`) on a device
 * set to "Text only on this device": other devices' images and snapshots are not kept here
 * (those already here were removed), so they are not part of what this browser's storage holds.
 * A user who turned text only on to free space must not be told the images still take it.
 */
import { describe, expect, it } from 'vitest';
import { openLibrary, savedClip } from '../library/helpers';

const image = (src: string, n: number) => ({ src, type: 'image/webp', data: new Uint8Array(n).fill(3), width: 10, height: 20 });

describe('storage usage on a text-only device', () => {
  it('does not count images and snapshots that only other devices keep as stored here', async () => {
    const lib = await openLibrary();
    const { id, rev, root } = await savedClip(lib);
    await lib.library.media.attachImages(id, rev, [image('https://example.com/a.png', 40_000)], { count: 0, reason: null });
    await lib.library.media.attachSnapshot(id, new Uint8Array(30_000).fill(1), 90_000, 0);

    // They were made by another device (as sync brings them), and this device is text only.
    root.change((d) => {
      for (const key of Object.keys(d.media ?? {})) d.media![key as never]!.device = 'another-device';
    });
    lib.library.media.textOnly = true;
    // Reads agree that none of them is here.
    expect((await lib.library.media.images(id)).state).toBe('elsewhere');

    const usage = lib.library.media.usage();
    expect(usage.imageBytes).toBe(0);
    expect(usage.images).toBe(0);
    expect(usage.snapshotBytes).toBe(0);
  });
});
