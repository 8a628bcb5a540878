/**
 * `npm start`: builds the extension and opens a browser with it loaded, on a profile
 * kept in .cache/ so your library survives restarts.
 *
 *   npm start                         Chromium with a window
 *   npm start -- --headless           no window (servers, CI boxes); prints the extension URLs
 *   npm start -- --browser firefox    Firefox ESR
 *   npm start -- --no-build           skip the build
 *   npm start -- --url <page>         open this page first
 *   npm start -- --no-sync-server     do not start the local sync server
 *
 * A local sync server (scripts/sync-server) starts too, on 127.0.0.1:3030 (another free port
 * if that one is taken), with its data in .cache/sync-data. In Chromium the extension is
 * preconfigured to use it (its address is filled in on the options page; sync stays off until
 * you turn it on). Firefox: paste the printed address on the options page.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { start as startSyncServer } from './sync-server/server';

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

const syncServer = flag('no-sync-server') ? null : await startLocalSyncServer();

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
  if (syncServer) await preconfigureSync(reader, syncServer.url);
  console.log(`Commonplace is loaded in Chromium${headless ? ' (headless)' : ''}. Profile: ${profile}`);
  console.log(`  reader:  ${base}sidepanel.html\n  popup:   ${base}popup.html\n  options: ${base}options.html`);
  console.log('Ctrl+C to stop.');
  const stop = async () => {
    await instance.close().catch(() => undefined);
    await syncServer?.close().catch(() => undefined);
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
  if (syncServer) console.log(`Sync server: ${syncServer.url} — paste it on the options page to sync (sync stays off until you turn it on).`);
  const child = spawn('npx', webExt, { stdio: 'inherit' });
  const stop = () => {
    child.kill('SIGINT');
    void syncServer?.close();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  child.on('exit', (code) => process.exit(code ?? 0));
}

/** The project's sync server on loopback, data kept in .cache/sync-data. */
async function startLocalSyncServer() {
  const dataDir = resolve('.cache/sync-data');
  const port = Number(process.env.PORT ?? 3030);
  const server = await startSyncServer({ host: '127.0.0.1', port, dataDir }).catch(() => startSyncServer({ host: '127.0.0.1', port: 0, dataDir }));
  console.log(`Local sync server on ${server.url} (data in ${dataDir}).`);
  return server;
}

/**
 * Fills in the local server's address, unless the user already chose servers. Sync stays off:
 * turning it on is the user's choice (the options page says what a server's operator can see).
 */
async function preconfigureSync(page: import('puppeteer-core').Page, url: string): Promise<void> {
  const call = (method: string, params: unknown) =>
    page.evaluate((envelope) => chrome.runtime.sendMessage(envelope), { cp: 1, to: 'background', method, params, id: `start-${method}` } as never) as Promise<{ ok: boolean; value?: { enabled: boolean; servers: string[] } }>;
  const current = await call('syncSettings', {}).catch(() => null);
  if (!current?.ok || !current.value || current.value.servers.length > 0) return;
  const set = await call('setSync', { enabled: false, servers: [url] }).catch(() => null);
  if (set?.ok) console.log(`  sync:    ${url} is filled in on the options page; turn sync on there to use it.`);
}

function firstExisting(paths: string[]): string | undefined {
  return paths.find((p) => existsSync(p));
}
