import { bytesLoader, type GetBytes } from '../src/export/bytes-source';
import { exportZip } from '../src/export/export-zip';
import { librarySource } from '../src/export/library-reader';
import type { ByteSink, ExportProgress } from '../src/export/types';
import { scopeFilter, type ExportJob } from '../src/backup/export-job';
import type { DomWindow } from '../src/sanitize/sanitize';

/** Chunks are gathered into a Blob part every this many bytes: a Blob's bytes live outside the JS heap (on disk when large). */
const PART_BYTES = 4 * 1024 * 1024;

/** A `ByteSink` into Blob parts: the JS heap holds at most one part's chunks, never the zip. */
class BlobSink implements ByteSink {
  private readonly parts: Blob[] = [];
  private chunks: Uint8Array[] = [];
  private pending = 0;
  size = 0;

  write(chunk: Uint8Array): void {
    this.chunks.push(chunk);
    this.pending += chunk.byteLength;
    this.size += chunk.byteLength;
    if (this.pending >= PART_BYTES) this.flush();
  }

  private flush(): void {
    if (this.chunks.length === 0) return;
    this.parts.push(new Blob(this.chunks as BlobPart[]));
    this.chunks = [];
    this.pending = 0;
  }

  blob(): Blob {
    this.flush();
    return new Blob(this.parts, { type: 'application/zip' });
  }
}

/** How far an export got: the job record with its progress, for the progress bar. */
function progressed(job: ExportJob, p: ExportProgress): ExportJob {
  const phase = p.phase === 'done' ? 'saving' : p.phase;
  return { ...job, phase, done: p.done, total: p.total };
}

/**
 * Writes the export zip of `job`'s scope into a Blob, in a context with a DOM (the offscreen
 * document in Chromium, the background page in Firefox): documents come one at a time from
 * `getBytes` (the background's library), the same src/export code as `npm run export` turns
 * them into files, and `onProgress` gets the job record at most every 200 ms. The whole library
 * keeps every Automerge document; a selection keeps none (it must not carry other clips).
 */
export async function exportToBlob(
  job: ExportJob,
  rootUrl: string,
  getBytes: GetBytes,
  onProgress: (job: ExportJob) => void,
): Promise<{ blob: Blob; clips: number }> {
  const source = librarySource(bytesLoader(getBytes), rootUrl);
  const sink = new BlobSink();
  let last = 0;
  const manifest = await exportZip(source, sink, {
    window: window as unknown as DomWindow,
    select: scopeFilter(job.scope),
    onProgress: (p) => {
      const now = Date.now();
      if (now - last < 200 && p.phase === 'clips' && p.done < p.total) return;
      last = now;
      onProgress(progressed(job, p));
    },
  });
  return { blob: sink.blob(), clips: manifest.counts.clips };
}
