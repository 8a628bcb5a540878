/**
 * Text similarity for the clip benchmark: how close the saved article's text is to
 * the reference extraction (Readability's expected.html in the corpus).
 *
 * Tokens: after NFC normalisation and whitespace collapsing, a token is a run of
 * letters, marks and digits (`[\p{L}\p{M}\p{N}]+`), lower-cased — except that every
 * Han, Hiragana and Katakana character is a token of its own, since those scripts do
 * not separate words with spaces. Punctuation is ignored, so "foo." vs "foo" or a
 * bullet glyph added by a text renderer does not count as a difference.
 *
 * `tokenF1` (the headline figure): F1 over token multisets (bag of words), the
 * token-overlap F1 used e.g. by SQuAD and by boilerplate-removal benchmarks
 * (CleanEval-style). precision = |ours ∩ ref| / |ours|, recall = |ours ∩ ref| / |ref|
 * (multiset intersection), F1 = 2PR/(P+R). Linear time, robust to reordering of
 * whole blocks; it punishes missing content (recall) and boilerplate (precision).
 *
 * `levenshteinSimilarity`: 1 − (word-level Levenshtein distance / max(token counts)),
 * order-sensitive. Quadratic, so it is computed only when the product of the token
 * counts is at most `maxCells` (null otherwise).
 */

const TOKEN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]|[\p{L}\p{M}\p{N}]+/gu;

export function normalizeText(s: string): string {
  return s.normalize('NFC').replace(/\s+/g, ' ').trim();
}

export function tokens(s: string): string[] {
  const text = normalizeText(s).toLowerCase();
  return text.match(TOKEN) ?? [];
}

export interface F1 {
  precision: number;
  recall: number;
  f1: number;
}

export function tokenF1(ours: readonly string[], ref: readonly string[]): F1 {
  if (ours.length === 0 && ref.length === 0) return { precision: 1, recall: 1, f1: 1 };
  if (ours.length === 0 || ref.length === 0) return { precision: 0, recall: 0, f1: 0 };
  const counts = new Map<string, number>();
  for (const t of ref) counts.set(t, (counts.get(t) ?? 0) + 1);
  let common = 0;
  for (const t of ours) {
    const c = counts.get(t);
    if (c) {
      common++;
      counts.set(t, c - 1);
    }
  }
  const precision = common / ours.length;
  const recall = common / ref.length;
  return { precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall) };
}

export function levenshteinSimilarity(a: readonly string[], b: readonly string[], maxCells = 200_000_000): number | null {
  if (a.length === 0 && b.length === 0) return 1;
  if (a.length * b.length > maxCells) return null;
  // Intern tokens as integers so the inner loop compares numbers.
  const ids = new Map<string, number>();
  const intern = (xs: readonly string[]) => Int32Array.from(xs, (t) => ids.get(t) ?? (ids.set(t, ids.size), ids.size - 1));
  const x = intern(a);
  const y = intern(b);
  let prev = new Int32Array(y.length + 1);
  let cur = new Int32Array(y.length + 1);
  for (let j = 0; j <= y.length; j++) prev[j] = j;
  for (let i = 1; i <= x.length; i++) {
    cur[0] = i;
    const xi = x[i - 1]!;
    for (let j = 1; j <= y.length; j++) {
      const sub = prev[j - 1]! + (xi === y[j - 1] ? 0 : 1);
      const del = prev[j]! + 1;
      const ins = cur[j - 1]! + 1;
      cur[j] = sub < del ? (sub < ins ? sub : ins) : del < ins ? del : ins;
    }
    [prev, cur] = [cur, prev];
  }
  return 1 - prev[y.length]! / Math.max(x.length, y.length);
}

/** Both measures for two texts. */
export function compareTexts(ours: string, ref: string): { f1: F1; levenshtein: number | null; oursTokens: number; refTokens: number } {
  const a = tokens(ours);
  const b = tokens(ref);
  return { f1: tokenF1(a, b), levenshtein: levenshteinSimilarity(a, b), oursTokens: a.length, refTokens: b.length };
}

/** Metadata strings compared as the benchmark defines: trimmed, whitespace collapsed, case-insensitive; null ≡ empty. */
export function normMeta(v: unknown): string {
  if (v === null || v === undefined) return '';
  return normalizeText(String(v)).toLowerCase();
}
