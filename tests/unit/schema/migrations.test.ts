import { describe, expect, it } from 'vitest';
import { migrate, migrationState, type Migration } from '../../../src/schema/migrations';
import { asClipId, newClipId } from '../../../src/schema/ids';

describe('schema migrations', () => {
  const steps: Migration[] = [
    { from: 0, describe: 'add tags', up: (d) => void (d.tags = {}) },
    { from: 1, describe: 'rename name→title', up: (d) => void ((d.title = d.name), delete d.name) },
  ];
  it('applies every step in order and records the version', () => {
    const doc: Record<string, unknown> = { name: 'x' };
    expect(migrate(doc, steps, 2)).toBe(2);
    expect(doc).toEqual({ tags: {}, title: 'x', schemaVersion: 2 });
  });
  it('classifies versions', () => {
    expect(migrationState(1, 1)).toBe('current');
    expect(migrationState(0, 1)).toBe('needs-migration');
    expect(migrationState(undefined, 1)).toBe('needs-migration');
    expect(migrationState(2, 1)).toBe('too-new');
  });
  it('throws on a gap rather than guessing', () => {
    expect(() => migrate({ schemaVersion: 5 }, steps, 7)).toThrow(/No migration/);
  });
});

describe('ids', () => {
  it('mints distinct url-safe clip ids and validates untrusted ones', () => {
    const a = newClipId();
    expect(a).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(newClipId()).not.toBe(a);
    expect(asClipId(a)).toBe(a);
    expect(asClipId('../etc')).toBeNull();
  });
});
