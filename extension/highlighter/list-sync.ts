/**
 * The live page's highlights against the background's list: which one wins. A list reaches the
 * page some time after the background read it (`showHighlights` from `announce`, after a change
 * in the side panel or by sync; the page's own `pageHighlights`, answered when the library is
 * ready), so a list read before a write made here (a highlight made, recoloured, noted,
 * deleted, undone) can arrive after that write's answer. Drawn as it was, it took a highlight
 * just made off the page until reload, or drew one just deleted again. So the page's own state
 * of what it wrote wins over any list that may be older, and one more read, started once every
 * write is answered, says what those highlights are: the last state wins, wherever it was made.
 */
import type { HighlightView } from '../../src/schema/highlight';

/** How page-highlights.ts reads and draws lists. */
export interface ListSyncDeps {
  /** Reads this page's highlights from the background; null when it could not. */
  fetch(): Promise<readonly HighlightView[] | null>;
  /** Draws a list read at `mark` (see `ListSync.ahead`), then calls `drawn(mark)`. */
  apply(views: readonly HighlightView[], mark: number): void;
}

/** The page's writes and reads (see the file comment). */
export interface ListSync {
  /** Sends one write of `id`, counted from the call to its answer (saved or refused). */
  written<T>(id: string, write: Promise<T>): Promise<T>;
  /**
   * Whether the page's own state of `id` is newer than a list read at `mark` may be (null: read
   * at a time the page does not know, a `showHighlights`): a write of it unanswered, or answered
   * after that read started. The page keeps its own state of such a highlight.
   */
  ahead(id: string, mark: number | null): boolean;
  /** A list read at `mark` is drawn: forgets the writes it has seen, and reads again when some may be newer. */
  drawn(mark: number | null): void;
  /** Reads the list and applies it, unless another list was drawn meanwhile (that one may be newer: then it reads again). */
  read(): Promise<void>;
  /** Reads nothing more. */
  stop(): void;
}

/** The sync of one page. */
export function listSync(deps: ListSyncDeps): ListSync {
  const writes = new Map<string, { open: number; answeredAt: number }>();
  let answered = 0;
  let lists = 0;
  let reading = false;
  let owed = false;
  let stopped = false;

  const ahead = (id: string, mark: number | null): boolean => {
    const w = writes.get(id);
    return !!w && (mark === null || w.open > 0 || w.answeredAt > mark);
  };
  const inFlight = () => [...writes.values()].some((w) => w.open > 0);
  /** Starts the read owed once no read is under way and every write is answered (a read started before an answer may not see it). */
  const catchUp = () => {
    if (!owed || reading || stopped || inFlight()) return;
    owed = false;
    void read();
  };
  async function read(): Promise<void> {
    const mark = answered;
    const seen = lists;
    reading = true;
    const views = await deps.fetch().finally(() => (reading = false));
    if (stopped || !views) return;
    if (lists !== seen) owed = true;
    else deps.apply(views, mark);
    catchUp();
  }

  return {
    async written(id, write) {
      const w = writes.get(id) ?? { open: 0, answeredAt: 0 };
      w.open += 1;
      writes.set(id, w);
      try {
        return await write;
      } finally {
        w.open -= 1;
        w.answeredAt = ++answered;
        catchUp();
      }
    },
    ahead,
    drawn(mark) {
      lists += 1;
      for (const id of [...writes.keys()]) if (!ahead(id, mark)) writes.delete(id);
      if (writes.size > 0) owed = true;
      catchUp();
    },
    read,
    stop() {
      stopped = true;
    },
  };
}
