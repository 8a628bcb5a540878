import type { contentToBackground } from '../../src/protocol/protocol';
import type { Handlers } from '../../src/protocol/rpc';
import { services } from './services';

/** The background's answers to content scripts (senders already checked to be ours). */
export const contentHandlers: Handlers<typeof contentToBackground> = {
  pageStatus: async ({ url }) => ({ clip: await (await services()).library.findByUrl(url) }),
};
