import type { Browser } from 'wxt/browser';
import { KEEP_AWAKE_PORT } from '../keep-awake-port';
import { services } from './services';

type Port = Browser.runtime.Port;

/**
 * While an extension page is open it holds a port named `KEEP_AWAKE_PORT` and pings on it
 * every 20 s: each ping is an event, which keeps Chromium's service worker (and Firefox's
 * event page) from being stopped after 30 s idle, so synced changes keep arriving while
 * the user looks. With no page open, nothing pings, and the background sleeps until the
 * sync alarm or the next event. A page opening also starts a sync pass.
 */
export function keepAwakeWhileOpen(port: Port): void {
  if (port.name !== KEEP_AWAKE_PORT) return;
  void services().then((s) => s.sync.kick()).catch(() => undefined);
  port.onMessage.addListener(() => undefined);
}
