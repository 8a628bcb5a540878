import { err, type Result } from '../util/result';
import { bookmarksSource } from './bookmarks';
import { buildItem } from './build-item';
import { checkUrl, plainText, quoted } from './clean';
import { omnivoreSource } from './omnivore';
import { pocketCsvSource, pocketZipSource } from './pocket-csv';
import { pocketHtmlSource } from './pocket-html';
import type { FormatSource, ImportEvent, ImportFormat, ImportOptions, ImportSession } from './types';
import { looksLikeZip, openZip } from './zip';

/**
 * The import entry point: opens a file of a known format (`detectFormat`) and turns it into
 * the event stream described in README.md. Every format's raw items go through `buildItem`
 * here, duplicates are found here, and indexes (the resume cursor) are given here.
 */

function formatSource(format: ImportFormat, bytes: Uint8Array, opts: ImportOptions): Result<FormatSource> {
  const name = opts.fileName;
  switch (format) {
    case 'pocket-csv': {
      if (!looksLikeZip(bytes)) return pocketCsvSource(bytes, name);
      const zip = openZip(bytes);
      return zip.ok ? pocketZipSource(zip.value) : zip;
    }
    case 'omnivore': {
      const zip = openZip(bytes);
      return zip.ok ? omnivoreSource(zip.value) : zip;
    }
    case 'pocket-html':
      return pocketHtmlSource(bytes, name);
    case 'bookmarks-html':
      return bookmarksSource(bytes, opts.bookmarkState ?? 'archived', name);
    case 'commonplace':
      // The job runner opens these with openCommonplace (commonplace.ts), an asynchronous session.
      return err('unsupported-type', 'This is a Commonplace export: it is restored as a whole, not imported item by item.');
  }
}

/** FNV-1a (32-bit) over the size and up to ~200 KB sampled across the bytes: cheap for 100 MB, different for any re-export. */
export function fingerprintOf(bytes: Uint8Array): string {
  let hash = 0x811c9dc5;
  const eat = (from: number, to: number) => {
    for (let i = Math.max(0, from); i < Math.min(to, bytes.length); i++) hash = Math.imul(hash ^ bytes[i]!, 0x01000193);
  };
  const BLOCK = 1024;
  eat(0, 64 * BLOCK);
  eat(bytes.length - 64 * BLOCK, bytes.length);
  const step = Math.max(BLOCK, Math.floor(bytes.length / 64));
  for (let at = 64 * BLOCK; at < bytes.length - 64 * BLOCK; at += step) eat(at, at + BLOCK);
  return `${bytes.length.toString(36)}-${(hash >>> 0).toString(16).padStart(8, '0')}`;
}

/** Messages and places hold file names and values from the file: shown to the person, so made plain text first. */
const label = (text: string): string => plainText(text, 2_000);
/**
 * What an item's `warnings` and `lost` say: on one line, invisible and direction-changing
 * characters dropped, capped (`quoted`), but its markup kept: they quote values as the file had
 * them (a tag "<b>…" cut), and the report shows them as text, never as HTML.
 */
const said = (text: string): string => quoted(text, 2_000);

/**
 * Turns a format's raw events into the public stream (the resume contract in README.md): items
 * built and checked, duplicates found, indexes given, events before `from` read but not yielded.
 * Never throws: a parser's exception ends the stream with one `failed` event. Exported so the
 * contract can be tested with any `FormatSource`.
 */
export function* eventStream(src: FormatSource, from: number, now: number): Generator<ImportEvent> {
  const first = new Map<string, { key: string; source: string }>();
  let index = 0;
  let last = 'the start of the file';
  try {
    for (const raw of src.raws(from)) {
      const i = index++;
      last = raw.source;
      const origin = { index: i, sourceKey: raw.sourceKey, source: label(raw.source) };
      if (raw.kind === 'failed') {
        if (i >= from) yield { kind: 'failed', ...origin, reason: label(raw.reason) };
        continue;
      }
      if (i < from) {
        // Skipped: only its URL matters, to find later duplicates exactly as the first run did.
        const url = checkUrl(raw.raw.url);
        if (url.ok && !first.has(url.url)) first.set(url.url, { key: raw.sourceKey, source: raw.source });
        continue;
      }
      const built = buildItem(raw.raw, now);
      if (!built.ok) {
        yield { kind: 'failed', ...origin, reason: label(built.reason) };
        continue;
      }
      const earlier = first.get(built.item.url);
      const warnings = built.warnings.map(said);
      const lost = built.lost.length > 0 ? { lost: built.lost.map(said) } : {};
      if (earlier) {
        yield { kind: 'duplicate', ...origin, item: built.item, warnings, ...lost, firstKey: earlier.key, firstSource: label(earlier.source) };
        continue;
      }
      first.set(built.item.url, { key: raw.sourceKey, source: raw.source });
      yield { kind: 'item', ...origin, item: built.item, warnings, ...lost };
    }
  } catch (e) {
    // A parser bug must not throw across the API: it ends the stream with a reason instead.
    const why = e instanceof Error ? e.message : String(e);
    const reason = `The import stopped after ${last} because of an unexpected error (${why}). What was imported before it is kept.`;
    if (index >= from) yield { kind: 'failed', index, sourceKey: `internal:${index}`, source: label(last), reason: label(reason) };
  }
}

/**
 * Opens `bytes` as an export of `format` (from `detectFormat`). Contract: does only cheap work
 * (decoding text, reading a zip's directory, sizing the first part for `total`); errors for
 * the whole file come back here, as values; errors for one item come later, as `failed` events.
 * Never throws.
 */
export function openImport(format: ImportFormat, bytes: Uint8Array, opts: ImportOptions = {}): Result<ImportSession> {
  try {
    const now = Math.round(opts.now ?? Date.now());
    const src = formatSource(format, bytes, opts);
    if (!src.ok) return src;
    const session: ImportSession = {
      format,
      total: Math.max(0, src.value.total),
      fingerprint: fingerprintOf(bytes),
      now,
      events: (from = 0) => eventStream(src.value, Math.max(0, Math.floor(from)), now),
    };
    return { ok: true, value: session };
  } catch (e) {
    return err('internal', `The file could not be opened (${e instanceof Error ? e.message : String(e)}).`);
  }
}
