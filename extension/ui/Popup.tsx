import { useEffect, useState } from 'preact/hooks';
import { useFollowedRow } from './use-clip-follow';
import { browser } from 'wxt/browser';
import type { ClipSummary } from '../../src/schema/clip-summary';
import { isCapturableUrl } from '../../src/url/normalize';
import { background } from '../messaging';
import { openReader } from './open-reader';
import { StateButtons } from './StateButtons';
import { TagEditor } from './TagEditor';
import { PopupNote } from './PopupNote';
import { imageStateLine, useImageState } from './use-image-state';
import './popup.css';

type State =
  | { kind: 'loading' }
  | { kind: 'unsaved' }
  | { kind: 'saving' }
  /** `failed`: a "Save again" that failed; the copy saved before is still there, and still shown with its tags, state and note. */
  | { kind: 'saved'; clip: ClipSummary; created: boolean | null; failed?: string }
  | { kind: 'error'; message: string };

/** The tab the popup acts on: `?tabId=` (tests, and opening the popup as a page) or the active tab. */
async function targetTab() {
  const param = new URLSearchParams(location.search).get('tabId');
  if (param) return browser.tabs.get(Number(param));
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab;
}

/** Toolbar popup: save this page, see whether it is saved, open it in the reader; once saved, tag it, favourite or archive it. */
export function Popup() {
  const [tab, setTab] = useState<{ id?: number; title?: string; url?: string } | null>(null);
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [attempts, setAttempts] = useState(0);
  // The saved clip's row, following changes made elsewhere (sync, the side panel) while the popup is open.
  const localRow = useFollowedRow(state.kind === 'saved' ? state.clip.id : null, (clip) => setState((s) => (s.kind === 'saved' && s.clip.id === clip.id ? { ...s, clip } : s)));

  useEffect(() => {
    void (async () => {
      const t = await targetTab().catch(() => undefined);
      setTab(t ?? null);
      const check = isCapturableUrl(t?.url ?? '');
      if (!t?.url || !check.ok) return setState({ kind: 'error', message: check.ok ? 'No page to save here.' : check.reason });
      const res = await background('pageStatus', { url: t.url });
      if (!res.ok) return setState({ kind: 'error', message: res.error.message });
      setState(res.value.clip ? { kind: 'saved', clip: res.value.clip, created: null } : { kind: 'unsaved' });
    })();
  }, []);

  const [slow, setSlow] = useState(false);
  const save = async () => {
    if (tab?.id === undefined) return;
    // A failed "Save again" must not hide the copy saved before (its reader, tags and note): it goes back to it, with the error.
    const before = state.kind === 'saved' ? state : null;
    setState({ kind: 'saving' });
    setSlow(false);
    const timer = setTimeout(() => setSlow(true), 2500);
    const res = await background('savePage', { tabId: tab.id });
    clearTimeout(timer);
    setState(
      res.ok
        ? { kind: 'saved', clip: res.value.clip, created: res.value.created }
        : before
          ? { ...before, failed: res.error.message }
          : { kind: 'error', message: res.error.message },
    );
    setAttempts((n) => n + 1);
  };

  const status =
    state.kind === 'loading'
      ? 'Checking…'
      : state.kind === 'unsaved'
        ? 'Not saved yet.'
        : state.kind === 'saving'
          ? slow
            ? 'Saving… a large page takes a few seconds. You can close this popup; the save continues.'
            : 'Saving…'
          : state.kind === 'saved'
            ? state.failed !== undefined
              ? `${state.failed} The copy saved before is still in your library.`
              : state.created === null
              ? 'Saved in your library.'
              : state.created
                ? 'Saved. It is on this device and readable offline.'
                : 'Updated the saved copy.'
            : state.message;

  const failed = state.kind === 'error' || (state.kind === 'saved' && state.failed !== undefined);
  // After a save, its images follow in the background: "Saving images…", then how many were saved.
  const imagesLine = imageStateLine(useImageState(state.kind === 'saved' && state.created !== null ? state.clip.id : null));

  return (
    <main class="popup">
      <h1 class="page-title">{tab?.title || 'Commonplace'}</h1>
      <p class="page-url muted">{tab?.url}</p>
      <p data-testid="status" data-state={failed ? 'error' : state.kind} data-attempts={attempts} class={failed ? 'error' : state.kind === 'saved' ? 'ok' : 'muted'} role="status">
        {status}
      </p>
      {imagesLine && (
        <p class="muted" data-testid="popup-images" role="status">
          {imagesLine}
        </p>
      )}
      <div class="actions">
        <button data-testid="save-page" class="primary" disabled={state.kind === 'saving' || state.kind === 'loading' || tab?.id === undefined} onClick={save}>
          {state.kind === 'saved' ? 'Save again' : 'Save page'}
        </button>
        {state.kind === 'saved' && (
          <button data-testid="open-reader" onClick={() => openReader(state.clip.id, tab?.id)}>
            Open in reader
          </button>
        )}
      </div>
      {state.kind === 'saved' && (
        <section class="popup-organise" aria-label="Organise this clip" data-testid="popup-organise">
          <TagEditor clipId={state.clip.id} tags={state.clip.tags} onChange={localRow} />
          <StateButtons clip={state.clip} onChange={localRow} />
          <PopupNote clipId={state.clip.id} />
        </section>
      )}
      <p class="shortcut muted">Shortcut: Alt+Shift+S · Right-click to save a selection or a link.</p>
    </main>
  );
}
