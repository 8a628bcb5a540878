import { browser } from 'wxt/browser';
import { extractFromHtml } from '../../src/capture/extract';
import { sanitizeStored } from '../../extension/sanitize-stored';
import { backgroundToOffscreen } from '../../src/protocol/protocol';
import { createServer } from '../../src/protocol/rpc';
import { isBackground } from '../../extension/messaging';
import { releaseExport, runExport } from '../../extension/offscreen-export';
import { sanitizeSvgHere } from '../../extension/images/offscreen-svg';

// Chromium's service worker has no DOM: this hidden page parses fetched links for "Save link"
// and imports, and writes export zips into Blobs for downloads.
const server = createServer(
  'offscreen',
  backgroundToOffscreen,
  {
    extractHtml: ({ html, url, contentType }) => extractFromHtml(html, url, contentType, new DOMParser()),
    sanitizeArticle: ({ html, baseUrl }) => ({ html: sanitizeStored(html, baseUrl) }),
    runExport: ({ job, rootUrl }) => runExport(job, rootUrl),
    releaseExport: ({ blobUrl }) => releaseExport(blobUrl),
    sanitizeSvg: ({ svg }) => ({ svg: sanitizeSvgHere(svg) }),
  },
  isBackground,
);
browser.runtime.onMessage.addListener((msg, sender) => server.handle(msg, sender) as never);
