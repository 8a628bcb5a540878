import { call, sleep, type Session } from './browser';

/**
 * Stops the extension's service worker (CDP ServiceWorker.stopWorker, as
 * chrome://serviceworker-internals does) and waits until a message has woken it again.
 */
export async function restartWorker(s: Session): Promise<void> {
  await stopWorker(s);
  for (let attempt = 1; ; attempt++) {
    const r = await call(s.control, 'ping', {}, { timeoutMs: 10_000 });
    if (r.ok) return;
    if (attempt >= 4) throw new Error(`the restarted worker did not answer: ${r.error.message}`);
    await s.control.reload({ waitUntil: 'domcontentloaded' }).catch(() => undefined);
  }
}

/** Stops the extension's service worker and resolves once the browser lists it no more (nothing wakes it). */
export async function stopWorker(s: Session): Promise<void> {
  const cdp = await s.control.createCDPSession();
  const versions = new Map<string, { versionId: string; scriptURL: string; runningStatus: string }>();
  cdp.on('ServiceWorker.workerVersionUpdated', (e: { versions: Array<{ versionId: string; scriptURL: string; runningStatus: string }> }) => {
    for (const v of e.versions) versions.set(v.versionId, v);
  });
  await cdp.send('ServiceWorker.enable');
  await sleep(200);
  for (const v of versions.values()) {
    if (v.scriptURL.startsWith(s.base) && (v.runningStatus === 'running' || v.runningStatus === 'starting')) await cdp.send('ServiceWorker.stopWorker', { versionId: v.versionId });
  }
  // Until every version of ours reports 'stopped' (a message sent while it is still stopping is lost).
  for (let i = 0; i < 200; i++) {
    const ours = [...versions.values()].filter((v) => v.scriptURL.startsWith(s.base));
    if (ours.every((v) => v.runningStatus === 'stopped')) break;
    await sleep(25);
  }
  await cdp.detach().catch(() => undefined);
  // Stopped when the browser lists no worker target of ours.
  const browserCdp = await s.browser.target().createCDPSession();
  for (let i = 0; i < 100; i++) {
    const { targetInfos } = await browserCdp.send('Target.getTargets', { filter: [{ type: 'service_worker' }] });
    if (!targetInfos.some((t) => t.url.startsWith(s.base))) break;
    await sleep(50);
  }
  await browserCdp.detach().catch(() => undefined);
}

