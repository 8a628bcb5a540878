import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { anchor, describe, type DomAnchor } from '../../src/anchoring/anchor';
import type { RangeLike, TextModel } from '../../src/capture/text-model';
import { excerpt, quoteOf, readingOrder, type Placed } from '../../src/highlights/present';
import { readerTextModel } from '../../src/highlights/reader-text';
import { toSavedTarget } from '../../src/highlights/saved-target';
import type { ClipSummary, ClipView } from '../../src/schema/clip-summary';
import type { HighlightColor, HighlightView } from '../../src/schema/highlight';
import { createSanitizer } from '../../src/sanitize/sanitize';
import { withoutCredentials } from '../../src/url/normalize';
import { background } from '../messaging';
import { ClipNote } from './ClipNote';
import { HighlightList } from './HighlightList';
import type { ItemActions } from './HighlightItem';
import { HighlightToolbar } from './HighlightToolbar';
import { imagesSummary, useReaderImages } from './reader-images';
import { followArticleAnchor } from './article-anchors';
import { clearHighlights, drawHighlights, revealRange } from './reader-highlights';
import { SnapshotLink } from './SnapshotLink';
import { StateButtons } from './StateButtons';
import { TagEditor } from './TagEditor';
import { UndoBar } from './UndoBar';
import { useFollowedRow } from './use-clip-follow';
import { useClipHighlights } from './use-highlights';
import { useReadingPosition } from './use-reading-position';
import { publishedLabel } from './published-label';
import { displaySiteName } from '../../src/url/display-host';

/** A highlight with where the reader drew it (null: not placed here). */
type Anchored = Placed<HighlightView> & { readonly anchor: DomAnchor | null };

/**
 * Reads one clip offline. The stored HTML is sanitised again here with the reader
 * profile (no scripts, no remote loads: media become their alt text), whatever its
 * origin — another device or an import may have written it. Saved images are then shown
 * inside those labels from blob: URLs (reader-images.ts), never from the network. Escape returns to the list.
 * The clip's highlights are drawn over the article (CSS Custom Highlight API) and listed;
 * selecting text offers to highlight it. `focusHighlight` scrolls to one once it is placed.
 */
export function Reader({ clipId, focusHighlight = null, backLabel = '← All clips', onBack, onDelete }: {
  clipId: string;
  focusHighlight?: string | null;
  backLabel?: string;
  onBack: () => void;
  onDelete: (id: string) => void;
}) {
  const [clip, setClip] = useState<ClipView | null>(null);
  // The clip's row as organising changes it (kept apart from `clip`, whose change would redraw the article).
  const [row, setRow] = useState<ClipSummary | null>(null);
  // The row the state buttons and the tag editor show, following changes made elsewhere (sync, the popup).
  const localRow = useFollowedRow(clipId, setRow);
  const [error, setError] = useState<string | null>(null);
  const [model, setModel] = useState<TextModel | null>(null);
  const [deleted, setDeleted] = useState<HighlightView | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const articleRef = useRef<HTMLElement>(null);
  const readerRef = useRef<HTMLDivElement>(null);
  const undoTimer = useRef<ReturnType<typeof setTimeout>>();
  const focused = useRef<string | null>(null);
  const hl = useClipHighlights(clipId);
  useReadingPosition(clipId, model, focusHighlight !== null, clip?.position ?? null, (offset, percent) => {
    // Refused (a clip a newer version wrote, or deleted meanwhile): this device's own position still stands.
    void background('setReadingProgress', { clipId: clipId as never, offset, percent });
  });

  useEffect(() => {
    setClip(null);
    setError(null);
    setModel(null);
    // An answer for a clip no longer shown (switched while it loaded) is dropped: shown, the reader's tags, note and Delete would act on it.
    let current = true;
    void background('getClip', { clipId: clipId as never }).then((res) => current && (res.ok ? (setClip(res.value), setRow(res.value)) : setError(res.error.message)));
    return () => void (current = false);
  }, [clipId]);

  // The images and inline drawings it replaced by labels are listed, to show the saved ones in place (reader-images.ts).
  const safe = useMemo(() => (clip ? createSanitizer(window).sanitizeForReaderMedia(clip.html) : { html: '', media: [] }), [clip]);
  const safeHtml = safe.html;
  const images = imagesSummary(useReaderImages(clipId, articleRef, model !== null, safe.media));

  useEffect(() => {
    const root = articleRef.current;
    if (!root) return;
    root.innerHTML = safeHtml;
    // Built once, before any Range over the article exists; the article's DOM never changes after.
    setModel(readerTextModel(root));
  }, [clip, safeHtml]);

  // Whether the reader's text is the saved copy's (then reader positions are saved-copy positions as they are).
  const aligned = useMemo(() => (model && clip ? model.text === clip.text : null), [model, clip]);

  const placed = useMemo<Anchored[] | null>(() => {
    const root = articleRef.current;
    // Not before the article is in place: every highlight would look "not found" for a moment.
    if (!hl.highlights || !model || !root) return null;
    return hl.highlights.map((h) => {
      const a = h.target && h.found ? anchor(h.target, root, { model }) : null;
      return { highlight: h, start: a?.start ?? null, anchor: a };
    });
  }, [hl.highlights, model]);

  useEffect(() => {
    drawHighlights((placed ?? []).flatMap((p) => (p.anchor ? [{ color: p.highlight.color, range: p.anchor.range }] : [])));
  }, [placed]);
  useEffect(() => () => (clearHighlights(), clearTimeout(undoTimer.current)), []);

  // Scroll to the highlight the route names, once it is placed.
  useEffect(() => {
    if (!focusHighlight || !placed || !model || focused.current === focusHighlight) return;
    const p = placed.find((x) => x.highlight.id === focusHighlight);
    if (!p) return;
    focused.current = focusHighlight;
    if (p.anchor) revealRange(p.anchor.range);
  }, [focusHighlight, placed, model]);

  useEffect(() => {
    const typing = (e: KeyboardEvent) => e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement;
    const onKey = (e: KeyboardEvent) => {
      if ((e.key === 'Escape' || e.key === 'Backspace') && !typing(e)) {
        e.preventDefault();
        onBack();
      }
    };
    // The reader's deletion is the latest one: its undo runs first (capture, on the window), and the
    // panel's (a clip deleted before the reader opened) is left for the next press.
    const onUndo = (e: KeyboardEvent) => {
      if (deleted && !typing(e) && (e.key === 'u' || (e.key === 'z' && (e.ctrlKey || e.metaKey)))) {
        e.preventDefault();
        e.stopImmediatePropagation();
        void undo();
      }
    };
    addEventListener('keydown', onKey);
    addEventListener('keydown', onUndo, true);
    return () => (removeEventListener('keydown', onKey), removeEventListener('keydown', onUndo, true));
  });

  const save = async (range: RangeLike, color: HighlightColor, note: string): Promise<string | null> => {
    const root = articleRef.current;
    if (!root || !model || !clip) return 'The article is still opening. Try again in a moment.';
    const described = describe(range, root, { model });
    if (!described.ok) return described.error.message;
    const target = toSavedTarget(described.value, model.text, clip.text);
    if (!target.ok) return target.error.message;
    const res = await hl.add(target.value, color, note);
    return 'error' in res ? res.error : null;
  };

  const undo = async () => {
    if (!deleted) return;
    const problem = await hl.change(deleted.id, { deleted: false });
    setActionError(problem);
    if (!problem) setDeleted(null);
  };

  const actions: ItemActions = {
    show(id) {
      const p = placed?.find((x) => x.highlight.id === id);
      if (p?.anchor) revealRange(p.anchor.range);
    },
    async reveal(id) {
      const res = await background('revealHighlight', { clipId, highlightId: id });
      return res.ok ? res.value : { error: res.error.message };
    },
    change: (id, edit) => hl.change(id, edit),
    async remove(id) {
      const h = hl.highlights?.find((x) => x.id === id);
      const problem = await hl.change(id, { deleted: true });
      setActionError(problem);
      if (problem || !h) return;
      setDeleted(h);
      clearTimeout(undoTimer.current);
      undoTimer.current = setTimeout(() => setDeleted(null), 10_000);
    },
  };

  if (error)
    return (
      <div class="reader">
        <button onClick={onBack}>{backLabel}</button>
        <p class="error" role="alert" data-testid="reader-error">
          {error}
        </p>
      </div>
    );
  if (!clip || !row) return <p class="muted">Opening…</p>;

  const orphanFocus = focusHighlight && placed?.some((p) => p.highlight.id === focusHighlight && !p.anchor) ? focusHighlight : null;
  return (
    <div class="reader" data-testid="reader" data-clip-id={clip.id} ref={readerRef}>
      <nav class="reader-bar">
        <button onClick={onBack} data-testid="back">
          {backLabel}
        </button>
        {!clip.tooNew && <StateButtons clip={row} onChange={localRow} />}
        <button onClick={() => onDelete(clip.id)} data-testid="delete">
          Delete
        </button>
      </nav>
      {clip.tooNew && <p class="muted">Saved by a newer Commonplace: shown read-only.</p>}
      <header lang={clip.lang ?? undefined} dir={clip.dir ?? undefined}>
        <h1 data-testid="reader-title">{clip.title}</h1>
        <p class="muted reader-meta">
          {[clip.byline, clip.siteName && displaySiteName(clip.siteName), publishedLabel(clip.publishedTime)].filter(Boolean).join(' · ')}
          {' · '}
          <a href={withoutCredentials(clip.url)} target="_blank" rel="noopener noreferrer" data-testid="original-link">
            Original
          </a>
          <SnapshotLink clipId={clip.id} />
          {images.line && <span data-testid="clip-images">{` · ${images.line}`}</span>}
        </p>
        {images.note && (
          <p class="reader-images-note" role="note" data-testid="images-note">
            {images.note}
          </p>
        )}
      </header>
      {!clip.tooNew && (
        <section class="reader-organise" aria-label="Tags and note">
          <TagEditor clipId={clip.id} tags={row.tags} onChange={localRow} />
          <ClipNote key={clip.id} clipId={clip.id} note={clip.note} />
        </section>
      )}
      <HighlightList items={placed && readingOrder(placed)} error={hl.error} focusId={orphanFocus} actions={actions} />
      {actionError && (
        <p class="error" role="alert" data-testid="highlight-action-error">
          {actionError}
        </p>
      )}
      <article data-testid="article" class="article" data-text-aligned={aligned === null ? undefined : String(aligned)} lang={clip.lang ?? undefined} dir={clip.dir ?? undefined} ref={articleRef} onClick={(e) => followArticleAnchor(e, articleRef.current)} />
      {!clip.tooNew && <HighlightToolbar root={articleRef} container={readerRef} onSave={save} />}
      {deleted && <UndoBar message={`Deleted the highlight “${excerpt(quoteOf(deleted), 60)}”.`} testId="highlight-undo" onUndo={() => void undo()} />}
    </div>
  );
}
