/**
 * A clip's saved images and full-page snapshot, read from the media documents its catalog
 * entry names (docs/schema.md, "Media document"), whatever holds them: the same loader as the
 * rest of the library (a Repo, an export zip, the extension's background). A media document
 * holds parts of several clips' blobs; the parts of the last two documents read are kept (at
 * most 2 MB each), so clips saved one after another load each document about once.
 */
import type { DocumentLoader } from './library-reader';
import type { ClipMediaMeta, ExportImage, ExportSnapshot } from './types';

/** One part of a blob as a media document holds it, as plain values. */
interface Part {
  readonly clip: string;
  readonly kind: string;
  readonly rev: string;
  readonly blob: string;
  readonly type: string;
  readonly part: number;
  readonly parts: number;
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** The parts of a loaded media document (anything malformed left out). */
function partsOf(doc: unknown): Part[] {
  const d = doc as { schema?: unknown; items?: Record<string, Record<string, unknown> | undefined> } | null;
  if (!d || d.schema !== 'commonplace/media' || !d.items || typeof d.items !== 'object') return [];
  const out: Part[] = [];
  for (const i of Object.values(d.items)) {
    if (!i || !(i.data instanceof Uint8Array)) continue;
    out.push({
      clip: String(i.clip),
      kind: String(i.kind),
      rev: String(i.rev),
      blob: String(i.blob),
      type: String(i.type ?? ''),
      part: num(i.part),
      parts: num(i.parts),
      data: i.data,
      width: num(i.width),
      height: num(i.height),
    });
  }
  return out;
}

/** Each blob whose every part is here, its parts joined in order; blobs missing a part are left out. */
function blobsOf(parts: readonly Part[]): Array<Omit<Part, 'part' | 'parts' | 'data'> & { data: Uint8Array }> {
  const byBlob = new Map<string, Part[]>();
  for (const p of parts) byBlob.set(p.blob, [...(byBlob.get(p.blob) ?? []), p]);
  const out = [];
  for (const list of byBlob.values()) {
    const first = list[0]!;
    const seen = new Map<number, Part>();
    for (const p of list) seen.set(p.part, p);
    if (first.parts < 1 || seen.size !== first.parts) continue;
    const ordered = Array.from({ length: first.parts }, (_, n) => seen.get(n));
    if (ordered.some((p) => !p)) continue;
    const data = new Uint8Array(ordered.reduce((n, p) => n + p!.data.byteLength, 0));
    let at = 0;
    for (const p of ordered) {
      data.set(p!.data, at);
      at += p!.data.byteLength;
    }
    out.push({ clip: first.clip, kind: first.kind, rev: first.rev, blob: first.blob, type: first.type, width: first.width, height: first.height, data });
  }
  return out;
}

/** Reads clips' media through `loader`, keeping the parts of the last two documents read. */
export class MediaReader {
  private readonly recent: Array<{ url: string; parts: Part[] }> = [];

  constructor(private readonly loader: DocumentLoader) {}

  /**
   * The clip's images (of its current article) and its snapshot, each complete, or left out
   * when a part is missing (a document not in the export, not synced yet, or damaged).
   */
  async read(clipId: string, media: ClipMediaMeta | null): Promise<{ images: ExportImage[]; snapshot: ExportSnapshot | null }> {
    if (!media || (!media.images && !media.snapshot)) return { images: [], snapshot: null };
    const wanted = (p: Part) => p.clip === clipId && ((p.kind === 'image' && p.rev === media.images?.rev) || (p.kind === 'snapshot' && p.rev === media.snapshot?.id));
    const parts: Part[] = [];
    for (const url of new Set([...(media.images?.docs ?? []), ...(media.snapshot?.docs ?? [])])) parts.push(...(await this.parts(url)).filter(wanted));
    const blobs = blobsOf(parts);
    const images = blobs.filter((b) => b.kind === 'image').map(({ blob, type, data, width, height }) => ({ src: blob, type, data, width, height }));
    const snap = blobs.find((b) => b.kind === 'snapshot');
    return { images, snapshot: snap && media.snapshot ? { html: snap.data, htmlBytes: media.snapshot.htmlBytes, left: media.snapshot.left } : null };
  }

  private async parts(url: string): Promise<Part[]> {
    const hit = this.recent.find((r) => r.url === url);
    if (hit) return hit.parts;
    const parts = await this.loader.use(url, (d) => (d ? partsOf(d.doc) : [])).catch(() => [] as Part[]);
    this.recent.unshift({ url, parts });
    this.recent.length = Math.min(this.recent.length, 2);
    return parts;
  }
}
