import { AppFailure } from '../../src/util/result';
import { describeContentType } from '../../src/capture/content-type';
import { withoutCredentials } from '../../src/url/normalize';

const MAX_BYTES = 15 * 1024 * 1024;
const TIMEOUT_MS = 20_000;

/** A fetch the server answered with an error status: the status and its Retry-After travel with the message. */
export class HttpFailure extends AppFailure {
  constructor(
    message: string,
    readonly status: number,
    readonly retryAfter: string | null,
  ) {
    super('fetch-failed', message);
  }
}

/**
 * Fetches a link's HTML for "Save link": follows redirects, refuses non-HTML types and
 * bodies over 15 MB, and turns every failure into a message the user can act on. A user name
 * and password written in the link are left out (`withoutCredentials`): `fetch` refuses such a
 * URL outright, and a failure's message, shown in the page, would have carried the password.
 */
export async function fetchLinkHtml(link: string): Promise<{ html: string; finalUrl: string; contentType: string }> {
  const url = withoutCredentials(link);
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), TIMEOUT_MS);
  try {
    let res: Response;
    try {
      res = await fetch(url, { signal: ctrl.signal, credentials: 'include', redirect: 'follow' });
    } catch (e) {
      const why = ctrl.signal.aborted ? `no answer within ${TIMEOUT_MS / 1000} s` : e instanceof Error ? e.message : String(e);
      throw new AppFailure('fetch-failed', `Couldn't fetch ${url} (${why}). Check the link or your connection, or open the page and save it from there.`);
    }
    if (!res.ok) throw new HttpFailure(`Couldn't fetch ${url}: the server answered ${res.status} ${res.statusText}.`.replace(/ \.$/, '.'), res.status, res.headers.get('retry-after'));
    const contentType = res.headers.get('content-type') ?? 'text/html';
    const kind = describeContentType(contentType);
    if (!kind.html && !kind.text) throw new AppFailure('unsupported-type', kind.message);
    const length = Number(res.headers.get('content-length') ?? '0');
    if (length > MAX_BYTES) throw new AppFailure('too-large', tooLarge(url, length));
    const reader = res.body?.getReader();
    const chunks: Uint8Array[] = [];
    let total = 0;
    if (reader) {
      for (;;) {
        let step: ReadableStreamReadResult<Uint8Array>;
        try {
          step = await reader.read();
        } catch (e) {
          // The connection lost, or the time limit reached, after the answer began: a network error (retried), not an internal one.
          const why = ctrl.signal.aborted ? `no whole answer within ${TIMEOUT_MS / 1000} s` : e instanceof Error ? e.message : String(e);
          throw new AppFailure('fetch-failed', `Couldn't fetch ${url}: the page broke off while it was read (${why}). Try again later, or open the page and save it from there.`);
        }
        const { done, value } = step;
        if (done) break;
        total += value.byteLength;
        if (total > MAX_BYTES) {
          await reader.cancel();
          throw new AppFailure('too-large', tooLarge(url, total));
        }
        chunks.push(value);
      }
    }
    const bytes = new Uint8Array(total);
    let at = 0;
    for (const c of chunks) (bytes.set(c, at), (at += c.byteLength));
    const charset = /charset=([^;]+)/i.exec(contentType)?.[1]?.trim() ?? 'utf-8';
    let html: string;
    try {
      html = new TextDecoder(charset).decode(bytes);
    } catch {
      html = new TextDecoder('utf-8').decode(bytes);
    }
    return { html, finalUrl: res.url || url, contentType };
  } finally {
    clearTimeout(timer);
  }
}

const tooLarge = (url: string, bytes: number) =>
  `The page at ${url} is larger than ${MAX_BYTES / 1024 / 1024} MB (${(bytes / 1024 / 1024).toFixed(1)} MB) and was not saved. Open it in a tab and save it from there.`;
