/**
 * A BroadcastChannel message from another test file (another worker thread of Vitest's pool)
 * must not reach this file's channels: tests/unit/setup-channels.ts scopes them per file.
 */
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';

describe('broadcast channels in unit tests', () => {
  it('hear only their own file: a message posted from another thread under the same name is not delivered', async () => {
    const heard: unknown[] = [];
    const mine = new BroadcastChannel('commonplace-index-changed');
    mine.onmessage = (e) => heard.push(e.data);
    expect(mine.name).toBe('commonplace-index-changed');
    // Another thread, as another test file runs in: the plain name, as the product code opens it.
    const other = new Worker(`const c = new BroadcastChannel('commonplace-index-changed'); c.postMessage('from another file'); setTimeout(() => c.close(), 50);`, { eval: true });
    await new Promise((resolve) => other.on('exit', resolve));
    // This file's own messages still arrive.
    const sender = new BroadcastChannel('commonplace-index-changed');
    sender.postMessage('from this file');
    await new Promise((r) => setTimeout(r, 100));
    mine.close();
    sender.close();
    expect(heard).toEqual(['from this file']);
  });
});
