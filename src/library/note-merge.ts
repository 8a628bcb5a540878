import { splice } from '@automerge/automerge/slim';
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
