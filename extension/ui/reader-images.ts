/**
 * The reader's saved images: asked of the background (`getClipImages`, bytes as base64, a
 * page at a time), shown from blob: URLs (the pages' CSP allows `img-src blob:`, nothing
 * remote). Each image the reader sanitiser replaced by its text label (`data-media`, see
 * `sanitizeForReaderMedia`) gets its saved image inside that label, so no element before or
 * after it moves and the text model (which leaves labels out) and highlights are unchanged;
 * one not saved keeps its alt text, with a note saying why (its own reason, `missing`). Inline SVG drawings of the article are shown
 * the same way, from their own markup made inert (src/sanitize/svg.ts).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { leftOutNote } from '../../src/images/budget';
import { imageKey } from '../../src/images/image-list';
import { missingImageNote } from '../../src/images/left-reasons';
import { IMAGES_CHANNEL } from '../../src/images/image-queue';
import type { ClipImages } from '../../src/images/schemas';
import type { DomWindow, ReaderMedia } from '../../src/sanitize/sanitize';
import { createSvgSanitizer } from '../../src/sanitize/svg';
import { fromBase64 } from '../../src/util/base64';
import { background } from '../messaging';

/** Asked from beyond any clip's last image: the state alone, no bytes. */
const NO_BYTES = 1_000_000;

/** The first wait before asking again for images listed but not here yet; each wait doubles, up to `RECHECK_MAX_MS`. */
const RECHECK_FIRST_MS = 2_000;
const RECHECK_MAX_MS = 30_000;

/** Whether the image state `now` differs from the one shown (null: nothing shown yet). */
export function imagesChanged(shown: ImagesInfo | null, now: ImagesInfo): boolean {
  if (!shown) return false;
  return shown.state !== now.state || shown.count !== now.count || shown.bytes !== now.bytes || shown.left !== now.left || shown.pending !== now.pending;
}

/** A clip's images as the reader shows their state. */
export type ImagesInfo = Omit<ClipImages, 'images' | 'next'>;

/** Every saved image of a clip, as blob: URLs by blob name, and its image state; asked again when its images are saved, and while they are listed but not here yet. */
function useSavedImages(clipId: string): { urls: Map<string, string> | null; info: ImagesInfo | null } {
  const [urls, setUrls] = useState<Map<string, string> | null>(null);
  const [info, setInfo] = useState<ImagesInfo | null>(null);
  const [round, setRound] = useState(0);
  // blob: URLs made for this clip, released when another clip opens (an image shown may still use one).
  const made = useClipUrls(clipId);
  const shown = useRef<ImagesInfo | null>(null);
  shown.current = info;
  /** Whether the clip's image state now differs from the one shown (asked without bytes): then they are asked for again. */
  const changed = async (): Promise<boolean> => {
    const res = await background('getClipImages', { clipId: clipId as never, from: NO_BYTES });
    return res.ok && imagesChanged(shown.current, res.value);
  };
  useEffect(() => {
    const channel = new BroadcastChannel(IMAGES_CHANNEL);
    channel.onmessage = (e: MessageEvent<{ clipId?: string; synced?: boolean }>) => {
      if (e.data?.clipId !== clipId) return;
      if (!e.data.synced) return setRound((n) => n + 1);
      // Changed through sync: ask again only if its images did (not for a tag or a read state).
      void changed().then((yes) => yes && setRound((n) => n + 1));
    };
    return () => channel.close();
  }, [clipId]);
  // Listed but not here yet ('elsewhere': sync brought the clip's entry before the root listed its
  // media document, or before that document arrived). An announce comes only with the entry, so
  // the reader asks again on its own, less and less often, until they are here. Not on a
  // text-only device: there they are never kept.
  useEffect(() => {
    if (info?.state !== 'elsewhere' || info.textOnly) return;
    let live = true;
    let wait = RECHECK_FIRST_MS;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const later = () => {
      timer = setTimeout(async () => {
        const yes = await changed();
        if (!live) return;
        if (yes) return setRound((n) => n + 1);
        wait = Math.min(wait * 2, RECHECK_MAX_MS);
        later();
      }, wait);
    };
    later();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [clipId, info]);
  useEffect(() => {
    let live = true;
    const urls = new Map<string, string>();
    void (async () => {
      let from: number | null = 0;
      let last: ClipImages | null = null;
      while (from !== null && live) {
        const res: Awaited<ReturnType<typeof background<'getClipImages'>>> = await background('getClipImages', { clipId: clipId as never, from });
        if (!res.ok) break;
        last = res.value;
        for (const img of res.value.images) urls.set(img.key, made(URL.createObjectURL(new Blob([fromBase64(img.base64) as BlobPart], { type: img.type }))));
        from = res.value.next;
      }
      if (!live) return;
      const { images: _images, next: _next, ...state } = last ?? { state: 'none' as const, pending: false, count: 0, bytes: 0, left: 0, reason: null, images: [], next: null };
      setInfo(state);
      setUrls(urls);
    })();
    return () => {
      live = false;
    };
  }, [clipId, round]);
  return { urls, info };
}

/** Records blob: URLs made for `clipId`; they are revoked when the clip changes or the reader closes. */
function useClipUrls(clipId: string): (url: string) => string {
  const urls = useRef<string[]>([]);
  useEffect(
    () => () => {
      for (const u of urls.current) URL.revokeObjectURL(u);
      urls.current = [];
    },
    [clipId],
  );
  return (url) => (urls.current.push(url), url);
}

let svgSanitizer: ((svg: string) => string | null) | null = null;

/** Puts `src` as an image inside the label `span` (its alt text moves to the image). */
function fill(span: Element, src: string, alt: string): void {
  const img = span.ownerDocument.createElement('img');
  img.src = src;
  img.alt = alt;
  img.className = 'cp-image';
  img.setAttribute('data-testid', 'saved-image');
  span.replaceChildren(img);
  span.classList.add('cp-media-saved');
}

/** Adds the "not saved" note to a label, once. */
function note(span: Element, text: string): void {
  if (span.querySelector('.cp-media-note')) return;
  const small = span.ownerDocument.createElement('small');
  small.className = 'cp-media-note';
  small.setAttribute('data-testid', 'image-not-saved');
  small.textContent = text;
  span.append(' ', small);
}

/**
 * Shows a clip's saved images in its article (`root`, once `ready`: the article's HTML is in
 * place) and answers the clip's image state. `media` is what `sanitizeForReaderMedia` listed.
 */
export function useReaderImages(clipId: string, root: { current: HTMLElement | null }, ready: boolean, media: readonly ReaderMedia[]): ImagesInfo | null {
  const { urls, info } = useSavedImages(clipId);
  const made = useClipUrls(clipId);
  useEffect(() => {
    const article = root.current;
    if (!ready || !article || !urls || !info) return;
    let live = true;
    void (async () => {
      for (const span of Array.from(article.querySelectorAll('span.cp-media-alt[data-media]'))) {
        const m = media[Number(span.getAttribute('data-media'))];
        if (!m || span.classList.contains('cp-media-saved')) continue;
        if (m.kind === 'svg') {
          svgSanitizer ??= createSvgSanitizer(window as DomWindow);
          const clean = svgSanitizer(m.markup);
          if (!clean || !live) continue;
          fill(span, made(URL.createObjectURL(new Blob([clean], { type: 'image/svg+xml' }))), span.textContent ?? '');
          continue;
        }
        const key = await imageKey(m.src);
        const url = urls.get(key);
        if (!live) return;
        if (url) fill(span, url, m.alt);
        else if (!info.pending) note(span, info.state !== 'elsewhere' ? missingImageNote(info.missing?.[key], info.reason) : info.textOnly ? '(image not kept on this device: text only)' : '(image saved on another device)');
      }
    })();
    return () => {
      live = false;
    };
  }, [ready, urls, info, media]);
  return info;
}

/** The clip's image state in words: "12 images saved · 1 not saved", "Saving images…", or null when it has none. */
export function imagesSummary(info: ImagesInfo | null): { line: string | null; note: string } {
  if (!info) return { line: null, note: '' };
  if (info.pending) return { line: 'Saving images…', note: '' };
  const parts = [];
  if (info.count > 0) parts.push(`${info.count} image${info.count === 1 ? '' : 's'} saved${info.state !== 'elsewhere' ? '' : info.textOnly ? ' (not kept on this device: text only)' : ' (on another device)'}`);
  if (info.left > 0) parts.push(`${info.left} not saved`);
  return { line: parts.length ? parts.join(' · ') : null, note: leftOutNote(info.left, info.reason) };
}
