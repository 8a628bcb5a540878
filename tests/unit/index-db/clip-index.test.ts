import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { MemoryClipIndex } from '../../../src/index-db/clip-index';
import { DexieClipIndex, IndexDatabase } from '../../../src/index-db/dexie-clip-index';
import { runClipIndexTests } from './clip-index-conformance';

runClipIndexTests('MemoryClipIndex', async () => new MemoryClipIndex());
runClipIndexTests('DexieClipIndex', async () => new DexieClipIndex(new IndexDatabase({ indexedDB: new IDBFactory(), IDBKeyRange })));
