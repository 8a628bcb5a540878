// @vitest-environment jsdom
/**
 * A search's request leaves at the keystroke (`searchAhead`, called by the side panel from the
 * search box's handler), before the panel draws the results: the render that follows takes that
 * answer up instead of asking again. Only the request for what is shown is taken up; one for an
 * older keystroke, or one left waiting too long, is not.
 */
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { searchProbe } from './search-probe';

const calls: Array<{ query: string; limit: number }> = [];
vi.mock('../../../extension/messaging', () => ({
  background: vi.fn(async (_method: string, params: { query: string; limit: number }) => {
    calls.push({ query: params.query, limit: params.limit });
    return { ok: true, value: { status: 'ready', total: 1, hits: [], query: params.query, n: calls.length } };
  }),
}));

const { searchAhead, useSearch, SEARCH_PAGE } = await import('../../../extension/ui/use-search');
type Ask = Parameters<typeof useSearch>[0];

const { mount, shown, answerNumber } = searchProbe(useSearch, SEARCH_PAGE);
beforeEach(() => void (calls.length = 0));
afterEach(() => void vi.restoreAllMocks());
const settle = () => act(() => new Promise<void>((r) => setTimeout(r, 0)));

describe('a search sent ahead, at the keystroke', () => {
  it('is sent before the panel draws, and the results drawn next take its answer: one call, not two', async () => {
    const ask: Ask = { query: 'tide', filters: { state: 'all', tag: null } };
    searchAhead(ask);
    expect(calls).toEqual([{ query: 'tide', limit: SEARCH_PAGE }]);
    expect((window as unknown as { __cpSearchSentAt: { query: string } }).__cpSearchSentAt.query).toBe('tide');
    await mount(ask);
    await settle();
    expect(calls).toHaveLength(1);
    expect(shown()?.query).toBe('tide');
    expect(answerNumber()).toBe(1);
    // Taken up once: the same request sent ahead again is a new call.
    searchAhead(ask);
    expect(calls).toHaveLength(2);
  });

  it('is not taken up for another request: an older keystroke, other filters, or nothing typed', async () => {
    searchAhead({ query: 'tid', filters: { state: 'all', tag: null } });
    searchAhead({ query: 'tide', filters: { state: 'all', tag: null } });
    await mount({ query: 'tide', filters: { state: 'archived', tag: null } });
    await settle();
    expect(calls.map((c) => c.query)).toEqual(['tid', 'tide', 'tide']);
    expect(answerNumber()).toBe(3);
    searchAhead({ query: '   ' });
    expect(calls).toHaveLength(3);
  });

  it('is not taken up after a second: its answer may miss a change made since', async () => {
    const now = vi.spyOn(performance, 'now');
    now.mockReturnValue(1_000);
    const ask: Ask = { query: 'harbour' };
    searchAhead(ask);
    now.mockReturnValue(2_500);
    await mount(ask);
    await settle();
    expect(calls.map((c) => c.query)).toEqual(['harbour', 'harbour']);
    expect(answerNumber()).toBe(2);
  });
});
