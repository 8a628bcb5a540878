import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { frameState, listenForFrameToken } from '../extension/snapshot/frame-tokens';
import { installProducer } from '../extension/snapshot/producer-global';
import { snapshotDocument } from '../src/snapshot/snapshot';

/**
 * The full-page snapshot producer (src/snapshot/), injected on demand into a page's isolated
 * world before a snapshot (extension/snapshot/snapshot-tab.ts), so the content script every
 * page loads does not carry it. It leaves the producer where the content script finds it, and
 * (injected into every frame) starts listening for the token that ties a frame of another
 * origin to its place in its parent's snapshot (extension/snapshot/frame-tokens.ts). Its result
 * (`executeScript`'s, `ProducerStateSchema`) says what the frame is.
 */
export default defineUnlistedScript(() => {
  installProducer(snapshotDocument);
  listenForFrameToken();
  return frameState();
});
