/**
 * The snapshot viewer in e2e tests (tests/e2e/scenarios/snapshot.e2e.ts): opening a snapshot in it,
 * evaluating in its sandboxed frame and the frames kept inside, clicking there as a user would.
 */
import type { Frame as PuppeteerFrame, Page } from 'puppeteer-core';
import type { SnapshotView } from '../../../src/schema/snapshot';
import type { ExtensionDriver } from '../harness/driver';
import { poll } from '../harness/poll';

/** Evaluates a self-contained function in the snapshot's frame; JSON in, JSON out. */
export type FrameEval = <T>(fn: (...args: any[]) => T, ...args: unknown[]) => Promise<Awaited<T>>;

/**
 * Evaluation in the viewer's sandboxed frame (`depth` 1), or a frame kept inside it (2, 3…: the first at each level, or at the last the `index`th). Chromium: puppeteer's frame. Firefox: puppeteer
 * does not list frames of extension pages, so the frame's browsing context is found and
 * evaluated in through the raw BiDi connection (as csp.e2e.ts does for the chrome context).
 */
export function frameEvaluator(driver: ExtensionDriver, viewer: Page, depth = 1, index = 0): FrameEval {
  if (driver.name === 'chromium') {
    const levels = (f: PuppeteerFrame) => {
      let n = 0;
      for (let p = f.parentFrame(); p; p = p.parentFrame()) n++;
      return n;
    };
    const frame = () => viewer.frames().filter((f) => levels(f) === depth)[index];
    return async (fn, ...args) => {
      const f = frame();
      if (!f) throw new Error('no frame yet');
      return (await f.evaluate(fn as never, ...(args as never[]))) as never;
    };
  }
  const connection = (driver.browser as unknown as { connection?: { send(method: string, params: object): Promise<{ result: any }> } }).connection;
  if (!connection) throw new Error('firefox: puppeteer no longer exposes its BiDi connection');
  return async (fn, ...args) => {
    const page = viewer.url().split('#')[0]!;
    const { result: tree } = await connection.send('browsingContext.getTree', {});
    const top = (tree.contexts as any[]).find((c) => String(c.url).split('#')[0] === page);
    let at = top;
    for (let i = 0; i < depth; i++) at = at?.children?.[i === depth - 1 ? index : 0];
    const child = at?.context as string | undefined;
    if (!child) throw new Error('no frame yet');
    const { result } = await connection.send('script.evaluate', {
      expression: `(async () => JSON.stringify(await (${fn.toString()})(...${JSON.stringify(args)})))()`,
      target: { context: child },
      awaitPromise: true,
      resultOwnership: 'none',
    });
    if (result.type === 'exception') throw new Error(`firefox: frame script failed: ${result.exceptionDetails?.text ?? 'unknown error'}`);
    const json = result.result?.value as string | undefined;
    return (json === undefined ? undefined : JSON.parse(json)) as never;
  };
}

/**
 * Opens the snapshot page at `#hash` (`clip=<id>`: a stored copy), after `before` ran in the
 * page; resolves once its frame has loaded, images included, with an evaluator in that frame.
 */
export async function openViewer(driver: ExtensionDriver, hash: string, before?: (viewer: Page) => Promise<void>): Promise<{ viewer: Page; inFrame: FrameEval }> {
  const viewer = await driver.openExtensionPage('snapshot.html');
  await before?.(viewer);
  await viewer.evaluate((h) => void (location.hash = h), hash);
  await poll(() => viewer.$('[data-testid=snapshot-frame]'), { message: 'the snapshot frame' }).catch(async (e: unknown) => {
    throw new Error(`${String(e)}; the page says: ${await viewer.evaluate(() => document.body.innerText.slice(0, 300))}`);
  });
  const inFrame = frameEvaluator(driver, viewer);
  await poll(() => inFrame(() => location.href === 'about:srcdoc' && document.readyState === 'complete' && [...document.images].every((img) => img.complete)), {
    message: 'the snapshot to finish loading',
  });
  return { viewer, inFrame };
}

/** Opens the snapshot page with `view` handed in (test builds: `__commonplaceTestSnapshots`); resolves once its frame has loaded. */
export function openSnapshot(driver: ExtensionDriver, view: SnapshotView): Promise<{ viewer: Page; inFrame: FrameEval }> {
  const id = `e2e-${Math.random().toString(36).slice(2)}`;
  return openViewer(driver, `clip=${id}`, async (viewer) => {
    await poll(() => viewer.evaluate(() => !!(window as any).__commonplaceTestSnapshots), { message: 'the test snapshot store' });
    await viewer.evaluate((id, view) => (window as any).__commonplaceTestSnapshots.put(id, view), id, view);
  });
}

/** Clicks the element `selector` in the frame with the mouse, as a user would (nothing when it is not there). */
export async function clickInFrame(viewer: Page, inFrame: FrameEval, selector: string): Promise<void> {
  const box = await inFrame((s: string) => {
    const el = document.querySelector(s);
    el?.scrollIntoView({ block: 'center' });
    const r = el?.getBoundingClientRect();
    return r ? { x: r.x + r.width / 2, y: r.y + r.height / 2 } : null;
  }, selector);
  if (!box) return;
  const at = await viewer.$eval('[data-testid=snapshot-frame]', (f) => ({ x: f.getBoundingClientRect().x, y: f.getBoundingClientRect().y }));
  await viewer.mouse.click(at.x + box.x, at.y + box.y);
}
