import { ExtractedPageSchema, FilingSchema } from './capture';
import { ClipIdSchema, DocUrlSchema } from './ids';
import { z } from './zod';

/** Version of the capture journal's record layout (docs/schema.md, "Capture journal"). */
export const CAPTURE_RECORD_VERSION = 1;

/**
 * A capture recorded in the write-ahead journal: everything needed to write it into the
 * documents later, exactly as it would have been written at once. `op` says whether it
 * makes a new clip or re-captures an existing one; `doc` is the document the new clip was
 * given when it was journaled (a replay after a crash makes a new one and removes that,
 * if anything of it was stored).
 *
 * Strict: a record with a field this version does not know (or of another `v`) is not
 * replayed and not deleted; it stays in storage untouched for the version that wrote it.
 */
export const CaptureRecordSchema = z.strictObject({
  v: z.literal(CAPTURE_RECORD_VERSION),
  key: z.string().min(1).max(200),
  op: z.enum(['create', 'update']),
  clipId: ClipIdSchema,
  doc: DocUrlSchema,
  at: z.number(),
  filing: FilingSchema,
  page: ExtractedPageSchema,
});

export type CaptureRecord = z.output<typeof CaptureRecordSchema>;
