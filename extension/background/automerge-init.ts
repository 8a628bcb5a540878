import { extUrl } from '../ext-url';
import { initializeWasm } from '@automerge/automerge-repo/slim';

let wasmMemory: WebAssembly.Memory | null = null;

/**
 * Loads Automerge's WebAssembly from its own file in the build (not inlined: that
 * halves cold start, see docs/architecture.md). Keeps a reference to its linear
 * memory so benchmarks can report it: WebAssembly memory is outside the JS heap.
 */
export async function initAutomerge(): Promise<void> {
  const bytes = new Uint8Array(await (await fetch(extUrl('/automerge.wasm'))).arrayBuffer());
  const original = WebAssembly.instantiate;
  WebAssembly.instantiate = (async (...args: Parameters<typeof WebAssembly.instantiate>) => {
    const result = await (original as (...a: unknown[]) => Promise<unknown>)(...args);
    const instance = (result as WebAssembly.WebAssemblyInstantiatedSource).instance ?? (result as WebAssembly.Instance);
    const memory = instance?.exports?.memory;
    if (memory instanceof WebAssembly.Memory) wasmMemory = memory;
    return result;
  }) as typeof WebAssembly.instantiate;
  try {
    await initializeWasm(bytes);
  } finally {
    WebAssembly.instantiate = original;
  }
}

/** Bytes of Automerge's WebAssembly memory right now, or null before init. */
export const wasmBytes = (): number | null => wasmMemory?.buffer.byteLength ?? null;
