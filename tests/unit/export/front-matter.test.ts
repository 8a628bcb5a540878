import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { frontMatter, yamlString } from '../../../src/export/front-matter';

/** A random string drawn from characters YAML treats specially. */
function nasty(seed: number): string {
  const pool = ['a', ' ', ':', '"', "'", '\\', '\n', '\r', '\t', '#', '-', '---', '\u0000', '\u0007', '\u007f', '\u0085', '\u00a0', '\u2028', '\u2029', '\ufeff', 'é', '中', '😀', '\ud800', '\udc00', '{', '}', '[', ']', '&', '*', '!', '|', '>', '%', '@', '`', 'null', 'true', '1e3', '0x1F'];
  let x = seed * 2654435761;
  let s = '';
  for (let i = 0; i < 1 + (seed % 17); i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    s += pool[x % pool.length];
  }
  return s;
}

const wellFormed = (s: string) => s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\ufffd');

describe('YAML front matter', () => {
  it('reads back every string exactly, whatever it holds (2,000 random strings)', () => {
    for (let seed = 1; seed <= 2000; seed++) {
      const s = nasty(seed);
      expect(parseYaml(`v: ${yamlString(s)}`), JSON.stringify(s)).toEqual({ v: wellFormed(s) });
    }
  });

  it('keeps a title that tries to end the block or add keys to one string', () => {
    const title = 'a: b\n---\nevil: "yes"\n...';
    const block = frontMatter([['title', title], ['tags', ['x: y', '- z']], ['n', 3], ['none', null], ['empty', []], ['ok', true]]);
    expect(block.split('\n').filter((l) => l === '---')).toHaveLength(2);
    expect(parseYaml(block.slice(4, -5))).toEqual({ title, tags: ['x: y', '- z'], n: 3, none: null, empty: [], ok: true });
  });

  it('refuses a key that is not a plain name', () => {
    expect(() => frontMatter([['a: b', 'x']])).toThrow(/plain name/);
  });
});
