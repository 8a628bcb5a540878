/**
 * bench:search — the search index (src/search) on a library of N clips built from a corpus, in Node.
 *
 *   npm run bench:search -- [corpus-dir] [--clips N] [--text-chars C] [--runs R] [--articles-cache file] [--json file]
 *
 * 1. Every corpus page (default ../shared/corpus/readability) is extracted as the extension
 *    extracts a saved link (scripts/bench/search-corpus.ts), then replicated to N clips (default
 *    10,000) with varied titles, tags, dates, states, highlights and notes.
 * 2. The index is rebuilt from them (`ClipSearch.rebuild`, in-memory store): rebuild time, the
 *    JS heap the index alone holds (after GC, measured at the end without the stored texts), the snapshot's bytes and the snippet texts' bytes, the save
 *    and load (restore + checks) times.
 * 3. A fixed set of queries (single words, prefixes, phrases, filters, filters with words,
 *    non-Latin words taken from the corpus, an empty and a hostile query), each run R times
 *    (default 5) for a page of 50 results with snippets: p50 / p95 / max latency.
 * 4. A new clip is added and searched for, 20 times: the time until it is found.
 * Targets (issue 12): search p95 ≤ 30 ms, a new clip searchable in ≤ 200 ms, the index well under 60 MB.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ClipSearch } from '../src/search/clip-search';
import { DEFAULT_TEXT_CHARS, type ClipFields } from '../src/search/fields';
import { MemorySearchIndexStore } from '../src/search/store';
import { SearchIndex } from '../src/search/search-index';
import { loadOrExtract } from './bench/sync-articles';
import { clipOf, extractCorpus, type CorpusArticle } from './bench/search-corpus';
import { queriesOf } from './bench/search-queries';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapMB = () => {
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed / 1e6;
};

const argv = process.argv.slice(2);
const flag = (name: string) => {
  const i = argv.indexOf(`--${name}`);
  return i === -1 ? undefined : argv[i + 1];
};
const positional = argv.filter((a, i) => !a.startsWith('--') && !(i > 0 && argv[i - 1]!.startsWith('--')));
const corpusDir = positional[0] ?? fileURLToPath(new URL('../../shared/corpus/readability', import.meta.url));
const clips = Number(flag('clips') ?? 10_000);
const textChars = Number(flag('text-chars') ?? DEFAULT_TEXT_CHARS);
const runs = Number(flag('runs') ?? 5);
const cacheFile = flag('articles-cache') ?? null;
const jsonFile = flag('json');

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;
const ms = (x: number) => Math.round(x * 100) / 100;

async function main(): Promise<void> {
  const t0 = performance.now();
  const extraction = await loadOrExtract(cacheFile, async () => {
    const r = extractCorpus(corpusDir);
    return { articles: r.articles.map((a) => ({ name: a.name, page: a.page, rawBytes: 0 })), failures: r.failures };
  });
  const articles: CorpusArticle[] = extraction.articles.map((a) => ({ name: a.name, page: { ...a.page, text: a.page.text } }));
  if (articles.length === 0) throw new Error(`no article could be extracted from ${corpusDir}`);
  console.log(`${articles.length} articles (${extraction.cached ? 'cached' : 'extracted'}, ${extraction.failures.length} failed) in ${Math.round(performance.now() - t0)} ms`);

  const library = Array.from({ length: clips }, (_, i) => clipOf(articles, i));
  const textMB = library.reduce((n, c) => n + Math.min(c.text.length, textChars), 0) / 1e6;
  const before = heapMB();
  const store = new MemorySearchIndexStore();
  const search = await ClipSearch.open(store, { textChars });
  let t = performance.now();
  await search.rebuild(library);
  const rebuildMs = performance.now() - t;

  t = performance.now();
  await search.save();
  const saveMs = performance.now() - t;
  const snap = store.snapshot!;
  const snapshotBytes = (snap.chunks as string[]).reduce((n, c) => n + Buffer.byteLength(c), 0) + Buffer.byteLength(JSON.stringify(snap.header));
  const textBytes = [...store.texts.values()].reduce((n, s) => n + Buffer.byteLength(s), 0);
  t = performance.now();
  const loadMs = await (async () => {
    // In its own scope, so the restored copy is not counted in the heap below.
    const restored = SearchIndex.restore(await store.load(), { textChars });
    if (!restored.ok) throw new Error(`the saved index does not load: ${restored.problem}`);
    return performance.now() - t;
  })();

  const queries = queriesOf(articles, library[1]!.url, textChars);
  const lat: number[] = [];
  const perQuery: { q: string; total: number; p50: number }[] = [];
  for (const q of queries) await search.search(q); // warm-up
  for (const q of queries) {
    const own: number[] = [];
    let total = 0;
    for (let r = 0; r < runs; r++) {
      const s = performance.now();
      const res = await search.search(q, { limit: 50 });
      own.push(performance.now() - s);
      total = res.total;
    }
    lat.push(...own);
    perQuery.push({ q: q.length > 40 ? `${q.slice(0, 37)}…` : q, total, p50: ms(pct(own, 0.5)) });
  }

  const indexOne: number[] = [];
  for (let i = 0; i < 20; i++) {
    const fresh = { ...clipOf(articles, clips + i), id: `fresh${String(i).padStart(17, '0')}`, title: `Zebrafish migration ${i}` };
    const s = performance.now();
    await search.upsert(fresh);
    const found = await search.search(`zebrafish migration ${i}`, { limit: 5 });
    indexOne.push(performance.now() - s);
    if (!found.hits.some((h) => h.id === fresh.id)) throw new Error(`new clip ${i} not found`);
  }

  // The index alone: the snippet texts (in IndexedDB in the extension) and the saved snapshot let go.
  const heapAllMB = heapMB();
  store.texts.clear();
  store.snapshot = null;
  const indexHeapMB = heapMB() - before;

  const result = {
    clips,
    articles: articles.length,
    textChars,
    indexedTextMB: ms(textMB),
    queries: queries.length,
    searchP50Ms: ms(pct(lat, 0.5)),
    searchP95Ms: ms(pct(lat, 0.95)),
    searchMaxMs: ms(Math.max(...lat)),
    indexOneMs: ms(pct(indexOne, 0.5)),
    indexOneMaxMs: ms(Math.max(...indexOne)),
    rebuildMs: Math.round(rebuildMs),
    saveMs: Math.round(saveMs),
    loadMs: Math.round(loadMs),
    searchIndexBytes: snapshotBytes + textBytes,
    snapshotBytes,
    snippetTextBytes: textBytes,
    indexHeapMB: ms(indexHeapMB),
    heapUsedMB: ms(heapAllMB),
  };
  console.table(perQuery);
  console.log(JSON.stringify(result, null, 2));
  if (jsonFile) writeFileSync(jsonFile, JSON.stringify({ ...result, perQuery }, null, 2));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
