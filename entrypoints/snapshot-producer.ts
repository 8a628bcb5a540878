import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { installProducer } from '../extension/snapshot/producer-global';
import { snapshotDocument } from '../src/snapshot/snapshot';

/**
 * The full-page snapshot producer (src/snapshot/), injected on demand into a page's isolated
 * world before a snapshot (extension/snapshot/snapshot-tab.ts), so the content script every
 * page loads does not carry it. It only leaves the producer where the content script finds it.
 */
export default defineUnlistedScript(() => installProducer(snapshotDocument));
