import type { Browser } from 'wxt/browser';
import { KEEP_AWAKE_PORT, POPUP_PORT } from '../keep-awake-port';
import { services } from './services';
import { readSyncSettings } from './sync';

/** How long after a page opens its sync pass starts: the page's first calls are answered first (early.ts). */
const KICK_AFTER_MS = 500;

type Port = Browser.runtime.Port;

/** The toolbar popups' ports now connected (one popup at a time, in practice). */
const popups = new Set<Port>();

/** Whether the toolbar popup is open, to show how a save it asked for went (save-actions.ts `savePageForPopup`). */
export const popupOpen = (): boolean => popups.size > 0;

/**
 * While an extension page is open it holds a port named `KEEP_AWAKE_PORT` and pings on it
 * every 20 s: each ping is an event, which keeps Chromium's service worker (and Firefox's
 * event page) from being stopped after 30 s idle, so synced changes keep arriving while
 * the user looks. With no page open, nothing pings, and the background sleeps until the
 * sync alarm or the next event. A page opening also starts a sync pass (sync on only), half
 * a second later, so the page's first calls are answered before the library loads. The toolbar
 * popup holds `POPUP_PORT` instead (pings, no sync pass): it is known open until it disconnects.
 */
export function keepAwakeWhileOpen(port: Port): void {
  if (port.name === POPUP_PORT) {
    popups.add(port);
    port.onDisconnect.addListener(() => popups.delete(port));
    port.onMessage.addListener(() => undefined);
    return;
  }
  if (port.name !== KEEP_AWAKE_PORT) return;
  // Only when sync is on: with it off there is nothing to pass over, and the library need not open for a page that only lists.
  setTimeout(() => void readSyncSettings().then((st) => (st.enabled ? services().then((s) => s.sync.kick()) : undefined)).catch(() => undefined), KICK_AFTER_MS);
  port.onMessage.addListener(() => undefined);
}
