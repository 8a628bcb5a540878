/**
 * Import fixtures, generated here (never copied from real exports): Pocket CSV parts and zips of
 * both header generations, ril_export.html, Omnivore zips, Chromium and Firefox bookmark files,
 * written the way each exporter writes them (see src/import/README.md for the formats).
 */
import { strToU8, zipSync, type Zippable } from 'fflate';
import { expect } from 'vitest';
import { openImport } from '../../../src/import/import';
import type { JobDeps } from '../../../src/import/job-runner';
import type { ImportJob } from '../../../src/import/job-state';
import type { ImportBatchItem } from '../../../src/import/to-capture';
import type { ImportOutcome } from '../../../src/library/import-entry';
import type { ImportEvent, ImportFormat, ImportOptions } from '../../../src/import/types';

/** The import's clock in every test: 2026-01-02. */
export const NOW = Date.UTC(2026, 0, 2);
/** 2024-03-04 12:00:00 UTC, in Unix seconds. */
export const T0 = Date.UTC(2024, 2, 4, 12) / 1000;

export const utf8 = (text: string): Uint8Array => strToU8(text);

/** A zip of `files` (text or bytes), deflated like exporters do. */
export function zipOf(files: Record<string, string | Uint8Array>, level: 0 | 6 = 6): Uint8Array {
  const z: Zippable = {};
  for (const [name, content] of Object.entries(files)) z[name] = [typeof content === 'string' ? strToU8(content) : content, { level }];
  return zipSync(z);
}

/** Pocket's quoting: only a field holding a comma, a quote or a newline is quoted. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export interface PocketRow {
  title: string;
  url: string;
  timeAdded: number;
  tags: string[];
  status: 'unread' | 'archive';
}

/** `n` varied rows from `start`: commas, quotes, newlines and HTML in titles, untitled rows, tags. */
export function pocketRows(n: number, start = 0): PocketRow[] {
  const rows: PocketRow[] = [];
  for (let i = start; i < start + n; i++) {
    const url = `https://example.com/articles/${i}?ref=list&utm_source=pocket`;
    let title = `Article ${i}`;
    if (i % 7 === 1) title = `Article ${i}, with a comma`;
    if (i % 11 === 2) title = `The "quoted" article ${i}`;
    if (i % 13 === 3) title = `Article ${i}\nspanning two lines`;
    if (i % 50 === 4) title = url;
    rows.push({ title, url, timeAdded: T0 + i * 60, tags: i % 3 === 0 ? ['news', `topic-${i % 5}`] : [], status: i % 4 === 0 ? 'archive' : 'unread' });
  }
  return rows;
}

/** One part as Pocket wrote it: header, rows, LF line ends; `cursor` for the pre-March-2025 columns. */
export function pocketCsv(rows: readonly PocketRow[], { cursor = false, eol = '\n' }: { cursor?: boolean; eol?: string } = {}): string {
  const header = cursor ? 'title,url,time_added,cursor,tags,status' : 'title,url,time_added,tags,status';
  const lines = rows.map((r, i) =>
    [csvField(r.title), csvField(r.url), String(r.timeAdded), ...(cursor ? [`c${i}`] : []), csvField(r.tags.join('|')), r.status].join(','),
  );
  return [header, ...lines].join(eol) + eol;
}

/** A `pocket.zip`: rows split into parts of `perPart`, named part_000000.csv, … plus `extra` files. */
export function pocketZip(rows: readonly PocketRow[], perPart: number, extra: Record<string, string> = {}, cursorParts: readonly number[] = []): Uint8Array {
  const files: Record<string, string> = {};
  for (let p = 0; p * perPart < rows.length; p++) {
    files[`part_${String(p).padStart(6, '0')}.csv`] = pocketCsv(rows.slice(p * perPart, (p + 1) * perPart), { cursor: cursorParts.includes(p) });
  }
  return zipOf({ ...files, ...extra });
}

/** Every event of an import (format detected by the caller), the session checked to open. */
export function collect(format: ImportFormat, bytes: Uint8Array, opts: ImportOptions = {}, from = 0): ImportEvent[] {
  const session = openImport(format, bytes, { now: NOW, ...opts });
  if (!session.ok) throw new Error(`openImport failed: ${session.error.message}`);
  return [...session.value.events(from)];
}

export const itemsOf = (events: readonly ImportEvent[]) => events.flatMap((e) => (e.kind === 'item' ? [e.item] : []));
export const failuresOf = (events: readonly ImportEvent[]) => events.flatMap((e) => (e.kind === 'failed' ? [e] : []));

/** Checks the stream's invariants: indexes 0.. without gaps, unique source keys. */
export function expectWellFormed(events: readonly ImportEvent[]): void {
  expect(events.map((e) => e.index)).toEqual(events.map((_, i) => i));
  expect(new Set(events.map((e) => e.sourceKey)).size).toBe(events.length);
}

/** Omnivore metadata for item `i`. */
export function omnivoreMeta(i: number, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    slug: `article-${i}-slug`,
    title: `Omnivore article ${i}`,
    description: `About article ${i}`,
    author: `Author ${i}`,
    url: `https://blog.example.org/posts/${i}`,
    state: 'SUCCEEDED',
    readingProgress: 0,
    thumbnail: `https://blog.example.org/thumb/${i}.png`,
    labels: i % 2 === 0 ? ['reading', 'tech'] : [],
    savedAt: new Date(Date.UTC(2024, 0, 1) + i * 3_600_000).toISOString(),
    updatedAt: new Date(Date.UTC(2024, 5, 1)).toISOString(),
    publishedAt: i % 3 === 0 ? null : new Date(Date.UTC(2023, 11, 1)).toISOString(),
    ...over,
  };
}

/** An Omnivore zip: metadata in batches of 20 (`metadata_<from>_to_<to>.json`), plus `files`. */
export function omnivoreZip(metas: readonly Record<string, unknown>[], files: Record<string, string | Uint8Array> = {}): Uint8Array {
  const out: Record<string, string | Uint8Array> = {};
  for (let from = 0; from < metas.length; from += 20) {
    const batch = metas.slice(from, from + 20);
    out[`metadata_${from}_to_${from + batch.length}.json`] = JSON.stringify(batch, null, 2);
  }
  return zipOf({ ...out, ...files });
}

/** Omnivore's highlight Markdown for one highlight (as its exporter's `highlightToMarkdown`). */
export function omnivoreHighlight(quote: string, labels: string[] = [], note = ''): string {
  const q = quote.replace(/^(?=\n)$|^\s*?\n/gm, '> ');
  const l = labels.map((x) => `#${x}`).join(' ');
  return `> ${q} ${l ? `\n\n${l}` : ''}${note ? `\n\n${note}` : ''}`;
}

/**
 * A job's dependencies for one uploaded Pocket CSV of `bytes`: its batches recorded in `written`,
 * each item answered by `answer` (by default imported as a clip of its own id), each saved job
 * record given to `saved`; no article is ever extracted.
 */
export function pocketJobDeps(
  bytes: Uint8Array,
  { written = [], saved = () => undefined, answer = (it) => ({ kind: 'imported', clip: it.id! }) }: { written?: ImportBatchItem[]; saved?: (job: ImportJob) => void; answer?: (item: ImportBatchItem) => ImportOutcome } = {},
): JobDeps {
  return {
    readFile: async (id) => ({ id, name: 'pocket.csv', bytes }),
    deleteFile: async () => undefined,
    save: async (job) => saved(job),
    importBatch: async (items) => {
      written.push(...items);
      return items.map(answer);
    },
    extract: () => Promise.reject(new Error('no article')),
    yieldTurn: () => Promise.resolve(),
    now: () => NOW,
  };
}
