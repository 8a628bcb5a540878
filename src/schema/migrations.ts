/**
 * Schema migrations. Each document carries `schemaVersion`; a migration upgrades a
 * document in place, inside one Automerge change, from `from` to `from + 1`.
 * A document newer than this build understands is read but never rewritten, so an
 * old device cannot damage data written by a newer one.
 */
export interface Migration {
  readonly from: number;
  readonly describe: string;
  /** Mutates the draft inside an Automerge `change` callback. */
  readonly up: (draft: Record<string, unknown>) => void;
}

export type MigrationState = 'current' | 'needs-migration' | 'too-new';

export function migrationState(version: unknown, current: number): MigrationState {
  const v = typeof version === 'number' ? version : 0;
  if (v === current) return 'current';
  return v > current ? 'too-new' : 'needs-migration';
}

/**
 * Applies every migration from the draft's version up to `current`.
 * Returns the number of steps applied; throws if a step is missing.
 */
export function migrate(draft: Record<string, unknown>, migrations: readonly Migration[], current: number): number {
  let v = typeof draft.schemaVersion === 'number' ? draft.schemaVersion : 0;
  let steps = 0;
  while (v < current) {
    const step = migrations.find((m) => m.from === v);
    if (!step) throw new Error(`No migration from schema version ${v}`);
    step.up(draft);
    v += 1;
    draft.schemaVersion = v;
    steps += 1;
  }
  return steps;
}

/** Clip documents: version 1 is the first layout; later issues append steps here. */
export const clipMigrations: readonly Migration[] = [];
/** Library documents: version 1 is the first layout. */
export const libraryMigrations: readonly Migration[] = [];
