/**
 * bench:library `--export`: the whole library exported as the options page does it
 * (`startExport`, then `exportStatus` until it ends): wall time, the zip's bytes, and the peak
 * JS heap of the page that writes it (Chromium's offscreen document, sampled every 250 ms over
 * CDP) beside the zip's size — the export is streamed into Blob parts, so that heap should stay
 * far below the zip.
 */
import type { CDPSession, Target } from 'puppeteer-core';
import { callOk, sleep, type Session } from './browser';
import { round } from './stats';

export interface ExportFigures {
  readonly exportMs: number;
  readonly exportBytes: number;
  readonly exportClips: number;
  readonly writerPeakHeapMB: number | null;
  readonly state: string;
  readonly error: string | null;
}

const MB = 2 ** 20;

export async function measureExport(s: Session): Promise<ExportFigures> {
  const t0 = performance.now();
  await callOk(s.control, 'startExport', { scope: { kind: 'all' } });
  let peak: number | null = null;
  let cdp: CDPSession | null = null;
  for (;;) {
    if (!cdp) {
      const target = s.browser.targets().find((t: Target) => t.url().startsWith(`${s.base}offscreen.html`));
      if (target) cdp = await target.createCDPSession().catch(() => null);
    }
    if (cdp) {
      const heap = (await cdp.send('Runtime.getHeapUsage').catch(() => null)) as { usedSize: number } | null;
      if (heap) peak = Math.max(peak ?? 0, heap.usedSize);
    }
    const st = await callOk(s.control, 'exportStatus', {});
    if (st.job && st.job.state !== 'running') {
      await cdp?.detach().catch(() => undefined);
      return {
        exportMs: round(performance.now() - t0),
        exportBytes: st.job.bytes ?? 0,
        exportClips: st.job.total,
        writerPeakHeapMB: peak === null ? null : round(peak / MB, 1),
        state: st.job.state,
        error: st.job.error ?? null,
      };
    }
    if (performance.now() - t0 > 30 * 60_000) throw new Error('the export did not end within 30 minutes');
    await sleep(250);
  }
}
