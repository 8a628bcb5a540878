/**
 * The background's services module (extension/background/services.ts) for tests of background
 * handlers, serving whatever a test puts in `fakeServices.current`:
 *
 *   vi.mock('../../../extension/background/services', async () => (await import('../protocol/fake-services')).servicesModule());
 */
export const fakeServices = { current: null as unknown };

/** The module's exports the handlers use, plus `extra` (e.g. the join's). */
export function servicesModule(extra: Record<string, unknown> = {}) {
  return {
    services: async () => fakeServices.current,
    openServices: () => fakeServices.current,
    stores: () => ({}),
    libraryEverOpened: () => true,
    LIBRARY_URL_KEY: 'libraryUrl',
    COVERAGE_LOCAL_KEY: 'indexCoverage',
    ...extra,
  };
}
