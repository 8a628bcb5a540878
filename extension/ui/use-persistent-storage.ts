import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';

/** Whether the browser keeps this extension's storage under pressure: true, false, or null (not known yet / no API). */
export type Persistence = boolean | null;

/**
 * Asks for persistent storage (`navigator.storage.persist()`, Window-only, so a page asks, not
 * the background) and answers whether the library is safe from eviction: persistent (Firefox
 * grants it without a prompt to an extension with `unlimitedStorage`), or unlimited (Chromium's
 * quota manager never evicts an origin with `unlimitedStorage`, though `persisted()` says false).
 * Otherwise the browser may clear the library when the disk runs low, which the options page says.
 * Asked once per page: the side panel asks as it opens (where people spend their time), the
 * options page shows the answer.
 */
export function askPersistentStorage(): Promise<Persistence> {
  asked ??= (async (): Promise<Persistence> => {
    const storage = navigator.storage;
    if (!storage?.persisted) return null;
    let granted = await storage.persisted().catch(() => false);
    if (!granted && storage.persist) granted = await storage.persist().catch(() => false);
    if (!granted) granted = await browser.permissions.contains({ permissions: ['unlimitedStorage'] }).catch(() => false);
    return granted;
  })();
  return asked;
}

let asked: Promise<Persistence> | undefined;

/** `askPersistentStorage`'s answer, for a component (null until it comes). */
export function usePersistentStorage(): Persistence {
  const [persisted, setPersisted] = useState<Persistence>(null);
  useEffect(() => {
    let live = true;
    void askPersistentStorage().then((granted) => live && setPersisted(granted));
    return () => {
      live = false;
    };
  }, []);
  return persisted;
}
