// @vitest-environment jsdom
/**
 * A keystroke's answer brings passages for the rows first shown only (`snippets`, the background
 * reads no text for rows below the fold); the rest are asked for `REST_AFTER_MS` later, unless
 * the search changed meanwhile (typing on), and their answer replaces the page.
 */
import { act } from 'preact/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { searchProbe } from './search-probe';

const calls: Array<{ query: string; limit: number; snippets?: number }> = [];
vi.mock('../../../extension/messaging', () => ({
  background: vi.fn(async (_method: string, params: { query: string; limit: number; snippets?: number }) => {
    calls.push({ query: params.query, limit: params.limit, ...(params.snippets !== undefined && { snippets: params.snippets }) });
    return { ok: true, value: { status: 'ready', total: 40, hits: [], snippetsLeft: params.snippets !== undefined, n: calls.length } };
  }),
}));

const { useSearch, firstSnippets, REST_AFTER_MS, SEARCH_PAGE } = await import('../../../extension/ui/use-search');

const { mount, shown, answerNumber } = searchProbe(useSearch, SEARCH_PAGE);
beforeEach(() => void (calls.length = 0));
const wait = (ms: number) => act(() => new Promise<void>((r) => setTimeout(r, ms)));

describe('the passages of the rows below the fold', () => {
  it('are left out of the first answer, then asked for once and shown', async () => {
    expect(firstSnippets()).toBeGreaterThanOrEqual(6);
    expect(firstSnippets()).toBeLessThan(SEARCH_PAGE);
    await mount({ query: 'tide' });
    await wait(0);
    expect(calls).toEqual([{ query: 'tide', limit: SEARCH_PAGE, snippets: firstSnippets() }]);
    expect(answerNumber()).toBe(1);
    await wait(REST_AFTER_MS + 50);
    expect(calls).toEqual([
      { query: 'tide', limit: SEARCH_PAGE, snippets: firstSnippets() },
      { query: 'tide', limit: SEARCH_PAGE },
    ]);
    expect(answerNumber()).toBe(2);
    expect(shown()?.answeredQuery).toBe('tide');
    // The full answer asks for nothing more.
    await wait(REST_AFTER_MS + 50);
    expect(calls).toHaveLength(2);
  });

  it('are not asked for a search typed on before they were: only the newest gets them', async () => {
    await mount({ query: 'ti' });
    await wait(0);
    await mount({ query: 'tide' });
    await wait(REST_AFTER_MS + 50);
    expect(calls.map((c) => [c.query, c.snippets ?? null])).toEqual([
      ['ti', firstSnippets()],
      ['tide', firstSnippets()],
      ['tide', null],
    ]);
  });

  it('come with every hit when the limit was raised (results being scrolled to)', async () => {
    await mount({ query: 'tide' }, 2 * SEARCH_PAGE);
    await wait(REST_AFTER_MS + 50);
    expect(calls).toEqual([{ query: 'tide', limit: 2 * SEARCH_PAGE }]);
  });
});
