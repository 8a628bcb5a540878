/**
 * A saved image's type comes from the library's media documents, which another device (or
 * another program) can write through sync: any string can be there. The export wrote an image
 * only when its type was in a table of image types, looked up as an object's key, so a type
 * naming a property every object has ("constructor", "toString", "__proto__") passed: the zip
 * got a file named `1.function Object() { [native code] }` and the page a `data:constructor` URL.
 */
import { describe, expect, it } from 'vitest';
import { mediaFiles } from '../../../src/export/media-files';
import type { ExportClip } from '../../../src/export/types';
import { imageKey } from '../../../src/images/image-list';

describe('an image whose type is no image type', () => {
  it('is not written, whatever its type names', async () => {
    const src = 'https://img.example/a.png';
    const key = await imageKey(src);
    for (const type of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'text/html']) {
      const clip = { html: `<p><img src="${src}" alt="a"></p>`, images: [{ src: key, type, data: new Uint8Array([1, 2, 3]), width: 1, height: 1 }], snapshot: null } as unknown as ExportClip;
      const got = await mediaFiles(clip, 'n');
      expect(got.images, type).toEqual([]);
      expect([...got.dataUrls.values()], type).toEqual([]);
    }
    const png = { html: `<p><img src="${src}" alt="a"></p>`, images: [{ src: key, type: 'image/PNG', data: new Uint8Array([1]), width: 1, height: 1 }], snapshot: null } as unknown as ExportClip;
    expect((await mediaFiles(png, 'n')).images.map((i) => i.path)).toEqual(['images/n/1.png']);
  });
});
