import { save } from '@automerge/automerge/slim';
import { describe, expect, it } from 'vitest';
import type { LibraryDoc } from '../../../src/schema/library-doc';
import type { MediaDocV1 } from '../../../src/schema/media-doc';
import { MEDIA_BYTES_PER_SHARD } from '../../../src/schema/media-doc';
import { noisyImage, openLibrary, savedClip } from './helpers';

const image = noisyImage;

describe('a media document re-saved across restarts', () => {
  it('stays within 2 MB with its history: the parts a new save deleted still count', async () => {
    // One device throughout, as the background's is (the helper's default is a new one per start).
    let lib = await openLibrary(undefined, undefined, null, 'device-a');
    const { id, rev } = await savedClip(lib);
    // The same clip's image saved again five times, the background restarting in between: each
    // save deletes the parts before it, but an Automerge document keeps them in its history.
    for (let seed = 1; seed <= 5; seed++) {
      await lib.library.media.attachImages(id, rev, [image(700_000, seed)], { count: 0, reason: null });
      await lib.library.settled();
      lib = await lib.crash();
    }
    const media = Object.values((await lib.repo.find<LibraryDoc>(lib.url)).doc().media ?? {});
    const sizes = await Promise.all(media.map(async (m) => save((await lib.repo.find<MediaDocV1>(m.doc)).doc()).byteLength));
    expect(Math.max(...sizes)).toBeLessThanOrEqual(MEDIA_BYTES_PER_SHARD * 1.02);
    const got = await lib.library.media.images(id);
    expect(got.state).toBe('saved');
    expect(got.images[0]?.data[1]).toBe(image(700_000, 5).data[1]);
  });
});
