/**
 * Yields to the event loop (a macrotask, not a microtask). Why: a WeakRef made during a task
 * keeps its target alive until the task ends, and jsdom (DOMPurify's window in Node) makes
 * them for every document it parses; a loop that only awaits promises never ends its task, so
 * every clip's parsed documents would pile up (~40 MB per 100 clips). In the extension it
 * also lets other messages through during a long export.
 */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Clips between two turns. */
export const CLIPS_PER_TURN = 10;
