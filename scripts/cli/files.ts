/**
 * The command line's files: an export zip read in pieces (never whole), a zip written
 * through a temporary file renamed into place at the end (a failed export leaves no
 * half-written zip), and a folder of pages written file by file.
 */
import { mkdir, open, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, normalize, resolve, sep } from 'node:path';
import type { FileSink } from '../../src/export/site';
import type { ByteSink } from '../../src/export/types';
import type { RandomAccess } from '../../src/export/zip-reader';
import { AppFailure } from '../../src/util/result';

/** A file read at offsets, and how to close it. A folder (an unzipped export) is a `bad-request` failure saying so, not a read error. */
export async function fileAccess(path: string): Promise<{ access: RandomAccess; close(): Promise<void> }> {
  const handle = await open(path, 'r').catch((e: NodeJS.ErrnoException) => {
    throw new AppFailure('not-found', `Cannot open ${path} (${e.code ?? e.message}).`);
  });
  const stats = await handle.stat();
  if (!stats.isFile()) {
    await handle.close();
    throw new AppFailure('bad-request', `${path} is ${stats.isDirectory() ? 'a folder' : 'not a file'}: give the export's .zip file itself (an unzipped export cannot be read; use the zip it came in).`);
  }
  const { size } = stats;
  return {
    access: {
      size,
      read: async (offset, length) => {
        const buffer = new Uint8Array(Math.max(0, Math.min(length, size - offset)));
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, offset);
        return buffer.subarray(0, bytesRead);
      },
    },
    close: () => handle.close(),
  };
}

/**
 * Writes chunks to `<path>.partial`, in 1 MB writes; `commit` renames it to `path` (over an
 * existing file with `force`: one atomic rename, so there is always the old zip or the new one),
 * `abort` removes it. A folder at `path` is never replaced, `force` or not: that is refused
 * before anything is written, saying to name a file. Should the rename still fail (the folder
 * appeared meanwhile, the old file is locked), the finished zip is kept at `<path>.partial` and
 * the message says so, rather than a raw EISDIR or ENOTEMPTY and the export thrown away.
 */
export async function zipFileSink(path: string, force: boolean): Promise<ByteSink & { commit(): Promise<void>; abort(): Promise<void> }> {
  const existing = await stat(path).catch(() => null);
  if (existing?.isDirectory()) throw new AppFailure('bad-request', folderMessage(path));
  if (!force && existing) throw new AppFailure('bad-request', `${path} exists already. Choose another name, or add --force to replace it.`);
  await mkdir(dirname(resolve(path)), { recursive: true });
  const partial = `${path}.partial`;
  const handle = await open(partial, 'w').catch((e: NodeJS.ErrnoException) => {
    throw new AppFailure('storage-failed', `Cannot write ${partial} (${e.code ?? e.message}). Choose another --out.`);
  });
  let buffered: Uint8Array[] = [];
  let size = 0;
  let kept = false;
  const flush = async () => {
    if (size === 0) return;
    const all = Buffer.concat(buffered, size);
    buffered = [];
    size = 0;
    // A write may take only part of the buffer (a disk filling up); the rest is written next, or fails with ENOSPC.
    for (let done = 0; done < all.byteLength; ) done += (await handle.write(all, done, all.byteLength - done)).bytesWritten;
  };
  return {
    write: async (chunk) => {
      buffered.push(chunk);
      size += chunk.byteLength;
      if (size >= 1 << 20) await flush();
    },
    commit: async () => {
      await flush();
      await handle.sync();
      await handle.close();
      try {
        await rename(partial, path);
      } catch (e) {
        kept = true;
        const code = (e as NodeJS.ErrnoException).code ?? String(e);
        const why = (await stat(path).catch(() => null))?.isDirectory() ? `${folderMessage(path)} (${code})` : `${path} could not be replaced (${code}; is it open in another program?).`;
        throw new AppFailure('storage-failed', `${why} The finished export is kept as ${partial}: rename it, or run again with another --out.`);
      }
    },
    abort: async () => {
      await handle.close().catch(() => undefined);
      if (!kept) await rm(partial, { force: true });
    },
  };
}

const folderMessage = (path: string) => `${path} is a folder, and export writes one zip file: give --out a file name, such as ${join(path, 'commonplace-export.zip')}.`;

/** Makes `dir` ready for a site: created if missing; refused when it holds anything, unless `force`. */
export async function prepareDir(dir: string, force: boolean): Promise<void> {
  if (await exists(dir)) {
    if (!(await stat(dir)).isDirectory()) throw new AppFailure('bad-request', `${dir} is a file, not a folder.`);
    if (!force && (await readdir(dir)).length > 0) throw new AppFailure('bad-request', `${dir} is not empty. Choose an empty or new folder, or add --force to write into it.`);
  }
  await mkdir(dir, { recursive: true });
}

/** Writes pages under `dir`; a path that would leave it is refused (the names are the exporter's own, this is a second check). */
export function dirSink(dir: string): FileSink {
  const root = resolve(dir);
  const made = new Set<string>();
  return {
    write: async (path, content) => {
      const target = resolve(root, normalize(path));
      if (isAbsolute(path) || !target.startsWith(root + sep)) throw new Error(`refusing to write outside the output folder: ${path}`);
      const parent = dirname(target);
      if (!made.has(parent)) {
        await mkdir(parent, { recursive: true });
        made.add(parent);
      }
      await writeFile(target, content);
    },
  };
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
