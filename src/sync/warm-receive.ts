import { from, generateSyncMessage, ImmutableString, init, initSyncState, load, receiveSyncMessage, save } from '@automerge/automerge/slim';

let warmed = false;

/**
 * Applies a small document, received through Automerge's sync protocol, to an empty one, once
 * per process and only here, in memory (no Repo, no storage, no server). V8 compiles a
 * WebAssembly function on its first call: a fresh service worker that has only written its own
 * documents pays ~20-30 ms the first time it applies a document it receives, and when that first
 * document is a library being joined, the wait is on the join's path (the root, before its list
 * can be asked for). Run when a sync server connects, so that compiling happens then, not while
 * a user waits on a join. Never throws: a warm-up that fails leaves things as they were.
 * Returns whether this call ran the whole exchange (false once warmed, or when it failed).
 */
export function warmReceive(): boolean {
  if (warmed) return false;
  warmed = true;
  try {
    let source = from<Record<string, unknown>>({
      schema: new ImmutableString('warm-up'),
      text: 'a collaborative text',
      map: { n: 1, flag: true, at: null, bytes: new Uint8Array([1, 2, 3]) },
      list: [1, 'two', { three: 3 }],
    });
    let target = init<Record<string, unknown>>();
    let [sent, got] = [initSyncState(), initSyncState()];
    for (let round = 0; round < 8; round++) {
      const [s1, out] = generateSyncMessage(source, sent);
      sent = s1;
      if (out) [target, got] = receiveSyncMessage(target, got, out);
      const [s2, back] = generateSyncMessage(target, got);
      got = s2;
      if (!out && !back) break;
      if (back) [source, sent] = receiveSyncMessage(source, sent, back);
    }
    load(save(target));
    return true;
  } catch {
    // Only a warm-up.
    return false;
  }
}
