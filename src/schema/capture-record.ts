import { ExtractedPageSchema, FilingSchema } from './capture';
import { ClipIdSchema, DocUrlSchema } from './ids';
import { z } from './zod';

/** Version of the capture journal's record layout (docs/schema.md, "Capture journal"). */
export const CAPTURE_RECORD_VERSION = 2;

const fields = {
  key: z.string().check(z.minLength(1), z.maxLength(200)),
  op: z.enum(['create', 'update']),
  clipId: ClipIdSchema,
  at: z.number(),
  filing: FilingSchema,
  page: ExtractedPageSchema,
};

/**
 * A capture recorded in the write-ahead journal: everything needed to write it into the
 * documents later, exactly as it would have been written at once. `op` says whether it
 * makes a new clip or re-captures an existing one.
 *
 * Strict: a record with a field this version does not know (or of another `v`) is not
 * replayed and not deleted; it stays in storage untouched for the version that wrote it.
 * Version 1 records (library schema 1, one document per clip) also name the document the
 * new clip was given (`doc`): replaying one removes whatever was stored under it.
 */
export const CaptureRecordSchema = z.discriminatedUnion('v', [
  z.strictObject({ v: z.literal(CAPTURE_RECORD_VERSION), ...fields }),
  z.strictObject({ v: z.literal(1), doc: DocUrlSchema, ...fields }),
]);

export type CaptureRecord = z.output<typeof CaptureRecordSchema>;
