/**
 * "Save link" on a link with a user name and password in it (`https://user:pass@host/`): `fetch`
 * refuses such a URL with a TypeError, so the link could never be saved, and the failure's message
 * (shown in the page) quoted the link, password included. The link is fetched without them.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fetchLinkHtml } from '../../../extension/background/fetch-link';
import { toAppError } from '../../../src/util/result';

afterEach(() => void vi.unstubAllGlobals());

/** Behaves as `fetch` does (Fetch standard, main fetch step 1): a URL with credentials is refused. */
function stubFetch(answer: (url: string) => Response) {
  const asked: string[] = [];
  vi.stubGlobal('fetch', async (input: string) => {
    asked.push(input);
    const u = new URL(input);
    if (u.username || u.password) throw new TypeError(`Request cannot be constructed from a URL that includes credentials: ${input}`);
    return answer(input);
  });
  return asked;
}

describe('a link with a user name and password in it', () => {
  it('is fetched without them, and saves', async () => {
    const asked = stubFetch(() => new Response('<html><body><p>Intranet page</p></body></html>', { status: 200, headers: { 'content-type': 'text/html' } }));
    const got = await fetchLinkHtml('https://alice:s3cret@intranet.example/wiki/page');
    expect(asked).toEqual(['https://intranet.example/wiki/page']);
    expect(got.html).toContain('Intranet page');
  });

  it('never shows the password in a failure', async () => {
    stubFetch(() => new Response('no', { status: 401, statusText: 'Unauthorized' }));
    const failure = await fetchLinkHtml('https://alice:s3cret@intranet.example/wiki/page').then(() => null, (e: unknown) => toAppError(e));
    expect(failure?.code).toBe('fetch-failed');
    expect(failure?.message).toContain('https://intranet.example/wiki/page');
    expect(failure?.message).not.toContain('s3cret');
  });
});
