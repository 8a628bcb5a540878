import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { initializeWasm, isWasmInitialized } from '@automerge/automerge/slim';

// src/ imports Automerge's "slim" build, as the extension does; Node tests load the same WebAssembly file.
const require = createRequire(import.meta.url);
if (!isWasmInitialized()) await initializeWasm(readFileSync(require.resolve('@automerge/automerge/automerge.wasm')));
