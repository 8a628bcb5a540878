import { defaultRangeExtractor, type Range, type Virtualizer } from '@tanstack/virtual-core';
import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { cardColumns } from './list-layout';
import { useVirtualizer } from './use-virtualizer';

/** Rows drawn beyond each edge of the view, so a quick scroll or a key press rarely meets an empty band. */
const OVERSCAN = 8;

/** One row as a list draws it: the attributes of its `<li>` (test ids, data) and what it holds. */
export interface RowView {
  readonly attrs: Record<string, string | number | boolean | undefined>;
  readonly body: ComponentChildren;
}

/** Where a list stands: the first row in view and the selected one (indexes in the whole list). */
export interface ListView {
  readonly top: number;
  readonly active: number;
}

/** What {@link VirtualList} draws and whom it tells. */
export interface VirtualListProps {
  /** How many rows the whole list holds (the scrollbar is sized for all of them). */
  readonly count: number;
  /** A stable key per row (a clip id): measured heights and focus follow it. Keep the function the same while the rows are. */
  readonly keyOf: (index: number) => string;
  /** A row's height before it is drawn and measured. */
  readonly estimate: (index: number) => number;
  /**
   * Lays the rows out as a grid (cards): as many columns as the list's width holds at this width
   * each (list-layout.ts `cardColumns`), filled left to right. Every row must then be as tall
   * (the columns' rows line up only then). ↓/↑ move a grid row, ←/→ and j/k one item.
   */
  readonly laneWidth?: number | undefined;
  /** Draws row `index` (called only for the rows in the DOM); with `onMark`, a marked row's attrs hold `aria-selected: true`. */
  readonly row: (index: number) => RowView;
  /** The list's accessible name. */
  readonly label: string;
  /** Attributes and class of the scrolling element (test ids, state). */
  readonly attrs?: Record<string, string | number | boolean | undefined>;
  readonly class?: string;
  /** Where to come back to: scrolled to `top` with `active` selected, once `ready` (the count is final). */
  readonly initial?: ListView | null;
  readonly ready?: boolean;
  /** Rows `start`…`end` (inclusive) are drawn, and the selected row `active` (drawn wherever it is): their data is wanted. */
  readonly onRange?: (start: number, end: number, active: number) => void;
  /** The view changed (scrolled, another row selected): to remember it. */
  readonly onView?: (view: ListView) => void;
  /** Enter or a click on a row. */
  readonly onOpen?: (index: number) => void;
  /** Delete or d on a row. */
  readonly onDelete?: (index: number) => void;
  /** ↑ on the first row (the search box takes focus). */
  readonly onTop?: () => void;
  /**
   * Marks rows for a change to many (a selection): `toggle` one row (x, Ctrl/⌘+click), `range`
   * from the last toggled row to this one (Shift+click, Shift+↓/↑), `all` (Ctrl/⌘+A). Without it,
   * those gestures do what plain ones do.
   */
  readonly onMark?: (index: number, how: MarkHow) => void;
}

/** How a gesture marks rows (see `VirtualListProps.onMark`). */
export type MarkHow = 'toggle' | 'range' | 'all';

const clamp = (i: number, count: number) => Math.max(0, Math.min(i, count - 1));

/** Where a selection's row was last found (`followRow`), so a render finds it again at once. */
interface Followed {
  readonly key: string;
  readonly index: number;
  readonly count: number;
  readonly at: number;
  /** The row is no longer in the list: `at` is the row now at its last place. */
  readonly gone: boolean;
}

/**
 * The selected row's index now: `index`, or where the row `key` went when the list changed under
 * it (looked for outwards from `index`, once per change); `index` (clamped: the row now at its
 * place) when it is gone.
 */
function followRow(keyOf: (i: number) => string, count: number, index: number, key: string | null, memo: { current: Followed | null }): number {
  const i = clamp(index, count);
  if (key === null || count === 0 || keyOf(i) === key) return i;
  const f = memo.current;
  const known = f && f.key === key && f.index === index ? f : null;
  if (known && known.count === count && known.at < count && (keyOf(known.at) === key || known.gone)) return known.at;
  // Looked for outwards from where it was last seen; gone (deleted), the row now at that place.
  const from = clamp(known?.at ?? i, count);
  let at = -1;
  for (let d = 0; at < 0 && (from - d >= 0 || from + d < count); d++) {
    if (from + d < count && keyOf(from + d) === key) at = from + d;
    else if (from - d >= 0 && keyOf(from - d) === key) at = from - d;
  }
  memo.current = { key, index, count, at: at < 0 ? from : at, gone: at < 0 };
  return at < 0 ? from : at;
}

/**
 * A row's height from its ResizeObserver entry (which comes after layout, before paint). Drawn,
 * a row keeps its last measured height, or the estimate, until then: reading `offsetHeight` as it
 * is added would force a layout of the whole page inside each render.
 */
const measureElement = (el: HTMLElement, entry: ResizeObserverEntry | undefined, v: Virtualizer<HTMLElement, HTMLElement>): number => {
  const box = entry?.borderBoxSize?.[0];
  if (box) return Math.round(box.blockSize);
  if (entry) return el.offsetHeight;
  const index = v.indexFromElement(el);
  return v.itemSizeCache.get(v.options.getItemKey(index)) ?? v.options.estimateSize(index);
};

/**
 * A virtualised list: only the rows in view (plus {@link OVERSCAN} each side, plus the selected
 * one) are in the DOM, absolutely placed inside a list as tall as all of them, so the scrollbar
 * is the whole list's. Rows are measured as they are drawn (their height varies with tags and
 * excerpts). Keyboard: ↓/j ↑/k, Home/End, PageDown/PageUp move the selection, which scrolls into
 * view and takes focus even when it was not drawn; Enter opens; Delete or d deletes; with
 * `onMark`, x or Space, Shift+↓/↑, Ctrl/⌘+A and Shift- or Ctrl/⌘-clicks mark rows (the list is
 * then a multi-select listbox, a marked row an option with `aria-selected`). The
 * selected row stays drawn while scrolled away, so focus is never lost to a scroll; when a
 * focused row disappears (deleted), focus and the selection move to the row now at its place.
 */
export function VirtualList(props: VirtualListProps) {
  const { count, initial, ready = true } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const ulRef = useRef<HTMLUListElement>(null);
  // The selection: an index and the key of its row then. It follows its row (as focus does: rows
  // are keyed) when rows come or go above it (a save, a sync, an archive in Unread, the whole list
  // read after its first page): by index alone, Enter and d acted on another row than the focused one.
  const [sel, setSel] = useState<{ index: number; key: string | null }>(() => ({ index: Math.max(0, initial?.active ?? 0), key: null }));
  const setActive = (i: number) => setSel({ index: i, key: i >= 0 && i < count ? props.keyOf(i) : null });
  // Whether the user chose a row (or one was restored): only then is it marked.
  const [chosen, setChosen] = useState(() => (initial?.active ?? 0) > 0);
  // A restored selection's key: its row in the list it was first drawn from; once the list is
  // complete, the last row for a place past its end (the last clip, gone since): kept by index
  // alone, it slid off the focused row as soon as clips came above it.
  const firstKey = useRef<string | null>(null);
  if (sel.key === null && firstKey.current === null && (sel.index < count || (ready && count > 0))) firstKey.current = props.keyOf(clamp(sel.index, count));
  const followed = useRef<Followed | null>(null);
  const a = followRow(props.keyOf, count, sel.index, sel.key ?? firstKey.current, followed);
  const activeRef = useRef(a);
  activeRef.current = a;
  // The selected row is gone (deleted, or left the filter): the selection is now the row at its
  // place, which focus moves to (below). Kept on the gone row's key, every later change searched for
  // it again and fell back to an index, taking the selection off the focused row.
  const selKey = sel.key ?? firstKey.current;
  useLayoutEffect(() => {
    // Only once the list is complete (`ready`): a row not read yet is not gone.
    if (ready && selKey !== null && count > 0 && props.keyOf(a) !== selKey) setSel({ index: a, key: props.keyOf(a) });
  });

  const rangeExtractor = useCallback(
    (range: Range) => {
      const out = defaultRangeExtractor(range);
      const sel = activeRef.current;
      if (sel < range.count && !out.includes(sel)) out.push(sel), out.sort((x, y) => x - y);
      return out;
    },
    [a],
  );
  // Columns of a grid, from the list's width: the window's at first, then the list's own once measured (and on every resize).
  const [width, setWidth] = useState(() => (typeof innerWidth === 'number' ? innerWidth : 0));
  const lanes = props.laneWidth ? cardColumns(width) : 1;
  const v = useVirtualizer({
    count,
    lanes,
    getScrollElement: () => scrollRef.current,
    estimateSize: props.estimate,
    getItemKey: props.keyOf,
    overscan: OVERSCAN,
    rangeExtractor,
    initialRect: typeof innerHeight === 'number' ? { width: innerWidth, height: innerHeight } : undefined,
    measureElement,
  }, (initial?.top ?? 0) > 0);

  // The list's own width, followed (a resized panel): the virtualiser re-renders on a new size only
  // when the rows in view change, which a wider panel of the same height does not.
  const grid = !!props.laneWidth;
  useEffect(() => {
    const el = scrollRef.current;
    if (!grid || !el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(([e]) => {
      const w = e?.borderBoxSize?.[0]?.inlineSize ?? e?.contentRect.width;
      if (w) setWidth(Math.round(w));
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, [grid]);

  const focusPending = useRef(false);
  const hadFocus = useRef(false);
  const focusRowEl = (i: number) => ulRef.current?.querySelector<HTMLElement>(`:scope > li[data-index="${i}"]`);
  const focusRow = (i: number) => focusRowEl(i)?.focus({ preventScroll: true });

  // Move the selection: scroll it into view, then focus it once it is drawn (below).
  const select = (i: number) => {
    const next = clamp(i, count);
    setActive(next);
    setChosen(true);
    focusPending.current = true;
    v.scrollToIndex(next, { align: 'auto' });
  };
  useLayoutEffect(() => {
    if (focusPending.current && ulRef.current?.querySelector(`:scope > li[data-index="${a}"]`)) {
      focusPending.current = false;
      focusRow(a);
    }
    // The focused row went away (deleted): keep focus in the list, at the same place.
    if (hadFocus.current && count > 0 && (document.activeElement === document.body || document.activeElement === null)) focusRow(a);
  });

  // Back to where the list was left, once its count is known.
  const restored = useRef(false);
  useLayoutEffect(() => {
    if (restored.current || !ready || count === 0) return;
    restored.current = true;
    if (!initial) return;
    if (initial.top > 0) v.scrollToIndex(clamp(initial.top, count), { align: 'start' });
    if (initial.active > 0 && (document.activeElement === document.body || document.activeElement === null)) focusPending.current = true;
    // The top row comes back whole, which may push a selected row at the bottom edge out of view: bring it back in.
    if (initial.active > initial.top) {
      const reveal = () => {
        const box = scrollRef.current?.getBoundingClientRect();
        const row = focusRowEl(clamp(initial.active, count))?.getBoundingClientRect();
        // Not once the user has scrolled elsewhere meanwhile (the restored top row no longer drawn in view): the list must not jump back.
        const top = focusRowEl(clamp(initial.top, count))?.getBoundingClientRect();
        if (!box || !top || top.bottom < box.top || top.top > box.bottom) return;
        if (row && (row.bottom > box.bottom + 1 || row.top < box.top - 1)) v.scrollToIndex(clamp(initial.active, count), { align: 'auto' });
      };
      setTimeout(reveal, 120);
    }
  }, [ready, count]);

  // Tell what is drawn (to fetch it) and where the list stands (to remember it).
  const items = v.getVirtualItems();
  const first = v.range?.startIndex ?? 0;
  const from = Math.max(0, first - OVERSCAN);
  const to = Math.min(count - 1, (v.range?.endIndex ?? Math.min(count - 1, 20)) + OVERSCAN);
  // Layout effects: before the next paint, and never lost to a panel closed right after a key press.
  useLayoutEffect(() => props.onRange?.(from, to, a), [from, to, a, count]);
  useLayoutEffect(() => {
    if (restored.current || !initial) props.onView?.({ top: first, active: a });
  }, [first, a]);

  const page = () => {
    const top = v.scrollOffset ?? 0;
    const height = v.scrollRect?.height ?? 0;
    return Math.max(lanes, items.filter((it) => it.start >= top && it.end <= top + height).length - lanes);
  };
  const onKey = (e: KeyboardEvent) => {
    const mark = props.onMark;
    if (mark && count > 0 && (e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'a') return void (e.preventDefault(), mark(a, 'all'));
    if (e.ctrlKey || e.metaKey || e.altKey || count === 0) return;
    const k = e.key;
    // In a grid, ↓/↑ go a grid row down or up (the item below or above), ←/→ and j/k the next or previous item.
    const step = k === 'ArrowDown' || k === 'ArrowUp' ? lanes : 1;
    if (mark && e.shiftKey && (k === 'ArrowDown' || k === 'ArrowUp' || k === 'J' || k === 'K')) {
      const next = clamp(k === 'ArrowDown' || k === 'J' ? a + (k === 'J' ? 1 : step) : a - (k === 'K' ? 1 : step), count);
      select(next);
      mark(next, 'range');
    } else if (mark && (k === 'x' || k === ' ')) mark(a, 'toggle');
    else if (k === 'ArrowDown' || k === 'j') select(a + step);
    else if (k === 'ArrowUp' || k === 'k') a < step && props.onTop ? props.onTop() : select(a - step);
    else if (lanes > 1 && k === 'ArrowRight') select(a + 1);
    else if (lanes > 1 && k === 'ArrowLeft') select(a - 1);
    else if (k === 'Home') select(0);
    else if (k === 'End') select(count - 1);
    else if (k === 'PageDown') select(a + page());
    else if (k === 'PageUp') select(a - page());
    else if (k === 'Enter' && props.onOpen) props.onOpen(a);
    else if ((k === 'Delete' || k === 'd') && props.onDelete) props.onDelete(a);
    else return;
    e.preventDefault();
  };

  return (
    <div
      ref={scrollRef}
      class={`virtual-list ${props.class ?? ''}`}
      {...props.attrs}
      onFocusIn={() => void (hadFocus.current = true)}
      onFocusOut={(e) => {
        const to = (e as FocusEvent).relatedTarget as Node | null;
        if (to && !scrollRef.current?.contains(to)) hadFocus.current = false;
      }}
    >
      {/* Rows that can be marked make a multi-select listbox: a row says whether it is marked with `aria-selected` in its attrs. */}
      <ul
        ref={ulRef}
        class="virtual-rows"
        style={{ height: `${v.getTotalSize()}px` }}
        role={props.onMark ? 'listbox' : undefined}
        aria-multiselectable={props.onMark ? true : undefined}
        aria-label={props.label}
        onKeyDown={onKey}
      >
        {items.map((item) => {
          const i = item.index;
          const { attrs: all, body } = props.row(i);
          const { class: cls, ...attrs } = all;
          return (
            <li
              key={item.key}
              ref={v.measureElement}
              data-index={i}
              role={props.onMark ? 'option' : undefined}
              aria-selected={props.onMark ? false : undefined}
              aria-posinset={i + 1}
              aria-setsize={count}
              class={[cls, chosen && i === a ? 'active' : ''].filter(Boolean).join(' ') || undefined}
              style={lanes > 1 ? { width: `${100 / lanes}%`, transform: `translate(${item.lane * 100}%, ${item.start}px)` } : { transform: `translateY(${item.start}px)` }}
              tabIndex={i === a ? 0 : -1}
              // focusin, not focus: a button inside the row (the quick Archive, the ✕) focused by a click selects its row too,
              // so when the row then goes, focus moves to the row at its place, not back to one selected before.
              onFocusIn={() => i !== activeRef.current && setActive(i)}
              onClick={(e) => {
                setActive(i);
                setChosen(true);
                const how = !props.onMark ? null : e.shiftKey ? 'range' : e.ctrlKey || e.metaKey ? 'toggle' : null;
                if (how) props.onMark!(i, how);
                else props.onOpen?.(i);
              }}
              {...attrs}
            >
              {body}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
