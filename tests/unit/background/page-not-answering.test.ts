import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('wxt/browser', async () => {
  const { fakeBrowser, overrides } = await import('../protocol/fake-browser');
  overrides.tabs = { get: async () => ({ id: 7, url: 'https://example.com/story', incognito: false }) };
  return { browser: fakeBrowser };
});
/** The content script's calls: `answer` says what each gives (never: a page blocked by an alert()). */
let answer: () => Promise<unknown> = () => new Promise(() => undefined);
vi.mock('../../../extension/messaging', () => ({ contentOf: () => () => answer(), offscreen: () => undefined }));

const { capturePage, captureSelection, PAGE_ANSWER_MS } = await import('../../../extension/background/capture');

afterEach(() => vi.useRealTimers());

describe('a page that never answers a capture (a dialog open, a script stuck)', () => {
  it('"Save page" fails with a message that says what to do, once the time limit has passed', async () => {
    vi.useFakeTimers();
    answer = () => new Promise(() => undefined);
    const saving = capturePage(7);
    const seen = expect(saving).rejects.toMatchObject({ code: 'frame-unreachable', message: expect.stringMatching(/did not answer.*dialog/) });
    await vi.advanceTimersByTimeAsync(PAGE_ANSWER_MS + 10);
    await seen;
  });

  it('"Save selection" falls back to the text the menu reported', async () => {
    vi.useFakeTimers();
    answer = () => new Promise(() => undefined);
    const saving = captureSelection(7, 0, 'The selected words.');
    await vi.advanceTimersByTimeAsync(PAGE_ANSWER_MS + 10);
    expect(await saving).toMatchObject({ kind: 'selection', text: 'The selected words.' });
  });
});
