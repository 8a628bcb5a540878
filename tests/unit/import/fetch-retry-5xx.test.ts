import { describe, expect, it } from 'vitest';
import { outcomeOfFailure } from '../../../src/import/fetch-outcome';

/**
 * Found in review (it retried only 500, 502-504). README (src/import): "429, 503, other 5xx, 408 and network errors are retried with exponential
 * back-off". A site behind Cloudflare that is briefly down answers 520-524; a busy origin 507/529.
 */
describe('server errors outside the hard-coded list', () => {
  const NOW = Date.UTC(2026, 0, 2);
  for (const status of [507, 520, 521, 522, 523, 524, 529]) {
    it(`retries a ${status} answer (a 5xx) instead of failing the link for good`, () => {
      const outcome = outcomeOfFailure({ url: 'https://site.example/a', code: 'fetch-failed', message: `answered ${status}`, status, retryAfter: null }, NOW);
      expect(outcome).toMatchObject({ kind: 'failed', retry: true });
    });
  }
});
