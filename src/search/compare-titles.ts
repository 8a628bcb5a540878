const isDigit = (c: number) => c >= 48 && c <= 57;

/** How many ASCII digits start at `i` in `s`. */
function digitsAt(s: string, i: number): number {
  let j = i;
  while (j < s.length && isDigit(s.charCodeAt(j))) j++;
  return j - i;
}

/**
 * Two folded titles (`ClipFacts.title`) in Title A–Z order: by code unit, except that runs of
 * digits compare by their value ("part 2" before "part 10", "v1.9" before "v1.10"), and of two
 * equal values the one written with fewer digits first ("part 2" before "part 02"). A total
 * order: 0 only for equal titles. Why: by code unit alone, every "10" came before every "2",
 * and a series ("Part 1", "Part 10", "Part 2") read out of order. Case and accents are already
 * folded away; numbers of any length are compared without parsing them.
 */
export function compareTitles(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i === a.length || i === b.length) return a.length - b.length;
  const ca = a.charCodeAt(i);
  const cb = b.charCodeAt(i);
  // The digit run the difference falls in (it may start before it: "a1x" against "a10").
  let s = i;
  while (s > 0 && isDigit(a.charCodeAt(s - 1))) s--;
  if (!(isDigit(ca) && isDigit(cb)) && !(s < i && (isDigit(ca) || isDigit(cb)))) return ca - cb;
  const la = digitsAt(a, s);
  const lb = digitsAt(b, s);
  // Their values: without leading zeros, the longer is larger; as long, the first digit that differs.
  let za = 0;
  while (za < la - 1 && a.charCodeAt(s + za) === 48) za++;
  let zb = 0;
  while (zb < lb - 1 && b.charCodeAt(s + zb) === 48) zb++;
  if (la - za !== lb - zb) return la - za - (lb - zb);
  for (let k = 0; k < la - za; k++) {
    const d = a.charCodeAt(s + za + k) - b.charCodeAt(s + zb + k);
    if (d !== 0) return d;
  }
  // The same value: what follows, then the shorter spelling first.
  return compareTitles(a.slice(s + la), b.slice(s + lb)) || la - lb;
}
