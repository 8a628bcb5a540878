import { z } from 'zod/mini';
import { en } from 'zod/locales';

/**
 * The one place zod is imported from. Its functional API, `zod/mini`: zod's classic API
 * binds every method to every schema instance and makes a new instance for each `.max()`,
 * `.optional()` or `.int()`, which for the few hundred schemas built at module load cost
 * every extension page and the background ~55-65 ms of start-up CPU. Mini ships no locale,
 * so the English one is loaded here: error messages stay the ones classic gave.
 *
 * `jitless` stops zod from probing `new Function` at start-up: extension pages forbid `eval`
 * in their CSP, so every page would otherwise file a CSP violation report, and a real
 * violation would drown among them.
 */
z.config({ ...en(), jitless: true });

export { z };
