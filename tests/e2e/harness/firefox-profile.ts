/**
 * Firefox spends ~1.3 s of a cold launch initialising a new profile. The harness
 * initialises one template profile per Firefox build (cached under `.cache/`,
 * which git ignores) and copies it into each fresh temp profile.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, realpathSync, renameSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import puppeteer from 'puppeteer-core';
import { closeBrowser, makeTempDir, removeDir } from './browser-process';
import { REPO_ROOT } from './build-output';
import { poll } from './poll';

const CACHE_DIR = join(REPO_ROOT, '.cache', 'e2e');
/** Lock and session files that must not be copied into a new profile. */
const SKIP = new Set(['lock', '.parentlock', 'parent.lock', 'sessionstore.jsonlz4', 'sessionstore-backups']);

function templateDir(executable: string): string {
  const real = realpathSync(executable);
  const st = statSync(real);
  return join(CACHE_DIR, `firefox-profile-${Math.round(st.mtimeMs)}-${st.size}`);
}

async function createTemplate(executable: string, target: string): Promise<void> {
  const scratch = makeTempDir('firefox-template');
  try {
    const browser = await puppeteer.launch({ browser: 'firefox', executablePath: executable, headless: true, userDataDir: scratch });
    await closeBrowser(browser, { graceful: true });
    mkdirSync(CACHE_DIR, { recursive: true });
    const staging = `${target}.${process.pid}.tmp`;
    cpSync(scratch, staging, { recursive: true, filter: (src) => !SKIP.has(basename(src)) });
    try {
      renameSync(staging, target); // atomic: a concurrent run may have won the race
    } catch {
      removeDir(staging);
    }
  } finally {
    removeDir(scratch);
  }
}

/**
 * Fills the empty directory `profileDir` with a copy of the initialised template
 * profile for `executable`, creating the template on first use.
 */
export async function seedFirefoxProfile(executable: string, profileDir: string): Promise<void> {
  const template = templateDir(executable);
  if (!existsSync(template)) await createTemplate(executable, template);
  cpSync(template, profileDir, { recursive: true });
}

/** The suffix of the files puppeteer keeps while its preferences are in the profile. */
const PUPPETEER_BACKUP = '.puppeteer';

/**
 * Waits until the profile holds its own `prefs.js` and `user.js` again after a browser exit.
 *
 * Puppeteer writes its preferences into `user.js` at launch (ours include
 * `xpinstall.signatures.required=false`), keeps the files it replaced as `*.puppeteer`, and puts
 * them back from an exit hook. After `browser.close()` that hook has run; after a kill nothing
 * waits for it, and a launch racing it can start with no `user.js`: Firefox then enforces
 * signatures and disables the unsigned add-on a moment after start-up (a clean-clone CI run
 * whose close fell back to a kill; reproduced at 4 kills out of 14). If the hook has not run within
 * `timeoutMs`, the backups are put back here, as it would have.
 */
export async function settleProfile(profileDir: string, timeoutMs = 5_000): Promise<void> {
  const backups = () => readdirSync(profileDir).filter((name) => name.endsWith(PUPPETEER_BACKUP));
  const settled = await poll(() => backups().length === 0, { timeout: timeoutMs, message: 'puppeteer to restore the profile' }).catch(() => false);
  if (settled) return;
  for (const name of backups()) renameSync(join(profileDir, name), join(profileDir, name.slice(0, -PUPPETEER_BACKUP.length)));
}
