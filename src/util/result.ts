/**
 * Errors cross context boundaries as values, never as thrown exceptions:
 * every call returns a `Result`, and every failure carries a stable `code` the UI
 * can branch on plus a human `message` that already says what to do next.
 */
export const ERROR_CODES = [
  'bad-request',
  'forbidden-page',
  'no-content',
  'too-large',
  'unsupported-type',
  'fetch-failed',
  'frame-unreachable',
  'private-window',
  'not-found',
  'storage-full',
  'storage-failed',
  'read-only',
  'interrupted',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Checks a code that came from another context; anything unknown is not trusted as one. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

export interface AppError {
  readonly code: ErrorCode;
  readonly message: string;
}

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: AppError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const err = (code: ErrorCode, message: string): Result<never> => ({ ok: false, error: { code, message } });

/** Thrown inside the background by domain code; converted to an `err` value at the protocol edge. */
export class AppFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AppFailure';
  }
}

/** Maps anything thrown to an `AppError`, keeping `AppFailure` codes and naming quota errors. */
export function toAppError(e: unknown): AppError {
  if (e instanceof AppFailure) return { code: e.code, message: e.message };
  const name = (e as { name?: string } | null)?.name ?? '';
  const text = e instanceof Error ? e.message : String(e);
  if (name === 'QuotaExceededError' || /quota/i.test(text)) {
    return {
      code: 'storage-full',
      // Not "delete clips": a deleted clip keeps its article (the bin, undo), and deleting is one more write.
      message: 'The browser has no room left for Commonplace. Free disk space on this device, then try again (deleting clips frees nothing: they are kept for undo). Nothing was half-saved.',
    };
  }
  return { code: 'internal', message: text || 'Unexpected error' };
}
