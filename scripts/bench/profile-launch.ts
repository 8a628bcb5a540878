/**
 * A browser on a persistent profile with a given build of the extension (cold-probe.ts,
 * panel-ab.ts): the build is copied into the profile's own extension folder, so the extension's id,
 * and with it its library, stay the same from one build to the next.
 */
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';
import { CHROMIUM_ARGS } from '../../tests/e2e/harness/chromium';
import { CHROMIUM } from './browser';

/**
 * Installs `built` in `profile` and starts headless Chromium on it. The manifest gets a new version
 * (`salt` keeps two starts within a second apart), and the profile's service worker registrations
 * and code cache are dropped: Chromium keeps running a service worker script it has registered
 * until the extension's version changes, and may start the old one from its registration
 * database even then (storage and IndexedDB stay).
 */
export async function launchOnProfile(profile: string, built: string, salt = 0): Promise<Browser> {
  const extDir = join(profile, 'extension');
  mkdirSync(profile, { recursive: true });
  rmSync(extDir, { recursive: true, force: true });
  cpSync(built, extDir, { recursive: true });
  const manifestPath = join(extDir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { version: string };
  manifest.version = `${manifest.version.split('.').slice(0, 3).join('.')}.${(Math.floor(Date.now() / 1000) + salt) % 65_535}`;
  writeFileSync(manifestPath, JSON.stringify(manifest));
  rmSync(join(profile, 'chromium', 'Default', 'Service Worker'), { recursive: true, force: true });
  rmSync(join(profile, 'chromium', 'Default', 'Code Cache'), { recursive: true, force: true });
  return puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    pipe: true,
    enableExtensions: [extDir],
    userDataDir: join(profile, 'chromium'),
    protocolTimeout: 600_000,
    args: [...CHROMIUM_ARGS, '--disable-background-timer-throttling', '--disable-renderer-backgrounding', '--disable-backgrounding-occluded-windows'],
  });
}
