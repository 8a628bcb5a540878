import { browser } from 'wxt/browser';

/** Absolute URL of a file in the built extension (WXT's typed getURL only knows entrypoints). */
export const extUrl = (path: string): string => browser.runtime.getURL(path as '/options.html');
