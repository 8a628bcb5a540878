/**
 * Review (full-page copies): `snapshotTab` (extension/snapshot/snapshot-tab.ts) asked the page
 * for its copy (`snapshotPage`), and injected the producer into a page that did not take it at
 * once, with no time limit. A page that never answers (stuck in a script, showing an alert(), a
 * frozen tab) left the copy waiting for ever: "Save full page" never said how it went, and the
 * queue of copies kept with every page (one at a time, its worker kept awake) made none again.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';

type Injection = { target: { allFrames?: boolean; frameIds?: number[] } };
/** What the browser's executeScript does with the producer's file (the page is stuck: nothing). */
const script = vi.hoisted(() => ({ run: (_i: Injection): Promise<unknown> => new Promise(() => undefined) }));

vi.mock('wxt/browser', async () => {
  const { fakeBrowser, overrides } = await import('../protocol/fake-browser');
  overrides.scripting = { executeScript: (i: unknown) => script.run(i as Injection) };
  return { browser: fakeBrowser };
});
/** The content script's calls: never answered (the page is stuck). */
vi.mock('../../../extension/messaging', () => ({ contentOf: () => () => new Promise(() => undefined) }));

const { snapshotTab, PAGE_SNAPSHOT_MS } = await import('../../../extension/snapshot/snapshot-tab');

afterEach(() => vi.useRealTimers());

/** Lets `ms` pass; whether `p` settled meanwhile, and how. */
async function after<T>(p: Promise<T>, ms: number): Promise<{ settled: boolean; error?: unknown }> {
  let out: { settled: boolean; error?: unknown } = { settled: false };
  p.then(() => (out = { settled: true }), (error: unknown) => (out = { settled: true, error }));
  await vi.advanceTimersByTimeAsync(ms);
  return out;
}

describe('a page that never answers a full-page copy', () => {
  it('the copy fails with a message that says what to do, once its time limit has passed', async () => {
    vi.useFakeTimers();
    // The producer runs (the page took it), then the page never answers `snapshotPage`.
    script.run = async () => [{ frameId: 0, result: { root: true, loaded: true } }];
    const got = await after(snapshotTab(7), PAGE_SNAPSHOT_MS + 1_000);
    expect(got.settled).toBe(true);
    expect(got.error).toMatchObject({ code: 'frame-unreachable', message: expect.stringMatching(/did not answer/) });
  });

  it('a page that takes no script at all (stuck before the producer ran) fails too, not as a forbidden page', async () => {
    vi.useFakeTimers();
    script.run = () => new Promise(() => undefined);
    const got = await after(snapshotTab(7), PAGE_SNAPSHOT_MS + 60_000);
    expect(got.settled).toBe(true);
    expect(got.error).toMatchObject({ code: 'frame-unreachable', message: expect.stringMatching(/did not answer/) });
  });
});
