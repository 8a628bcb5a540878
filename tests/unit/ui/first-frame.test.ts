// @vitest-environment jsdom
/**
 * The side panel's first effects wait until its first frame is on screen (extension/ui/first-frame.ts):
 * their work (the list's whole scan, the counts' call, modules loaded after the first screen) would
 * otherwise compete with rasterising that frame. They run at the first contentful paint, or after
 * `maxMs` without one (a hidden page paints nothing), and later effects are scheduled as usual.
 */
import { h, options, render } from 'preact';
import { useEffect } from 'preact/hooks';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { effectsAfterFirstFrame } from '../../../extension/ui/first-frame';

type Callback = (list: { getEntriesByName: (name: string) => unknown[] }) => void;
const observers: Array<{ cb: Callback; disconnected: boolean }> = [];
const real = globalThis.PerformanceObserver;
const wait = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
/** The browser reports a paint: each observer still listening hears it. */
const paint = (name: string) => {
  for (const o of observers) if (!o.disconnected) o.cb({ getEntriesByName: (n) => (n === name ? [{ name }] : []) });
};

beforeEach(() => {
  class FakeObserver {
    static supportedEntryTypes = ['paint'];
    private readonly me: { cb: Callback; disconnected: boolean };
    constructor(cb: Callback) {
      this.me = { cb, disconnected: false };
      observers.push(this.me);
    }
    observe() {}
    disconnect() {
      this.me.disconnected = true;
    }
  }
  globalThis.PerformanceObserver = FakeObserver as unknown as typeof PerformanceObserver;
});
afterEach(() => {
  globalThis.PerformanceObserver = real;
  observers.length = 0;
  options.requestAnimationFrame = undefined;
});

const ran: string[] = [];
function Probe({ name }: { name: string }) {
  useEffect(() => void ran.push(name), [name]);
  return h('p', null, name);
}

it('holds the first effects until the first contentful paint, then runs them and schedules later ones as usual', async () => {
  ran.length = 0;
  effectsAfterFirstFrame(5_000);
  const root = document.body.appendChild(document.createElement('div'));
  render(h(Probe, { name: 'first' }), root);
  await wait(150);
  expect(ran).toEqual([]);
  // A paint with nothing to read (the background colour) is not the one waited for.
  paint('first-paint');
  await wait(20);
  expect(ran).toEqual([]);
  paint('first-contentful-paint');
  await wait(20);
  expect(ran).toEqual(['first']);
  expect(observers.every((o) => o.disconnected)).toBe(true);
  expect(options.requestAnimationFrame).toBeUndefined();
  render(h(Probe, { name: 'second' }), root);
  await wait(150);
  expect(ran).toEqual(['first', 'second']);
  render(null, root);
  root.remove();
});

it('runs them after maxMs when no paint comes', async () => {
  ran.length = 0;
  effectsAfterFirstFrame(120);
  const root = document.body.appendChild(document.createElement('div'));
  render(h(Probe, { name: 'hidden' }), root);
  await wait(60);
  expect(ran).toEqual([]);
  await wait(150);
  expect(ran).toEqual(['hidden']);
  render(null, root);
  root.remove();
});
