import type { contentToBackground } from '../../src/protocol/protocol';
import type { Handlers } from '../../src/protocol/rpc';
import { toBase64 } from '../../src/snapshot/encode';
import { createResourceFetcher } from '../../src/snapshot/resource-fetch';

const fetcher = createResourceFetcher({ fetch: (input, init) => fetch(input, init) });

/**
 * The background's answer to `fetchResource` (a content script making a full-page snapshot):
 * the resource fetched for the sender's page, under the policy of
 * src/snapshot/resource-fetch.ts, as base64 (messages carry JSON).
 */
export const fetchSnapshotResource: Handlers<Pick<typeof contentToBackground, 'fetchResource'>>['fetchResource'] = async ({ url }, sender) => {
  const pageUrl = sender.frameId === 0 || sender.frameId === undefined ? (sender.tab as { url?: string } | undefined)?.url ?? sender.url : sender.url;
  const got = await fetcher(url, pageUrl);
  return { resource: got && { type: got.type, url: got.url.slice(0, 8_192), base64: toBase64(got.bytes) } };
};
