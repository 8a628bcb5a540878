import { base64UrlId, type ClipId } from '../schema/ids';

/**
 * The id an import job gives the clip of its row `index` when the library has no clip with that
 * id: 128 bits of SHA-256 over the job's id and the row, in base64url (the shape of
 * `newClipId`'s). The same row of the same job always gets the same id, so a job that runs a
 * batch again after a restart (the batch was written, its progress not yet recorded) knows its
 * own clips among the duplicates. Job ids are random per upload (`crypto.randomUUID`), so two
 * jobs, in one browser or two, never make the same id.
 */
export async function rowClipId(jobId: string, index: number): Promise<ClipId> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`commonplace-import:${jobId}:${index}`)));
  return base64UrlId(digest.subarray(0, 16)) as ClipId;
}
