// @vitest-environment jsdom
/**
 * The reader's highlights are read again when the background announces a change to any clip
 * (`clipId: null`: a catalog reconciled whole after a synced change, which every first synced
 * change to a catalog after a background start is). Before the fix only an announcement naming
 * this clip was heard, so another device's new, recoloured or deleted highlights did not show in
 * an open reader.
 */
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { HIGHLIGHTS_CHANGED_CHANNEL } from '../../../src/schema/highlight';

let reads = 0;
vi.mock('../../../extension/messaging', () => ({
  background: vi.fn(async (method: string) => {
    if (method === 'clipHighlights') reads++;
    return { ok: true, value: { clipId: 'clipclipclipclipclip01', highlights: [] } };
  }),
}));

const { useClipHighlights } = await import('../../../extension/ui/use-highlights');
const wait = (ms: number) => act(() => new Promise<void>((r) => setTimeout(r, ms)));

describe("an open reader's highlights", () => {
  it('are read again when a change to this clip, or to any clip, is announced; not for another clip', async () => {
    function Probe() {
      useClipHighlights('clipclipclipclipclip01');
      return null;
    }
    const root = document.body.appendChild(document.createElement('div'));
    await act(() => render(h(Probe, null), root));
    await wait(30);
    expect(reads).toBe(1);
    const channel = new BroadcastChannel(HIGHLIGHTS_CHANGED_CHANNEL);
    channel.postMessage({ clipId: 'otherotherotherotherot' });
    await wait(60);
    expect(reads).toBe(1);
    channel.postMessage({ clipId: null });
    await wait(60);
    expect(reads).toBe(2);
    channel.postMessage({ clipId: 'clipclipclipclipclip01' });
    await wait(60);
    expect(reads).toBe(3);
    channel.close();
    await act(() => render(null, root));
  });
});
