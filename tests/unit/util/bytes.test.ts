import { describe, expect, it, vi } from 'vitest';
import { concatBytes, releaseBytes } from '../../../src/util/bytes';

/** A buffer whose `transfer` is a spy that detaches nothing (Node 20 has no `ArrayBuffer.prototype.transfer`). */
function withTransfer(bytes: Uint8Array): ReturnType<typeof vi.fn> {
  const transfer = vi.fn(() => new ArrayBuffer(0));
  Object.defineProperty(bytes.buffer, 'transfer', { value: transfer });
  return transfer;
}

describe('concatBytes', () => {
  it('joins in order, and returns a lone array itself', () => {
    const one = new Uint8Array([1, 2]);
    expect(concatBytes([one])).toBe(one);
    expect([...concatBytes([one, new Uint8Array([]), new Uint8Array([3])])]).toEqual([1, 2, 3]);
  });
});

describe('releaseBytes', () => {
  it('detaches a buffer the view spans whole', () => {
    const bytes = new Uint8Array(16);
    const transfer = withTransfer(bytes);
    expect(releaseBytes(bytes)).toBe(true);
    expect(transfer).toHaveBeenCalledWith(0);
  });

  it('leaves alone a view of part of a buffer (others may read the rest), an empty one, a buffer that cannot be detached, and a platform that cannot detach', () => {
    const whole = new Uint8Array(16);
    const transfer = withTransfer(whole);
    expect(releaseBytes(whole.subarray(4))).toBe(false);
    expect(releaseBytes(whole.subarray(0, 8))).toBe(false);
    expect(transfer).not.toHaveBeenCalled();
    const empty = new Uint8Array(0);
    withTransfer(empty);
    expect(releaseBytes(empty)).toBe(false);
    const held = new Uint8Array(8);
    Object.defineProperty(held.buffer, 'transfer', { value: () => { throw new TypeError('Cannot perform ArrayBuffer.prototype.transfer on a non-detachable ArrayBuffer'); } });
    expect(releaseBytes(held)).toBe(false);
    const plain = new Uint8Array(8);
    Object.defineProperty(plain.buffer, 'transfer', { value: undefined });
    expect(releaseBytes(plain)).toBe(false);
  });
});
