import { JSDOM } from 'jsdom';
import type { FetchedResource, FetchResource } from '../../../src/snapshot/types';

/** A PNG signature and a few bytes: enough for the producer to take it as an image. */
export const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82]);
export const WOFF2 = new TextEncoder().encode('wOF2 not really a font');

/** A rendered page at `url`, in jsdom. */
export function page(html: string, url = 'https://example.com/dir/page.html'): Document {
  return new JSDOM(html, { url, pretendToBeVisual: true }).window.document;
}

/** Parses a snapshot again, as a browser would show it. */
export function reparse(html: string): Document {
  return new JSDOM(html).window.document;
}

type Answer = FetchedResource | null | 'throw' | 'hang' | ((url: string) => Promise<FetchedResource | null>);

/**
 * A fake `fetchResource`: answers by URL (exact, then by the URL's path suffix), PNG for any
 * other `.png`, null otherwise; records every call.
 */
export function fakeFetch(answers: Record<string, Answer> = {}): FetchResource & { calls: string[] } {
  const calls: string[] = [];
  const fn = async (url: string): Promise<FetchedResource | null> => {
    calls.push(url);
    const key = Object.keys(answers).find((k) => url === k || url.endsWith(k));
    const answer = key === undefined ? (/\.png(\?|$)/.test(url) ? { type: 'image/png', bytes: PNG } : null) : answers[key]!;
    if (answer === 'throw') throw new Error('network down');
    if (answer === 'hang') return new Promise<never>(() => undefined);
    if (typeof answer === 'function') return answer(url);
    return answer;
  };
  return Object.assign(fn, { calls });
}

/** CSS as a fetched resource. */
export const css = (text: string, url?: string): FetchedResource => ({ type: 'text/css', bytes: new TextEncoder().encode(text), ...(url ? { url } : {}) });
