// @vitest-environment jsdom
/**
 * A search that failed (the background restarting, a storage error) is asked again on its own:
 * before, its "Search failed" stayed until the user typed again or the index announced a change.
 */
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { useFakeTimeRoot } from './fake-time';

let failNext = 0;
const calls: string[] = [];
vi.mock('../../../extension/messaging', () => ({
  background: vi.fn(async (_method: string, params: { query: string }) => {
    calls.push(params.query);
    if (failNext > 0) return (failNext--, { ok: false, error: { code: 'interrupted', message: 'The background restarted.' } });
    return { ok: true, value: { status: 'ready', total: 1, totalExact: true, problems: [], progress: null, failure: null, hits: [] } };
  }),
}));

const { useSearch, SEARCH_PAGE } = await import('../../../extension/ui/use-search');

let shown: ReturnType<typeof useSearch> | null = null;
function Probe({ query }: { query: string }) {
  shown = useSearch({ query }, SEARCH_PAGE);
  return null;
}
const { root, advance } = useFakeTimeRoot();
beforeEach(() => {
  calls.length = 0;
  shown = null;
});

describe('a failed search', () => {
  it('is asked again after 2 s, then after longer waits, and its results replace the error', async () => {
    failNext = 2;
    await act(() => render(h(Probe, { query: 'harbour' }), root()));
    await advance(0);
    expect(shown?.error).toBe('The background restarted.');
    expect(calls).toEqual(['harbour']);
    await advance(1_900);
    expect(calls).toHaveLength(1);
    await advance(200);
    expect(calls).toHaveLength(2);
    expect(shown?.error).toBe('The background restarted.');
    // The second failure in a row: 4 s.
    await advance(3_800);
    expect(calls).toHaveLength(2);
    await advance(300);
    expect(calls).toHaveLength(3);
    expect(shown?.error).toBeNull();
    expect(shown?.page?.total).toBe(1);
    // Answered: not asked again.
    await advance(60_000);
    expect(calls).toHaveLength(3);
  });
});
