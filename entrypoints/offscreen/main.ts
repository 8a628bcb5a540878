import { browser } from 'wxt/browser';
import { extractFromHtml } from '../../src/capture/extract';
import { backgroundToOffscreen } from '../../src/protocol/protocol';
import { createServer } from '../../src/protocol/rpc';
import { isBackground } from '../../extension/messaging';

// Chromium's service worker has no DOM; this hidden page parses fetched links for "Save link".
const server = createServer(
  'offscreen',
  backgroundToOffscreen,
  { extractHtml: ({ html, url, contentType }) => extractFromHtml(html, url, contentType, new DOMParser()) },
  isBackground,
);
browser.runtime.onMessage.addListener((msg, sender) => server.handle(msg, sender) as never);
