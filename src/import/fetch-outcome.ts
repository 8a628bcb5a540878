import type { ExtractedPage } from '../schema/capture';
import type { ClipView } from '../schema/clip-summary';
import type { FetchOutcome } from './fetch-queue';
import { LINK_STAND_IN } from '../library/stand-in';

/**
 * The link fetch's decisions about one clip, pure: does it still wait for its article
 * (`needsArticle`), what the fetched article is saved as (`fetchedPage`: it must be filed under
 * the same key, so `Library.save` updates the clip, keeping its tags, states and highlights),
 * and what a failure means for the scheduler (`outcomeOfFailure`).
 */


/** Whether a clip is an imported link still waiting for its article: its text is the placeholder an import writes (`LINK_STAND_IN`, `linkPage` in to-capture.ts). */
export function needsArticle(clip: Pick<ClipView, 'kind' | 'text' | 'deletedAt'>): boolean {
  return clip.kind === 'link' && clip.deletedAt === null && LINK_STAND_IN.test(clip.text.trim());
}

/** Most words a placeholder has (a cheap filter on index rows before the article is read). */
export const PLACEHOLDER_MAX_WORDS = 20;

/**
 * Whether a clip may be an imported link still waiting for its article, told from its kind and
 * length alone (no text read): a link no longer than a placeholder. What the link fetch scans the
 * index for (`needsArticle` checks the text before a fetch), and a length nobody should be shown
 * or sorted by: the list's reading time and the search's length orders treat it as unknown.
 */
export const mayAwaitArticle = (clip: { readonly kind: string; readonly wordCount: number }): boolean => clip.kind === 'link' && clip.wordCount <= PLACEHOLDER_MAX_WORDS;

/**
 * The fetched article as the clip's new capture: filed under the clip's own page URL (not the
 * address a redirect ended at, nor the page's canonical link), so it updates this clip; the
 * metadata the import kept (the title the user saw, author, site, excerpt, date) wins over
 * what extraction found, except a title that is only the URL.
 */
export function fetchedPage(clip: ClipView, page: ExtractedPage): ExtractedPage {
  const untitled = clip.title === '' || clip.title === clip.url || clip.title === clip.pageUrl;
  return {
    ...page,
    kind: 'link',
    pageUrl: clip.pageUrl,
    canonicalUrl: clip.canonicalUrl,
    title: untitled ? page.title || clip.title : clip.title,
    byline: clip.byline ?? page.byline,
    siteName: clip.siteName ?? page.siteName,
    publishedTime: clip.publishedTime ?? page.publishedTime,
    excerpt: clip.excerpt ?? page.excerpt,
  };
}

/** A failed fetch as the wiring saw it: the error's code and message, and the HTTP answer if there was one. */
export interface FetchFailureInfo {
  readonly url: string;
  readonly code: string;
  readonly message: string;
  readonly status?: number;
  readonly retryAfter?: string | null;
}

/** A Retry-After header (seconds, or an HTTP date) as ms from `now`; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null | undefined, now: number): number | undefined {
  const v = header?.trim();
  if (!v) return undefined;
  if (/^\d+$/.test(v)) return Number(v) * 1_000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

const RETRY_STATUS = new Set([408, 425, 429]);
/** The 5xx answers that a later try would get again: not implemented, HTTP version not supported. Every other 5xx (a proxy's 520-524, 507, 529…) is retried. */
const PERMANENT_5XX = new Set([501, 505]);

/**
 * What a failure means: not HTML or too large → skipped (the link stays a link); 429, 503, other
 * 5xx, 408 and network errors (no answer) → retried later, honouring Retry-After; any other
 * answer (404, 410, 403…) or an article that could not be extracted → failed, with the reason.
 */
export function outcomeOfFailure(f: FetchFailureInfo, now: number): FetchOutcome {
  if (f.code === 'unsupported-type' || f.code === 'too-large') return { kind: 'skipped', reason: f.message, requested: true };
  // Nothing more can be stored: the run pauses (each next link would fail the same way), this link kept for Resume.
  if (f.code === 'storage-full') return { kind: 'paused', reason: f.message };
  if (f.status !== undefined) {
    if (RETRY_STATUS.has(f.status) || (f.status >= 500 && f.status <= 599 && !PERMANENT_5XX.has(f.status))) {
      const after = retryAfterMs(f.retryAfter, now);
      return { kind: 'failed', url: f.url, reason: f.message, retry: true, ...(after === undefined ? {} : { retryAfterMs: after }) };
    }
    return { kind: 'failed', url: f.url, reason: f.message, retry: false };
  }
  if (f.code === 'fetch-failed') return { kind: 'failed', url: f.url, reason: f.message, retry: true };
  if (f.code === 'forbidden-page' || f.code === 'bad-request') return { kind: 'failed', url: f.url, reason: f.message, retry: false, requested: false };
  return { kind: 'failed', url: f.url, reason: f.message, retry: false };
}
