import type { DocHandle } from '@automerge/automerge-repo/slim';
import { CATALOG_SLOTS } from '../schema/catalog-doc';
import type { DocUrl } from '../schema/ids';
import type { Catalogs } from './catalogs';
import type { HandleCache } from './handle-cache';
import type { LibraryRoot } from './root';

/**
 * What sync needs of a library (`Library.syncDocs`): the documents always loaded (root and
 * catalogs), every content document, which article items each content document should hold
 * (`expected`, remembered per catalog while its entries and the root's list are the same
 * objects: Automerge keeps unchanged ones), and loading a content document through the
 * library's handle cache.
 */
export function syncDocsOf(root: LibraryRoot, catalogs: Catalogs, cache: HandleCache) {
  const expectedMemo: Array<{ clips: object; contents: object; refs: Array<[DocUrl, string]> } | undefined> = [];
  return {
    pinned: (): ReadonlyArray<DocHandle<unknown>> => [root.handle, ...catalogs.all],
    contents: (): DocUrl[] => Object.values(root.contents()).map((e) => e.doc),
    expected: (): Map<DocUrl, string[]> => {
      const contents = root.contents();
      const out = new Map<DocUrl, string[]>();
      for (let slot = 0; slot < CATALOG_SLOTS; slot++) {
        const clips = catalogs.clipsOf(slot);
        let memo = expectedMemo[slot];
        if (!memo || memo.clips !== clips || memo.contents !== contents) {
          const refs: Array<[DocUrl, string]> = [];
          for (const e of Object.values(clips)) {
            const url = e.content ? contents[e.content.shard]?.doc : undefined;
            if (url) refs.push([url, e.content.rev]);
          }
          memo = expectedMemo[slot] = { clips, contents, refs };
        }
        for (const [url, rev] of memo.refs) {
          const revs = out.get(url);
          if (revs) revs.push(rev);
          else out.set(url, [rev]);
        }
      }
      return out;
    },
    use: <T>(url: DocUrl, fn: (h: DocHandle<unknown>) => Promise<T>) => cache.use<unknown, T>(url, fn),
    onUnload: (fn: (h: DocHandle<unknown>) => void) => void (cache.onUnload = fn),
  };
}
