// @vitest-environment jsdom
/**
 * A reader open on a clip whose images are listed but not on this device yet (sync brings
 * the clip's entry before the root lists its media document, or before the document
 * arrives) asks again on its own. Before, it showed "saved on another device" until
 * something else announced the clip: an announce comes only with the clip's entry, so
 * images arriving after it never showed in a reader already open.
 */
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { useFakeTimeRoot } from './fake-time';

let here = false;
let textOnly = false;
const asked: number[] = [];
const PNG = 'iVBORw0KGgo=';
vi.mock('../../../extension/messaging', () => ({
  background: vi.fn(async (_method: string, params: { from: number }) => {
    asked.push(params.from);
    const images = here && params.from === 0 ? [{ key: 'k1', type: 'image/png', width: 1, height: 1, base64: PNG }] : [];
    return { ok: true, value: { state: here ? 'saved' : 'elsewhere', pending: false, count: 1, bytes: 8, left: 0, reason: null, textOnly, images, next: null } };
  }),
}));

const { useReaderImages } = await import('../../../extension/ui/reader-images');

let shown: ReturnType<typeof useReaderImages> = null;
function Probe() {
  shown = useReaderImages('clip-1', { current: null }, false, []);
  return null;
}
const { root, advance } = useFakeTimeRoot();
beforeEach(() => {
  here = false;
  textOnly = false;
  asked.length = 0;
  shown = null;
  URL.createObjectURL = () => 'blob:x';
  URL.revokeObjectURL = () => undefined;
});

describe('images that arrive after the reader opened', () => {
  it('show without any announce: the reader asks again while they are elsewhere', async () => {
    await act(() => render(h(Probe, null), root()));
    await advance(0);
    expect(shown?.state).toBe('elsewhere');
    here = true;
    await advance(10_000);
    expect(shown?.state).toBe('saved');
    const after = asked.length;
    await advance(120_000);
    expect(asked.length).toBe(after); // once here, no more asking
  });

  it('asks less and less often while they stay elsewhere', async () => {
    await act(() => render(h(Probe, null), root()));
    await advance(0);
    await advance(60_000);
    const inFirstMinute = asked.length;
    await advance(60_000);
    expect(inFirstMinute).toBeGreaterThan(2);
    expect(asked.length - inFirstMinute).toBeLessThanOrEqual(2);
    expect(shown?.state).toBe('elsewhere');
  });

  it('does not ask again on a text-only device (the images are never kept here)', async () => {
    textOnly = true;
    await act(() => render(h(Probe, null), root()));
    await advance(0);
    const first = asked.length;
    await advance(60_000);
    expect(asked.length).toBe(first);
  });
});
