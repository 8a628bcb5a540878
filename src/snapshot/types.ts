/**
 * The snapshot producer's public types: what it takes (a document, a resource fetcher,
 * limits) and what it gives back (one self-contained HTML string and counts).
 */

/**
 * One fetched resource: its declared MIME type and its bytes, raw or as base64 (a fetcher
 * that receives base64 over a message channel can hand it on without decoding it).
 * `url` is the final URL after redirects, against which a stylesheet's own relative URLs
 * resolve; it defaults to the requested URL.
 */
export type FetchedResource =
  | { readonly type: string; readonly bytes: Uint8Array; readonly url?: string }
  | { readonly type: string; readonly base64: string; readonly url?: string };

/**
 * Fetches one absolute URL (http(s) or blob:) for the snapshot: null when it cannot (refused,
 * failed, not found). It may be slow or never settle: the producer times each call out.
 */
export type FetchResource = (url: string) => Promise<FetchedResource | null>;

/** Limits and hooks of {@link snapshotDocument}; every field is optional. */
export interface SnapshotOptions {
  /** Cap on the whole snapshot in UTF-8 bytes (default 30 MB): over it, resources are left out, then the page is cut short. */
  readonly maxBytes?: number;
  /** Resources larger than this (raw bytes, default 10 MB) are left out. */
  readonly maxResourceBytes?: number;
  /** How long one fetch may take (default 15 s). */
  readonly resourceTimeoutMs?: number;
  /** How long the whole snapshot may take (default 60 s); what is not fetched by then counts as failed. */
  readonly timeoutMs?: number;
  /** Fetches at once (default 6). */
  readonly concurrency?: number;
  /** The shadow root to serialise for an element (default: `element.shadowRoot`, open roots only). */
  readonly shadowRootOf?: (element: Element) => ShadowRoot | null;
  /** Elements to leave out (with their content), e.g. the extension's own UI in the page. */
  readonly skip?: (element: Element) => boolean;
  /** Clean inline `<svg>` with DOMPurify's SVG profile as well (default true; the walker's own rules apply either way). */
  readonly purifySvg?: boolean;
  /**
   * The token of a frame the walk cannot read (another origin), given it by the caller before the
   * walk (extension/snapshot/frame-tokens.ts); such a frame, when shown, becomes a placeholder
   * (`SnapshotResult.frames`) for its own snapshot, stitched in later (stitch.ts). Default: none,
   * every unreadable frame a note.
   */
  readonly frameToken?: (frame: Element) => string | null;
  /** How many frames deep this document is in the page being saved (default 0: the page itself); counts towards the depth limit. */
  readonly frameLevel?: number;
  /** How many frames this snapshot may keep (default, and at most, `MAX_FRAMES`). */
  readonly maxFrames?: number;
  /** The clock (tests). */
  readonly now?: () => number;
}

/**
 * A frame the walk could not read but was given a token for: in the HTML its `srcdoc` holds
 * the marker `frameMarker(token)` (stitch.ts), to be replaced by the frame's own snapshot.
 */
export interface FramePlaceholder {
  readonly token: string;
  /** Frames deep the marker is written at in this snapshot (its content is escaped `depth + 1` times). */
  readonly depth: number;
  /** The frame's document's level in the page (the snapshot's `frameLevel` + `depth` + 1). */
  readonly level: number;
  /** The host its `src` names (for the note it becomes when it is not kept), or null. */
  readonly host: string | null;
}

/** Resources by outcome: each distinct URL (or inline image) counts once. */
export interface SnapshotCounts {
  /** Inlined as data: URLs (images, fonts, canvases) or as `<style>` text (stylesheets). */
  readonly inlined: number;
  /** Left out for size: over the per-resource limit or the snapshot's cap. */
  readonly skipped: number;
  /** Could not be had: fetch failed or timed out, not the type its place expects, or malformed. */
  readonly failed: number;
}

/** What {@link snapshotDocument} produces. */
export interface SnapshotResult {
  /** One self-contained HTML document: no scripts, nothing remote, its own restrictive CSP first in `<head>`. */
  readonly html: string;
  /** `html`'s size in UTF-8 bytes (never over `maxBytes`). */
  readonly bytes: number;
  readonly resources: SnapshotCounts;
  /** True when the page itself (its elements and text, not only resources) was cut short to fit the cap; the HTML then ends with a note saying so. */
  readonly truncated: boolean;
  /** Frames left for their own snapshots, in document order (see {@link FramePlaceholder}); empty without `frameToken`. */
  readonly frames: readonly FramePlaceholder[];
  /** Frames this snapshot kept or left a placeholder for (nested ones included). */
  readonly frameCount: number;
}

/**
 * The policy every snapshot carries as its first `<head>` element: nothing may load from
 * anywhere (only data: images, fonts and media), no script of any kind, inline styles only.
 */
export const SNAPSHOT_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:; media-src data:";

/**
 * A resource reference in the output, replaced by a data: URL (or nothing) once resources are
 * fetched. With `attr`, the whole attribute (` attr="data:…"`) is written, or nothing at all.
 */
export interface ResRef {
  readonly res: number;
  readonly attr?: string;
  /** Frames deep (inside nested `srcdoc` attributes): what is written is attribute-escaped this many times. */
  readonly depth?: number;
}
/** A stylesheet that could not be read in the page, replaced by its fetched and rewritten text. */
export interface SheetRef {
  readonly sheet: number;
  /** See {@link ResRef.depth}. */
  readonly depth?: number;
}
/** A piece of the output being built. */
export type Chunk = string | ResRef | SheetRef;

/** The defaults of {@link SnapshotOptions}. */
export const SNAPSHOT_DEFAULTS = {
  maxBytes: 30_000_000,
  maxResourceBytes: 10_000_000,
  resourceTimeoutMs: 15_000,
  timeoutMs: 60_000,
  concurrency: 6,
} as const;
