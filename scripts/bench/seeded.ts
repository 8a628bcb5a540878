/**
 * A deterministic pseudo-random generator (mulberry32): numbers in [0, 1) from a 32-bit seed.
 * One definition for the benchmarks' libraries and the unit tests' random cases, so a failure
 * or a figure can be rebuilt from its seed.
 */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
