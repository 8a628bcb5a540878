/**
 * Browser process and temp-dir hygiene: every browser closed, every leftover
 * process of it killed (by its own process group id only), every temp dir removed.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'puppeteer-core';
import { poll, withTimeout } from './poll';

/** Creates a fresh temp directory named `commonplace-e2e-<label>-XXXXXX`. */
export function makeTempDir(label: string): string {
  return mkdtempSync(join(tmpdir(), `commonplace-e2e-${label}-`));
}

/**
 * Removes a directory tree, retrying briefly (a browser may still be releasing files). Cleanup
 * never fails a test: a browser that is still writing its profile as it exits (Firefox, seen as
 * ENOTEMPTY) gets one more try a few seconds later, and a leftover temp folder is only reported.
 */
export function removeDir(dir: string): void {
  const attempt = () => rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  try {
    attempt();
  } catch {
    setTimeout(() => {
      try {
        attempt();
      } catch (e) {
        console.warn(`[e2e] could not remove ${dir}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }, 3_000).unref();
  }
}

/**
 * Whether a process of group `pgid` still runs. Zombies do not count: killed
 * children are re-parented to init, which may reap them only a second later.
 * Uses /proc where present (Linux), else signal 0.
 */
function groupAlive(pgid: number): boolean {
  if (existsSync('/proc/self/stat')) {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      let stat: string;
      try {
        stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      } catch {
        continue; // exited meanwhile
      }
      // "pid (comm) state ppid pgrp ...": comm may contain spaces, so parse after the last ')'.
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(pgrp) === pgid && state !== 'Z' && state !== 'X') return true;
    }
    return false;
  }
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Options for {@link closeBrowser}. */
export interface CloseOptions {
  /**
   * true: ask the browser to quit and wait (up to 15 s) so it flushes the profile
   * to disk; needed when the profile is used again. false: kill at once (saves
   * ~2 s) when the profile is about to be deleted.
   */
  graceful: boolean;
}

/**
 * Closes `browser`, then SIGKILLs whatever is left of its process group.
 * Puppeteer starts browsers detached, so the browser's pid is its process group
 * id and content/GPU/zygote children share it.
 */
export async function closeBrowser(browser: Browser, opts: CloseOptions): Promise<void> {
  const child = browser.process();
  // Puppeteer's pipe transport drops its listeners when it closes; a browser killed with bytes
  // still unread then resets its pipe (ECONNRESET) with no one listening, an uncaught exception
  // that fails the whole run (seen in a clean-clone CI run). Its end is ours to expect here.
  for (const stream of child?.stdio ?? []) (stream as NodeJS.EventEmitter | null)?.on?.('error', () => undefined);
  const pid = child?.pid;
  if (opts.graceful || pid === undefined) {
    try {
      await withTimeout(browser.close(), 15_000, 'browser.close()');
    } catch {
      // fall through to the kill below
    }
  }
  if (pid === undefined) return;
  if (groupAlive(pid)) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
    await poll(() => !groupAlive(pid), { timeout: 5_000, message: `process group ${pid} to exit` }).catch(() => undefined);
  }
  if (browser.connected) await browser.disconnect().catch(() => undefined);
}
