import { useEffect, useState } from 'preact/hooks';
import { IMAGES_CHANNEL } from '../../src/images/image-queue';
import type { ClipImages } from '../../src/images/schemas';
import { background } from '../messaging';

/** Asked from beyond any clip's last image: the state alone, no bytes. */
const NO_BYTES = 1_000_000;

/** A clip's image state (saving, saved, left out), asked again when its images are saved; null before the first answer or without a clip. */
export function useImageState(clipId: string | null): Omit<ClipImages, 'images' | 'next'> | null {
  const [state, setState] = useState<Omit<ClipImages, 'images' | 'next'> | null>(null);
  useEffect(() => {
    if (!clipId) return;
    let live = true;
    const ask = async () => {
      const res = await background('getClipImages', { clipId: clipId as never, from: NO_BYTES });
      if (!live || !res.ok) return;
      const { images: _i, next: _n, ...rest } = res.value;
      setState(rest);
    };
    const channel = new BroadcastChannel(IMAGES_CHANNEL);
    channel.onmessage = (e: MessageEvent<{ clipId?: string }>) => void (e.data?.clipId === clipId && ask());
    void ask();
    return () => {
      live = false;
      channel.close();
    };
  }, [clipId]);
  return state;
}

/** The popup's line about a clip's images: "Saving images…", "12 images saved · 1 not saved", or '' when it has none. */
export function imageStateLine(s: Omit<ClipImages, 'images' | 'next'> | null): string {
  if (!s) return '';
  if (s.pending) return 'Saving images…';
  const parts = [];
  if (s.count > 0) parts.push(`${s.count} image${s.count === 1 ? '' : 's'} saved`);
  if (s.left > 0) parts.push(`${s.left} not saved${s.reason ? ` (${s.reason})` : ''}`);
  return parts.join(' · ');
}
