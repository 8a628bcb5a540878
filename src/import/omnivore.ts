import { err, ok, type Result } from '../util/result';
import { plainText } from './clean';
import type { ItemState } from './import-item';
import { parseOmnivoreHighlights } from './omnivore-highlights';
import type { FormatSource, RawEvent, RawItem } from './types';
import { folderOf, readZipJson, readZipText, type ZipArchive, type ZipFileEntry } from './zip';

/**
 * Omnivore's export: a zip of `metadata_<from>_to_<to>.json` batches (20 items each: `id, slug,
 * title, description, author, url, state, readingProgress, thumbnail, labels, savedAt, updatedAt,
 * publishedAt`), `content/<slug>.html` (absent for items never fetched; `content/<slug>.pdf` for
 * PDFs, which are not imported) and `highlights/<slug>.md` (omnivore-highlights.ts). File names come
 * from each item's `slug`, never its title. A newsletter may carry a placeholder URL
 * (`https://omnivore.app/no_url?q=…`): its content file is then the only copy, and is kept.
 * DELETED items are reported, not imported. Batches are read in `from` order, and one article
 * is inflated at a time.
 */

const PREFIX = 'omnivore';
const METADATA = /(?:^|\/)metadata_(\d+)_to_(\d+)\.json$/i;
const PLACEHOLDER = /^https?:\/\/(?:www\.)?omnivore\.app\/no_url(?:[/?#]|$)/i;
/** Reading progress (percent) from which an unarchived item counts as read. */
export const READ_PROGRESS = 95;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const range = (e: ZipFileEntry): [number, number] => {
  const m = METADATA.exec(e.name);
  return [Number(m?.[1] ?? 0), Number(m?.[2] ?? 0)];
};

/** The metadata batches, in `from` order. */
export function omnivoreBatches(zip: ZipArchive): ZipFileEntry[] {
  return zip.entries.filter((e) => METADATA.test(e.name)).sort((a, b) => range(a)[0] - range(b)[0] || a.name.localeCompare(b.name));
}

function labelNames(labels: unknown): string[] {
  if (!Array.isArray(labels)) return [];
  return labels.flatMap((l) => (typeof l === 'string' ? [l] : isObject(l) && typeof l.name === 'string' ? [l.name] : []));
}

function stateOf(meta: Json): ItemState {
  if (String(meta.state).toUpperCase() === 'ARCHIVED') return 'archived';
  const progress = Number(meta.readingProgress);
  return Number.isFinite(progress) && progress >= READ_PROGRESS ? 'read' : 'unread';
}

/** What an item's files add: its article, its highlights, and remarks. */
function filesOf(zip: ZipArchive, root: string, slug: string, raw: RawItem): void {
  const warnings = (raw.warnings ??= []);
  const lost = (raw.lost ??= []);
  const html = zip.get(`${root}content/${slug}.html`);
  if (html) {
    const text = readZipText(zip, html);
    if (text.ok) raw.html = text.value;
    else lost.push(`Its article could not be read from the export: ${text.error.message}`);
  } else if (zip.get(`${root}content/${slug}.pdf`)) {
    lost.push('Its PDF was not imported; the item links to where the PDF came from.');
  }
  if (raw.placeholderUrl && raw.html === undefined) {
    warnings.push('It has no web address and the export holds no copy of it: only its title, labels and highlights were imported.');
  }
  const md = zip.get(`${root}highlights/${slug}.md`);
  if (!md) return;
  const text = readZipText(zip, md);
  if (!text.ok) {
    lost.push(`Its highlights could not be read from the export: ${text.error.message}`);
    return;
  }
  const parsed = parseOmnivoreHighlights(text.value);
  raw.highlights = parsed.highlights;
  if (parsed.pageNote !== undefined) raw.note = parsed.pageNote;
}

/** One metadata object → its event (files read only when `heavy`). */
function eventOf(zip: ZipArchive, root: string, meta: unknown, file: string, n: number, seen: Set<string>, heavy: boolean): RawEvent {
  const id = isObject(meta) ? str(meta.id) : undefined;
  const unique = id !== undefined && id !== '' && !seen.has(id);
  if (unique) seen.add(id);
  const sourceKey = unique ? `${PREFIX}:id:${id}` : `${PREFIX}:${file}:${n}`;
  const title = isObject(meta) ? (str(meta.title) ?? '') : '';
  const shown = plainText(title, 60);
  const source = `${file}, item ${n}${shown ? ` ("${shown}")` : ''}`;
  if (!isObject(meta)) return { kind: 'failed', sourceKey, source, reason: 'This entry is not an item record.' };
  if (String(meta.state).toUpperCase() === 'DELETED') return { kind: 'failed', sourceKey, source, reason: 'It was deleted in Omnivore, so it was not imported.' };
  const url = str(meta.url)?.trim() ?? '';
  const raw: RawItem = {
    url,
    title,
    savedAt: str(meta.savedAt) ?? (typeof meta.savedAt === 'number' ? meta.savedAt : undefined),
    tags: labelNames(meta.labels),
    state: stateOf(meta),
  };
  if (PLACEHOLDER.test(url)) raw.placeholderUrl = true;
  if (str(meta.author)) raw.author = str(meta.author);
  if (str(meta.description)) raw.excerpt = str(meta.description);
  if (str(meta.publishedAt)) raw.publishedAt = str(meta.publishedAt);
  const slug = str(meta.slug);
  if (heavy && slug) filesOf(zip, root, slug, raw);
  return { kind: 'item', sourceKey, source, raw };
}

/**
 * Opens an Omnivore zip. Contract: fails only when it holds no metadata batch; a batch that is
 * not JSON becomes one `failed` event and the rest are read. `total` comes from the batches'
 * names (`metadata_0_to_20.json` holds 20).
 */
export function omnivoreSource(zip: ZipArchive): Result<FormatSource> {
  const batches = omnivoreBatches(zip);
  if (batches.length === 0) return err('unsupported-type', 'This zip holds no metadata_*.json file, so it is not an Omnivore export.');
  const root = folderOf(batches[0]!.name);
  const total = batches.reduce((sum, e) => {
    const [from, to] = range(e);
    return sum + (to > from && to - from <= 10_000 ? to - from : 20);
  }, 0);
  function* raws(from: number): Generator<RawEvent> {
    const seen = new Set<string>();
    let index = 0;
    for (const entry of batches) {
      const file = entry.name.slice(root.length);
      const json = readZipJson(zip, entry);
      if (!json.ok || !Array.isArray(json.value)) {
        const why = json.ok ? 'it does not hold a list of items' : json.error.message;
        yield { kind: 'failed', sourceKey: `${PREFIX}:${file}`, source: file, reason: `${file} could not be read, so its items were not imported: ${why}` };
        index++;
        continue;
      }
      for (const [i, meta] of json.value.entries()) {
        yield eventOf(zip, root, meta, file, i + 1, seen, index >= from);
        index++;
      }
    }
  }
  return ok({ total, raws });
}
