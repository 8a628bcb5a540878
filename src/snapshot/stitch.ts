/**
 * Stitching: a page's snapshot with the snapshots of its frames of other origins put in. The
 * walk of a frame's document cannot read such a frame, so it leaves a placeholder
 * (`<iframe … sandbox="" srcdoc="MARKER">`, frames.ts `frameMarker`) and lists it in
 * `SnapshotResult.frames`; the frame is snapshotted by the producer run in it (the caller's
 * `capture`), and its HTML, its own placeholders filled first, goes into the marker's place,
 * attribute-escaped once per level. A frame that is not had (failed, timed out, never
 * answered, past the limits, over the cap) holds a note instead. Frames' HTML is only ever
 * escaped into the attribute, never parsed.
 */
import { escapeTimes, utf8Length } from './encode';
import { FRAME_MARKERS, frameMarker, frameNoteText, MAX_FRAMES, noteElement } from './frames';
import { SNAPSHOT_CSP, type FramePlaceholder, type SnapshotCounts, type SnapshotResult } from './types';

/** What stitching needs of a snapshot: the producer's result, a frame's or the page's. */
export type FrameCapture = SnapshotResult;

/**
 * Snapshots the frame a placeholder stands for, within `maxBytes` and `maxFrames` (its own
 * frames), its document at `level` (`frameLevel`); null when it cannot (gone, failed, timed out).
 */
export type CaptureFrame = (frame: FramePlaceholder, limits: { readonly maxBytes: number; readonly maxFrames: number }) => Promise<FrameCapture | null>;

/** Limits of {@link stitchFrames}. */
export interface StitchOptions {
  /** Cap on the whole result in UTF-8 bytes. */
  readonly maxBytes: number;
  /** Frames in all (default `MAX_FRAMES`). */
  readonly maxFrames?: number;
  /** A frame is asked for only while this many bytes are left (default 1); with fewer, it is noted over the size limit. */
  readonly minFrameBytes?: number;
  /** After this time (`now()`), no frame is asked for any more: the rest become notes. */
  readonly deadline?: number;
  readonly now?: () => number;
}

/** The stitched snapshot: the page's with every frame's in place. */
export interface Stitched {
  readonly html: string;
  readonly bytes: number;
  readonly resources: SnapshotCounts;
  readonly truncated: boolean;
  /** Frames of other origins kept, and left as notes. */
  readonly kept: number;
  readonly noted: number;
}

/** The document a placeholder frame holds when its own snapshot is not kept: the snapshot's policy and a note filling the frame. */
export function frameNoteDocument(host: string | null, why: 'origin' | 'limit' | 'size'): string {
  return `<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="${SNAPSHOT_CSP}"><meta charset="utf-8"></head>` +
    `<body style="margin:0">${noteElement(frameNoteText(host, why), 'display:flex;width:100%;height:100vh;border-radius:0')}</body></html>`;
}

/**
 * `html` with each placeholder's marker replaced by its document in `docs` (none: an empty
 * document), escaped for its depth. One pass, so nothing put in is searched again; a marker
 * found other than exactly once (the page wrote one as text) is emptied wherever it is.
 */
export function fillFrames(html: string, frames: readonly FramePlaceholder[], docs: ReadonlyMap<string, string>): string {
  if (!frames.length) return html;
  const byMarker = new Map(frames.map((f) => [frameMarker(f.token), f]));
  const seen = new Map<string, number>();
  for (const m of html.matchAll(FRAME_MARKERS)) seen.set(m[0], (seen.get(m[0]) ?? 0) + 1);
  return html.replace(FRAME_MARKERS, (marker) => {
    const f = byMarker.get(marker);
    if (!f) return marker;
    return seen.get(marker) === 1 ? escapeTimes(docs.get(f.token) ?? '', f.depth + 1) : '';
  });
}

const sum = (a: SnapshotCounts, b: SnapshotCounts): SnapshotCounts => ({ inlined: a.inlined + b.inlined, skipped: a.skipped + b.skipped, failed: a.failed + b.failed });

/**
 * The page's snapshot `top` with its frames' snapshots stitched in, bottom-up (a frame's own
 * frames first), within the cap: the page's snapshot first, then frames in document order,
 * each given what is left (one that does not fit, escaped for its depth, is noted "over the
 * size limit"), at most `maxFrames` frames in all.
 */
export async function stitchFrames(top: FrameCapture, capture: CaptureFrame, opts: StitchOptions): Promise<Stitched> {
  const now = opts.now ?? (() => Date.now());
  const maxFrames = Math.min(opts.maxFrames ?? MAX_FRAMES, MAX_FRAMES);
  let left = opts.maxBytes - top.bytes;
  let used = top.frameCount;
  let resources = top.resources;
  let truncated = top.truncated;
  let kept = 0;
  let noted = 0;
  const tokens = new Set<string>();

  const fill = async (cap: FrameCapture): Promise<string> => {
    const docs = new Map<string, string>();
    for (const f of cap.frames) {
      left += utf8Length(frameMarker(f.token));
      if (tokens.has(f.token)) continue;
      tokens.add(f.token);
      const saved = { left, used, resources, truncated, kept, noted };
      const room = left >= (opts.minFrameBytes ?? 1);
      const child = room && (opts.deadline === undefined || now() < opts.deadline)
        ? await capture(f, { maxBytes: left, maxFrames: Math.max(0, maxFrames - used) }).catch(() => null)
        : null;
      if (child && isCapture(child, left)) {
        left -= child.bytes;
        used += child.frameCount;
        const doc = await fill(child);
        const cost = utf8Length(escapeTimes(doc, f.depth + 1));
        if (cost <= saved.left) {
          left = saved.left - cost;
          docs.set(f.token, doc);
          resources = sum(resources, child.resources);
          truncated ||= child.truncated;
          kept++;
          continue;
        }
        ({ left, used, resources, truncated, kept, noted } = saved);
      }
      const note = frameNoteDocument(f.host, child || !room ? 'size' : 'origin');
      const cost = utf8Length(escapeTimes(note, f.depth + 1));
      if (cost <= left) {
        docs.set(f.token, note);
        left -= cost;
      }
      noted++;
    }
    return fillFrames(cap.html, cap.frames, docs);
  };

  const html = await fill(top);
  return { html, bytes: utf8Length(html), resources, truncated, kept, noted };
}

/** A frame's answer as stitching needs it: its size what it says, within what it was given. */
function isCapture(c: FrameCapture, maxBytes: number): boolean {
  return typeof c.html === 'string' && c.bytes <= maxBytes && c.bytes === utf8Length(c.html) && Array.isArray(c.frames);
}
