/**
 * `ArrayBuffer.prototype.transfer` as the browsers have it (Node 20 lacks it): the old buffer is
 * detached for real (structuredClone's transfer), so a buffer released while still in use reads
 * empty. `restore()` puts back what was there.
 */
export function detachingTransfer(): { released: () => number; restore: () => void } {
  const proto = ArrayBuffer.prototype as { transfer?: (length: number) => ArrayBuffer };
  const had = Object.getOwnPropertyDescriptor(proto, 'transfer');
  let released = 0;
  Object.defineProperty(proto, 'transfer', {
    configurable: true,
    value(this: ArrayBuffer, length: number) {
      const out = new ArrayBuffer(length);
      structuredClone(this, { transfer: [this] });
      released++;
      return out;
    },
  });
  return {
    released: () => released,
    restore: () => (had ? Object.defineProperty(proto, 'transfer', had) : delete proto.transfer),
  };
}
