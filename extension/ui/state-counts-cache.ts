import { LIST_STATES, type ListState } from '../../src/schema/plain-values';

/**
 * The filter bar's state counts as this side panel last showed them (this extension's
 * localStorage), with the tag they were counted for, so the buttons are drawn with their counts at
 * first paint, before `libraryFacets` answers. Without them every button widened when the counts
 * arrived (a few hundred ms after the panel opened), and a click aimed as the panel appeared
 * landed on the button beside it. Checked without zod (the first-paint path loads none).
 */
const KEY = 'commonplace-state-counts';

type StateCounts = Record<ListState, number>;

/** The counts last shown for `tag` (null: no tag chosen), or null when none were, or for another tag. */
export function loadStateCounts(tag: string | null): StateCounts | null {
  try {
    const raw = JSON.parse(localStorage.getItem(KEY) ?? 'null') as { tag?: unknown; states?: Record<string, unknown> } | null;
    if (!raw || raw.tag !== tag || !raw.states || typeof raw.states !== 'object') return null;
    const states = raw.states;
    return LIST_STATES.every((s) => Number.isSafeInteger(states[s]) && (states[s] as number) >= 0) ? (states as StateCounts) : null;
  } catch {
    return null;
  }
}

/** Keeps the counts shown for `tag` for the next opening (written only when they changed). */
export function saveStateCounts(tag: string | null, states: StateCounts): void {
  try {
    const value = JSON.stringify({ tag, states: Object.fromEntries(LIST_STATES.map((s) => [s, states[s]])) });
    if (localStorage.getItem(KEY) !== value) localStorage.setItem(KEY, value);
  } catch {
    // Storage refused: the counts are drawn once the background answers.
  }
}
