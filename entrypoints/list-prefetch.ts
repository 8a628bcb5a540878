import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { leaveListPrefetch } from '../extension/ui/list-prefetch';

/**
 * The side panel's first script (a classic script in its <head>, so it runs before the panel's
 * modules are fetched): starts reading the list's first rows, which the panel takes as it loads
 * (extension/ui/list-prefetch.ts).
 */
export default defineUnlistedScript(() => leaveListPrefetch());
