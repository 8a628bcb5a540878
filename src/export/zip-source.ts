import { AppFailure } from '../util/result';
import { documentFile, EXPORT_FORMAT, EXPORT_FORMAT_VERSION, MANIFEST_FILE, type ExportManifest } from './layout';
import { bytesLoader } from './bytes-source';
import { librarySource, type LibrarySourceOptions } from './library-reader';
import type { LibrarySource, ReadOptions } from './types';
import type { ZipReader } from './zip-reader';

/** A library read back from an export zip, with the zip's manifest. */
export interface ZipLibrary {
  readonly manifest: ExportManifest;
  readonly source: LibrarySource;
}

/**
 * Where an export's files are in its zip: '' at the top, or 'name/' when it was unzipped and
 * zipped again with its folder (the Finder's or Explorer's "Compress"), as the import's detection
 * also takes it.
 */
export function exportFolder(zip: ZipReader): string {
  if (zip.entry(MANIFEST_FILE)) return '';
  const inFolder = zip.entries.find((e) => /^[^/]+\/manifest\.json$/.test(e.name));
  return inFolder ? inFolder.name.slice(0, -MANIFEST_FILE.length) : '';
}

/**
 * A library read from a Commonplace export zip: its `.automerge` binaries, the source of
 * truth, loaded with `Automerge.load` one at a time and read by the same code as a Repo
 * (`librarySource`). The Markdown and HTML in the zip are not read. Throws `bad-request`
 * for a zip that is not an export this version understands, and `not-found` for one made
 * without documents (a selection exported without them). A selection exported with its
 * documents (`touched`) is read as the clips its manifest lists.
 */
export async function zipSource(zip: ZipReader, opts: LibrarySourceOptions = {}): Promise<ZipLibrary> {
  const folder = exportFolder(zip);
  if (!zip.entry(folder + MANIFEST_FILE)) throw new AppFailure('bad-request', `This zip has no ${MANIFEST_FILE}: it is not a Commonplace export.`);
  let manifest: ExportManifest;
  try {
    manifest = JSON.parse(await zip.text(folder + MANIFEST_FILE)) as ExportManifest;
  } catch (e) {
    if (e instanceof AppFailure) throw e;
    throw new AppFailure('bad-request', `The export's ${MANIFEST_FILE} is not valid JSON.`);
  }
  // A version that is not a number (missing, damaged) is not "newer": it would be named as one.
  if (manifest?.format !== EXPORT_FORMAT || typeof manifest.library?.url !== 'string' || typeof manifest.formatVersion !== 'number') {
    throw new AppFailure('bad-request', `This zip's ${MANIFEST_FILE} does not describe a Commonplace export.`);
  }
  if (!(manifest.formatVersion <= EXPORT_FORMAT_VERSION)) {
    throw new AppFailure('read-only', `This export was made by a newer Commonplace (format ${manifest.formatVersion}). Update Commonplace to read it.`);
  }
  if (manifest.documents === 'none') {
    throw new AppFailure('not-found', 'This export was made without its Automerge documents (a selection), so it cannot be read back. Read its Markdown or HTML files directly.');
  }
  const loader = bytesLoader(
    async (url) => {
      let name: string;
      try {
        name = documentFile(url);
      } catch {
        return null;
      }
      return zip.entry(folder + name) ? zip.bytes(folder + name) : null;
    },
    (url) => `The export's ${documentFile(url)}`,
  );
  // A selection exported with its documents: the catalogs it lacks hold none of its clips, and of the clips its documents
  // hold only those it lists are its own (the others share a document with them).
  if (manifest.documents !== 'touched') return { manifest, source: librarySource(loader, manifest.library.url, opts) };
  const source = librarySource(loader, manifest.library.url, { ...opts, selection: true });
  const listed = new Set((Array.isArray(manifest.clips) ? manifest.clips : []).map((c) => (c as { id?: unknown })?.id));
  const only = (o: ReadOptions = {}): ReadOptions => ({ ...o, select: (c) => listed.has(c.id) && (o.select?.(c) ?? true) });
  return { manifest, source: { info: (o) => source.info(only(o)), read: (o) => source.read(only(o)) } };
}
