/**
 * Anchoring benchmark: do highlights made on a live page find their passage again, in the
 * article Commonplace stores and in changed versions of the page, and how fast?
 *
 *   npm run bench:anchoring -- <corpus-dir> [--json <file>] [--passages N] [--seed S] [--limit N]
 *
 * Corpus layout (Readability's test pages; see ../shared/corpus/README.md): one folder per
 * page with source.html (the live page) and expected.html (its article). Runs in Node with
 * jsdom; no browser. Per page:
 * - passages: N (default 20) distinct passages of 1 to 3 sentences from one paragraph of the
 *   expected article's text, seeded (`--seed`, default 20260501), each found exactly once in the
 *   live page's text (scripts/bench/anchoring-pages.ts, `samplePassages`); they may overlap;
 * - each is described (`describe`) as a DOM Range on the live page's `document.body`;
 * - and anchored (`anchor`, one text model per root) in: `saved`, the article Commonplace
 *   stores for the page (`extractFromDocument` on the live page, its HTML parsed again, as
 *   the reader and `textOfHtml` see it); `whitespace`, the live page with every whitespace run
 *   changed; `inserted`, with two paragraphs inserted before each passage's block; `edited`,
 *   with one interior word of each passage replaced (one copy per layer of passages that do not
 *   overlap); `moved`, with each passage's block moved to the end of the page.
 * - A result is exact (found by range, position or quote) or fuzzy when the anchored text
 *   equals the passage (after the edit, for `edited`), whitespace normalised, where the passage
 *   now is (its DOM positions followed through the change); wrong when it anchored anything
 *   else; orphan when not found. In `saved` only the text is compared, and a passage the stored
 *   article does not contain at all is left out (counted as absent).
 * - p95Ms: 95th percentile of one `anchor` call with the root's text model built;
 *   anchor500Ms: `anchorAll` of 500 highlights (model build included) on the page with the
 *   longest text, median of 3 runs after a warm-up, the larger of: in a fresh parse of the live
 *   page, and in its saved copy.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { anchor, anchorAll, describe } from '../src/anchoring/anchor';
import { extractFromDocument } from '../src/capture/extract';
import type { TextModel } from '../src/capture/text-model';
import { textModelOf } from '../src/capture/text-model';
import { htmlToText } from '../src/capture/text';
import type { HighlightTarget } from '../src/schema/selectors';
import type { Passage } from './bench/anchoring-pages';
import { bodyModel, editWords, insertParagraphs, moveSections, normalise, benchWindow, parsePage, perturbWhitespace, placesAfter, pointsOf, prng, samplePassages } from './bench/anchoring-pages';
import { intFlag, pad, parseArgs, percentile, round } from './bench/stats';

const PERTURBATIONS = ['saved', 'whitespace', 'inserted', 'edited', 'moved'] as const;
type Perturbation = (typeof PERTURBATIONS)[number];

interface Counts {
  total: number;
  exact: number;
  fuzzy: number;
  wrong: number;
  orphan: number;
  p95Ms: number;
}
interface Tally extends Omit<Counts, 'p95Ms'> {
  times: number[];
  methods: Record<string, number>;
}
interface Miss {
  page: string;
  perturbation: Perturbation;
  passage: string;
  result: 'wrong' | 'orphan';
  got?: string;
  method?: string;
}

const tally = (): Tally => ({ total: 0, exact: 0, fuzzy: 0, wrong: 0, orphan: 0, times: [], methods: {} });

function main(): void {
  const { flags, positional } = parseArgs(process.argv.slice(2));
  const dir = positional[0];
  if (!dir) throw new Error('usage: npm run bench:anchoring -- <corpus-dir> [--json <file>] [--passages N] [--seed S] [--limit N]');
  const perPage = intFlag(flags, 'passages', 20);
  const seed = intFlag(flags, 'seed', 20260501);
  const limit = intFlag(flags, 'limit', Number.MAX_SAFE_INTEGER);
  const jsonPath = flags.get('json');
  const pages = readdirSync(dir)
    .filter((n) => existsSync(join(dir, n, 'source.html')) && existsSync(join(dir, n, 'expected.html')))
    .sort()
    .slice(0, limit);

  const by = Object.fromEntries(PERTURBATIONS.map((p) => [p, tally()])) as Record<Perturbation, Tally>;
  const misses: Miss[] = [];
  /** Text model builds on a document already walked once (jsdom makes each node's wrapper on first touch), and on fresh ones. */
  const modelMs: number[] = [];
  const coldMs: number[] = [];
  const short: string[] = [];
  const textMismatches: string[] = [];
  const failures: Array<{ page: string; reason: string }> = [];
  let absent = 0;
  const absentPassages: Array<{ page: string; passage: string }> = [];
  let largest: { name: string; length: number } = { name: '', length: 0 };
  const t0 = performance.now();

  for (const name of pages) {
    try {
      const source = readFileSync(join(dir, name, 'source.html'), 'utf8');
      const url = `https://corpus.example/${name}/`;
      const rand = prng(seed ^ hash(name));
      const live = parsePage(source, url);
      const liveModel = timed(coldMs, () => bodyModel(live));
      timed(modelMs, () => bodyModel(live));
      if (liveModel.text.length > largest.length) largest = { name, length: liveModel.text.length };
      const expected = textModelOf(parsePage(readFileSync(join(dir, name, 'expected.html'), 'utf8'), url).body).text;
      const passages = samplePassages(expected, liveModel.text, perPage, rand);
      if (passages.length < perPage) short.push(`${name} (${passages.length})`);
      const targets = passages.map((p) => describeOrThrow(p, liveModel.text, live.body, liveModel));

      // The saved copy: what Commonplace stores, parsed again as the reader has it.
      const page = extractFromDocument(live, { kind: 'page', pageUrl: url, win: benchWindow });
      const saved = parsePage(`<!doctype html><body>${page.html}</body>`, url);
      const savedModel = timed(coldMs, () => bodyModel(saved));
      if (savedModel.text !== page.text) textMismatches.push(name);
      const savedText = normalise(savedModel.text);
      const present = passages.map((p) => savedText.includes(normalise(p.text)));
      absent += present.filter((x) => !x).length;
      passages.forEach((p, i) => present[i] || absentPassages.push({ page: name, passage: p.text }));
      /** Anchors every passage's target in `doc`; `places`: where each passage really is (null: compare text only). */
      const run = (perturbation: Perturbation, doc: Document, model: TextModel, places: ReadonlyArray<{ start: number; end: number }> | null, only?: readonly number[]) => {
        passages.forEach((p, i) => {
          if ((!places && !present[i]) || (only && !only.includes(i))) return;
          const t = by[perturbation];
          const begin = performance.now();
          const found = anchor(targets[i]!, doc.body, { model });
          t.times.push(performance.now() - begin);
          t.total++;
          const place = places?.[i];
          const wanted = place ? model.text.slice(place.start, place.end) : p.text;
          if (!found) {
            t.orphan++;
            misses.push({ page: name, perturbation, passage: wanted, result: 'orphan' });
            return;
          }
          t.methods[found.method] = (t.methods[found.method] ?? 0) + 1;
          const got = model.text.slice(found.start, found.end);
          const there = !place || (found.start < place.end && place.start < found.end);
          if (there && normalise(got) === normalise(wanted)) t[found.method === 'fuzzy' ? 'fuzzy' : 'exact']++;
          else {
            t.wrong++;
            misses.push({ page: name, perturbation, passage: wanted, result: 'wrong', got, method: found.method });
          }
        });
      };
      run('saved', saved, savedModel, null);

      const ws = parsePage(source, url);
      perturbWhitespace(ws, rand);
      const wsModel = timed(modelMs, () => bodyModel(ws));
      if (wsModel.text !== liveModel.text) failures.push({ page: name, reason: 'whitespace perturbation changed the text model' });
      run('whitespace', ws, wsModel, passages);

      const ins = parsePage(source, url);
      const insPoints = pointsOf(bodyModel(ins), passages);
      insertParagraphs(ins, bodyModel(ins), passages, rand);
      const insModel = timed(modelMs, () => bodyModel(ins));
      run('inserted', ins, insModel, placesAfter(insModel, insPoints));

      // One edited copy per layer of passages that do not overlap, so each passage has exactly one word edited.
      for (const layer of layers(passages)) {
        const ed = parsePage(source, url);
        const edModel0 = bodyModel(ed);
        const sub = layer.map((i) => passages[i]!);
        const edPoints = pointsOf(edModel0, sub);
        const edits = editWords(edModel0, sub, rand);
        const edModel = timed(modelMs, () => bodyModel(ed));
        const where = placesAfter(edModel, edPoints, edits);
        const places = passages.map((_, i) => where[layer.indexOf(i)] ?? { start: -1, end: -1 });
        run('edited', ed, edModel, places, layer);
      }

      const mv = parsePage(source, url);
      const mvPoints = pointsOf(bodyModel(mv), passages);
      moveSections(mv, bodyModel(mv), passages);
      const mvModel = timed(modelMs, () => bodyModel(mv));
      run('moved', mv, mvModel, placesAfter(mvModel, mvPoints));
      process.stderr.write('.');
    } catch (e) {
      failures.push({ page: name, reason: e instanceof Error ? e.message : String(e) });
      process.stderr.write('x');
    }
  }
  process.stderr.write('\n');

  const many = anchor500(dir, largest.name, seed);
  const counts = (t: Tally): Counts => ({ total: t.total, exact: t.exact, fuzzy: t.fuzzy, wrong: t.wrong, orphan: t.orphan, p95Ms: round(percentile(t.times, 95), 3) });
  const all = PERTURBATIONS.reduce((acc, p) => {
    const t = by[p];
    return { ...acc, total: acc.total + t.total, exact: acc.exact + t.exact, fuzzy: acc.fuzzy + t.fuzzy, wrong: acc.wrong + t.wrong, orphan: acc.orphan + t.orphan, times: acc.times.concat(t.times) };
  }, tally());
  const summary = { ...counts(all), anchor500Ms: round(Math.max(many.liveMs, many.savedMs), 1) };
  const byPerturbation = Object.fromEntries(PERTURBATIONS.map((p) => [p, counts(by[p])])) as Record<Perturbation, Counts>;

  const pct = (t: Tally) => (t.total === 0 ? '—' : `${((100 * (t.exact + t.fuzzy)) / t.total).toFixed(2)}%`);
  console.log(`\n${pages.length} pages, ${by.whitespace.total} passages, ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  console.log(`${pad('', 12)}${pad('total', 7, true)}${pad('exact', 7, true)}${pad('fuzzy', 7, true)}${pad('wrong', 7, true)}${pad('orphan', 8, true)}${pad('correct', 9, true)}${pad('p95 ms', 9, true)}  methods`);
  for (const p of PERTURBATIONS) {
    const t = by[p];
    const c = counts(t);
    console.log(`${pad(p, 12)}${pad(c.total, 7, true)}${pad(c.exact, 7, true)}${pad(c.fuzzy, 7, true)}${pad(c.wrong, 7, true)}${pad(c.orphan, 8, true)}${pad(pct(t), 9, true)}${pad(c.p95Ms, 9, true)}  ${JSON.stringify(t.methods)}`);
  }
  console.log(`${pad('all', 12)}${pad(all.total, 7, true)}${pad(all.exact, 7, true)}${pad(all.fuzzy, 7, true)}${pad(all.wrong, 7, true)}${pad(all.orphan, 8, true)}${pad(pct(all), 9, true)}${pad(summary.p95Ms, 9, true)}`);
  console.log(`\npassages absent from the saved article (left out of "saved"): ${absent}`);
  const stats = (xs: number[]) => `p50 ${round(percentile(xs, 50), 2)} ms, p95 ${round(percentile(xs, 95), 2)} ms, max ${round(Math.max(...xs), 2)} ms`;
  console.log(`text model build: ${stats(modelMs)} (${modelMs.length} builds); on a fresh jsdom document: ${stats(coldMs)} (${coldMs.length})`);
  console.log(`500 highlights on ${largest.name} (${largest.length.toLocaleString('en-US')} chars): live page ${round(many.liveMs, 1)} ms (${many.liveFound} found), saved copy ${round(many.savedMs, 1)} ms (${many.savedFound} found)`);
  if (short.length) console.log(`pages with fewer than ${perPage} usable passages: ${short.join(', ')}`);
  if (textMismatches.length) console.log(`saved text differs from the text model of its HTML: ${textMismatches.join(', ')}`);
  for (const f of failures) console.log(`FAILED ${f.page}: ${f.reason}`);
  for (const m of misses.filter((x) => x.result === 'wrong')) console.log(`WRONG ${m.page} [${m.perturbation}, ${m.method}]\n  want: ${m.passage.slice(0, 160)}\n  got:  ${m.got?.slice(0, 160)}`);
  for (const m of misses.filter((x) => x.result === 'orphan')) console.log(`orphan ${m.page} [${m.perturbation}]: ${m.passage.slice(0, 120)}`);

  if (typeof jsonPath === 'string') {
    const details = { pages: pages.length, passagesPerPage: perPage, seed, absentFromSaved: absent, modelBuildP95Ms: round(percentile(modelMs, 95), 2), modelBuildMaxMs: round(Math.max(...modelMs), 2), modelBuildColdP95Ms: round(percentile(coldMs, 95), 2), modelBuildColdMaxMs: round(Math.max(...coldMs), 2), anchor500: { page: largest.name, ...many }, absentPassages, short, textMismatches, failures, misses };
    writeFileSync(jsonPath, JSON.stringify({ summary, byPerturbation, details }, null, 2));
    console.log(`\nwrote ${jsonPath}`);
  }
}

/** A passage as a DOM range on the live page, described; throws if it cannot be (a bug). */
function describeOrThrow(p: Passage, liveText: string, root: Element, model: TextModel): HighlightTarget {
  const r = describe(model.rangeOf(p.start, p.end), root, { model });
  if (!r.ok) throw new Error(`describe failed: ${r.error.message}`);
  if (r.value.quote.exact !== liveText.slice(p.start, p.end)) throw new Error(`describe quoted "${r.value.quote.exact.slice(0, 60)}" for "${p.text.slice(0, 60)}"`);
  return r.value;
}

/**
 * 500 highlights of one page (sentences of its text, described on it): `anchorAll` timed,
 * model build included, in a fresh parse of the live page and in its saved copy; each the
 * median of 3 runs after a warm-up run.
 */
function anchor500(dir: string, name: string, seed: number): { liveMs: number; liveFound: number; savedMs: number; savedFound: number } {
  const source = readFileSync(join(dir, name, 'source.html'), 'utf8');
  const url = `https://corpus.example/${name}/`;
  const live = parsePage(source, url);
  const model = bodyModel(live);
  const rand = prng(seed);
  const targets: HighlightTarget[] = [];
  const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });
  const spans = [...segmenter.segment(model.text)].filter((s) => s.segment.trim().length >= 20);
  for (let i = 0; i < 500 && spans.length > 0; i++) {
    const s = spans[Math.floor(rand() * spans.length)]!;
    const r = describe(model.rangeOf(s.index, s.index + s.segment.length), live.body, { model });
    if (r.ok) targets.push(r.value);
  }
  const page = extractFromDocument(live, { kind: 'page', pageUrl: url, win: benchWindow });
  const measure = (html: string): { ms: number; found: number } => {
    const runs: Array<{ ms: number; found: number }> = [];
    for (let k = 0; k < 4; k++) {
      const doc = parsePage(html, url);
      htmlToText(doc.body); // jsdom makes each node's wrapper on first touch: not the anchoring's cost
      const t = performance.now();
      const found = anchorAll(targets, doc.body).filter(Boolean).length;
      runs.push({ ms: performance.now() - t, found });
    }
    const sorted = runs.slice(1).sort((a, b) => a.ms - b.ms);
    return sorted[1]!;
  };
  const onLive = measure(source);
  const onSaved = measure(`<!doctype html><body>${page.html}</body>`);
  return { liveMs: onLive.ms, liveFound: onLive.found, savedMs: onSaved.ms, savedFound: onSaved.found };
}

/** Passage indices split into layers whose passages do not overlap (greedy, in text order). */
function layers(passages: readonly Passage[]): number[][] {
  const out: Array<{ end: number; members: number[] }> = [];
  passages
    .map((p, i) => ({ p, i }))
    .sort((a, b) => a.p.start - b.p.start)
    .forEach(({ p, i }) => {
      const layer = out.find((l) => l.end <= p.start);
      if (layer) {
        layer.members.push(i);
        layer.end = p.end;
      } else out.push({ end: p.end, members: [i] });
    });
  return out.map((l) => l.members);
}

function timed<T>(into: number[], f: () => T): T {
  const t = performance.now();
  const v = f();
  into.push(performance.now() - t);
  return v;
}

/** FNV-1a of a page name: each page gets its own seeded sequence. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

main();
