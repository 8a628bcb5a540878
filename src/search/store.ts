import { collectSnapshot, type SnapshotStream } from './snapshot';

/** What a store gives back on load: exactly what was saved, or what is left of it (the decoder judges). */
export interface StoredSnapshot {
  readonly header: unknown;
  readonly chunks: readonly unknown[];
}

/**
 * Where the search index persists: the snapshot (header and chunks, `snapshot.ts`) and, per clip,
 * the text its snippets are cut from (title, notes and the indexed part of the article), so a
 * result shows its passage without loading the clip's article. Derived data only: it can be
 * cleared at any time and rebuilt from the documents.
 *
 * Contract (tests/unit/search/search-store-conformance.ts runs it against every implementation):
 * - `save` replaces the whole snapshot atomically: a load sees the old one or the new one. It
 *   reads the stream to its end in one go (no await between two chunks: the index must not change
 *   meanwhile), and keeps no chunk it has written;
 * - `load` answers null when nothing was saved, and never fails on a damaged snapshot (it
 *   returns what is there; `decodeSnapshot` judges it);
 * - `putTexts` replaces each clip's text, `deleteTexts` forgets them, `getTexts` answers only the
 *   ids it has;
 * - `clear` forgets the snapshot and every text.
 */
export interface SearchIndexStore {
  load(): Promise<StoredSnapshot | null>;
  save(snapshot: SnapshotStream): Promise<void>;
  putTexts(texts: readonly { readonly id: string; readonly text: string }[]): Promise<void>;
  deleteTexts(ids: readonly string[]): Promise<void>;
  getTexts(ids: readonly string[]): Promise<Map<string, string>>;
  clear(): Promise<void>;
}

/** A store in memory: unit tests, and Node tools with nothing to persist. */
export class MemorySearchIndexStore implements SearchIndexStore {
  snapshot: StoredSnapshot | null = null;
  readonly texts = new Map<string, string>();
  async load() {
    return this.snapshot && { header: this.snapshot.header, chunks: [...this.snapshot.chunks] };
  }
  async save(stream: SnapshotStream) {
    this.snapshot = collectSnapshot(stream);
  }
  async putTexts(texts: readonly { id: string; text: string }[]) {
    for (const t of texts) this.texts.set(t.id, t.text);
  }
  async deleteTexts(ids: readonly string[]) {
    for (const id of ids) this.texts.delete(id);
  }
  async getTexts(ids: readonly string[]) {
    const out = new Map<string, string>();
    for (const id of ids) {
      const t = this.texts.get(id);
      if (t !== undefined) out.set(id, t);
    }
    return out;
  }
  async clear() {
    this.snapshot = null;
    this.texts.clear();
  }
}
