import { describe, expect, it } from 'vitest';
import { fromBase64, toBase64 } from '../../../src/util/base64';

describe('base64', () => {
  it('round-trips bytes of every value, across chunk boundaries', () => {
    const bytes = new Uint8Array(0x8000 * 2 + 17);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31 + 7) & 0xff;
    const text = toBase64(bytes);
    expect(text).toBe(Buffer.from(bytes).toString('base64'));
    expect(fromBase64(text)).toEqual(bytes);
    expect(toBase64(new Uint8Array(0))).toBe('');
  });
});
