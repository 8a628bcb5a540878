import { useEffect, useRef, useState } from 'preact/hooks';
import { COLOR_NAMES, excerpt, mergeNewestFirst, nextPage, quoteOf } from '../../src/highlights/present';
import { HIGHLIGHTS_CHANGED_CHANNEL, type LibraryHighlight } from '../../src/schema/highlight';
import { background } from '../messaging';
import { shortDate } from './dates';

/** Highlights read per page of the list ("Load more" reads the next). */
export const HIGHLIGHTS_PAGE = 50;
/** Most highlights one call may read (the protocol's limit). */
const MAX_READ = 500;

/**
 * Every highlight in the library, newest first (`libraryHighlights`), 50 at a time with
 * "Load more": colour, quote, note and the clip it is in. Choosing one opens that clip in
 * the reader, scrolled to it. Read again whenever the background announces a change.
 */
export function AllHighlights({ onOpen }: { onOpen: (clipId: string, highlightId: string) => void }) {
  const [items, setItems] = useState<LibraryHighlight[] | null>(null);
  const [more, setMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const loaded = useRef(0);
  loaded.current = items?.length ?? 0;

  /** Reads the newest `limit` again (after a change anywhere, the list is read from the top). */
  const reload = async (limit: number) => {
    const res = await background('libraryHighlights', { limit: Math.min(MAX_READ, Math.max(HIGHLIGHTS_PAGE, limit)) });
    if (!res.ok) return setError(res.error.message);
    setError(null);
    setItems(res.value.highlights);
    setMore(res.value.more);
  };

  useEffect(() => {
    void reload(HIGHLIGHTS_PAGE);
    const channel = new BroadcastChannel(HIGHLIGHTS_CHANGED_CHANNEL);
    channel.onmessage = () => void reload(loaded.current);
    return () => channel.close();
  }, []);

  const loadMore = async () => {
    if (!items) return;
    setLoading(true);
    const res = await background('libraryHighlights', { limit: HIGHLIGHTS_PAGE, ...nextPage(items) });
    setLoading(false);
    if (!res.ok) return setError(res.error.message);
    setItems((list) => mergeNewestFirst(list ?? [], res.value.highlights));
    setMore(res.value.more);
  };

  if (error && !items) return <p class="error banner" role="alert" data-testid="all-highlights-error">The highlights could not be read: {error}</p>;
  if (!items) return <p class="muted banner">Loading…</p>;
  if (items.length === 0)
    return (
      <div class="empty" data-testid="all-highlights-empty">
        <h2>No highlights yet</h2>
        <p class="muted">Select text in a saved clip, or on a page, and pick a colour. Every highlight is listed here, newest first.</p>
      </div>
    );

  return (
    <div class="all-highlights">
      {error && (
        <p class="error banner" role="alert">
          {error}
        </p>
      )}
      <ul class="hl-list hl-library" data-testid="all-highlights" aria-label="All highlights, newest first">
        {items.map((h) => (
          <li key={h.id} class="hl-item" data-testid="library-highlight" data-highlight-id={h.id} data-clip-id={h.clipId} data-created-at={h.createdAt}>
            <span class={`hl-dot hl-c-${h.color}`} role="img" aria-label={COLOR_NAMES[h.color]} />
            <button class="hl-body hl-open" data-testid="library-highlight-open" onClick={() => onOpen(h.clipId, h.id)}>
              <span class="hl-quote">{excerpt(quoteOf(h))}</span>
              {!h.found && <span class="hl-orphan">Not found in the saved copy of the page</span>}
              {h.note && <span class="hl-note">{excerpt(h.note, 400)}</span>}
              <span class="muted hl-source">
                {h.clipTitle} · <time>{shortDate(h.createdAt)}</time>
              </span>
            </button>
          </li>
        ))}
      </ul>
      {more && (
        <button class="hl-more" data-testid="highlights-more" disabled={loading} onClick={() => void loadMore()}>
          {loading ? 'Loading…' : 'Load more'}
        </button>
      )}
    </div>
  );
}
