/**
 * bench:clip `--full-page`: after each page's first save, a full-page copy of the tab as
 * "Save full page" takes it (`debugSnapshotTab`: the producer in every frame, styles, images,
 * fonts and media inlined, frames stitched in), timed from the call to its answer; its size as
 * HTML (what a SingleFile page is: ~137% of the original with every resource inlined) and as
 * stored (raw DEFLATE, as `library.media.attachSnapshot` keeps it), against source.html.
 */
import { deflateRawSync } from 'node:zlib';

/** One page's copy. */
export interface FullPageRun {
  readonly ms: number;
  readonly bytes: number;
  readonly stored: number;
  readonly inlined: number;
  readonly skipped: number;
  readonly failed: number;
  readonly truncated: boolean;
}

/** What `debugSnapshotTab` answers, as far as this needs it. */
interface Capture {
  readonly html: string;
  readonly bytes: number;
  readonly resources: { inlined: number; skipped: number; failed: number };
  readonly truncated: boolean;
}

/** The copy's figures from `debugSnapshotTab`'s answer and the time it took. */
export function fullPageRun(capture: Capture, ms: number): FullPageRun {
  const { inlined, skipped, failed } = capture.resources;
  return { ms, bytes: capture.bytes, stored: deflateRawSync(Buffer.from(capture.html)).byteLength, inlined, skipped, failed, truncated: capture.truncated };
}

const pct = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : NaN);
const r2 = (x: number) => Math.round(x * 1000) / 1000;

/** Summary lines: copy time p50/p95, HTML and stored bytes over source.html (all pages together, and the median page), resources, truncated copies. */
export function fullPageSummary(pages: ReadonlyArray<{ fullPage?: FullPageRun; sourceBytes?: number }>): Record<string, number | string> {
  const done = pages.filter((p): p is { fullPage: FullPageRun; sourceBytes: number } => !!p.fullPage && !!p.sourceBytes);
  if (done.length === 0) return { fullPages: 0 };
  const ms = done.map((p) => p.fullPage.ms).sort((a, b) => a - b);
  const source = done.reduce((n, p) => n + p.sourceBytes, 0);
  const perPage = (f: (r: FullPageRun) => number) => done.map((p) => f(p.fullPage) / p.sourceBytes).sort((a, b) => a - b);
  return {
    fullPages: done.length,
    p50FullPageMs: Math.round(pct(ms, 50)),
    p95FullPageMs: Math.round(pct(ms, 95)),
    fullPageVsSource: r2(done.reduce((n, p) => n + p.fullPage.bytes, 0) / source),
    fullPageVsSourceMedian: r2(pct(perPage((r) => r.bytes), 50)),
    fullPageStoredVsSource: r2(done.reduce((n, p) => n + p.fullPage.stored, 0) / source),
    fullPageStoredMedian: r2(pct(perPage((r) => r.stored), 50)),
    fullPageResources: `${done.reduce((n, p) => n + p.fullPage.inlined, 0)} inlined, ${done.reduce((n, p) => n + p.fullPage.skipped, 0)} left out over the cap, ${done.reduce((n, p) => n + p.fullPage.failed, 0)} failed`,
    fullPageTruncated: done.filter((p) => p.fullPage.truncated).length,
  };
}
