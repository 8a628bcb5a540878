import { z } from 'zod';
import type { ExtractedPage } from '../capture/types';
import type { ClipRow } from '../index-db/clip-index';
import { ClipIdSchema, DocUrlSchema, ExtractedPageSchema, type ClipView } from '../protocol/schemas';
import type { ClipDocV1 } from '../schema/clip-doc';
import type { DocUrl } from '../schema/ids';
import { applyCapture, initClip, summarize, toView } from './clip-record';

/**
 * A capture recorded in the write-ahead journal (see `JournalStorage`): everything
 * needed to write it into the documents later, exactly as it would have been written
 * at once. `op` says whether it makes a new clip or re-captures an existing one;
 * `doc` is the document the new clip was given when it was journaled (a replay after
 * a crash makes a new one and removes that, if anything of it was stored).
 */
const CaptureRecordSchema = z.object({
  v: z.literal(1),
  key: z.string().min(1).max(200),
  op: z.enum(['create', 'update']),
  clipId: ClipIdSchema,
  doc: DocUrlSchema,
  at: z.number(),
  filing: z.object({ url: z.string(), pageUrl: z.string(), key: z.string() }),
  page: ExtractedPageSchema,
});
export type CaptureRecord = z.output<typeof CaptureRecordSchema>;

/**
 * The record as stored: the article's HTML and text as UTF-8 bytes. Why: a page with one
 * character outside Latin-1 makes the browser store its whole string at two bytes per
 * character, and the journal write is on the path the user waits for (a 114 KB article:
 * ~3.5 ms strict instead of ~6 ms).
 */
export function storedRecord(r: CaptureRecord): unknown {
  const utf8 = new TextEncoder();
  return { ...r, page: { ...r.page, html: utf8.encode(r.page.html), text: utf8.encode(r.page.text) } };
}

/** A stored record, checked: null when it is not one this version can replay (logged and kept by the caller). */
export function parseRecord(value: unknown): CaptureRecord | null {
  const v = value as { page?: { html?: unknown; text?: unknown } } | null;
  let candidate = value;
  if (v && typeof v === 'object' && v.page && typeof v.page === 'object') {
    const utf8 = new TextDecoder('utf-8', { fatal: true });
    const decode = (x: unknown) => (x instanceof Uint8Array ? utf8.decode(x) : x);
    try {
      candidate = { ...v, page: { ...v.page, html: decode(v.page.html), text: decode(v.page.text) } };
    } catch {
      return null;
    }
  }
  const parsed = CaptureRecordSchema.safeParse(candidate);
  return parsed.success ? parsed.data : null;
}

let sequence = 0;
/** Journal keys sort in the order captures were made: time, then a per-process sequence. */
export function journalKey(at: number): string {
  sequence = (sequence + 1) % 1e9;
  return `${Math.max(0, Math.floor(at)).toString(36).padStart(10, '0')}-${sequence.toString(36).padStart(6, '0')}`;
}

/** The plain-object draft of a clip document the record describes (what `initClip`/`applyCapture` would write). */
function draftOf(r: CaptureRecord, base: ClipRow | null): ClipDocV1 {
  const d = {} as ClipDocV1;
  initClip(d, r.clipId, r.page as ExtractedPage, r.filing, r.at);
  if (base) {
    d.savedAt = base.savedAt;
    d.readAt = base.readAt;
    d.archivedAt = base.archivedAt;
    applyCapture(d, r.page as ExtractedPage, r.filing, r.at);
  }
  return d;
}

/**
 * The index row the clip will have once the record is written: for a new clip, as
 * `summarize` gives after `initClip`; for a re-capture, `base` (the row before) with the
 * capture applied and the clip restored if it was deleted (as `Library.save` does).
 */
export function rowOfRecord(r: CaptureRecord, base: ClipRow | null): ClipRow {
  const entry = { doc: (base?.doc ?? r.doc) as DocUrl, key: base?.key ?? r.filing.key, addedAt: r.at, deletedAt: null };
  return summarize(r.clipId, entry, draftOf(r, base), r.filing.pageUrl);
}

/** The reader's view of a new clip whose capture is durable in the journal but not yet in the documents. */
export function viewOfRecord(r: CaptureRecord): ClipView {
  return toView(rowOfRecord(r, null), draftOf(r, null), false);
}

