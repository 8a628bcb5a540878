import { splice } from '@automerge/automerge/slim';
import { conflictsOf } from './map-conflicts';
import { AppFailure } from '../util/result';
import { rebaseText, type TextSplice } from './text-merge';

/**
 * A note's edit `base` → `edited` (what its editor loaded, and what it sends) rebased onto the
 * note as it is now, `current` (`rebaseText`): the merged note and the splices that make it.
 * Refused (`bad-request`, with the limit) when the merged note is over `max` characters, so the
 * caller writes nothing: the user's own text was within the limit, and words another device or
 * editor added meanwhile took it over. Clip notes and highlight notes share it.
 */
export function rebaseNote(base: string, edited: string, current: string, max: number): { text: string; splices: TextSplice[] } {
  const merged = rebaseText(base, edited, current);
  if (merged.text.length > max) {
    throw new AppFailure('bad-request', `With the words added elsewhere meanwhile, the note would be over ${max.toLocaleString('en-US')} characters: shorten it.`);
  }
  return merged;
}

/** Applies a rebased edit's splices to `obj.note`, a collaborative text, inside an Automerge change. */
export function spliceNote(obj: object, splices: readonly TextSplice[]): void {
  for (const s of splices) splice(obj as never, ['note'], s.index, s.remove, s.insert);
}

/** What goes between a note and another device's version of it, when the two are put together. */
const BETWEEN = '\n\n';

/**
 * A clip's note as every device wrote it. Two devices that each wrote a clip's first note before
 * they synced each made a text of their own at `note` (entries made before notes were created
 * with the entry); Automerge shows one and keeps the other only as a conflict, so its words
 * would be gone from view. `shown` is the visible text, `others` each other version's text that
 * the visible one does not already hold (none in the common case: one text, edited everywhere).
 */
export function noteVersions(entry: object): { shown: string | null; others: string[] } {
  const note = (entry as { note?: unknown }).note;
  const shown = typeof note === 'string' ? note : null;
  const conflicts = conflictsOf(entry, 'note');
  const others: string[] = [];
  if (conflicts && Object.keys(conflicts).length > 1) {
    for (const key of Object.keys(conflicts).sort()) {
      const v = conflicts[key];
      if (typeof v === 'string' && v.trim() !== '' && !(shown ?? '').includes(v) && !others.includes(v)) others.push(v);
    }
  }
  return { shown, others };
}

/** A clip's note, every device's version in it (`noteVersions`: the visible text, then each other one it lacks); '' for none. */
export function noteOf(entry: object): string {
  const { shown, others } = noteVersions(entry);
  return (shown ? [shown, ...others] : others).join(BETWEEN);
}

/**
 * Inside a change: writes into the visible note every other version's text it lacks (appended,
 * each after a blank line), so it holds what `noteOf` shows and an edit of that text can be
 * spliced into it. The other versions stay in the document's history.
 */
export function healNote(draft: object): void {
  const { shown, others } = noteVersions(draft);
  if (shown === null || others.length === 0) return;
  let at = shown.length;
  for (const t of others) {
    const piece = at === 0 ? t : BETWEEN + t;
    splice(draft as never, ['note'], at, 0, piece);
    at += piece.length;
  }
}
