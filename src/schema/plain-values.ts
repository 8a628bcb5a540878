/**
 * Values the schemas are built from, without zod: the capture kinds and the id patterns.
 * Why: code on the side panel's first-paint path (the list's row check,
 * clip-summary-guard.ts) checks against them, and importing them from the zod schemas made
 * every opening of the side panel build all of zod and the capture schemas first (~50 ms;
 * tests/unit/conventions/first-paint.test.ts keeps zod off that path). Defined once, here:
 * capture.ts and ids.ts build their schemas from these.
 */

/** What a clip was captured from (`CaptureKindSchema`'s values). */
export const CAPTURE_KINDS = ['page', 'selection', 'link'] as const;

/** Every id minted here (clip, highlight, content and media document ids): url-safe base64, 16-64 characters. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;
/** An automerge-repo document URL. */
export const DOC_URL_PATTERN = /^automerge:[1-9A-HJ-NP-Za-km-z]{20,60}$/;
