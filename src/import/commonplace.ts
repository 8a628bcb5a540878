import { load } from '@automerge/automerge/slim';
import { documentFile, type ExportManifest } from '../export/layout';
import { librarySource, type DocumentLoader, type LoadedDocument } from '../export/library-reader';
import { MediaReader } from '../export/media-reader';
import type { ExportClip, ExportImage, ExportSnapshot } from '../export/types';
import { bytesAccess, ZipReader } from '../export/zip-reader';
import { exportFolder, zipSource } from '../export/zip-source';
import { CATALOG_SCHEMA_VERSION } from '../schema/catalog-doc';
import { CONTENT_SCHEMA_VERSION } from '../schema/content-doc';
import { LIBRARY_SCHEMA_VERSION } from '../schema/library-doc';
import { MEDIA_SCHEMA_VERSION } from '../schema/media-doc';
import { migrationState } from '../schema/migrations';
import { AppFailure, err, ok, type Result } from '../util/result';
import { plainText } from './clean';
import { checkedImages, type SanitizeSvg } from './restore-images';
import { exportedViews } from './restore-views';
import type { RestoredView } from '../library/saved-views';
import { fingerprintOf } from './import';

/**
 * Commonplace's own export, opened for import: the clips its manifest lists, read from its
 * Automerge documents (the source of truth; the Markdown and HTML are not read) one content
 * document at a time, as an asynchronous stream of events with the same resume contract as
 * `openImport`'s (README.md): one event per clip the manifest lists, in the manifest's order
 * (the order the exporter wrote them), `index` from 0 with no gap, `sourceKey`
 * `commonplace:clip:<clip id>`. Resuming at `from` loads no content document whose clips all
 * come before it. A damaged document costs the clips it holds (`failed` events naming it); a
 * damaged root or catalog, or a zip that is not a readable export, fails at opening.
 */

/** One step of a Commonplace import: a clip to restore, or one that cannot be, with a reason for the person. */
export type RestoreEvent =
  | { readonly kind: 'clip'; readonly index: number; readonly sourceKey: string; readonly source: string; readonly clip: ExportClip; readonly page?: string }
  | { readonly kind: 'failed'; readonly index: number; readonly sourceKey: string; readonly source: string; readonly reason: string };

/** An opened Commonplace export: checked, its root and catalogs read, no article read yet. */
export interface RestoreSession {
  readonly format: 'commonplace';
  /** The clips its manifest lists: exactly the number of events. */
  readonly total: number;
  /** As `ImportSession.fingerprint`. */
  readonly fingerprint: string;
  readonly now: number;
  /** The events with `index >= from`, in order; may be called again. Never throws. Their clips carry no images (see `media`). */
  events(from?: number): AsyncIterable<RestoreEvent>;
  /**
   * A clip's saved images and snapshot, read from the export's media documents when asked (one
   * clip at a time: a batch of clips never holds their images); none when the export has none
   * of them, or they are damaged. Each image's bytes are checked first (`checkedImages`, an SVG
   * sanitised as a captured one is), those refused counted as left out (`refused`). Never throws.
   */
  media(clip: ExportClip): Promise<RestoredMedia>;
  /**
   * The library's saved views as the export's root holds them (`exportedViews`: live, readable,
   * oldest first), for the job to restore once the clips are in; none for an export of a
   * selection (its root is the whole library's, whose views it did not choose). Never throws.
   */
  views(): Promise<readonly RestoredView[]>;
}

/** A clip's images and snapshot as an export holds them, and what the export says was left out. */
export interface RestoredMedia {
  readonly images: readonly ExportImage[];
  readonly left: number;
  readonly reason: string | null;
  /** Each image left out with its own reason code, as the exported entry had them, and those the check refused (`refused`). */
  readonly missing?: Readonly<Record<string, string>>;
  /**
   * Images the export holds whose bytes failed the check a capture's images pass
   * (`checkedImages`: not an image, too large, a decompression bomb…), left out (counted in
   * `left`) for the job to report on the clip; absent when none was.
   */
  readonly refused?: { readonly count: number; readonly reason: string | null };
  readonly snapshot: ExportSnapshot | null;
  /**
   * The clip's images (`images`) and/or snapshot (`snapshot`) are in a media document of the zip
   * that is damaged (`why` names it): those are not restored and nothing is recorded for them
   * (never "not in the export", which would stop the intact export, imported next, from adding
   * them), and the job lists the clip among the failures. Absent when none is.
   */
  readonly damaged?: { readonly images: boolean; readonly snapshot: boolean; readonly why: string };
}

const WITHOUT_DOCUMENTS =
  'This Commonplace export was made without its Automerge documents (an export of a selection), so it cannot be imported without losing its highlights. Export again with its documents included (an export of the whole library always has them), then import that file.';

/** The layout version this Commonplace writes, by document schema. */
const CURRENT: Readonly<Record<string, number>> = {
  'commonplace/library': LIBRARY_SCHEMA_VERSION,
  'commonplace/catalog': CATALOG_SCHEMA_VERSION,
  'commonplace/content': CONTENT_SCHEMA_VERSION,
  'commonplace/media': MEDIA_SCHEMA_VERSION,
};

/** "its catalog document is layout version 2 (this Commonplace reads 1)" when a newer Commonplace wrote `doc`, else null. */
function newerLayout(doc: unknown): string | null {
  const { schema, schemaVersion } = (doc ?? {}) as { schema?: unknown; schemaVersion?: unknown };
  const current = typeof schema === 'string' ? CURRENT[schema] : undefined;
  if (current === undefined || migrationState(schemaVersion, current) !== 'too-new') return null;
  return `its ${String(schema).slice('commonplace/'.length)} document is layout version ${String(schemaVersion)} (this Commonplace reads ${current})`;
}

const updateFirst = (why: string) => `This export holds a library written by a newer Commonplace: ${why}. Importing it here would drop what that version keeps and this one does not know. Update Commonplace, then import the file again. Nothing was imported.`;

/**
 * A loader over the zip that never throws: a document that cannot be read is null, and why is
 * kept in `problems`; one a newer Commonplace wrote (a newer layout version) is read, and why it
 * cannot be restored losslessly is kept in `newer`.
 */
function tolerantLoader(zip: ZipReader, problems: Map<string, string>, newer = new Map<string, string>()): DocumentLoader {
  // Found once: when the export is in a folder, finding it reads the whole list of files.
  const folder = exportFolder(zip);
  return {
    use: async (url, fn) => {
      let got: LoadedDocument | null = null;
      let name = url;
      try {
        name = folder + documentFile(url);
        if (zip.entry(name)) {
          const bytes = await zip.bytes(name);
          got = { doc: load(bytes), save: () => bytes };
          const layout = newerLayout(got.doc);
          if (layout) newer.set(url, layout);
        }
      } catch (e) {
        const detail = e instanceof AppFailure ? e.message.replace(/^This file is not a readable zip \((.*)\)\..*$/s, '$1') : 'it is not an Automerge document';
        problems.set(url, `${name} is damaged (${detail})`);
      }
      return fn(got);
    },
  };
}

/** The manifest's clip list, checked enough to index it: each entry with a string id. */
function listedIds(manifest: ExportManifest): string[] | null {
  const clips: unknown = manifest.clips;
  if (!Array.isArray(clips)) return null;
  const ids = clips.map((c: unknown) => (c && typeof c === 'object' && typeof (c as { id?: unknown }).id === 'string' ? (c as { id: string }).id : null));
  return ids.every((id): id is string => id !== null) ? ids : null;
}

/** `openCommonplace`'s options: the import's time and file name, and the SVG sanitiser its images go through (absent: SVG images are refused). */
export interface CommonplaceOptions {
  readonly now?: number;
  readonly fileName?: string;
  readonly sanitizeSvg?: SanitizeSvg;
}

/**
 * Opens `bytes` as a Commonplace export. Contract: reads the zip's directory, its manifest, the
 * library's root and its 16 catalogs (so a damaged one fails here, before anything is written);
 * never throws. Errors: `bad-request` (not a readable zip, not an export, damaged root or
 * catalog), `read-only` (made by a newer Commonplace), `not-found` (made without documents).
 */
export async function openCommonplace(bytes: Uint8Array, opts: CommonplaceOptions = {}): Promise<Result<RestoreSession>> {
  const name = plainText(opts.fileName ?? 'This file', 200) || 'This file';
  const problems = new Map<string, string>();
  try {
    const zip = await ZipReader.open(bytesAccess(bytes));
    const { manifest } = await zipSource(zip).catch((e: unknown) => {
      if (!(e instanceof AppFailure)) throw e;
      if (e.code === 'not-found') throw new AppFailure('not-found', WITHOUT_DOCUMENTS);
      if (e.code === 'read-only') throw new AppFailure('read-only', `${e.message.replace(/ Update Commonplace to read it\.$/, '')} Update Commonplace, then import the file again. Nothing was imported.`);
      throw e;
    });
    const listed = listedIds(manifest);
    if (!listed) return err('bad-request', `${name}: its manifest.json does not list its clips. It is damaged; export again.`);
    const ids: readonly string[] = listed;
    const newer = new Map<string, string>();
    // A selection exported with its documents ('touched') holds only the catalogs of its clips: the others are absent, not
    // damaged (read as empty, `selection`). A catalog that is there and damaged still fails the file, as in any export.
    const source = librarySource(tolerantLoader(zip, problems, newer), manifest.library.url, { selection: manifest.documents === 'touched' });
    const damagedFile = () => {
      const damaged = [...problems.values()][0];
      return damaged ? new AppFailure('bad-request', `The export is damaged: ${damaged}. Nothing was imported; export again.`) : null;
    };
    await source.info().catch((e: unknown) => {
      throw damagedFile() ?? e;
    });
    const catalogDamaged = damagedFile();
    if (catalogDamaged) throw catalogDamaged;
    // The root and the catalogs are loaded now: one a newer Commonplace wrote fails the file, before anything is written.
    const tooNew = [...newer.values()][0];
    if (tooNew) throw new AppFailure('read-only', updateFirst(tooNew));
    const first = new Map<string, number>();
    ids.forEach((id, i) => void (first.has(id) || first.set(id, i)));
    const titles = (manifest.clips as ReadonlyArray<{ title?: unknown; url?: unknown }>).map((c) => plainText(c.title, 200) || plainText(c.url, 200));
    // Each clip's page in the export (its manifest's `html`), where a report sends the person for what was cut (a note).
    const pages = (manifest.clips as ReadonlyArray<{ html?: unknown }>).map((c) => (typeof c.html === 'string' ? plainText(c.html, 300) : ''));
    const origin = (i: number) => ({ index: i, sourceKey: `commonplace:clip:${ids[i]!}`, source: `${titles[i] || 'an untitled clip'} (clip ${i + 1})` });
    const failed = (i: number, reason: string): RestoreEvent => ({ kind: 'failed', ...origin(i), reason });
    const clipEvent = (i: number, clip: ExportClip): RestoreEvent => {
      const damaged = clip.html === null && clip.stored.content !== null ? problems.get(clip.stored.content) : undefined;
      if (damaged) return failed(i, `Its article could not be read: ${damaged}.`);
      // Its article is in a document a newer Commonplace wrote: read by this version, what that layout adds would be lost.
      const layout = clip.stored.content !== null ? newer.get(clip.stored.content) : undefined;
      return layout ? failed(i, `Its article could not be restored: ${layout}. Update Commonplace, then import this file again.`) : { kind: 'clip', ...origin(i), clip, ...(pages[i] ? { page: pages[i] } : {}) };
    };
    async function* events(from = 0): AsyncGenerator<RestoreEvent> {
      let next = Math.max(0, Math.floor(from));
      // Clips arrive one content document at a time; an export lists them in that order, so this stays empty unless the zip was rearranged.
      const early = new Map<number, ExportClip>();
      function* ready(): Generator<RestoreEvent> {
        for (; next < ids.length; next++) {
          if (first.get(ids[next]!) !== next) yield failed(next, 'The export lists this clip twice; it was imported once.');
          else if (early.has(next)) yield clipEvent(next, early.get(next)!);
          else return;
          early.delete(next);
        }
      }
      let stopped: string | null = null;
      try {
        const start = next;
        for await (const item of source.read({ documents: 'none', media: false, select: (c) => (first.get(c.id) ?? -1) >= start })) {
          if (item.type !== 'clip') continue;
          const at = first.get(item.clip.id);
          if (at === undefined || at < next) continue;
          early.set(at, item.clip);
          yield* ready();
        }
      } catch (e) {
        stopped = e instanceof Error ? e.message : String(e);
      }
      yield* ready();
      for (; next < ids.length; next++) {
        yield failed(next, stopped ? `The export could not be read past this point (${stopped}).` : "The export's Automerge documents do not hold this clip (the file was changed after it was exported).");
      }
    }
    const reader = new MediaReader(tolerantLoader(zip, problems));
    const media = async (clip: ExportClip): Promise<RestoredMedia> => {
      const got = await reader.read(clip.id, clip.media).catch(() => ({ images: [], snapshot: null }));
      // A media document of the zip that is damaged: what it holds is left unrecorded, and said (`damaged`).
      const broken = (docs: readonly string[] | undefined) => (docs ?? []).map((d) => problems.get(d)).find((p) => p !== undefined);
      const imagesBroken = clip.media?.images ? broken(clip.media.images.docs) : undefined;
      const snapshotBroken = clip.media?.snapshot && !got.snapshot ? broken(clip.media.snapshot.docs) : undefined;
      const why = imagesBroken ?? snapshotBroken;
      const damaged = why ? { damaged: { images: imagesBroken !== undefined, snapshot: snapshotBroken !== undefined, why } } : {};
      if (imagesBroken) return { images: [], left: 0, reason: null, snapshot: got.snapshot, ...damaged };
      const ref = clip.media?.images;
      // An image the export records as not saved (left out at capture, or refused by an import before) stays so, with its own
      // reason (`ref.missing`, counted in `ref.left`): not restored, not checked, not reported again, whatever bytes the zip holds for it.
      const saved = got.images.filter((i) => !Object.hasOwn(ref?.missing ?? {}, i.src));
      // Images the export lacks (made on a device that did not hold them) count as left out.
      const missing = Math.max(0, (ref?.count ?? 0) - got.images.length);
      // Their bytes checked as a capture's are: those refused are left out too, each with its reason.
      const checked = await checkedImages(saved, opts.sanitizeSvg);
      const reasons = [ref?.reason ?? (missing > 0 ? 'not in the export it was imported from' : null), checked.reason].filter((r) => r !== null);
      const codes = { ...ref?.missing, ...checked.missing };
      const refused = checked.count > 0 ? { refused: { count: checked.count, reason: checked.reason } } : {};
      return { ...got, images: checked.images, left: (ref?.left ?? 0) + missing + checked.count, reason: reasons.join('; ') || null, ...(Object.keys(codes).length > 0 ? { missing: codes } : {}), ...refused, ...damaged };
    };
    const views = async (): Promise<readonly RestoredView[]> =>
      manifest.selection === true ? [] : tolerantLoader(zip, new Map()).use(manifest.library.url, (got) => (got ? exportedViews(got.doc) : [])).catch(() => []);
    return ok({ format: 'commonplace', total: ids.length, fingerprint: fingerprintOf(bytes), now: Math.round(opts.now ?? Date.now()), events, media, views });
  } catch (e) {
    if (e instanceof AppFailure) return err(e.code, e.message.startsWith('This') ? e.message : `${name}: ${e.message}`);
    return err('internal', `${name} could not be opened (${e instanceof Error ? e.message : String(e)}).`);
  }
}
