/**
 * The export zip, streamed: fflate's streaming `Zip` writes each file as soon as it is made
 * and the exporter waits for the sink to take every chunk before reading the next clip, so
 * memory holds one content document and one clip's files, never the library. Layout:
 * layout.ts, zip-readme.ts, docs/schema.md ("Export format").
 */
import { strToU8, Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import type { DomWindow } from '../sanitize/sanitize';
import { createSvgSanitizer } from '../sanitize/svg';
import { AppFailure } from '../util/result';
import { clipAnnotations } from './annotations';
import { clipPage } from './clip-page';
import {
  ANNOTATIONS_DIR,
  CLIPS_DIR,
  documentFile,
  EXPORT_FORMAT,
  EXPORT_FORMAT_VERSION,
  MANIFEST_FILE,
  README_FILE,
  type ExportManifest,
  type ManifestClip,
} from './layout';
import { clipMarkdown } from './markdown';
import { IMAGES_DIR, mediaFiles, NO_MEDIA } from './media-files';
import { ClipNames } from './names';
import { CLIPS_PER_TURN, nextTurn } from './turn';
import { createRenderer } from './renderer';
import type { ByteSink, ClipMeta, DocumentChoice, ExportClip, ExportProgress, LibrarySource } from './types';
import { zipReadme } from './zip-readme';

export interface ExportZipOptions {
  /** The window the article HTML is sanitised and converted on (jsdom in Node). */
  readonly window: DomWindow;
  /** Only these clips; absent: the whole library. */
  readonly select?: (clip: ClipMeta) => boolean;
  /** Which Automerge documents go in. Default: 'all' for the whole library, 'none' for a selection (so it holds no other clip). */
  readonly documents?: DocumentChoice;
  readonly onProgress?: (progress: ExportProgress) => void;
  readonly now?: () => number;
}

/** A zip without ZIP64 (fflate writes none) holds at most this many files and 4 GiB. */
const MAX_ENTRIES = 65_535;
const MAX_BYTES = 0xffff_ffff;

/** The zip being written: each file added whole, its chunks handed to the sink before the next. */
class ZipWriter {
  private readonly zip: Zip;
  private pending: Uint8Array[] = [];
  private failure: unknown = null;
  private entries = 0;
  private written = 0;

  constructor(
    private readonly sink: ByteSink,
    private readonly mtime: number,
  ) {
    this.zip = new Zip((err, chunk) => {
      if (err) this.failure = err;
      else this.pending.push(chunk);
    });
  }

  /** Adds a file; `store` keeps it uncompressed (Automerge binaries are compressed already). */
  async add(name: string, data: string | Uint8Array, store = false): Promise<void> {
    if (++this.entries > MAX_ENTRIES - 1) {
      throw new AppFailure('too-large', `The export would hold more than ${MAX_ENTRIES.toLocaleString('en-US')} files, more than one zip can. Export a selection of clips at a time.`);
    }
    const file = store ? new ZipPassThrough(name) : new ZipDeflate(name, { level: 6 });
    file.mtime = this.mtime;
    this.zip.add(file);
    file.push(typeof data === 'string' ? strToU8(data) : data, true);
    await this.drain();
  }

  async end(): Promise<number> {
    this.zip.end();
    await this.drain();
    return this.written;
  }

  private async drain(): Promise<void> {
    if (this.failure) throw this.failure;
    while (this.pending.length > 0) {
      const chunks = this.pending;
      this.pending = [];
      for (const chunk of chunks) {
        this.written += chunk.byteLength;
        if (this.written > MAX_BYTES) throw new AppFailure('too-large', 'The export would be larger than 4 GB, more than one zip can hold. Export a selection of clips at a time.');
        await this.sink.write(chunk);
      }
    }
  }
}

/** Writes one clip's files (its images and snapshot too); returns its manifest entry. */
async function addClip(out: ZipWriter, clip: ExportClip, name: string, render: ReturnType<typeof createRenderer>, svg: (markup: string) => string | null): Promise<ManifestClip> {
  const markdown = `${CLIPS_DIR}/${name}.md`;
  const html = `${CLIPS_DIR}/${name}.html`;
  const media = clip.images.length > 0 || clip.snapshot ? await mediaFiles(clip, name, { svg }) : NO_MEDIA;
  // Its inline SVG drawings: files beside its saved images (made inert), which the Markdown links.
  await out.add(markdown, clipMarkdown(clip, render.markdown(clip, media.relative, `../${IMAGES_DIR}/${name}`)));
  const drawings = render.drawingFiles().map((d) => ({ path: `${IMAGES_DIR}/${name}/${d.name}`, data: d.data }));
  for (const d of drawings) await out.add(d.path, d.data);
  await out.add(html, clipPage(clip, render.article(clip, media.dataUrls), { markdown: `${name}.md`, snapshot: media.snapshot ? `../${media.snapshot.path}` : undefined }));
  const annotations = clipAnnotations(clip, html);
  const annotationsFile = annotations ? `${ANNOTATIONS_DIR}/${name}.jsonld` : null;
  if (annotations && annotationsFile) await out.add(annotationsFile, `${JSON.stringify(annotations, null, 2)}\n`);
  // Images are compressed already (SVG is text: deflated).
  for (const img of media.images) await out.add(img.path, img.data, img.type !== 'image/svg+xml');
  if (media.snapshot) await out.add(media.snapshot.path, media.snapshot.html);
  return {
    id: clip.id,
    title: clip.title,
    url: clip.url,
    savedAt: clip.savedAt,
    markdown,
    html,
    annotations: annotationsFile,
    highlights: clip.highlights.length,
    article: clip.html !== null,
    images: media.images.map((i) => i.path),
    ...(drawings.length > 0 ? { drawings: drawings.map((d) => d.path) } : {}),
    snapshot: media.snapshot?.path ?? null,
  };
}

/**
 * Exports a library (or a selection) as one zip into `sink`, and returns its manifest. Clips
 * come one content document at a time; each is written (Markdown, HTML, JSON-LD) before the
 * next is read, then the documents, then `manifest.json`.
 */
export async function exportZip(source: LibrarySource, sink: ByteSink, opts: ExportZipOptions): Promise<ExportManifest> {
  const now = opts.now ?? Date.now;
  const documents = opts.documents ?? (opts.select ? 'none' : 'all');
  const readOpts = { select: opts.select, documents };
  const info = await source.info(readOpts);
  const exportedAt = now();
  const exportedIso = new Date(exportedAt).toISOString();
  const out = new ZipWriter(sink, exportedAt);
  const render = createRenderer(opts.window);
  // Every SVG image written is made inert, whatever stored it (media-files.ts, `svg`).
  const svg = createSvgSanitizer(opts.window);
  const names = new ClipNames();
  const clips: ManifestClip[] = [];
  const documentFiles: Array<ExportManifest['documentFiles'][number]> = [];
  const counts = { highlights: 0, notes: 0, missingArticles: 0, images: 0, snapshots: 0 };
  await out.add(README_FILE, zipReadme(info.url, documents, exportedIso));
  for await (const item of source.read(readOpts)) {
    if (item.type === 'document') {
      const file = documentFile(item.document.url);
      await out.add(file, item.document.bytes, true);
      documentFiles.push({ url: item.document.url, kind: item.document.kind, file, bytes: item.document.bytes.byteLength });
      opts.onProgress?.({ done: clips.length, total: info.clips, phase: 'documents' });
      continue;
    }
    const clip = item.clip;
    const added = await addClip(out, clip, names.name(clip), render, svg);
    clips.push(added);
    counts.images += added.images.length;
    if (added.snapshot) counts.snapshots++;
    counts.highlights += clip.highlights.length;
    counts.notes += clip.highlights.filter((h) => h.note.trim() !== '').length;
    if (clip.html === null) counts.missingArticles++;
    opts.onProgress?.({ done: clips.length, total: info.clips, phase: 'clips' });
    if (clips.length % CLIPS_PER_TURN === 0) await nextTurn();
  }
  const manifest: ExportManifest = {
    format: EXPORT_FORMAT,
    formatVersion: EXPORT_FORMAT_VERSION,
    exportedAt: exportedIso,
    library: { url: info.url, schemaVersion: info.schemaVersion, createdAt: info.createdAt },
    selection: opts.select !== undefined,
    documents,
    counts: { clips: clips.length, ...counts, unlisted: info.unlisted, documents: documentFiles.length },
    clips,
    documentFiles,
  };
  await out.add(MANIFEST_FILE, `${JSON.stringify(manifest, null, 2)}\n`);
  await out.end();
  opts.onProgress?.({ done: clips.length, total: info.clips, phase: 'done' });
  return manifest;
}
