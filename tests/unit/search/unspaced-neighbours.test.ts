/**
 * A Latin word or a number next to CJK (or Thai…) with no space, "新款iPhone 15发布", is a word
 * of its own to the tokeniser (normalize.ts: a word never runs into a script written without
 * spaces), so the index finds it; the phrase check and the marks took the CJK character beside
 * it for more of the word: `"iphone 15"` found nothing, `iphone` was found but marked nowhere,
 * and the prefix `15` was marked over "15发布".
 */
import { describe, expect, it } from 'vitest';
import { ClipSearch } from '../../../src/search/clip-search';
import { parseQuery } from '../../../src/search/query';
import { containsPhrases, snippetOf, titleMarks } from '../../../src/search/snippet';
import { MemorySearchIndexStore } from '../../../src/search/store';
import { clip } from './helpers';

const TITLE = '新款iPhone 15发布';
const marked = (text: string, q: string) => titleMarks(text, parseQuery(q)).map((m) => text.slice(m.start, m.end));

describe('words beside CJK or Thai with no space between', () => {
  it('a phrase of them is found in the text, as the index found its words', async () => {
    expect(containsPhrases(TITLE, ['iphone 15'])).toBe(true);
    expect(containsPhrases('ราคาiPhone 15ถูก', ['iphone 15'])).toBe(true);
    const search = await ClipSearch.open(new MemorySearchIndexStore());
    await search.rebuild([clip('a', { title: TITLE, text: '苹果今天发布了新款iPhone 15手机。' }), clip('b', { title: 'Other', text: '新款iPhone 150发布' })]);
    expect((await search.search('"iphone 15"')).hits.map((h) => h.id)).toEqual(['a']);
  });

  it('still needs whole words: no phrase across a longer word, nor across a CJK word between', () => {
    expect(containsPhrases('新款iPhone 150发布', ['iphone 15'])).toBe(false);
    expect(containsPhrases('新款iPhones 15发布', ['iphone 15'])).toBe(false);
    expect(containsPhrases('iPhone新款15', ['iphone 15'])).toBe(false);
  });

  it('marks the word, a prefix to the end of its word and no further', () => {
    expect(marked(TITLE, 'iphone ')).toEqual(['iPhone']);
    expect(marked(TITLE, 'iph')).toEqual(['iPhone']);
    expect(marked(TITLE, 'iphone 15')).toEqual(['iPhone', '15']);
    expect(marked(TITLE, '15 发布')).toEqual(['15', '发布']);
    expect(marked('新款iPhones发布', 'iphone ')).toEqual([]);
    const s = snippetOf('苹果今天发布了新款iPhone 15手机。', parseQuery('iphone 15'));
    expect(s.marks.map((m) => s.text.slice(m.start, m.end))).toEqual(['iPhone', '15']);
  });
});
