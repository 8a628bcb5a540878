import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { Browser } from 'puppeteer-core';
import { closeBrowser } from '../../e2e/harness/browser-process';

/**
 * A browser closed by the harness may reset its pipe after puppeteer has dropped its listeners
 * (a clean-clone CI run failed on two such `read ECONNRESET` uncaught exceptions, after every
 * test had passed). Before the fix the reset was thrown from the pipe's `error` event.
 */
describe('closeBrowser', () => {
  it('expects the pipes of the browser it closes to reset afterwards', async () => {
    const pipes = [null, new EventEmitter(), new EventEmitter(), new EventEmitter(), new EventEmitter()];
    const browser = { process: () => ({ pid: undefined, stdio: pipes }), close: async () => undefined, connected: false } as unknown as Browser;
    await closeBrowser(browser, { graceful: true });
    const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    for (const pipe of pipes) expect(() => pipe?.emit('error', reset)).not.toThrow();
  });
});
