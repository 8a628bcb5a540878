/**
 * Found hunting full-disk bugs: the words for a full disk told people to "delete clips" to make
 * room. Deleting a clip keeps it whole (the bin, undo-able: its entry and article stay), so it
 * frees nothing, and on a full disk the delete is one more write that fails. The way out is disk
 * space on the device; the import's message said the same (tests/unit/import/job-disk-full.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { toAppError } from '../../../src/util/result';

const quota = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');

describe('the words for a full disk', () => {
  it('say what happened and a way out that works: disk space, not deleting clips', () => {
    for (const e of [quota(), Object.assign(new Error('QuotaExceededError The quota has been exceeded.'), { name: 'AbortError', inner: quota() })]) {
      const { code, message } = toAppError(e);
      expect(code).toBe('storage-full');
      expect(message).toMatch(/no room left/);
      expect(message).toMatch(/Free disk space/);
      expect(message).not.toMatch(/or delete clips/i);
    }
  });
});
