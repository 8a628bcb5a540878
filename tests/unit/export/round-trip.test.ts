import { parseAutomergeUrl, Repo, type AutomergeUrl } from '@automerge/automerge-repo/slim';
import { unzipSync, zipSync, type Zippable } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { detectFormat } from '../../../src/import/detect';
import { repoSource } from '../../../src/export/repo-source';
import type { ExportClip, LibrarySource } from '../../../src/export/types';
import { bytesAccess, ZipReader } from '../../../src/export/zip-reader';
import { zipSource } from '../../../src/export/zip-source';
import { MemoryClipIndex } from '../../../src/index-db/clip-index';
import { Library } from '../../../src/library/library';
import { MemoryStorageAdapter } from '../../../src/storage/memory-storage-adapter';
import { sampleLibrary } from './fixtures';
import { exportToMemory } from './helpers';

async function clipsOf(source: LibrarySource): Promise<ExportClip[]> {
  const out: ExportClip[] = [];
  for await (const item of source.read({ documents: 'none' })) if (item.type === 'clip') out.push(item.clip);
  return out.sort((a, b) => (a.id < b.id ? -1 : 1));
}

let lib: Awaited<ReturnType<typeof sampleLibrary>>;
let exported: Awaited<ReturnType<typeof exportToMemory>>;

beforeAll(async () => {
  lib = await sampleLibrary();
  exported = await exportToMemory(repoSource(lib.repo, lib.url));
});

describe('an export read back', () => {
  it('gives every clip exactly as the library does: metadata, article and highlights', async () => {
    const { source, manifest } = await zipSource(await ZipReader.open(bytesAccess(exported.bytes)));
    expect(manifest).toEqual(exported.manifest);
    const fromZip = await clipsOf(source);
    const fromRepo = await clipsOf(repoSource(lib.repo, lib.url));
    expect(fromZip).toHaveLength(3);
    expect(fromZip).toEqual(fromRepo);
    const river = fromZip.find((c) => c.id === lib.clips.river.id)!;
    expect(river.html).toContain('<table>');
    expect(river.highlights.map((h) => [h.id, h.color, h.note, h.target, h.page])).toEqual(
      [lib.highlights.h1, lib.highlights.h2, lib.highlights.h3].map((h) => [h.id, h.color, h.note, h.target, h.page]),
    );
  });

  it('reads an export unzipped and zipped again with its folder (everything one folder down), as detection takes it', async () => {
    const files = unzipSync(exported.bytes);
    const again: Zippable = {};
    for (const [name, bytes] of Object.entries(files)) again[`commonplace-export 2026-01-02 03-04/${name}`] = bytes;
    const rezipped = zipSync(again);
    expect(detectFormat('export.zip', rezipped)).toEqual({ ok: true, value: 'commonplace' });
    const { source, manifest } = await zipSource(await ZipReader.open(bytesAccess(rezipped)));
    expect(manifest).toEqual(exported.manifest);
    expect(await clipsOf(source)).toEqual(await clipsOf(repoSource(lib.repo, lib.url)));
  });

  it('exports again to the same zip: the same files, byte for byte', async () => {
    const { source } = await zipSource(await ZipReader.open(bytesAccess(exported.bytes)));
    const again = await exportToMemory(source);
    expect(Object.keys(again.files).sort()).toEqual(Object.keys(exported.files).sort());
    for (const name of Object.keys(exported.files)) expect(again.files[name], name).toEqual(exported.files[name]);
  });

  it('imports into an empty Repo, keeping every document id, and opens as the same library', async () => {
    const storage = new MemoryStorageAdapter();
    const repo = new Repo({ storage, network: [] });
    for (const d of exported.manifest.documentFiles) {
      repo.import(exported.files[d.file]!, { docId: parseAutomergeUrl(d.url as AutomergeUrl).documentId });
    }
    await repo.flush();
    const { library } = await Library.open({ repo, index: new MemoryClipIndex(), storage }, exported.manifest.library.url as AutomergeUrl);
    expect(library.counts()).toEqual({ live: 3, deleted: 1 });
    const river = await library.get(lib.clips.river.id);
    expect(river.tags.sort()).toEqual(['a/b: c', 'nature']);
    expect((await library.highlights.list(lib.clips.river.id)).map((h) => h.note)).toEqual(['spring\n\n*flood* <b>risk</b>: "high"', '', 'orphan note']);
  });

  it('refuses a zip that is not an export, or a selection made without documents', async () => {
    await expect(ZipReader.open(bytesAccess(new TextEncoder().encode('not a zip at all, not even close')))).rejects.toThrow(/not a readable zip/);
    const selection = await exportToMemory(repoSource(lib.repo, lib.url), { select: () => true });
    await expect(zipSource(await ZipReader.open(bytesAccess(selection.bytes)))).rejects.toThrow(/without its Automerge documents/);
  });

  it('finds a damaged file by its checksum', async () => {
    const damaged = exported.bytes.slice();
    const zip = await ZipReader.open(bytesAccess(damaged));
    const entry = zip.entries.find((e) => e.name.endsWith('.automerge') && e.method === 0)!;
    damaged[entry.offset + 30 + new TextEncoder().encode(entry.name).length + 10]! ^= 0xff;
    await expect(zip.bytes(entry.name)).rejects.toThrow(/checksum/);
  });
});
