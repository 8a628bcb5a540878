import { useState } from 'preact/hooks';
import { SEARCH_CHANGED_CHANNEL } from '../../src/schema/plain-values';
import { background } from '../messaging';

/** Tells this page's searches (`use-search.ts` listens on the channel) to ask again. */
function askAgain(): void {
  const channel = new BroadcastChannel(SEARCH_CHANGED_CHANNEL);
  channel.postMessage('retry');
  channel.close();
}

/**
 * The search view when rebuilding the search index failed (a search answered `failed`): the
 * background's words (a full disk says so, with what to free) and "Try again", which starts the
 * rebuild again (`rebuildSearch`) and asks the search again, so the rebuilding banner with its
 * progress follows, then the results.
 */
export function SearchIndexFailed({ message }: { message: string }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const retry = async () => {
    setBusy(true);
    setError(null);
    const res = await background('rebuildSearch', {});
    setBusy(false);
    if (res.ok) askAgain();
    else setError(res.error.message);
  };
  return (
    <div class="search-status search-failed" role="alert" data-testid="search-failed">
      <p class="error banner" data-testid="search-failed-message">
        {message}
      </p>
      <p class="banner">
        <button onClick={() => void retry()} disabled={busy} data-testid="search-retry">
          {busy ? 'Starting…' : 'Try again'}
        </button>
      </p>
      {error && <p class="error banner">{error}</p>}
    </div>
  );
}
