import { useEffect, useMemo, useRef } from 'preact/hooks';
import { parseQuery } from '../../src/search/query';
import { SearchHitBody, type SearchHitData } from './SearchHit';
import { useDeepSearch } from './use-deep-search';
import type { SearchAsk } from './use-search';
import './deep-search.css';

const count = (n: number) => n.toLocaleString();

/**
 * The end of the search results: "Search the whole text of long articles". The index holds only
 * the first 4,096 characters of each article (src/search/README.md); this asks the background to
 * read the rest of the long ones (`searchDeep`, a step at a time, with progress and a Stop button)
 * and lists the clips found there that the results above do not show, each with the passage
 * marked, opened like a result (click, or Enter on the focused one). A new search or filter
 * cancels it. Shown only when the search has words to look for.
 */
export function DeepSearch({ ask, shown, onOpen }: { ask: SearchAsk; shown: readonly SearchHitData[]; onOpen: (id: string) => void }) {
  const ids = useMemo(() => new Set(shown.map((h) => h.clip.id)), [shown]);
  const { state, start, stop } = useDeepSearch(ask, ids);
  const stopButton = useRef<HTMLButtonElement>(null);
  const startButton = useRef<HTMLButtonElement>(null);
  const focusNext = useRef(false);
  useEffect(() => {
    if (!focusNext.current) return;
    if (state.phase === 'running') stopButton.current?.focus();
    else if (state.phase !== 'idle') ((focusNext.current = false), startButton.current?.focus());
  }, [state.phase]);
  const parsed = useMemo(() => parseQuery(ask.query), [ask.query]);
  if (parsed.filterOnly) return null;
  const { phase, hits, scanned, total } = state;
  const begin = () => ((focusNext.current = true), start());
  const found = hits.length === 0 ? 'nothing more found' : `${count(hits.length)} more ${hits.length === 1 ? 'clip' : 'clips'} found`;
  return (
    <section class="deep-search" aria-label="Search the whole text of long articles" data-testid="deep-search" data-phase={phase}>
      <div class="deep-search-bar">
        {phase === 'running' ? (
          <>
            <p class="deep-search-progress muted" role="status" data-testid="deep-search-progress">
              Searched {count(scanned)} of {count(total)} clips…
            </p>
            <button type="button" ref={stopButton} onClick={stop} data-testid="deep-search-stop">
              Stop
            </button>
          </>
        ) : (
          <>
            {phase === 'idle' ? (
              <p class="deep-search-progress muted">Only the first 4,096 characters of each article are in the index. Searching the rest is slower.</p>
            ) : (
              <p class={`deep-search-progress ${phase === 'failed' ? 'error' : 'muted'}`} role="status" data-testid="deep-search-progress">
                {phase === 'failed'
                  ? `The whole-text search failed: ${state.error ?? ''}`
                  : phase === 'stopped'
                    ? `Stopped after ${count(scanned)} of ${count(total)} clips: ${found}.`
                    : `Searched the whole text of ${count(total)} ${total === 1 ? 'clip' : 'clips'}: ${found}.`}
              </p>
            )}
            {phase !== 'done' && (
              <button type="button" ref={startButton} onClick={begin} data-testid="deep-search-start">
                {phase === 'idle' ? 'Search the whole text of long articles' : 'Search again'}
              </button>
            )}
          </>
        )}
      </div>
      {hits.length > 0 && (
        <ul class="deep-search-hits" aria-label="Found in the whole text of long articles" data-testid="deep-search-hits">
          {hits.map((h) => (
            <li key={h.clip.id}>
              <button type="button" class="deep-search-hit" data-testid="deep-search-hit" data-clip-id={h.clip.id} onClick={() => onOpen(h.clip.id)}>
                <SearchHitBody hit={h} query={parsed} />
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
