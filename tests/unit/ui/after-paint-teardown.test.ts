// @vitest-environment jsdom
/**
 * A Preact effect scheduled as a file's last test ends (a render outside `act`, as a hook's own
 * async update makes) waits on a timer that calls `cancelAnimationFrame`; if the environment is
 * torn down first, the run fails on an uncaught ReferenceError though every test passed (CI on
 * 31b4048). The DOM setup (tests/unit/setup-dom.ts) waits, after each DOM file, until such a
 * timer has run.
 */
import { h, render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { expect, it } from 'vitest';
import { settleAfterPaint } from '../setup-dom';

it('waits out an after-paint effect left pending, so none runs after the environment is gone', async () => {
  const raf = globalThis.requestAnimationFrame;
  // No frame comes (a loaded machine): the effect waits on Preact's fallback timer.
  globalThis.requestAnimationFrame = () => 0;
  try {
    let bump: () => void = () => undefined;
    const ran: number[] = [];
    function Probe() {
      const [n, set] = useState(0);
      bump = () => set((x) => x + 1);
      useEffect(() => void ran.push(n), [n]);
      return h('span', null, String(n));
    }
    const root = document.body.appendChild(document.createElement('div'));
    render(h(Probe, {}), root);
    await settleAfterPaint();
    expect(ran).toEqual([0]);
    bump();
    await Promise.resolve();
    await new Promise((r) => setTimeout(r, 0));
    // Rendered, its effect still pending on the timer.
    expect(root.textContent).toBe('1');
    expect(ran).toEqual([0]);
    await settleAfterPaint();
    expect(ran).toEqual([0, 1]);
  } finally {
    globalThis.requestAnimationFrame = raf;
  }
});
