import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { createResourceFetcher, createResourceFetcherWithReasons, isPrivateHost, resourcePolicy } from '../../../src/snapshot/resource-fetch';
import { guardSnapshotHtml, SNAPSHOT_PREFIX } from '../../../src/snapshot/guard';

const PAGE = 'https://news.example.com/story';

describe('resourcePolicy', () => {
  it('sends cookies to the page’s own site only', () => {
    expect(resourcePolicy('https://img.example.com/a.png', PAGE)).toEqual({ allowed: true, credentials: 'include' });
    expect(resourcePolicy('https://cdn.other.net/a.png', PAGE)).toEqual({ allowed: true, credentials: 'omit' });
    expect(resourcePolicy('https://a.github.io/x.png', 'https://b.github.io/page')).toEqual({ allowed: true, credentials: 'omit' });
  });

  it('refuses private and local addresses for a public page, allows them for a local one', () => {
    for (const url of ['http://127.0.0.1/x', 'http://localhost:8080/x', 'http://192.168.1.1/x', 'http://10.0.0.8/x', 'http://172.20.1.1/x', 'http://[::1]/x', 'http://printer.local/x', 'http://intranet/x', 'http://169.254.169.254/latest/meta-data']) {
      expect(resourcePolicy(url, PAGE).allowed, url).toBe(false);
    }
    expect(resourcePolicy('http://127.0.0.1:9000/x.png', 'http://127.0.0.1:8000/page')).toEqual({ allowed: true, credentials: 'include' });
    expect(isPrivateHost('example.com')).toBe(false);
    expect(isPrivateHost('8.8.8.8')).toBe(false);
  });

  it('refuses what is not http(s), URLs with credentials, and requests from no web page', () => {
    for (const url of ['file:///etc/passwd', 'chrome://settings', 'data:,x', 'ftp://example.com/x', 'https://user:pw@example.com/x', 'not a url']) {
      expect(resourcePolicy(url, PAGE).allowed, url).toBe(false);
    }
    expect(resourcePolicy('https://example.com/x.png', undefined).allowed).toBe(false);
    expect(resourcePolicy('https://example.com/x.png', 'chrome-extension://abc/page.html').allowed).toBe(false);
  });
});

/** A fake `fetch` answering `body` (chunked) with `headers`, recording each request. */
function fakeFetch(answer: { status?: number; body?: Uint8Array; headers?: Record<string, string>; url?: string; hang?: boolean }) {
  const requests: { url: string; init: RequestInit | undefined }[] = [];
  const fn = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    requests.push({ url: String(input), init });
    if (answer.hang) {
      return new Promise((_, reject) => init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
    }
    const body = answer.body ?? new Uint8Array();
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < body.length; i += 1000) c.enqueue(body.subarray(i, i + 1000));
        c.close();
      },
    });
    const res = new Response(stream, { status: answer.status ?? 200, headers: answer.headers ?? {} });
    Object.defineProperty(res, 'url', { value: answer.url ?? String(input) });
    return res;
  };
  return Object.assign(fn as typeof fetch, { requests });
}

describe('createResourceFetcher', () => {
  it('fetches with the policy’s credentials and answers type, bytes and final URL', async () => {
    const fetch = fakeFetch({ body: new Uint8Array([1, 2, 3]), headers: { 'content-type': 'image/png' }, url: 'https://img.example.com/final.png' });
    const get = createResourceFetcher({ fetch });
    expect(await get('https://img.example.com/a.png', PAGE)).toEqual({ type: 'image/png', bytes: new Uint8Array([1, 2, 3]), url: 'https://img.example.com/final.png' });
    expect(fetch.requests[0]!.init).toMatchObject({ credentials: 'include', redirect: 'follow' });
    await get('https://cdn.other.net/a.png', PAGE);
    expect(fetch.requests[1]!.init).toMatchObject({ credentials: 'omit' });
  });

  it('answers null for refused URLs (without fetching), errors, redirects to private hosts, large and slow responses', async () => {
    const refused = fakeFetch({});
    expect(await createResourceFetcher({ fetch: refused })('http://192.168.0.1/a.png', PAGE)).toBeNull();
    expect(refused.requests).toEqual([]);
    expect(await createResourceFetcher({ fetch: fakeFetch({ status: 404 }) })('https://example.com/a.png', PAGE)).toBeNull();
    expect(await createResourceFetcher({ fetch: fakeFetch({ url: 'http://10.0.0.1/secret' }) })('https://example.com/redirect', PAGE)).toBeNull();
    const big = new Uint8Array(5_000);
    expect(await createResourceFetcher({ fetch: fakeFetch({ body: big, headers: { 'content-length': '5000' } }), maxBytes: 4_000 })('https://example.com/a', PAGE)).toBeNull();
    expect(await createResourceFetcher({ fetch: fakeFetch({ body: big }), maxBytes: 4_000 })('https://example.com/a', PAGE)).toBeNull();
    expect(await createResourceFetcher({ fetch: fakeFetch({ body: big }), maxBytes: 5_000 })('https://example.com/a', PAGE)).not.toBeNull();
    const started = Date.now();
    expect(await createResourceFetcher({ fetch: fakeFetch({ hang: true }), timeoutMs: 100 })('https://example.com/a', PAGE)).toBeNull();
    expect(Date.now() - started).toBeLessThan(2_000);
    const throwing = (async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof fetch;
    expect(await createResourceFetcher({ fetch: throwing })('https://example.com/a', PAGE)).toBeNull();
  });

  it('with reasons: says why a fetch failed, as a short code', async () => {
    const why = async (opts: Parameters<typeof createResourceFetcherWithReasons>[0], url = 'https://example.com/a.png') => createResourceFetcherWithReasons(opts)(url, PAGE);
    expect(await why({ fetch: fakeFetch({}) }, 'http://192.168.0.1/a.png')).toEqual({ failed: 'blocked' });
    expect(await why({ fetch: fakeFetch({ status: 404 }) })).toEqual({ failed: 'http:404' });
    expect(await why({ fetch: fakeFetch({ url: 'http://10.0.0.1/secret' }) })).toEqual({ failed: 'redirect' });
    expect(await why({ fetch: fakeFetch({ body: new Uint8Array(5_000) }), maxBytes: 4_000 })).toEqual({ failed: 'big' });
    expect(await why({ fetch: fakeFetch({ hang: true }), timeoutMs: 100 })).toEqual({ failed: 'timeout' });
    const throwing = (async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof fetch;
    expect(await why({ fetch: throwing })).toEqual({ failed: 'failed' });
    expect(await why({ fetch: fakeFetch({ body: new Uint8Array([1]) }) })).toMatchObject({ bytes: new Uint8Array([1]) });
  });
});

describe('guardSnapshotHtml', () => {
  it('puts the policy first, after a doctype, whatever the HTML holds', () => {
    expect(guardSnapshotHtml('<!DOCTYPE html><html><head><script>x()</script>')).toBe(`<!DOCTYPE html>${SNAPSHOT_PREFIX}<html><head><script>x()</script>`);
    expect(guardSnapshotHtml('<script>x()</script>')).toBe(`${SNAPSHOT_PREFIX}<script>x()</script>`);
    expect(guardSnapshotHtml('  <!doctype html >rest')).toBe(`  <!doctype html >${SNAPSHOT_PREFIX}rest`);
    const head = new JSDOM(guardSnapshotHtml('<!doctype html><title>t</title><meta http-equiv="Content-Security-Policy" content="img-src *"><base target="_self">')).window.document.head;
    expect([...head.children].map((e) => e.outerHTML.slice(0, 36))).toEqual([
      '<meta http-equiv="Content-Security-P',
      '<base target="_blank">',
      '<title>t</title>',
      '<meta http-equiv="Content-Security-P',
      '<base target="_self">',
    ]);
    expect(SNAPSHOT_PREFIX).toMatch(/^<meta http-equiv="Content-Security-Policy" content="default-src 'none'; [^"]+"><base target="_blank">$/);
  });
});
