/**
 * bench:clip's image figures (issue 13): after each save, the time until the clip's images are
 * saved (`imagesMs`: fetched, checked, scaled, stored; the save itself never waits for them),
 * what the page's images came to (saved, left out and why), the per-image fetch and processing
 * times the test build reports (`debugImageTimings`), and the bytes stored for the page (its
 * article plus its images) against the page's own bytes (source.html).
 *
 * The corpus pages reference their images by absolute URLs on the real sites (1,469 of 1,738
 * `<img src>`), which the benchmark browser cannot reach (every host but 127.0.0.1 fails DNS):
 * those fail at once, as "could not be loaded". `--synthetic-images` serves a stand-in image
 * (a 1200×800 photo-like PNG) for every image path asked of the corpus server, which the pages'
 * relative and root-relative references reach: their processing is then measured on it.
 */
import type { Page } from 'puppeteer-core';
import { pngFile } from '../../tests/e2e/harness/binary';
import { call, type Answer } from './browser';
import { median, percentile, round } from './stats';

/** Asked from beyond any clip's last image: the state alone, no bytes. */
const NO_BYTES = 1_000_000;

/** A clip's image state once done. */
export type ImagesState = Omit<Answer<'getClipImages'>, 'images' | 'next'>;
/** One image's timings, as the test build reports them. */
export type ImageTiming = Answer<'debugImageTimings'>['timings'][number];

/** Waits until a clip's images are saved (or given up), polling every 50 ms; the time it took and the state. */
export async function waitForImages(control: Page, clipId: string, timeoutMs: number): Promise<{ ms: number; state: ImagesState }> {
  const t0 = performance.now();
  for (;;) {
    const res = await call(control, 'getClipImages', { clipId, from: NO_BYTES }, { timeoutMs: Math.max(1_000, timeoutMs) });
    if (res.ok && !res.value.pending) {
      const { images: _i, next: _n, ...state } = res.value;
      return { ms: performance.now() - t0, state };
    }
    if (performance.now() - t0 > timeoutMs) throw new Error('the images were not saved in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const IMAGE_PATH = /\.(png|jpe?g|gif|webp|avif|svg|bmp|ico)$/i;

let standIn: Buffer | null = null;

/**
 * The stand-in image for `--synthetic-images`: 1200×800, smooth gradients with a little noise
 * (so it compresses like a photo saved as PNG, ~1.5 MB), the same bytes every time. Null for a
 * path that does not look like an image.
 */
export function standInImage(path: string): Buffer | null {
  if (!IMAGE_PATH.test(path)) return null;
  if (standIn) return standIn;
  const [w, h] = [1200, 800];
  const rows = Buffer.alloc((w * 3 + 1) * h);
  let seed = 7;
  const noise = () => ((seed = (seed * 1_103_515_245 + 12_345) >>> 0) >>> 27) - 16;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const at = y * (w * 3 + 1) + 1 + x * 3;
      rows[at] = Math.max(0, Math.min(255, ((x * 255) / w + noise()) | 0));
      rows[at + 1] = Math.max(0, Math.min(255, ((y * 255) / h + noise()) | 0));
      rows[at + 2] = Math.max(0, Math.min(255, (128 + 100 * Math.sin((x + y) / 60) + noise()) | 0));
    }
  }
  standIn = pngFile(w, h, 2, rows);
  return standIn;
}

/** What one page's images came to. */
export interface PageImages {
  imageRuns: number[];
  images?: ImagesState;
  timings: ImageTiming[];
  sourceBytes?: number;
  htmlBytes?: number;
}

/** The summary lines: image time, counts, reasons, per-image times, stored bytes against the pages' own. */
export function imageSummary(pages: readonly PageImages[], on: boolean): Record<string, number | string> {
  const withSource = pages.filter((p) => p.sourceBytes && p.htmlBytes !== undefined);
  const stored = (p: PageImages) => (p.htmlBytes ?? 0) + (p.images?.bytes ?? 0);
  const ratio = withSource.reduce((n, p) => n + stored(p), 0) / Math.max(1, withSource.reduce((n, p) => n + p.sourceBytes!, 0));
  const perPage = withSource.map((p) => stored(p) / p.sourceBytes!);
  if (!on) return { images: 'off (--no-images)', storedVsSource: round(ratio, 3), medianStoredVsSource: round(median(perPage), 3) };
  const withImages = pages.filter((p) => (p.images?.count ?? 0) + (p.images?.left ?? 0) > 0);
  const times = withImages.flatMap((p) => (p.imageRuns.length ? [median(p.imageRuns)] : []));
  const reasons = new Map<string, number>();
  for (const p of pages) if (p.images?.reason) reasons.set(p.images.reason, (reasons.get(p.images.reason) ?? 0) + 1);
  const processed = pages.flatMap((p) => p.timings).filter((t) => t.inBytes > 0);
  const saved = processed.filter((t) => t.type);
  return {
    images: 'on',
    pagesWithImages: withImages.length,
    p50ImagesMs: round(percentile(times, 50)),
    p95ImagesMs: round(percentile(times, 95)),
    imagesSaved: pages.reduce((n, p) => n + (p.images?.count ?? 0), 0),
    imagesLeft: pages.reduce((n, p) => n + (p.images?.left ?? 0), 0),
    imageBytesStored: pages.reduce((n, p) => n + (p.images?.bytes ?? 0), 0),
    imagesFetched: processed.length,
    p50ProcessMs: round(percentile(processed.map((t) => t.processMs), 50)),
    p95ProcessMs: round(percentile(processed.map((t) => t.processMs), 95)),
    p50FetchMs: round(percentile(processed.map((t) => t.fetchMs), 50)),
    bytesInVsOut: saved.length ? round(saved.reduce((n, t) => n + t.outBytes, 0) / saved.reduce((n, t) => n + t.inBytes, 0), 3) : '—',
    storedVsSource: round(ratio, 3),
    medianStoredVsSource: round(median(perPage), 3),
    topLeftReasons: [...reasons].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([r, n]) => `${n}× ${r.slice(0, 80)}`).join(' | ') || 'none',
  };
}
