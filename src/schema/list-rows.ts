import type { ClipSummary } from './clip-summary';
import { isClipSummaryJson } from './clip-summary-guard';

/** Bounds on a list document read from a server: rows kept, and bytes its rows may inflate to. */
export const LIST_LIMITS = { maxRows: 200_000, maxJsonBytes: 128 * 1024 * 1024 } as const;

/**
 * The rows of a list document's JSON text (its `rows`, inflated: a string or its UTF-8 bytes), each checked against the row
 * schema (`isClipSummaryJson`): a malformed row is left out (the catalogs list it later), ids
 * after the first are ignored, rows past `LIST_LIMITS.maxRows` too, and text that is not a
 * JSON array throws. Synchronous and free of Automerge, so that a list read inside an
 * IndexedDB transaction can parse a joining browser's preview (src/index-db/list-preview.ts):
 * the rows come from another device and are checked where they are read.
 */
export function parseListRows(json: string | Uint8Array): ClipSummary[] {
  const raw: unknown = JSON.parse(typeof json === 'string' ? json : new TextDecoder('utf-8').decode(json));
  if (!Array.isArray(raw)) throw new Error('The list document holds no list.');
  const seen = new Set<string>();
  const rows: ClipSummary[] = [];
  for (const r of raw.length > LIST_LIMITS.maxRows ? raw.slice(0, LIST_LIMITS.maxRows) : raw) {
    if (!isClipSummaryJson(r) || seen.has(r.id)) continue;
    seen.add(r.id);
    rows.push(r);
  }
  return rows;
}
