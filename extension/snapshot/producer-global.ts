import type { snapshotDocument } from '../../src/snapshot/snapshot';

/**
 * The snapshot producer is not part of the content script every page loads (it would add
 * ~45 KB to compile on every page for a rare action): `snapshot-producer.js`
 * (entrypoints/snapshot-producer.ts) is injected into the page's isolated world when a
 * snapshot is taken (`snapshotTab`), and leaves the producer on the isolated global under this
 * name, where the content script's `snapshotPage` finds it. The page cannot reach it.
 */
export const PRODUCER_GLOBAL = '__commonplaceSnapshotProducer';

/** The producer, as the injected script leaves it. */
export type Producer = typeof snapshotDocument;

/** Leaves `produce` on the isolated global (the injected script does this). */
export function installProducer(produce: Producer): void {
  (globalThis as unknown as Record<string, Producer | undefined>)[PRODUCER_GLOBAL] = produce;
}

/** The producer left by the injected script, or null when it has not been injected in this frame. */
export function installedProducer(): Producer | null {
  const found = (globalThis as unknown as Record<string, unknown>)[PRODUCER_GLOBAL];
  return typeof found === 'function' ? (found as Producer) : null;
}
