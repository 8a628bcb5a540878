import { err, ok, type Result } from '../util/result';
import { checkUrl, titleOrNone } from './clean';
import { csvRows } from './csv';
import { decodeText } from './decode';
import { leftovers, readPocketExtras, type PocketExtras } from './pocket-extras';
import type { ItemState } from './import-item';
import type { FormatSource, RawEvent } from './types';
import { folderOf, readZipText, type ZipArchive, type ZipFileEntry } from './zip';

/**
 * Pocket's CSV export, as its exporter wrote it: `pocket.zip` holding `part_000000.csv`,
 * `part_000001.csv`, … (up to 10,000 rows each, each with its own header row), or one bare CSV.
 * Columns are found by header name (exports before March 2025 have `title,url,time_added,
 * cursor,tags,status`, later ones drop `cursor`); `time_added` is Unix seconds; `status` is
 * `unread` or `archive`; tags are separated by `|`; an untitled item carries its URL as its
 * title (read here as no title). Annotations and collections (pocket-extras.ts) are attached
 * by URL. Parts are inflated one at a time, in part-number order.
 */

const PREFIX = 'pocket-csv';
const PART = /(?:^|\/)part_(\d+)\.csv$/i;

/** Column positions from a header row; null when it has no `url` column. */
export function pocketColumns(header: readonly string[]): Record<'title' | 'url' | 'time_added' | 'tags' | 'status', number> | null {
  const names = header.map((h) => h.replace(/^\ufeff/, '').trim().toLowerCase());
  const at = (name: string) => names.indexOf(name);
  if (at('url') < 0) return null;
  return { title: at('title'), url: at('url'), time_added: at('time_added'), tags: at('tags'), status: at('status') };
}

function stateOf(status: string): { state: ItemState; warning?: string } {
  const s = status.trim().toLowerCase();
  if (s === 'archive' || s === 'archived') return { state: 'archived' };
  if (s === 'unread' || s === '') return { state: 'unread' };
  return { state: 'unread', warning: `Its status "${s.slice(0, 40)}" is not one Pocket writes; it was imported as unread.` };
}

/** The rows of one CSV file, with extras attached: `file` names it in messages, `keyFile` in keys. */
function* partEvents(text: string, file: string, extras: PocketExtras | null, keyFile = file): Generator<RawEvent> {
  let columns: NonNullable<ReturnType<typeof pocketColumns>> | undefined;
  for (const step of csvRows(text)) {
    const sourceKey = `${PREFIX}:${keyFile}:line:${step.line}`;
    const source = `${file}, line ${step.line}`;
    if (step.kind === 'error') {
      yield { kind: 'failed', sourceKey, source, reason: `This row could not be read: ${step.reason}.` };
      continue;
    }
    if (columns === undefined) {
      const found = pocketColumns(step.fields);
      if (found === null) {
        yield { kind: 'failed', sourceKey: `${PREFIX}:${keyFile}`, source: file, reason: `${file} has no "url" column, so it is not a Pocket export; nothing in it was imported.` };
        return;
      }
      columns = found;
      continue;
    }
    const field = (i: number) => (i >= 0 ? (step.fields[i] ?? '') : '');
    const url = field(columns.url).trim();
    const title = field(columns.title);
    const { state, warning } = stateOf(field(columns.status));
    const checked = extras !== null && extras.byUrl.size > 0 ? checkUrl(url) : null;
    const x = checked?.ok ? extras?.byUrl.get(checked.url) : undefined;
    const highlights = x && !x.used ? x.highlights : [];
    if (x) x.used = true;
    yield {
      kind: 'item',
      sourceKey,
      source,
      raw: {
        url,
        title: titleOrNone(title, url),
        savedAt: field(columns.time_added),
        tags: [...field(columns.tags).split('|'), ...(x?.tags ?? [])],
        state,
        highlights,
        ...(warning ? { warnings: [warning] } : {}),
      },
    };
  }
}

/** Line feeds in `bytes` (a row estimate; a title spanning lines counts more than once). */
function lineFeeds(bytes: Uint8Array): number {
  let count = 0;
  for (let i = bytes.indexOf(10); i !== -1; i = bytes.indexOf(10, i + 1)) count++;
  return count;
}

/** A bare Pocket CSV file. Fails when its first row names no `url` column. */
export function pocketCsvSource(bytes: Uint8Array, name = 'the CSV file'): Result<FormatSource> {
  const { text } = decodeText(bytes);
  const first = csvRows(text).next();
  const header = first.done || first.value.kind === 'error' ? null : pocketColumns(first.value.fields);
  if (header === null) return err('unsupported-type', `${name} is a CSV file but not Pocket's export: its first line should name the columns title,url,time_added,tags,status.`);
  return ok({ total: Math.max(0, lineFeeds(bytes) - 1), raws: () => partEvents(text, name, null, 'csv') });
}

const partNumber = (e: ZipFileEntry): number => Number(PART.exec(e.name)?.[1] ?? 0);

/** The CSV parts of a Pocket zip, in part-number order (those in the shallowest folder). */
export function pocketParts(zip: ZipArchive): ZipFileEntry[] {
  const parts = zip.entries.filter((e) => PART.test(e.name));
  const depth = parts.reduce((d, e) => Math.min(d, e.name.split('/').length), Infinity);
  return parts.filter((e) => e.name.split('/').length === depth).sort((a, b) => partNumber(a) - partNumber(b) || a.name.localeCompare(b.name));
}

/** Rows in all parts, estimated from the first part's rows per byte (a part holds up to 10,000). */
function estimate(zip: ZipArchive, parts: readonly ZipFileEntry[]): number {
  const first = parts[0];
  if (!first || first.size === 0) return 0;
  const bytes = zip.read(first);
  if (!bytes.ok) return parts.length * 10_000;
  const rows = Math.max(0, lineFeeds(bytes.value) - 1);
  const all = parts.reduce((n, e) => n + e.size, 0);
  return Math.round((rows * all) / first.size);
}

/** A Pocket zip: its parts, then the extras no row matched. Fails when it holds no part. */
export function pocketZipSource(zip: ZipArchive): Result<FormatSource> {
  const parts = pocketParts(zip);
  if (parts.length === 0) return err('unsupported-type', 'This zip holds no part_000000.csv, so it is not a Pocket export.');
  const root = folderOf(parts[0]!.name);
  function* raws(): Generator<RawEvent> {
    const extras = readPocketExtras(zip, root);
    yield* extras.failures;
    for (const entry of parts) {
      const file = entry.name.slice(root.length);
      const text = readZipText(zip, entry);
      if (!text.ok) yield { kind: 'failed', sourceKey: `${PREFIX}:${file}`, source: file, reason: `${file} could not be read, so its rows were not imported: ${text.error.message}` };
      else yield* partEvents(text.value, file, extras);
    }
    yield* leftovers(extras);
  }
  return ok({ total: estimate(zip, parts), raws });
}
