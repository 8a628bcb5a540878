import { z } from 'zod';

/**
 * The one place zod is imported from. `jitless` stops zod from probing `new Function`
 * at start-up: extension pages forbid `eval` in their CSP, so every page would otherwise
 * file a CSP violation report, and a real violation would drown among them.
 */
z.config({ jitless: true });

export { z };
