/**
 * The export zip's layout, named once (docs/schema.md, "Export format"): what the exporter
 * writes and what the zip source, the reader and a future importer look for.
 */
import { parseAutomergeUrl, type AutomergeUrl } from '@automerge/automerge-repo/slim';
import type { DocumentChoice, ExportDocument } from './types';

export const EXPORT_FORMAT = 'commonplace-export';
/** Bumped when a reader of an older version could misread the zip. */
export const EXPORT_FORMAT_VERSION = 1;
export const MANIFEST_FILE = 'manifest.json';
export const README_FILE = 'README.md';
export const CLIPS_DIR = 'clips';
export const ANNOTATIONS_DIR = 'annotations';
export const DOCUMENTS_DIR = 'automerge';

/** Where a document's binary goes: `automerge/<documentId>.automerge`. */
export function documentFile(url: string): string {
  return `${DOCUMENTS_DIR}/${parseAutomergeUrl(url as AutomergeUrl).documentId}.automerge`;
}

/** One clip in the manifest: where its files are. */
export interface ManifestClip {
  readonly id: string;
  readonly title: string;
  readonly url: string;
  readonly savedAt: number;
  /** `clips/<name>.md` */
  readonly markdown: string;
  /** `clips/<name>.html` */
  readonly html: string;
  /** `annotations/<name>.jsonld`, or null when it has no highlight. */
  readonly annotations: string | null;
  readonly highlights: number;
  /** false when its article was not available (not synced yet, or damaged): its files say so. */
  readonly article: boolean;
  /** Its saved images, `images/<name>/<n>.<ext>`, in the order the article shows them (absent in exports made before images). */
  readonly images: readonly string[];
  /** Its article's inline SVG drawings, `images/<name>/drawing-<n>.svg` (made inert), in article order, as its Markdown links them; absent when none. */
  readonly drawings?: readonly string[];
  /** `snapshots/<name>.html`, its full-page snapshot, or null. */
  readonly snapshot: string | null;
}

/** `manifest.json`: what the zip holds, written last (after every count is known). */
export interface ExportManifest {
  readonly format: typeof EXPORT_FORMAT;
  readonly formatVersion: number;
  /** ISO 8601. */
  readonly exportedAt: string;
  readonly library: { readonly url: string; readonly schemaVersion: number; readonly createdAt: number };
  /** true when only some clips were exported. */
  readonly selection: boolean;
  /** Which Automerge documents the zip holds: every one of the library, those of the selected clips, or none. */
  readonly documents: DocumentChoice;
  readonly counts: {
    readonly clips: number;
    readonly highlights: number;
    readonly notes: number;
    readonly missingArticles: number;
    /** Image files and snapshot files written. */
    readonly images: number;
    readonly snapshots: number;
    /** Catalog entries not exported as files (deleted, duplicates): still in the catalog binaries. */
    readonly unlisted: number;
    readonly documents: number;
  };
  readonly clips: readonly ManifestClip[];
  readonly documentFiles: ReadonlyArray<{ readonly url: string; readonly kind: ExportDocument['kind']; readonly file: string; readonly bytes: number }>;
}
