import { load } from '@automerge/automerge/slim';
import { AppFailure } from '../util/result';
import type { DocumentLoader } from './library-reader';

/** Where a document's binary comes from: an export zip, another extension context. Null: not there. */
export type GetBytes = (url: string) => Promise<Uint8Array | null>;

/**
 * A `DocumentLoader` over documents' binaries (`Automerge.save` output), each loaded with
 * `Automerge.load` when used and dropped after: the zip source and the extension's exporter
 * (which gets binaries from the background) read a library through this one loader. A binary
 * that does not load is a `bad-request` failure naming `describe(url)`, not a missing document.
 */
export function bytesLoader(get: GetBytes, describe: (url: string) => string = (url) => url): DocumentLoader {
  return {
    use: async (url, fn) => {
      const bytes = await get(url);
      if (bytes === null) return fn(null);
      let doc: unknown;
      try {
        doc = load(bytes);
      } catch {
        throw new AppFailure('bad-request', `${describe(url)} is not an Automerge document (damaged?).`);
      }
      return fn({ doc, save: () => bytes });
    },
  };
}
