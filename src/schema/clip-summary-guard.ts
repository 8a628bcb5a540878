import type { ClipSummary } from './clip-summary';
import { CAPTURE_KINDS, ID_PATTERN } from './plain-values';
import { isPercent } from './reading-progress';

/** The fields of a `ClipSummary` (ClipSummarySchema's shape), each with the check its schema makes on a JSON value. */
const str = (v: unknown) => typeof v === 'string';
const strOrNull = (v: unknown) => v === null || typeof v === 'string';
const num = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
const numOrNull = (v: unknown) => v === null || num(v);
const FIELDS: Readonly<Record<Exclude<keyof ClipSummary, OptionalField>, (v: unknown) => boolean>> = {
  id: (v) => typeof v === 'string' && ID_PATTERN.test(v),
  key: str,
  kind: (v) => (CAPTURE_KINDS as readonly unknown[]).includes(v),
  url: str,
  pageUrl: str,
  title: str,
  siteName: strOrNull,
  byline: strOrNull,
  excerpt: strOrNull,
  publishedTime: strOrNull,
  savedAt: num,
  capturedAt: num,
  wordCount: num,
  readAt: numOrNull,
  archivedAt: numOrNull,
  deletedAt: numOrNull,
  favoriteAt: numOrNull,
  tags: (v) => Array.isArray(v) && v.every(str),
  hasNote: (v) => typeof v === 'boolean',
};
/** The fields a row may lack, each with its check when present. */
type OptionalField = 'progress';
const OPTIONAL: Readonly<Record<OptionalField, (v: unknown) => boolean>> = {
  progress: isPercent,
};
const NAMES = Object.keys(FIELDS) as (keyof typeof FIELDS)[];
const OPTIONAL_NAMES = Object.keys(OPTIONAL) as OptionalField[];

/**
 * Whether a JSON value (from `JSON.parse`) is a valid index row: the same answer as
 * `ClipSummarySchema.safeParse(value).success` (strict: no other field), which
 * tests/unit/schema/clip-summary-guard.test.ts holds it to, without zod's cost per row. A
 * joining browser checks a list document's every row (10,000 at once) in the service worker,
 * where zod runs without its compiled checks (`jitless`: extension pages forbid `eval`), and
 * cold: ~10 µs a row there against well under 1 µs for this.
 */
export function isClipSummaryJson(value: unknown): value is ClipSummary {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const row = value as Record<string, unknown>;
  let extra = Object.keys(row).length - NAMES.length;
  for (const name of NAMES) if (!Object.prototype.hasOwnProperty.call(row, name) || !FIELDS[name](row[name])) return false;
  for (const name of OPTIONAL_NAMES) {
    if (!Object.prototype.hasOwnProperty.call(row, name)) continue;
    if (row[name] === undefined || !OPTIONAL[name](row[name])) return false;
    extra--;
  }
  return extra === 0;
}
