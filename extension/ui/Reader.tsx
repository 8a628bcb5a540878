import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ClipView } from '../../src/schema/clip-summary';
import { createSanitizer } from '../../src/sanitize/sanitize';
import { background } from '../messaging';

/**
 * Reads one clip offline. The stored HTML is sanitised again here with the reader
 * profile (no scripts, no remote loads: media become their alt text), whatever its
 * origin — another device or an import may have written it. Escape returns to the list.
 */
export function Reader({ clipId, onBack, onDelete }: { clipId: string; onBack: () => void; onDelete: (id: string) => void }) {
  const [clip, setClip] = useState<ClipView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const articleRef = useRef<HTMLElement>(null);

  useEffect(() => {
    setClip(null);
    setError(null);
    void background('getClip', { clipId: clipId as never }).then((res) => (res.ok ? setClip(res.value) : setError(res.error.message)));
  }, [clipId]);

  const safeHtml = useMemo(() => (clip ? createSanitizer(window).sanitizeForReader(clip.html) : ''), [clip]);

  useEffect(() => {
    if (articleRef.current) articleRef.current.innerHTML = safeHtml;
  }, [safeHtml]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' || (e.key === 'Backspace' && !(e.target instanceof HTMLInputElement))) {
        e.preventDefault();
        onBack();
      }
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, [onBack]);

  if (error)
    return (
      <div class="reader">
        <button onClick={onBack}>← All clips</button>
        <p class="error" role="alert" data-testid="reader-error">
          {error}
        </p>
      </div>
    );
  if (!clip) return <p class="muted">Opening…</p>;

  return (
    <div class="reader" data-testid="reader" data-clip-id={clip.id}>
      <nav class="reader-bar">
        <button onClick={onBack} data-testid="back">
          ← All clips
        </button>
        <button onClick={() => onDelete(clip.id)} data-testid="delete">
          Delete
        </button>
      </nav>
      {clip.tooNew && <p class="muted">Saved by a newer Commonplace: shown read-only.</p>}
      <header lang={clip.lang ?? undefined} dir={clip.dir ?? undefined}>
        <h1 data-testid="reader-title">{clip.title}</h1>
        <p class="muted reader-meta">
          {[clip.byline, clip.siteName, clip.publishedTime ? new Date(clip.publishedTime).toLocaleDateString() : null].filter(Boolean).join(' · ')}
          {' · '}
          <a href={clip.url} target="_blank" rel="noopener noreferrer" data-testid="original-link">
            Original
          </a>
        </p>
      </header>
      <article data-testid="article" class="article" lang={clip.lang ?? undefined} dir={clip.dir ?? undefined} ref={articleRef} />
    </div>
  );
}
