import { useEffect, useRef, useState } from 'preact/hooks';
import { LINK_FETCH_STATUS_CHANNEL, LinkFetchStatusSchema, type LinkFetchStatus } from '../../src/import/fetch-queue-state';
import type { Result } from '../../src/util/result';
import { background } from '../messaging';

/** How often a running fetch is asked for while no broadcast arrives. */
const POLL_MS = 2_000;

type Action = 'start' | 'pause' | 'resume' | 'cancel';

const STATE_WORDS: Record<string, string> = { running: 'Fetching articles', paused: 'Paused', done: 'Fetched articles', cancelled: 'Cancelled' };

/**
 * The Import section's background fetch of imported links: the opt-in to fetch after every
 * import (off until ticked), a button to fetch the links already imported, and the run's
 * progress (handled of total: fetched, skipped, failed with the first reasons) with pause,
 * resume and cancel. Nothing is fetched until the user ticks the box or presses the button.
 */
export function LinkFetch() {
  const [status, setStatus] = useState<LinkFetchStatus | null>(null);
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const state = useRef<string | null>(null);

  const show = (next: LinkFetchStatus) => {
    setStatus(next);
    state.current = next.run?.state ?? null;
  };

  useEffect(() => {
    let live = true;
    const ask = async () => {
      const res = await background('linkFetchStatus', {});
      if (live && res.ok) show(res.value);
    };
    const channel = new BroadcastChannel(LINK_FETCH_STATUS_CHANNEL);
    channel.onmessage = (e: MessageEvent) => {
      const parsed = LinkFetchStatusSchema.safeParse(e.data);
      if (parsed.success) show(parsed.data);
    };
    void ask();
    const timer = setInterval(() => {
      if (state.current === 'running') void ask();
    }, POLL_MS);
    return () => {
      live = false;
      channel.close();
      clearInterval(timer);
    };
  }, []);

  const act = async (call: () => Promise<Result<LinkFetchStatus>>) => {
    setBusy(true);
    const res = await call();
    setBusy(false);
    if (res.ok) {
      setMessage('');
      show(res.value);
    } else setMessage(res.error.message);
  };
  const control = (action: Action) => act(() => background('linkFetchControl', { action }));

  const run = status?.run ?? null;
  const handled = run ? run.fetched + run.skipped + run.failed : 0;
  const active = run?.state === 'running' || run?.state === 'paused';
  return (
    <div class="link-fetch" data-testid="link-fetch">
      <label class="link-fetch-auto">
        <input
          type="checkbox"
          checked={status?.auto ?? false}
          disabled={!status || busy}
          onChange={(e) => void act(() => background('setLinkFetchAuto', { on: (e.currentTarget as HTMLInputElement).checked }))}
          data-testid="link-fetch-auto"
        />{' '}
        Fetch the articles of imported links in the background (politely, a few per minute per site)
      </label>
      <p class="row">
        <button type="button" disabled={!status || busy || run?.state === 'running'} onClick={() => void control('start')} data-testid="link-fetch-start">
          Fetch the articles of links already imported
        </button>
      </p>
      <p role="status" class="field-note" data-testid="link-fetch-message">
        {message}
      </p>
      {run && (
        <div class="import-job" data-testid="link-fetch-run" data-state={run.state}>
          <p class="import-name">{STATE_WORDS[run.state]}</p>
          <progress value={handled} max={Math.max(run.total, handled, 1)} aria-label={`Links handled: ${handled} of ${run.total}`} data-testid="link-fetch-progress" />
          <p class="field-note" aria-live="polite" data-testid="link-fetch-count">
            {handled.toLocaleString()} of {run.total.toLocaleString()} links: <span data-testid="link-fetch-fetched">{run.fetched.toLocaleString()} fetched</span>,{' '}
            <span data-testid="link-fetch-skipped">{run.skipped.toLocaleString()} skipped</span>, <span data-testid="link-fetch-failed">{run.failed.toLocaleString()} failed</span>
            {run.state === 'running' && run.sites > 0 ? ` (${run.sites.toLocaleString()} ${run.sites === 1 ? 'site' : 'sites'} to go)` : ''}
          </p>
          {run.state === 'paused' && run.pausedBecause && (
            <p class="error" role="alert" data-testid="link-fetch-paused-because">
              Paused: {run.pausedBecause} Then press Resume.
            </p>
          )}
          {active && (
            <p class="row">
              {run.state === 'running' ? (
                <button type="button" disabled={busy} onClick={() => void control('pause')} data-testid="link-fetch-pause">
                  Pause
                </button>
              ) : (
                <button type="button" disabled={busy} onClick={() => void control('resume')} data-testid="link-fetch-resume">
                  Resume
                </button>
              )}
              <button type="button" disabled={busy} onClick={() => void control('cancel')} data-testid="link-fetch-cancel">
                Cancel
              </button>
            </p>
          )}
          {run.failures.length > 0 && (
            <ul class="import-failures" aria-label="Links whose article could not be fetched" data-testid="link-fetch-failures">
              {run.failures.map((f, i) => (
                <li key={i}>
                  <strong>{f.url}</strong>: {f.reason}
                </li>
              ))}
              {run.failed > run.failures.length && <li>…and others ({run.failed.toLocaleString()} failed in all).</li>}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
