/**
 * Found in review: a connection lost (or the 20 s limit reached) while a link's page was being read,
 * after its headers came, threw the stream's own error, which the link fetch took for an internal
 * one and failed the link for good; the README says network errors are retried.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fetchLinkHtml } from '../../../extension/background/fetch-link';
import { outcomeOfFailure } from '../../../src/import/fetch-outcome';
import { toAppError } from '../../../src/util/result';

afterEach(() => void vi.unstubAllGlobals());

describe('a link whose body breaks off while it is read', () => {
  it('fails as a fetch failure, which the link fetch retries', async () => {
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new TextEncoder().encode('<html><body><p>Half a page'));
        c.error(new TypeError('network error'));
      },
    });
    vi.stubGlobal('fetch', async () => new Response(body, { status: 200, headers: { 'content-type': 'text/html' } }));
    const failure = await fetchLinkHtml('https://site.example/a').then(() => null, (e: unknown) => toAppError(e));
    expect(failure?.code).toBe('fetch-failed');
    expect(failure?.message).toContain('https://site.example/a');
    expect(outcomeOfFailure({ url: 'https://site.example/a', code: failure!.code, message: failure!.message }, 0)).toMatchObject({ kind: 'failed', retry: true });
  });
});
