import { describe, expect, it } from 'vitest';
import { poll } from '../../e2e/harness/poll';

describe('the e2e harness poll', () => {
  it('resolves with the first truthy value', async () => {
    let n = 0;
    expect(await poll(() => (++n >= 3 ? n : 0), { interval: 1 })).toBe(3);
  });

  it('says on timeout what was awaited, the last error, and what `describe` saw', async () => {
    const failing = poll(() => { throw new Error('not yet'); }, { timeout: 30, interval: 5, message: 'the thing', describe: () => 'it showed 2 rows' });
    await expect(failing).rejects.toThrow(/Timed out after 30 ms waiting for the thing \(last error: not yet\): it showed 2 rows$/);
  });

  it('says so when describing fails, without hiding the timeout', async () => {
    const failing = poll(() => false, { timeout: 20, interval: 5, message: 'the thing', describe: async () => { throw new Error('page gone'); } });
    await expect(failing).rejects.toThrow(/waiting for the thing: \(describing what was seen failed: page gone\)/);
  });
});
