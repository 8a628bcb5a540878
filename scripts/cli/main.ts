/**
 * The command line: `read` (a folder of static pages) and `export` (the extension's zip),
 * from a sync server or from an export zip, with the domain code of src/export. Returns an
 * exit code: 0 done, 1 failed (the message says why and what to do), 2 bad command line.
 */
import { JSDOM } from 'jsdom';
import { isValidAutomergeUrl, type AutomergeUrl } from '@automerge/automerge-repo/slim';
import { exportZip } from '../../src/export/export-zip';
import { repoSource } from '../../src/export/repo-source';
import { writeSite } from '../../src/export/site';
import type { ExportProgress, LibrarySource } from '../../src/export/types';
import { ZipReader } from '../../src/export/zip-reader';
import { zipSource } from '../../src/export/zip-source';
import type { DomWindow } from '../../src/sanitize/sanitize';
import { LIBRARY_SCHEMA_VERSION } from '../../src/schema/library-doc';
import { migrationState } from '../../src/schema/migrations';
import { AppFailure } from '../../src/util/result';
import { parseArgs, USAGE, UsageError, type Args } from './args';
import { dirSink, fileAccess, prepareDir, zipFileSink } from './files';
import { connectRepo, initAutomerge } from './server';

/** Where the command line prints. */
export interface Io {
  out(line: string): void;
  err(line: string): void;
}

const consoleIo: Io = { out: (l) => console.log(l), err: (l) => console.error(l) };

/**
 * Text as it may reach a terminal: control characters (C0 but newline and tab, DEL, C1) and
 * bidirectional overrides are shown as `\u001b`-style escapes. Messages quote what an export
 * holds (a folder name in the zip, a manifest's or root's version), and a crafted export must
 * not be able to send escape sequences (retitle the window, rewrite the screen, hide text).
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** An `Io` that prints only `printable` text. */
const safeIo = (io: Io): Io => ({ out: (l) => io.out(printable(l)), err: (l) => io.err(printable(l)) });

/** An open source, and what to close when done. */
interface Opened {
  readonly source: LibrarySource;
  /** An export of a selection with its documents: exported again as one (`documents: 'touched'`), so it stays importable. */
  readonly selection?: boolean;
  close(): Promise<void>;
}

async function openSource(args: Args): Promise<Opened> {
  const timeoutMs = args.timeoutS * 1000;
  if (args.from) {
    await initAutomerge();
    const file = await fileAccess(args.from);
    try {
      // Reading shows what can be read of a damaged export; an export (a new zip) must be whole.
      const { source, manifest } = await zipSource(await ZipReader.open(file.access), { partial: args.command === 'read' });
      return { source, close: file.close, selection: manifest.documents === 'touched' };
    } catch (e) {
      await file.close();
      throw e;
    }
  }
  if (!isValidAutomergeUrl(args.library!)) throw new AppFailure('bad-request', `"${args.library}" is not a library URL. It looks like automerge:… (the options page shows it).`);
  const server = await connectRepo(args.server!, timeoutMs);
  return { source: repoSource(server.repo, args.library as AutomergeUrl, { timeoutMs }), close: server.close };
}

/** Progress on stderr, at most every second. */
function progress(io: Io, quiet: boolean, verb: string): (p: ExportProgress) => void {
  let last = 0;
  return (p) => {
    if (quiet || (p.phase === 'clips' && Date.now() - last < 1000 && p.done !== p.total)) return;
    last = Date.now();
    if (p.phase === 'clips') io.err(`${verb} ${p.done.toLocaleString('en-US')} of ${p.total.toLocaleString('en-US')} clips…`);
  };
}

/** The exit code of a `read` that wrote its pages without some damaged catalogs' clips. */
export const PARTIAL_EXIT = 3;

async function run(args: Args, io: Io): Promise<number> {
  const window = new JSDOM('').window as unknown as DomWindow;
  const started = Date.now();
  const opened = await openSource(args);
  try {
    // The library is checked (found, a Commonplace library, a layout this version reads) before
    // anything is made: a library this version cannot read leaves no folder or file behind.
    const info = await opened.source.info();
    // A newer root with catalogs is read as it is (as the extension shows it, read-only): said once, before the pages.
    if (migrationState(info.schemaVersion, LIBRARY_SCHEMA_VERSION) === 'too-new') {
      io.err(`This library was made by a newer version of Commonplace (layout version ${String(info.schemaVersion)}; this one knows ${LIBRARY_SCHEMA_VERSION}): what this version understands of it is ${args.command === 'read' ? 'shown' : 'converted'}, and what the newer one added may be missing${args.command === 'read' ? '' : ' from the Markdown and HTML (the Automerge documents are exported whole)'}. Update Commonplace to read all of it.`);
    }
    if (args.command === 'read') {
      await prepareDir(args.out!, args.force);
      const s = await writeSite(opened.source, dirSink(args.out!), { window, onProgress: progress(io, args.quiet, 'Wrote') });
      io.out(`Wrote ${s.clips} clips (${s.highlights} highlights, ${s.notes} notes, ${s.tags} tags) to ${args.out}/index.html in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
      if (s.missingArticles > 0) io.out(`${s.missingArticles} clips have no article here (not synced yet, or damaged): their pages say so.`);
      const unreadable = (await opened.source.info()).unreadableCatalogs ?? [];
      if (unreadable.length === 0) return 0;
      io.err(
        `${unreadable.length === 1 ? `Catalog ${unreadable[0]} of this export is` : `Catalogs ${unreadable.join(', ')} of this export are`} damaged and could not be read: ` +
          `the clips listed there (about ${unreadable.length} in 16 of the library) are not in these pages; every other clip is. ` +
          'An earlier export or backup may hold them whole: read it into another folder.',
      );
      return PARTIAL_EXIT;
    }
    const sink = await zipFileSink(args.out!, args.force);
    try {
      const m = await exportZip(opened.source, sink, { window, onProgress: progress(io, args.quiet, 'Exported'), ...(opened.selection ? { select: () => true, documents: 'touched' as const } : {}) });
      await sink.commit();
      io.out(`Exported ${m.counts.clips} clips (${m.counts.highlights} highlights, ${m.counts.images} images, ${m.counts.snapshots} snapshots, ${m.counts.documents} documents) to ${args.out} in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
      return 0;
    } catch (e) {
      await sink.abort();
      throw e;
    }
  } finally {
    await opened.close();
  }
}

/** Runs the command line; never throws. */
export async function main(argv: readonly string[], rawIo: Io = consoleIo): Promise<number> {
  const io = safeIo(rawIo);
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(`${e.message}\n\n${USAGE}`);
    return 2;
  }
  if (args.command === 'help') {
    io.out(USAGE);
    return 0;
  }
  try {
    return await run(args, io);
  } catch (e) {
    io.err(e instanceof AppFailure ? e.message : `Failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return 1;
  }
}
