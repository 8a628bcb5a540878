/**
 * `npm start`: builds the extension and opens a browser with it loaded, on a profile
 * kept in .cache/ so your library survives restarts.
 *
 *   npm start                         Chromium with a window
 *   npm start -- --headless           no window (servers, CI boxes); prints the extension URLs
 *   npm start -- --browser firefox    Firefox ESR
 *   npm start -- --no-build           skip the build
 *   npm start -- --url <page>         open this page first
 *
 * The local sync server starts here too once sync exists.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const option = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const browser = option('browser') ?? 'chromium';
const headless = flag('headless');
const startUrl = option('url') ?? 'https://en.wikipedia.org/wiki/Commonplace_book';

if (browser !== 'chromium' && browser !== 'firefox') {
  console.error('--browser must be chromium or firefox');
  process.exit(2);
}
const wxtBrowser = browser === 'firefox' ? 'firefox' : 'chrome';
const outDir = resolve(browser === 'firefox' ? '.output/firefox-mv2' : '.output/chrome-mv3');

if (!flag('no-build') || !existsSync(outDir)) {
  const built = spawnSync('npx', ['wxt', 'build', '-b', wxtBrowser], { stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

const binary = browser === 'firefox' ? firstExisting(['/usr/bin/firefox-esr', '/usr/bin/firefox']) : firstExisting(['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome']);
if (!binary) {
  console.error(`No ${browser} binary found. On Debian: apt-get install ${browser === 'firefox' ? 'firefox-esr' : 'chromium'}`);
  process.exit(1);
}
const profile = resolve(`.cache/profile-${browser}`);
mkdirSync(profile, { recursive: true });

if (browser === 'chromium') await startChromium(binary);
else startFirefox(binary);

/** Chromium through puppeteer-core, the same way the end-to-end tests load the build. */
async function startChromium(executablePath: string): Promise<void> {
  const { default: puppeteer } = await import('puppeteer-core');
  const instance = await puppeteer.launch({
    executablePath,
    headless,
    pipe: true,
    defaultViewport: null,
    userDataDir: profile,
    enableExtensions: [outDir],
    args: ['--no-sandbox', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const worker = await instance.waitForTarget((t) => t.type() === 'service_worker' && t.url().startsWith('chrome-extension://'), { timeout: 20_000 });
  const base = `chrome-extension://${new URL(worker.url()).host}/`;
  const [first] = await instance.pages();
  await (first ?? (await instance.newPage())).goto(startUrl).catch(() => undefined);
  const reader = await instance.newPage();
  await reader.goto(`${base}sidepanel.html`);
  console.log(`Commonplace is loaded in Chromium${headless ? ' (headless)' : ''}. Profile: ${profile}`);
  console.log(`  reader:  ${base}sidepanel.html\n  popup:   ${base}popup.html\n  options: ${base}options.html`);
  console.log('Ctrl+C to stop.');
  const stop = async () => {
    await instance.close().catch(() => undefined);
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  instance.on('disconnected', () => process.exit(0));
}

/** Firefox through web-ext, which installs the build as a temporary add-on in a kept profile. */
function startFirefox(executable: string): void {
  const webExt = [
    'web-ext', 'run', '--source-dir', outDir, '--target', 'firefox-desktop',
    '--firefox', executable, '--firefox-profile', profile, '--profile-create-if-missing', '--keep-profile-changes',
    '--start-url', startUrl, '--no-input', ...(headless ? ['--arg=-headless'] : []),
  ];
  console.log(`Starting Firefox${headless ? ' (headless)' : ''} with Commonplace loaded; profile in ${profile}. Ctrl+C to stop.`);
  const child = spawn('npx', webExt, { stdio: 'inherit' });
  const stop = () => child.kill('SIGINT');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  child.on('exit', (code) => process.exit(code ?? 0));
}

function firstExisting(paths: string[]): string | undefined {
  return paths.find((p) => existsSync(p));
}
