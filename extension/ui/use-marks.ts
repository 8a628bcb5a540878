import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { MarkHow } from './VirtualList';

/** What {@link useMarks} gives a list: the marked ids in its order, and the ways to change them. */
export interface Marks {
  /** Marked ids, in the list's order (a marked clip no longer in the list is left out), then those `add` marked beyond it. */
  readonly selected: string[];
  /** Whether a clip is marked. */
  readonly has: (id: string) => boolean;
  /** A gesture on row `index` (VirtualList's `onMark`). */
  readonly mark: (index: number, how: MarkHow) => void;
  /** Marks these ids besides (a "Select all" that read ids not drawn yet). */
  readonly add: (ids: readonly string[]) => void;
  /** Whether `add` marked ids the list has not drawn (a "Select all" of search results). */
  readonly beyondList: () => boolean;
  /** Keeps marked, of those `add` marked, only the ids in `all` (the search's results read again after a change took some out). */
  readonly retain: (all: readonly string[]) => void;
  /** Deletes `chosen` (the marked ids by default) through the panel's `onDeleteMany` (its undo bar), and unmarks everything when it did. */
  readonly remove: (chosen?: readonly string[]) => Promise<void>;
  readonly clear: () => void;
}

/**
 * Rows marked for a change to many (the list's and the search results' selection), by clip id:
 * `toggle` flips one and makes it the anchor, `range` marks from the anchor to the row, `all`
 * marks every row of `ids`. Escape unmarks; when every marked row has left the list (archived out
 * of "Unread", deleted elsewhere), nothing is marked any more. Deleting the marked rows goes
 * through `onDeleteMany` (the panel's, with its undo), then unmarks.
 */
export function useMarks(ids: readonly string[], onDeleteMany: (ids: string[]) => Promise<boolean>): Marks {
  const [marked, setMarked] = useState<ReadonlySet<string>>(() => new Set());
  const anchor = useRef<string | null>(null);
  // Ids marked by `add` that the list has not drawn (search results not loaded yet): kept marked, after the list's.
  const beyond = useRef<ReadonlySet<string>>(new Set());
  const clear = () => ((anchor.current = null), (beyond.current = new Set()), setMarked(new Set()));
  const mark = (i: number, how: MarkHow) => {
    const id = ids[i];
    if (how === 'all') return setMarked(new Set(ids));
    if (!id) return;
    const next = new Set(marked);
    const from = anchor.current === null ? -1 : ids.indexOf(anchor.current);
    if (how === 'range' && from >= 0) for (let k = Math.min(from, i); k <= Math.max(from, i); k++) next.add(ids[k]!);
    else if (next.has(id)) next.delete(id);
    else next.add(id);
    if (how === 'toggle' || from < 0) anchor.current = id;
    setMarked(next);
  };
  const add = (more: readonly string[]) => {
    beyond.current = new Set([...beyond.current, ...more]);
    setMarked((was) => new Set([...was, ...more]));
  };
  const retain = (all: readonly string[]) => {
    if (beyond.current.size === 0) return;
    const keep = new Set(all);
    const listed = new Set(ids);
    beyond.current = new Set([...beyond.current].filter((id) => keep.has(id)));
    setMarked((was) => new Set([...was].filter((id) => listed.has(id) || beyond.current.has(id))));
  };
  const selected = useMemo(() => {
    if (marked.size === 0) return [];
    const inList = ids.filter((id) => marked.has(id));
    if (beyond.current.size === 0) return inList;
    const listed = new Set(ids);
    return [...inList, ...[...beyond.current].filter((id) => marked.has(id) && !listed.has(id))];
  }, [marked, ids]);
  useEffect(() => void (selected.length === 0 && marked.size > 0 && clear()), [selected.length]);
  useEffect(() => {
    if (marked.size === 0) return;
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && !e.defaultPrevented && clear();
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, [marked.size]);
  const remove = async (chosen: readonly string[] = selected) => void (chosen.length > 0 && (await onDeleteMany([...chosen])) && clear());
  return { selected, has: (id) => marked.has(id), mark, add, beyondList: () => beyond.current.size > 0, retain, remove, clear };
}
