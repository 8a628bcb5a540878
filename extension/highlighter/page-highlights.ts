/**
 * The live page's highlighter: loads this page's highlights from the background, draws them
 * (painter.ts), keeps anchoring those that render late (late-render.ts), and makes and
 * changes highlights from the toolbar and the popover. Every change goes to the background
 * (`contentToBackground`), which acts only on the clip of this page; what is drawn follows
 * at once and is rolled back, with the error shown, if the background refuses.
 */
import { anchorOnPage, liveTargetOf } from '../../src/highlighter/live-anchors';
import { describeOnPage, describeSelection, isBeingEdited, refusal, selectionRange } from '../../src/highlighter/selection-target';
import type { ContentToBackground } from '../../src/protocol/protocol';
import type { Client } from '../../src/protocol/rpc';
import type { Toast } from '../../src/protocol/schemas';
import type { HighlightColor, HighlightView } from '../../src/schema/highlight';
import { newHighlightId } from '../../src/schema/ids';
import type { HighlightTarget } from '../../src/schema/selectors';
import { AppFailure } from '../../src/util/result';
import { lateRender } from './late-render';
import { listSync } from './list-sync';
import { listenToPage } from './page-events';
import { createPainter } from './painter';
import { createPopover, type Popover, type PopoverActions } from './popover';
import { createToolbar, type Toolbar } from './toolbar';
import { uiHost, type UiHost } from './ui-host';

/** What the highlighter needs from its context. */
export interface HighlighterDeps {
  readonly document: Document;
  /** The content → background client (`backgroundFromContent`). */
  readonly call: Client<ContentToBackground>;
  /** Shows a message in the page (page-toast.ts). */
  readonly toast: (toast: Toast) => boolean;
  /** False in a frame: there the highlighter only refuses (highlights belong to the top document). */
  readonly topFrame: boolean;
  /**
   * True once this content script is orphaned: the extension was updated or reloaded while the
   * page stayed open (Chromium leaves the old script running, its messages failing). It then
   * stops answering the page (no toolbar whose every click fails) and leaves its drawings,
   * which the new script's would otherwise lose: they share the document's highlight registry.
   */
  readonly orphaned?: () => boolean;
}

/** What the content script's server answers with (backgroundToContent's highlight calls). */
export interface Highlighter {
  /** Loads and draws this page's highlights (the content script's start). */
  load(): Promise<void>;
  /** The current selection as a target (menu, shortcut); throws an `AppFailure` saying why not. */
  describeSelection(): { target: HighlightTarget };
  /**
   * Draws these highlights (changed elsewhere: the reader, another browser), except those this
   * page changed since and no later read confirmed (list-sync.ts): those are read again.
   */
  show(p: { highlights: readonly HighlightView[] }): { drawn: number; orphans: number };
  /** Scrolls to a drawn highlight and flashes it. */
  scrollTo(id: string): { found: boolean };
  /** Stops listening and watching, and removes everything it drew and showed. */
  stop(): void;
}

/** A highlight on this page: its view (null while being created), where to look for it, and where it was found. */
interface Entry {
  view: HighlightView | null;
  color: HighlightColor;
  readonly live: HighlightTarget | null;
  range: Range | null;
}

/** Where to look on this page: a reader-made highlight by its quote and context alone (its offsets are the saved copy's). */
const liveOf = liveTargetOf;
const lost = (r: Range | null) => !r || r.collapsed;
/** Each drawn range's text as it was drawn (whitespace aside). */
const drawnText = new WeakMap<Range, string>();
const textOf = (r: Range) => r.toString().replace(/\s+/g, '');
/**
 * Whether a drawn range covers other text than it was drawn on: a page that renders part of
 * the highlight again moves its start, and an ad inserted inside it would be painted. (The
 * mark painter finds every highlight again at each run, and its own marks change the text nodes.)
 */
const moved = (r: Range) => drawnText.has(r) && drawnText.get(r) !== textOf(r);

/** The viewport rectangle of a range's last line (where a mouse selection usually ends). */
function endRect(range: Range): { left: number; top: number; bottom: number } {
  const rects = range.getClientRects?.();
  if (rects && rects.length > 0) return rects[rects.length - 1]!;
  const el = range.endContainer.nodeType === 1 ? (range.endContainer as Element) : range.endContainer.parentElement;
  return range.getBoundingClientRect?.() ?? el?.getBoundingClientRect() ?? { left: 0, top: 0, bottom: 0 };
}

/** Starts the highlighter of `deps.document` (listeners and UI only in the top frame). */
export function startHighlighter(deps: HighlighterDeps): Highlighter {
  const doc = deps.document;
  const error = (message: string) => deps.toast({ kind: 'error', message });
  const describeForBackground = () => {
    const r = describeSelection({ document: doc, topFrame: deps.topFrame });
    if (!r.ok) throw new AppFailure(r.error.code, r.error.message);
    return { target: r.value.target };
  };
  if (!deps.topFrame) {
    return {
      load: async () => undefined,
      describeSelection: describeForBackground,
      show: (p) => ({ drawn: 0, orphans: p.highlights.length }),
      scrollTo: () => ({ found: false }),
      stop: () => undefined,
    };
  }

  const entries = new Map<string, Entry>();
  const painter = createPainter(doc);
  /** Whether a highlight must be found again: never found, its text gone, or (CSS painter) moved. */
  const gone = (r: Range | null) => lost(r) || (painter.kind === 'css' && moved(r!));
  let selected: Range | null = null;
  /** A highlight clicked while its save was still unanswered: its popover opens with the answer. */
  let openWhenSaved: { id: string; x: number; y: number } | null = null;

  /** Finds what is not found (everything, for the mark painter, which must start from a clean DOM), then draws. */
  function anchorAndPaint(): void {
    if (painter.kind === 'marks') painter.clear();
    const todo = [...entries.values()].filter((e) => painter.kind === 'marks' || gone(e.range));
    if (todo.length > 0 && doc.body) {
      const found = anchorOnPage(
        todo.map((e) => ({ page: e.live, target: null })),
        doc.body,
      );
      todo.forEach((e, i) => (e.range = found[i]?.range ?? null));
    }
    draw();
  }
  /**
   * Draws the highlights as they are now (a colour changed, one added or removed). The mark painter
   * (browsers without the Custom Highlight API) splits text nodes as it draws, so the ranges it was
   * given last cover nothing any more: it finds every highlight again from a clean DOM first
   * (before, a colour change or a delete there took every other highlight off the page).
   */
  function paint(): void {
    if (painter.kind === 'marks') return anchorAndPaint();
    draw();
  }
  function draw(): void {
    const items = [...entries].flatMap(([id, e]) => (e.range && !e.range.collapsed ? [{ id, color: e.color, range: e.range }] : []));
    if (painter.kind === 'css') for (const { range } of items) if (!drawnText.has(range)) drawnText.set(range, textOf(range));
    painter.paint(items);
    late.forget();
  }
  const late = lateRender(doc, { pending: () => [...entries.values()].some((e) => gone(e.range)), rerun: anchorAndPaint });
  const redraw = () => {
    anchorAndPaint();
    // Watched for a while, drawn or not: a page that renders late, or renders again, is followed.
    if (entries.size > 0) late.start();
  };

  /**
   * Draws the background's list, read at `mark` (null: at a time not known, a `showHighlights`).
   * What this page wrote that the list may not have seen keeps its state here (list-sync.ts).
   */
  function setAll(views: readonly HighlightView[], mark: number | null): void {
    const before = new Map(entries);
    entries.clear();
    for (const v of views) {
      const old = before.get(v.id);
      if (!sync.ahead(v.id, mark)) entries.set(v.id, { view: v, color: v.color, live: liveOf(v), range: painter.kind === 'css' ? (old?.range ?? null) : null });
      else if (old) entries.set(v.id, old);
    }
    for (const [id, e] of before) if (!entries.has(id) && sync.ahead(id, mark)) entries.set(id, e);
    late.stop();
    redraw();
    sync.drawn(mark);
  }
  const sync = listSync({
    fetch: async () => {
      const res = await deps.call('pageHighlights', {});
      return res.ok ? res.value.highlights : null;
    },
    // A page with no highlights, here or in the list, draws nothing and watches nothing.
    apply: (views, mark) => (views.length > 0 || entries.size > 0 ? setAll(views, mark) : sync.drawn(mark)),
  });

  async function create(range: Range, target: HighlightTarget, color: HighlightColor, note: string): Promise<void> {
    // The id is made here, so a call re-sent after the background restarted adds the highlight once.
    const highlightId = newHighlightId();
    entries.set(highlightId, { view: null, color, live: target, range });
    doc.getSelection()?.removeAllRanges();
    paint();
    const res = await sync.written(highlightId, deps.call('highlightOnPage', { highlightId, target, color, note }));
    const entry = entries.get(highlightId);
    const clicked = openWhenSaved?.id === highlightId ? openWhenSaved : null;
    if (clicked) openWhenSaved = null;
    if (!res.ok) {
      entries.delete(highlightId);
      paint();
      error(res.error.message);
      return;
    }
    const view = res.value.highlight;
    entries.set(view.id, { view, color: view.color, live: liveOf(view) ?? target, range: entry?.range ?? range });
    if (lost(entries.get(view.id)!.range)) redraw();
    else paint();
    if (clicked) parts().popover.open(view, clicked.x, clicked.y);
    if (res.value.savedPage) deps.toast({ kind: 'success', message: 'Saved this page to Commonplace and highlighted the passage.' });
  }

  async function change(id: string, patch: { color?: HighlightColor; note?: string; noteBase?: string; deleted?: boolean }): Promise<HighlightView | null> {
    const res = await sync.written(id, deps.call('changePageHighlight', { highlightId: id, ...patch }));
    if (!res.ok) {
      error(res.error.message);
      return null;
    }
    return res.value.highlight;
  }

  const popoverActions: PopoverActions = {
    color: async (id, color) => {
      const e = entries.get(id);
      if (!e) return;
      const was = e.color;
      e.color = color;
      paint();
      const view = await change(id, { color });
      const now = entries.get(id);
      if (now) {
        now.view = view ?? now.view;
        now.color = view ? view.color : was;
        paint();
      }
    },
    note: async (id, note, noteBase) => {
      // Shown at once: the popover opened again before the answer shows the note just typed.
      const before = entries.get(id)?.view ?? null;
      const shown = entries.get(id);
      if (shown?.view) shown.view = { ...shown.view, note };
      const view = await change(id, { note, noteBase });
      const e = entries.get(id);
      if (e) e.view = view ?? (e.view?.note === note ? before : e.view);
    },
    remove: async (id) => {
      const e = entries.get(id);
      if (!e) return;
      entries.delete(id);
      paint();
      const deleted = await change(id, { deleted: true });
      if (!deleted) {
        entries.set(id, e);
        return redraw();
      }
      parts().popover.offerUndo(async () => {
        const view = await change(id, { deleted: false });
        if (!view) return;
        entries.set(id, { view, color: view.color, live: e.live, range: painter.kind === 'css' ? e.range : null });
        redraw();
      });
    },
  };

  const pick = (color: HighlightColor, note: string) => {
    const range = selected;
    selected = null;
    if (!range || !doc.body) return;
    const why = refusal(doc, range);
    if (why) return void error(why);
    const r = describeOnPage(doc.body, range);
    if (!r.ok) return void error(r.error.message);
    void create(r.value.range, r.value.target, color, note);
  };

  /** The UI, made on first use: a page where nothing is selected or clicked gets no element at all. */
  let ui: { host: UiHost; toolbar: Toolbar; popover: Popover } | null = null;
  function parts(): { host: UiHost; toolbar: Toolbar; popover: Popover } {
    const host = uiHost(doc);
    ui ??= { host, toolbar: createToolbar(host, pick), popover: createPopover(host, popoverActions) };
    return ui;
  }

  /** Orphaned (`deps.orphaned`): stops listening and removes its UI, and says so. */
  const quitIfOrphaned = (): boolean => {
    if (!deps.orphaned?.()) return false;
    unlisten();
    late.stop();
    ui?.toolbar.dispose();
    ui?.popover.dispose();
    ui = null;
    return true;
  };
  const unlisten = listenToPage(doc, (e) => ui !== null && ui.host.owns(e), {
    selectionSettled() {
      if (quitIfOrphaned()) return;
      const range = selectionRange(doc);
      if (!range || isBeingEdited(doc, range) || !doc.body?.contains(range.commonAncestorContainer)) {
        selected = null;
        return ui?.toolbar.hide();
      }
      selected = range;
      parts().toolbar.show(endRect(range));
    },
    clicked(x, y, target) {
      if (quitIfOrphaned()) return;
      const id = painter.hitTest(x, y, target);
      const entry = id ? entries.get(id) : undefined;
      if (entry?.view) parts().popover.open(entry.view, x, y);
      // Drawn at once but not saved yet (the background has not answered): it opens when it is.
      else if (id && entry) openWhenSaved = { id, x, y };
    },
    dismiss() {
      openWhenSaved = null;
      ui?.toolbar.hide();
      if (ui?.popover.openId) ui.popover.close();
    },
  });

  return {
    load: () => sync.read(),
    describeSelection: describeForBackground,
    show({ highlights }) {
      setAll(highlights, null);
      const drawn = highlights.filter((v) => {
        const e = entries.get(v.id);
        return e?.view && !gone(e.range);
      }).length;
      return { drawn, orphans: highlights.length - drawn };
    },
    scrollTo(id) {
      const el = painter.flash(id);
      el?.scrollIntoView?.({ block: 'center', behavior: 'smooth' });
      return { found: el !== null };
    },
    stop() {
      sync.stop();
      unlisten();
      late.stop();
      painter.clear();
      ui?.toolbar.dispose();
      ui?.popover.dispose();
      ui = null;
      entries.clear();
    },
  };
}
