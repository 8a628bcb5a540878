import { load } from '@automerge/automerge/slim';
import { describe, expect, it } from 'vitest';
import { bytesLoader } from '../../../src/export/bytes-source';
import { librarySource } from '../../../src/export/library-reader';
import type { ExportClip } from '../../../src/export/types';
import type { LibraryDoc } from '../../../src/schema/library-doc';
import { sampleLibrary } from './fixtures';

describe("the library's documents as binaries (the extension's export path)", () => {
  it('gives the root, the catalogs and the content documents, and nothing else', async () => {
    const lib = await sampleLibrary();
    const root = load<LibraryDoc>((await lib.library.documentBytes(lib.url))!);
    expect(Object.keys(root.catalogs)).toHaveLength(16);
    for (const url of Object.values(root.catalogs)) expect(await lib.library.documentBytes(url)).toBeInstanceOf(Uint8Array);
    for (const c of Object.values(root.contents)) expect(await lib.library.documentBytes(c.doc)).toBeInstanceOf(Uint8Array);
    expect(await lib.library.documentBytes('automerge:2oBUnGHEzEjhbGBJj2vEfoPWoYcZ')).toBeNull();
    expect(await lib.library.documentBytes('not a url')).toBeNull();
  });

  it('reads the same clips through bytesLoader as the library holds', async () => {
    const lib = await sampleLibrary();
    const source = librarySource(bytesLoader((url) => lib.library.documentBytes(url)), lib.url);
    const clips: ExportClip[] = [];
    for await (const item of source.read({ documents: 'none' })) if (item.type === 'clip') clips.push(item.clip);
    expect(clips.map((c) => c.id).sort()).toEqual([lib.clips.river.id, lib.clips.hostile.id, lib.clips.long.id].sort());
    expect(clips.find((c) => c.id === lib.clips.river.id)!.highlights).toHaveLength(3);
  });

  it('names a damaged binary as damaged, not missing', async () => {
    const loader = bytesLoader(async () => new Uint8Array([1, 2, 3]), (url) => `Document ${url}`);
    await expect(loader.use('automerge:x', () => 1)).rejects.toThrow(/Document automerge:x is not an Automerge document/);
  });
});
