import { SnapshotViewSchema, type SnapshotView } from '../../src/schema/snapshot';

/** The global a test build's snapshot page exposes, for the e2e tests to hand it snapshots. */
const TEST_GLOBAL = '__commonplaceTestSnapshots';
const stored = new Map<string, SnapshotView>();

/**
 * Test builds only (see `loadSnapshot`): installs `globalThis.__commonplaceTestSnapshots.put(clipId, view)`,
 * through which an e2e test hands the page a snapshot (checked against `SnapshotViewSchema`);
 * it then sets the page's hash to `#clip=<clipId>`.
 */
export function installTestSnapshots(): void {
  (globalThis as unknown as Record<string, unknown>)[TEST_GLOBAL] = {
    put: (id: string, view: unknown) => {
      stored.set(id, SnapshotViewSchema.parse(view));
      return true;
    },
  };
}

/** A snapshot an e2e test put into this page, or null. */
export function testSnapshot(clipId: string): SnapshotView | null {
  return stored.get(clipId) ?? null;
}
