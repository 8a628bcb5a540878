import { options } from 'preact';

/** Preact's own scheduling for effects after paint: a frame (or 100 ms without one), then a task. */
const afterNextFrame = (cb: () => void) => {
  const hasFrames = typeof requestAnimationFrame === 'function';
  const done = () => (clearTimeout(timer), hasFrames && cancelAnimationFrame(raf), setTimeout(cb));
  const timer = setTimeout(done, 100);
  const raf = hasFrames ? requestAnimationFrame(done) : 0;
};

/**
 * Holds the page's effects after paint (Preact's `useEffect`s: the list's whole scan, the
 * counts' call, the modules loaded after the first screen) until the first frame with content
 * is on screen (`first-contentful-paint`), or `maxMs`. Preact runs them once the main thread
 * has painted, but the frame still has to be rasterised, on worker threads that those effects'
 * work then competes with: on a 2-core machine drawing in software, the panel's rows reached
 * the screen 45-100 ms after they were in the DOM, against 17 ms for a page of plain text.
 */
export function effectsAfterFirstFrame(maxMs = 250): void {
  if (typeof PerformanceObserver === 'undefined' || !PerformanceObserver.supportedEntryTypes?.includes('paint')) return;
  if (performance.getEntriesByName('first-contentful-paint').length > 0) return;
  const prev = options.requestAnimationFrame;
  const held: Array<() => void> = [];
  let shown = false;
  const release = () => {
    if (shown) return;
    shown = true;
    observer.disconnect();
    clearTimeout(timer);
    options.requestAnimationFrame = prev;
    for (const cb of held.splice(0)) setTimeout(cb);
  };
  const observer = new PerformanceObserver((list) => list.getEntriesByName('first-contentful-paint').length > 0 && release());
  observer.observe({ type: 'paint' });
  const timer = setTimeout(release, maxMs);
  options.requestAnimationFrame = (cb) => (shown ? (prev ?? afterNextFrame)(cb) : void held.push(cb));
}
