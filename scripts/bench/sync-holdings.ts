/**
 * What the sync server holds of a library: its root, the clips its 16 catalogs list, and the
 * articles in each content document, read from the server's own Repo (in this process). Used
 * to say which documents did not arrive when a phase fails, and to check the server's copy at
 * the end. Loads the documents into the server's memory, so it runs after the measurements.
 */
import type { AutomergeUrl, Repo } from '@automerge/automerge-repo';
import { withTimeout } from './browser';

export interface Holdings {
  readonly root: boolean;
  /** Clips listed by each catalog, or null when the server could not produce it. */
  readonly catalogClips: Array<number | null>;
  /** Articles in each content document the root names, or null when the server could not produce it. */
  readonly contents: Array<{ doc: string; items: number | null }>;
  readonly clips: number;
  readonly articles: number;
  /** Documents the server could not produce within the time limit. */
  readonly missing: string[];
}

export async function serverHoldings(repo: Repo, rootUrl: string, perDocMs = 10_000): Promise<Holdings> {
  const find = async <T>(url: string): Promise<T | null> => {
    try {
      const h = await withTimeout(repo.find<T>(url as AutomergeUrl), perDocMs, `finding ${url}`);
      return h.doc() ?? null;
    } catch {
      return null;
    }
  };
  const root = await find<{ catalogs?: Record<string, string>; contents?: Record<string, { doc: string }> }>(rootUrl);
  if (!root) return { root: false, catalogClips: [], contents: [], clips: 0, articles: 0, missing: [rootUrl] };
  const missing: string[] = [];
  const catalogClips: Array<number | null> = [];
  for (let slot = 0; slot < 16; slot++) {
    const url = root.catalogs?.[String(slot)];
    const c = url ? await find<{ clips?: Record<string, unknown> }>(url) : null;
    if (!c && url) missing.push(url);
    catalogClips.push(c ? Object.keys(c.clips ?? {}).length : null);
  }
  const contents: Array<{ doc: string; items: number | null }> = [];
  for (const e of Object.values(root.contents ?? {})) {
    const d = await find<{ items?: Record<string, unknown> }>(e.doc);
    if (!d) missing.push(e.doc);
    contents.push({ doc: e.doc, items: d ? Object.keys(d.items ?? {}).length : null });
  }
  return {
    root: true,
    catalogClips,
    contents,
    clips: catalogClips.reduce<number>((a, b) => a + (b ?? 0), 0),
    articles: contents.reduce((a, b) => a + (b.items ?? 0), 0),
    missing,
  };
}
