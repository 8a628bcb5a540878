import { afterEach, describe, expect, it, vi } from 'vitest';

describe('CJK words with a segmenter that calls a whole word not word-like (Firefox 153)', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.resetModules();
  });

  it('still indexes and queries the word', async () => {
    const Real = Intl.Segmenter;
    class Quirky {
      private readonly real: Intl.Segmenter;
      constructor(locale: string, opts: Intl.SegmenterOptions) {
        this.real = new Real(locale, opts);
      }
      *segment(s: string) {
        const all = [...this.real.segment(s)];
        // Firefox answers a run that is one dictionary word with isWordLike: false.
        for (const x of all) yield { ...x, isWordLike: all.length === 1 ? false : x.isWordLike };
      }
    }
    vi.stubGlobal('Intl', { ...Intl, Segmenter: Quirky });
    vi.resetModules();
    const { termsOf } = await import('../../../src/search/normalize');
    expect(termsOf('東京')).toEqual(['東京']);
    expect(termsOf('東京の朝')).toEqual(['東京', 'の', '朝']);
  });
});
