import { change, clone, from, getHeads, merge } from '@automerge/automerge/slim';
import { encodeHeads } from '@automerge/automerge-repo/slim';
import { describe, expect, it } from 'vitest';
import { lostSince } from '../../../src/sync/server-watch';

const heads = (d: Parameters<typeof getHeads>[0]) => encodeHeads(getHeads(d)) as string[];

describe('lostSince: did a server lose changes it had acknowledged?', () => {
  const v1 = from<{ n: number; m?: number }>({ n: 1 });
  const v2 = change(v1, (d) => void (d.n = 2));
  const v3 = change(v2, (d) => void (d.n = 3));

  it('no: the same heads, or heads that came after the acknowledged ones', () => {
    expect(lostSince(v3, heads(v2), heads(v2))).toBe(false);
    expect(lostSince(v3, heads(v2), heads(v3))).toBe(false);
  });

  it('yes: heads from before the acknowledged ones (restored from a backup)', () => {
    expect(lostSince(v3, heads(v3), heads(v1))).toBe(true);
    expect(lostSince(v3, heads(v2), heads(v1))).toBe(true);
  });

  it('yes for a fork that lacks an acknowledged branch; no when it holds both', () => {
    const other = change(clone(v2), (d) => void (d.m = 9));
    const both = merge(clone(v3), other);
    expect(lostSince(both, heads(v3), heads(other))).toBe(true);
    expect(lostSince(both, heads(v3), heads(both))).toBe(false);
  });

  it('cannot tell yet (null): the server has changes this device has not seen; it can once it has them', () => {
    const elsewhere = change(clone(v1), (d) => void (d.m = 4));
    expect(lostSince(v3, heads(v2), heads(elsewhere))).toBe(null);
    expect(lostSince(merge(clone(v3), elsewhere), heads(v2), heads(elsewhere))).toBe(true);
    const ahead = change(clone(v3), (d) => void (d.n = 4));
    expect(lostSince(v3, heads(v2), heads(ahead))).toBe(null);
    expect(lostSince(ahead, heads(v2), heads(ahead))).toBe(false);
  });

  it('no: nothing was acknowledged', () => {
    expect(lostSince(v3, [], heads(v1))).toBe(false);
  });
});
