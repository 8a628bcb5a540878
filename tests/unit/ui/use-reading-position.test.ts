// @vitest-environment jsdom
/**
 * The reader's place (use-reading-position.ts): opened at the later of this device's place and
 * the synced one; saved here as the user scrolls, and sent to the library once per pause; saved
 * before a navigation, whose own scroll (the list's hash scrolls to the top) is not the user's,
 * while a navigation that keeps the reader (one highlight to another) goes on following scrolls.
 */
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TextModel } from '../../../src/capture/text-model';
import { loadReadingPosition, saveReadingPosition } from '../../../extension/ui/reading-position';
import { NAVIGATE_EVENT } from '../../../extension/ui/use-hash-route';
import { useReadingPosition } from '../../../extension/ui/use-reading-position';

/** 10 characters a line, 20 px a line, 1,000 lines: a page 20,000 px high in a 500 px window. */
const LINE = 20;
let y = 0;
let root: HTMLElement;
let host: HTMLElement;
const scrollTo = (top: number) => {
  y = Math.max(0, Math.min(top, 20_000 - 500));
  window.dispatchEvent(new Event('scroll'));
};

function model(): TextModel {
  return {
    root,
    text: 'x'.repeat(10_000),
    rangeOf: (o: number) => ({ getBoundingClientRect: () => ({ top: Math.floor(o / 10) * LINE - y, bottom: (Math.floor(o / 10) + 1) * LINE - y }) }),
  } as unknown as TextModel;
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.stubGlobal('ResizeObserver', class { observe() {} disconnect() {} });
  localStorage.clear();
  y = 0;
  Object.defineProperty(window, 'scrollY', { configurable: true, get: () => y });
  Object.defineProperty(window, 'innerHeight', { configurable: true, get: () => 500 });
  Object.defineProperty(document.documentElement, 'scrollHeight', { configurable: true, get: () => 20_000 });
  window.scrollTo = ((opts: ScrollToOptions | number, top?: number) => void (y = typeof opts === 'number' ? (top ?? 0) : (opts.top ?? 0))) as typeof window.scrollTo;
  root = document.createElement('article');
  host = document.createElement('div');
  document.body.append(root, host);
});
afterEach(async () => {
  await act(() => render(null, host));
  root.remove();
  host.remove();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

async function mount(synced: { offset: number; at: number } | null = null) {
  const reports: [number, number][] = [];
  const m = model();
  function Reader() {
    useReadingPosition('clip-1', m, false, synced, (offset, percent) => reports.push([offset, percent]));
    return null;
  }
  await act(() => render(h(Reader, {}), host));
  return reports;
}

const user = (top: number) => {
  window.dispatchEvent(new Event('wheel'));
  scrollTo(top);
};

describe('the reader’s place', () => {
  it('opens at the later of this device’s place and the synced one', async () => {
    saveReadingPosition('clip-1', 300, 1_000);
    await mount({ offset: 800, at: 2_000 });
    expect(y).toBe(80 * LINE);
    await act(() => render(null, host));
    saveReadingPosition('clip-1', 300, 3_000);
    await mount({ offset: 800, at: 2_000 });
    expect(y).toBe(30 * LINE);
  });

  it('saves a scroll here at once and sends it to the library once per pause, with how far was read', async () => {
    const reports = await mount();
    user(4_000);
    vi.advanceTimersByTime(300);
    expect(loadReadingPosition('clip-1')?.offset).toBe(2_000);
    user(5_000);
    vi.advanceTimersByTime(300);
    expect(reports).toEqual([]);
    vi.advanceTimersByTime(1_500);
    // The view's top at line 250; its bottom at line 275 of 1,000.
    expect(reports).toEqual([[2_500, 27]]);
  });

  it('saves a pending scroll when the panel navigates, and takes the navigation’s own scroll for none of the user’s', async () => {
    const reports = await mount();
    user(6_000);
    window.dispatchEvent(new Event(NAVIGATE_EVENT));
    expect(reports).toEqual([[3_000, 32]]);
    // The list's hash scrolls the window to the top while the reader is still there.
    scrollTo(0);
    vi.advanceTimersByTime(2_000);
    expect(reports).toEqual([[3_000, 32]]);
    expect(loadReadingPosition('clip-1')?.offset).toBe(3_000);
    // A navigation that keeps this reader (to a highlight): the user's scrolls count again after it.
    vi.advanceTimersByTime(100);
    user(8_000);
    vi.advanceTimersByTime(2_000);
    expect(reports).toEqual([[3_000, 32], [4_000, 42]]);
  });
});
