/**
 * Each test file's `BroadcastChannel`s hear only that file's. Vitest runs files in worker threads
 * of one process (`pool: 'threads'`), and Node delivers a BroadcastChannel message to every
 * channel of that name in the process, any thread: another file writing a clip index
 * (`INDEX_CHANGED_CHANNEL`) reached a list under test, which took the stranger's announcement for
 * a write of its own and read again (use-clip-list-shared-read failed so, in a full run on a
 * loaded machine, 2026-12-07). So every channel a file opens is named with a scope of its own
 * (its `name` still reads as given).
 */
const Native = globalThis.BroadcastChannel;
if (Native) {
  const scope = `#test-file-${Math.random().toString(36).slice(2)}`;
  class FileScopedChannel extends Native {
    readonly #name: string;
    constructor(name: string) {
      super(`${String(name)}${scope}`);
      this.#name = String(name);
    }
    override get name(): string {
      return this.#name;
    }
  }
  globalThis.BroadcastChannel = FileScopedChannel as typeof BroadcastChannel;
}
