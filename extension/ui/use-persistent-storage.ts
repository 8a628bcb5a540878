import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';

/** Whether the browser keeps this extension's storage under pressure: true, false, or null (not known yet / no API). */
export type Persistence = boolean | null;

/**
 * Asks for persistent storage once (`navigator.storage.persist()`, Window-only, so a page asks,
 * not the background) and reports whether the library is safe from eviction: persistent (Firefox
 * grants it without a prompt to an extension with `unlimitedStorage`), or unlimited (Chromium's
 * quota manager never evicts an origin with `unlimitedStorage`, though `persisted()` says false).
 * Otherwise the browser may clear the library when the disk runs low, which the options page says.
 */
export function usePersistentStorage(): Persistence {
  const [persisted, setPersisted] = useState<Persistence>(null);
  useEffect(() => {
    const storage = navigator.storage;
    if (!storage?.persisted) return;
    let live = true;
    void (async () => {
      let granted = await storage.persisted().catch(() => false);
      if (!granted && storage.persist) granted = await storage.persist().catch(() => false);
      if (!granted) granted = await browser.permissions.contains({ permissions: ['unlimitedStorage'] }).catch(() => false);
      if (live) setPersisted(granted);
    })();
    return () => {
      live = false;
    };
  }, []);
  return persisted;
}
