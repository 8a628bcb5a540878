/**
 * bench:search's articles: each corpus page's source.html extracted in Node the way the
 * extension extracts a saved link (`extractFromHtml`, jsdom as the DOM; the text is `withText`'s,
 * the text the background derives and search indexes), then replicated to N clips with varied
 * titles, tags, dates and states. Optionally cached in a JSON file (`--articles-cache`, the
 * `loadOrExtract` cache format bench:sync writes, so a cache from either benchmark works).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { JSDOM } from 'jsdom';
import { extractFromHtml } from '../../src/capture/extract';
import type { ExtractedPage } from '../../src/schema/capture';
import type { DomWindow } from '../../src/sanitize/sanitize';
import type { ClipFields } from '../../src/search/fields';
import { listCorpus } from './server';
import { seeded } from './seeded';

/** One extracted corpus article. */
export interface CorpusArticle {
  readonly name: string;
  readonly page: ExtractedPage;
}

/** Extracts every page of a corpus folder (Readability's test-page layout); pages that fail are left out with their reason. */
export function extractCorpus(dir: string): { articles: CorpusArticle[]; failures: { page: string; reason: string }[] } {
  const window = new JSDOM('').window;
  const parser = new window.DOMParser();
  const articles: CorpusArticle[] = [];
  const failures: { page: string; reason: string }[] = [];
  for (const p of listCorpus(dir)) {
    try {
      const html = readFileSync(join(p.dir, 'source.html'), 'utf8');
      const page = extractFromHtml(html, `https://${p.name.replace(/[^a-z0-9-]/gi, '-')}.corpus.test/article`, 'text/html', parser, { win: window as unknown as DomWindow });
      articles.push({ name: p.name, page });
    } catch (e) {
      failures.push({ page: p.name, reason: e instanceof Error ? e.message : String(e) });
    }
  }
  return { articles, failures };
}

const ADJECTIVES = ['Quiet', 'Late', 'Brief', 'Second', 'Revised', 'Annotated', 'Long', 'Field', 'Winter', 'Open'];
const NOUNS = ['notes', 'reading', 'draft', 'review', 'digest', 'essay', 'letter', 'report', 'guide', 'primer'];
const TAGS = ['reading', 'work', 'research', 'later', 'recipes', 'history', 'science', 'politics', 'design', 'programming', 'café', 'новости', '日本語', 'عربي', 'long-reads', 'to-share'];
const DAY = 86_400_000;

/** The benchmarks' and tests' seeded generator (every run builds the same library). */
export { seeded };

/**
 * Clip `i` of a library built from `articles`: article `i % n`, its title varied (a phrase and
 * a number), 0-3 tags, a saved date over the last 5 years, a read/archived/favourite state, and
 * one highlight with a note on every fifth clip.
 */
export function clipOf(articles: readonly CorpusArticle[], i: number, now = Date.UTC(2025, 0, 1)): ClipFields {
  const rnd = seeded(i + 1);
  const a = articles[i % articles.length]!;
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const savedAt = now - Math.floor(rnd() * 5 * 365 * DAY);
  const tags = [...new Set(Array.from({ length: Math.floor(rnd() * 4) }, () => pick(TAGS)))];
  const state = rnd();
  const text = a.page.text;
  const start = Math.floor(rnd() * Math.max(1, text.length - 200));
  const highlights = i % 5 === 0 && text.length > 50 ? [{ quote: text.slice(start, start + 120), note: `${pick(ADJECTIVES)} point about ${pick(NOUNS)}` }] : [];
  return {
    id: `clip${String(i).padStart(18, '0')}`,
    title: i < articles.length ? a.page.title : `${a.page.title} — ${pick(ADJECTIVES)} ${pick(NOUNS)} ${i}`,
    siteName: a.page.siteName,
    byline: a.page.byline,
    url: a.page.canonicalUrl ?? a.page.pageUrl,
    text,
    highlights,
    note: i % 7 === 0 ? `${pick(ADJECTIVES)} ${pick(NOUNS)} to revisit` : '',
    tags,
    savedAt,
    readAt: state < 0.4 ? savedAt + DAY : null,
    archivedAt: state > 0.8 ? savedAt + 2 * DAY : null,
    favorite: rnd() < 0.1,
    deleted: false,
  };
}
