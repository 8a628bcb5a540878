/**
 * Where the built extension lives, and a guard against testing a missing or stale build.
 * The harness tests the *test* builds (`wxt build --mode test`: the production code plus
 * the test-only protocol calls, see src/protocol/test-protocol.ts). It never builds: run
 * `npm run build:test` first.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root (the directory holding package.json). */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Where builds go: `.output`, or `COMMONPLACE_OUT_DIR` (as wxt.config.ts reads it) to keep parallel builds apart. */
const OUT_DIR = process.env.COMMONPLACE_OUT_DIR ? join(REPO_ROOT, process.env.COMMONPLACE_OUT_DIR) : join(REPO_ROOT, '.output');

/** Built extension directories, per browser. */
export const BUILD_DIRS = {
  chromium: join(OUT_DIR, 'chrome-mv3-test'),
  firefox: join(OUT_DIR, 'firefox-mv2-test'),
} as const;

const BUILD_COMMANDS = { chromium: 'npx wxt build -b chrome --mode test', firefox: 'npx wxt build -b firefox --mode test' } as const;

/** Inputs whose changes make a build stale. */
const SOURCES = ['src', 'entrypoints', 'extension', 'public', 'wxt.config.ts', 'package.json'];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

const warned = new Set<string>();

/**
 * Returns the build directory for `browser` and its parsed manifest. Throws when
 * the build is missing; warns once per process when a source is newer than it.
 */
export function builtExtension(browser: keyof typeof BUILD_DIRS): { dir: string; manifest: Record<string, any> } {
  const dir = BUILD_DIRS[browser];
  const manifestPath = join(dir, 'manifest.json');
  if (!existsSync(manifestPath)) {
    throw new Error(`No ${browser} build at ${dir}. Run \`${BUILD_COMMANDS[browser]}\` before the e2e tests.`);
  }
  const builtAt = statSync(manifestPath).mtimeMs;
  const sourcesAt = Math.max(...SOURCES.map((s) => newestMtime(join(REPO_ROOT, s))));
  if (sourcesAt > builtAt && !warned.has(browser)) {
    warned.add(browser);
    console.warn(`[e2e] The ${browser} build in ${dir} is older than the sources; run \`${BUILD_COMMANDS[browser]}\` to test the current code.`);
  }
  return { dir, manifest: JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, any> };
}
