import { noise } from '../../../scripts/bench/media-layout-docs';
import * as A from '@automerge/automerge/slim';
import { Repo } from '@automerge/automerge-repo/slim';
import type { ExtractedPage } from '../../../src/schema/capture';
import { MemoryClipIndex } from '../../../src/index-db/clip-index';
import { DocStorage } from '../../../src/library/doc-storage';
import { Library } from '../../../src/library/library';
import { CATALOG_SLOTS, catalogSlot, type CatalogDocV1 } from '../../../src/schema/catalog-doc';
import type { ClipId, DocUrl } from '../../../src/schema/ids';
import type { LibraryDoc } from '../../../src/schema/library-doc';
import { MemoryStorageAdapter } from '../../../src/storage/memory-storage-adapter';

export function page(overrides: Partial<ExtractedPage> = {}): ExtractedPage {
  return {
    kind: 'page',
    extractor: 'readability',
    pageUrl: 'https://example.com/story?utm_source=feed#top',
    canonicalUrl: 'https://example.com/story',
    title: 'A story',
    byline: 'Ada',
    siteName: 'Example',
    lang: 'en',
    dir: 'ltr',
    publishedTime: '2026-01-02T03:04:05Z',
    excerpt: 'It begins.',
    html: '<p>It begins. Then it ends.</p>',
    text: 'It begins. Then it ends.',
    ...overrides,
  };
}

/**
 * A library on in-memory storage. `reopen` restarts the background on the same storage
 * once this library's writes have settled; `crash` restarts it on what the storage holds
 * at this very instant (a background killed now), leaving this library to write elsewhere.
 */
export async function openLibrary(storage = new MemoryStorageAdapter(), index = new MemoryClipIndex(), url: DocUrl | null = null, device?: string) {
  let t = 1_000;
  const repo = new Repo({ storage, network: [] });
  // The extension's loading and saving (src/library/doc-storage.ts), as services.ts installs it.
  DocStorage.install(repo, storage);
  const commits = { get count() { return storage.commits; } };
  const opened = await Library.open({ repo, index, now: () => ++t, storage, ...(device ? { device } : {}) }, url);
  return {
    ...opened,
    repo,
    storage,
    index,
    commits,
    reopen: async () => {
      await opened.library.settled();
      return openLibrary(storage, index, opened.url, device);
    },
    crash: () => openLibrary(storage.snapshot(), index.snapshot(), opened.url, device),
    /** From now on this library's document batches never land (it is about to be killed): its captures stay journaled. */
    stall: () => {
      // A killed process writes nothing more: neither our batches nor automerge-repo's own throttled saves.
      storage.failCommits = new Error('killed before the documents were written');
      storage.save = async () => undefined;
      storage.remove = async () => undefined;
      storage.removeRange = async () => undefined;
    },
  };
}

/** The handle of the catalog document that holds `id`'s entry. */
export async function catalogHandle(lib: Awaited<ReturnType<typeof openLibrary>>, id: ClipId) {
  const root = await lib.repo.find<LibraryDoc>(lib.url);
  return lib.repo.find<CatalogDocV1>(root.doc().catalogs[String(catalogSlot(id))]!);
}

/** One page saved and settled in `lib`: its id, its article's version (`rev`), the root and its catalog's handles (for images attached to it). */
export async function savedClip(lib: Awaited<ReturnType<typeof openLibrary>>) {
  const id = (await lib.library.save(page())).clip.id;
  await lib.library.settled();
  const root = await lib.repo.find<LibraryDoc>(lib.url);
  const catalog = await catalogHandle(lib, id);
  return { id, rev: catalog.doc().clips[id]!.content.rev, root, catalog };
}

/** Merges every catalog of `from` into `to`'s, as a sync message would (the change arrives as a remote one). */
export function carryCatalogs(from: Library, to: Library): void {
  const src = (from as unknown as { catalogs: { handle(s: number): { doc(): unknown } } }).catalogs;
  const dst = (to as unknown as { catalogs: { handle(s: number): { update(fn: (d: unknown) => unknown): void } } }).catalogs;
  for (let slot = 0; slot < CATALOG_SLOTS; slot++) {
    const theirs = src.handle(slot).doc() as A.Doc<unknown>;
    dst.handle(slot).update((d) => A.merge(A.clone(d as A.Doc<unknown>), theirs));
  }
}

/** Incompressible image bytes (the benchmarks' own generator, xorshift32: a plain pattern deflates to nothing in a saved document). */
export { noise };

/** An image of `n` noise bytes (`noise`), as the image capture hands it to `media.attachImages`. */
export const noisyImage = (n: number, seed: number, src = 'https://example.com/a.png') => ({ src, type: 'image/webp', data: noise(n, seed), width: 10, height: 20 });
