import { browser } from 'wxt/browser';

/** The port an open extension page holds to keep the background awake (see background/keep-awake.ts). */
export const KEEP_AWAKE_PORT = 'commonplace-keep-awake';
/** The toolbar popup's port, held the same way: it tells the background the popup is still open to show a save's outcome. */
export const POPUP_PORT = 'commonplace-popup';
const PING_MS = 20_000;

const goneListeners = new Set<() => void>();

/** Runs `listener` each time this page's keep-awake port disconnects: the background stopped (or restarted). */
export function onBackgroundGone(listener: () => void): void {
  goneListeners.add(listener);
}

/** Holds the port (`name`) while this page is open, pinging every 20 s, and reconnects if the background restarts. */
export function keepBackgroundAwake(name: typeof KEEP_AWAKE_PORT | typeof POPUP_PORT = KEEP_AWAKE_PORT): void {
  let port: ReturnType<typeof browser.runtime.connect> | null = null;
  const connect = () => {
    try {
      port = browser.runtime.connect({ name });
      port.onDisconnect.addListener(() => {
        port = null;
        for (const listener of [...goneListeners]) listener();
        setTimeout(connect, 1_000);
      });
    } catch {
      setTimeout(connect, 5_000);
    }
  };
  connect();
  setInterval(() => {
    try {
      port?.postMessage('ping');
    } catch {
      port = null;
    }
  }, PING_MS);
}
