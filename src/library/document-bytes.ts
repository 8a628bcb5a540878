import { save } from '@automerge/automerge/slim';
import type { DocHandle } from '@automerge/automerge-repo/slim';
import type { DocUrl } from '../schema/ids';
import type { Catalogs } from './catalogs';
import type { HandleCache } from './handle-cache';
import type { LibraryRoot } from './root';

/**
 * The binary (`Automerge.save`) of one of the library's own documents — the root, a catalog, or
 * a content or media document the root lists — or null for any other URL, so a caller can never make
 * the Repo look for (and ask a sync server about) a document that is not the library's. Content
 * documents go through the handle cache, so an export never unloads one a write holds and memory
 * stays bounded. The extension's exporter reads the library through this (src/export/bytes-source.ts).
 */
export async function documentBytes(root: LibraryRoot, catalogs: Catalogs, cache: HandleCache, url: string): Promise<Uint8Array | null> {
  if (url === root.url) return save(root.handle.doc());
  const catalog = catalogs.all.find((h) => h.url === url);
  if (catalog) return save(catalog.doc());
  const listed = Object.values(root.contents()).some((c) => c.doc === url) || Object.values(root.media()).some((c) => c.doc === url);
  if (!listed) return null;
  try {
    return await cache.use(url as DocUrl, (h: DocHandle<unknown>) => save(h.doc() as never));
  } catch (e) {
    if (e instanceof Error && /unavailable/i.test(e.message)) return null;
    throw e;
  }
}
