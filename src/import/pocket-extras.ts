import { checkUrl, titleOrNone } from './clean';
import type { RawEvent, RawHighlight } from './types';
import { folderOf, readZipJson, type ZipArchive, type ZipFileEntry } from './zip';

/**
 * What a Pocket export holds beside its CSV rows, gathered before the rows are read:
 * `annotations/part_NNNNNN.json` (highlights, matched to rows by URL) and
 * `collections/<slug>.json` (the user's shared lists, which become tags). Both are read
 * defensively: Pocket documented neither, so any array of objects with a URL is accepted.
 * A URL found here but in no row still becomes an item (see `leftovers`): the highlights or
 * the list entry are the user's data.
 */

/** What the extras say about one URL. */
export interface UrlExtras {
  title?: string;
  highlights: RawHighlight[];
  tags: string[];
  /** Where it was first seen, for an item made of extras alone. */
  readonly file: string;
  readonly entry: number;
  /** Set when a row took its highlights. */
  used: boolean;
}

/** Everything the extras files said, and the files that could not be read. */
export interface PocketExtras {
  /** By normalised URL, in the order first seen (annotations files, then collections). */
  readonly byUrl: Map<string, UrlExtras>;
  /** Extras files that could not be read. */
  readonly failures: RawEvent[];
}

const PREFIX = 'pocket-csv';
type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The list of objects a file holds: the file itself when an array, else the first array field named in `keys`. */
function listIn(value: unknown, keys: readonly string[]): unknown[] {
  if (Array.isArray(value)) return value;
  if (!isObject(value)) return [];
  for (const key of keys) if (Array.isArray(value[key])) return value[key];
  return [];
}

/** An entry's URL, from the fields Pocket's records use. */
function urlOf(entry: unknown): string | undefined {
  if (typeof entry === 'string') return entry;
  if (!isObject(entry)) return undefined;
  return str(entry.url) ?? str(entry.given_url) ?? str(entry.resolved_url) ?? str(entry.href);
}

function extrasFor(byUrl: Map<string, UrlExtras>, rawUrl: string | undefined, file: string, entry: number): UrlExtras | null {
  const checked = checkUrl(rawUrl);
  if (!checked.ok) return null;
  let found = byUrl.get(checked.url);
  if (!found) {
    found = { highlights: [], tags: [], file, entry, used: false };
    byUrl.set(checked.url, found);
  }
  return found;
}

function readAnnotations(entries: unknown[], file: string, byUrl: Map<string, UrlExtras>): void {
  entries.forEach((entry, n) => {
    const extras = extrasFor(byUrl, urlOf(entry), file, n + 1);
    if (!extras || !isObject(entry)) return;
    extras.title ??= str(entry.title);
    for (const h of listIn(entry.highlights, [])) {
      if (!isObject(h) || typeof h.quote !== 'string') continue;
      extras.highlights.push({ quote: h.quote, createdAt: (h.created_at ?? h.createdAt) as RawHighlight['createdAt'] });
    }
  });
}

function readCollection(value: unknown, file: string, byUrl: Map<string, UrlExtras>): void {
  const slug = file.slice(file.lastIndexOf('/') + 1).replace(/\.json$/i, '');
  const tag = (isObject(value) ? (str(value.title) ?? str(value.name) ?? str(value.slug)) : undefined)?.trim() || slug;
  listIn(value, ['items', 'stories', 'links', 'urls', 'saves']).forEach((entry, n) => {
    const extras = extrasFor(byUrl, urlOf(entry), file, n + 1);
    if (!extras) return;
    if (!extras.tags.includes(tag)) extras.tags.push(tag);
    if (isObject(entry)) extras.title ??= str(entry.title);
  });
}

const byName = (a: ZipFileEntry, b: ZipFileEntry): number => a.name.localeCompare(b.name, 'en', { numeric: true });

/**
 * Reads the annotations and collections next to the CSV parts (under `root`). Contract: never
 * throws; a file that is not JSON becomes one `failed` event; files are read in name order,
 * so the result is the same for the same zip.
 */
export function readPocketExtras(zip: ZipArchive, root: string): PocketExtras {
  const byUrl = new Map<string, UrlExtras>();
  const failures: RawEvent[] = [];
  const under = (folder: string) =>
    zip.entries.filter((e) => folderOf(e.name) === `${root}${folder}/` && e.name.toLowerCase().endsWith('.json')).sort(byName);
  for (const [folder, read] of [
    ['annotations', (v: unknown, f: string) => readAnnotations(listIn(v, ['annotations', 'items']), f, byUrl)],
    ['collections', (v: unknown, f: string) => readCollection(v, f, byUrl)],
  ] as const) {
    for (const entry of under(folder)) {
      const file = entry.name.slice(root.length);
      const json = readZipJson(zip, entry);
      if (json.ok) read(json.value, file);
      else failures.push({ kind: 'failed', sourceKey: `${PREFIX}:${file}`, source: file, reason: `${file} could not be read, so its ${folder} were not imported: ${json.error.message}` });
    }
  }
  return { byUrl, failures };
}

/** Items made of extras no row used: highlighted or listed pages missing from the CSV. */
export function* leftovers(extras: PocketExtras): Generator<RawEvent> {
  for (const [url, x] of extras.byUrl) {
    if (x.used) continue;
    const annotated = x.highlights.length > 0;
    const times = x.highlights.map((h) => Number(h.createdAt)).filter((t) => Number.isFinite(t) && t > 0);
    yield {
      kind: 'item',
      sourceKey: `${PREFIX}:${x.file}:entry:${x.entry}`,
      source: `${x.file}, entry ${x.entry}`,
      raw: {
        url,
        title: x.title === undefined ? undefined : titleOrNone(x.title, url),
        savedAt: times.length > 0 ? times.reduce((a, b) => Math.min(a, b)) : undefined,
        tags: x.tags,
        state: annotated ? 'read' : 'unread',
        highlights: x.highlights,
        warnings: [`It is not in the export's list of saves; it was imported from its ${annotated ? 'highlights' : 'collection'}.`],
      },
    };
  }
}
