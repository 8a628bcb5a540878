import { useEffect, useRef, useState } from 'preact/hooks';
import type { SnapshotView as Snapshot } from '../../src/schema/snapshot';
import { guardSnapshotHtml } from '../../src/snapshot/guard';
import { withoutCredentials } from '../../src/url/normalize';
import type { LoadSnapshot } from '../snapshot/snapshot-source';

type State = { readonly kind: 'loading' } | { readonly kind: 'error'; readonly message: string } | { readonly kind: 'ready'; readonly view: Snapshot };

/** The clip id the page's hash names (`#clip=<id>`), following `hashchange`. */
function useClipId(): string | null {
  const read = () => new URLSearchParams(location.hash.replace(/^#/, '')).get('clip');
  const [clipId, setClipId] = useState(read);
  useEffect(() => {
    const on = () => setClipId(read());
    addEventListener('hashchange', on);
    on(); // a change before this effect ran (the listener is added after the first paint)
    return () => removeEventListener('hashchange', on);
  }, []);
  return clipId;
}

const isWebUrl = (url: string) => /^https?:\/\//i.test(url);

/** What was left out of the copy, in words (empty when nothing was). */
function leftOutNote(view: Snapshot): string {
  const parts: string[] = [];
  const { skipped = 0, failed = 0 } = view.resources ?? {};
  if (skipped) parts.push(`${skipped.toLocaleString()} ${skipped === 1 ? 'resource was' : 'resources were'} too large to keep`);
  if (failed) parts.push(`${failed.toLocaleString()} could not be loaded when it was saved`);
  if (view.truncated) parts.push('the page was cut short at the size limit');
  return parts.length ? `Not in this copy: ${parts.join('; ')}.` : '';
}

/**
 * The archived page in a frame that can run nothing and load nothing: `sandbox=""` (no
 * scripts, an opaque origin, no forms, popups or navigation of this page), the HTML through
 * `srcdoc` with the snapshot policy first, and this page's own policy, which the frame inherits.
 * Made by hand so the sandbox is set before the frame gets its document.
 */
function SnapshotFrame({ html, title }: { html: string; title: string }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const frame = document.createElement('iframe');
    frame.setAttribute('sandbox', '');
    frame.setAttribute('referrerpolicy', 'no-referrer');
    frame.setAttribute('title', `Archived copy of ${title}`);
    frame.setAttribute('data-testid', 'snapshot-frame');
    frame.className = 'snapshot-frame';
    frame.srcdoc = guardSnapshotHtml(html);
    host.current?.replaceChildren(frame);
    return () => frame.remove();
  }, [html, title]);
  return <div class="snapshot-frame-host" ref={host} />;
}

/**
 * The snapshot page (`snapshot.html#clip=<clipId>`): a clip's full-page snapshot under a small
 * bar (title, when it was saved, "Open original", a note that this is an archived copy and
 * what it lacks). `load` is where snapshots come from (extension/snapshot/snapshot-source.ts).
 */
export function SnapshotPage({ load }: { load: LoadSnapshot }) {
  const clipId = useClipId();
  const [state, setState] = useState<State>({ kind: 'loading' });
  useEffect(() => {
    if (!clipId) {
      setState({ kind: 'error', message: 'No clip given. Open a saved copy from the reader.' });
      return;
    }
    let live = true;
    setState({ kind: 'loading' });
    void load(clipId).then(
      (res) => live && setState(res.ok ? { kind: 'ready', view: res.value } : { kind: 'error', message: res.error.message }),
      (e: unknown) => live && setState({ kind: 'error', message: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
    };
  }, [clipId, load]);
  useEffect(() => {
    document.title = state.kind === 'ready' ? `${state.view.title} (archived copy)` : 'Archived copy';
  }, [state]);

  if (state.kind === 'loading') return <p class="snapshot-status muted" data-testid="snapshot-status">Opening the archived copy…</p>;
  if (state.kind === 'error') return <p class="snapshot-status error" role="alert" data-testid="snapshot-error">{state.message}</p>;
  const { view } = state;
  const note = leftOutNote(view);
  return (
    <div class="snapshot" data-testid="snapshot">
      <header class="snapshot-bar" data-testid="snapshot-bar">
        <div class="snapshot-facts">
          <h1 class="snapshot-title" data-testid="snapshot-title">{view.title}</h1>
          <p class="snapshot-note muted">
            Archived copy, saved {new Date(view.savedAt).toLocaleString()}. Scripts and network are off in it, so its links don't open.
            {note && <span data-testid="snapshot-left-out"> {note}</span>}
          </p>
        </div>
        {isWebUrl(view.url) && (
          <a class="snapshot-original" href={withoutCredentials(view.url)} target="_blank" rel="noopener noreferrer" data-testid="snapshot-original">
            Open original
          </a>
        )}
      </header>
      <SnapshotFrame html={view.html} title={view.title} />
    </div>
  );
}
