import { useEffect, useRef, useState } from 'preact/hooks';
import { DEFAULT_SYNC_SETTINGS, type SyncSettings } from '../../src/sync/settings';
import { background } from '../messaging';
import { JoinLibrary } from './JoinLibrary';
import { LibraryUrl } from './LibraryUrl';
import { ServerList } from './ServerList';
import { SyncStatusView } from './SyncStatusView';
import { TextOnlySetting } from './TextOnlySetting';
import { checkDrafts, draftSummary, draftsOf, newDraft, type Draft } from './server-drafts';
import { useSyncStatus } from './use-sync-status';

type Settings = SyncSettings & { libraryUrl: string };
type Note = { kind: 'ok' | 'error'; text: string } | null;

/**
 * The options page's Sync section: off by default; the servers (checked as typed), the
 * switch that turns sync on once one is valid, the live status, leaving sync, this
 * library's URL and joining another browser's library. Every change is a `setSync` or
 * `joinLibrary` call; the background's refusal is shown as it says it.
 */
export function SyncSection({ fallbackLibraryUrl, onLibraryChanged }: { fallbackLibraryUrl: string | null; onLibraryChanged: () => void }) {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [drafts, setDrafts] = useState<Draft[]>(() => [newDraft()]);
  /** The switch's requested position while `setSync` runs. */
  const [pending, setPending] = useState<boolean | null>(null);
  const [note, setNote] = useState<Note>(null);
  /** The settings could not be read: nothing may be saved over them (they may hold servers this page never saw). */
  const [unread, setUnread] = useState(false);
  const { status, error: statusError, refresh } = useSyncStatus();
  /** Edits of the servers since they were last filled from the settings (an answer arriving after typing began must not wipe it). */
  const edits = useRef(0);
  const editDrafts = (next: Draft[]) => {
    edits.current += 1;
    setDrafts(next);
  };
  const resetTo = (servers: readonly string[]) => {
    edits.current = 0;
    setDrafts(draftsOf(servers));
  };

  const load = async (resetDrafts: boolean) => {
    const res = await background('syncSettings', {});
    if (!res.ok) {
      setUnread(true);
      return setNote({ kind: 'error', text: `The sync settings could not be read: ${res.error.message} Nothing can be changed here until they are: try again.` });
    }
    setUnread(false);
    setNote(null);
    setSettings(res.value);
    if (resetDrafts && edits.current === 0) resetTo(res.value.servers);
  };
  useEffect(() => void load(true), []);

  const saved = settings ?? DEFAULT_SYNC_SETTINGS;
  const checks = checkDrafts(drafts);
  const summary = draftSummary(checks, saved.servers);
  // Until the settings are read, the switch and Save wait: the defaults shown meanwhile (off, no
  // server) are not what is stored, and saving them would replace the servers the user has.
  const busy = pending !== null || settings === null;

  const apply = async (next: SyncSettings, done: string, resetDrafts: boolean) => {
    setPending(next.enabled);
    setNote(null);
    const sentAt = edits.current;
    const res = await background('setSync', next);
    setPending(null);
    if (!res.ok) return setNote({ kind: 'error', text: res.error.message });
    setSettings(res.value);
    // The servers as saved, unless the user typed more while the answer was on its way.
    if (resetDrafts && edits.current === sentAt) resetTo(res.value.servers);
    setNote({ kind: 'ok', text: done });
    refresh();
  };
  const turnOn = () => apply({ enabled: true, servers: summary.urls }, 'Sync is on.', true);
  const turnOff = () =>
    apply({ enabled: false, servers: saved.servers }, 'Sync is off. Every clip stays in this browser, readable offline; nothing more is sent or received.', false);
  const saveServers = () =>
    apply({ enabled: saved.enabled, servers: summary.urls }, saved.enabled ? 'Servers saved. A new server is filled from this browser.' : 'Servers saved. Sync stays off until you turn it on.', true);

  const on = pending ?? saved.enabled;
  const canTurnOn = summary.usable;
  const canSave = summary.changed && !summary.hasErrors && !busy && (!saved.enabled || summary.urls.length > 0);
  const hint = saved.enabled
    ? summary.urls.length === 0
      ? 'To remove every server, turn sync off.'
      : ''
    : canTurnOn
      ? 'Turning sync on saves these servers and starts sending this library to them.'
      : 'Enter a valid server address to turn sync on.';
  const libraryUrl = settings?.libraryUrl ?? fallbackLibraryUrl;

  return (
    <section id="sync" aria-labelledby="sync-title" data-testid="sync-section">
      <h2 id="sync-title">Sync</h2>
      <div class="notice" role="note" data-testid="sync-warning">
        <strong>Sync is not encrypted.</strong> Whoever runs a sync server can read everything synced through it: every clip, its text and your notes. Use only a
        server you run yourself or trust. The library URL below is a secret: anyone who has it and can reach a server holding the library can read and change it.
        Commonplace has no default server and never picks one for you.
      </div>

      <ServerList drafts={drafts} checks={checks} live={saved.enabled ? (status?.servers ?? []) : []} onChange={editDrafts} />

      <div class="row sync-controls">
        <label class="switch">
          <span class="switch-control">
            <input
              type="checkbox"
              role="switch"
              checked={on}
              disabled={busy || (!saved.enabled && !canTurnOn)}
              onChange={(e) => void ((e.currentTarget as HTMLInputElement).checked ? turnOn() : turnOff())}
              aria-describedby="sync-toggle-hint"
              data-testid="sync-toggle"
            />
            <span class="switch-track" aria-hidden="true" />
          </span>
          <span>Sync this library</span>
        </label>
        <button type="button" disabled={!canSave} onClick={() => void saveServers()} data-testid="sync-save">
          Save servers
        </button>
      </div>
      <p id="sync-toggle-hint" class="muted field-note" data-testid="sync-toggle-hint">
        {pending !== null ? 'Saving…' : settings === null ? (unread ? '' : 'Reading the sync settings…') : hint}
      </p>
      <p role={note?.kind === 'error' ? 'alert' : 'status'} class={`field-note ${note?.kind === 'error' ? 'error' : 'ok'}`} data-testid="sync-message">
        {note?.text ?? ''}
      </p>
      {unread && (
        <button type="button" onClick={() => void load(true)} data-testid="sync-retry">
          Try again
        </button>
      )}

      <h3>Status</h3>
      <SyncStatusView status={status} error={statusError} />
      <TextOnlySetting settings={settings} onSaved={(textOnly) => setSettings((s) => s && { ...s, textOnly })} />

      {saved.enabled && (
        <div class="leave">
          <h3>Leave sync</h3>
          <p class="muted">
            Turns sync off in this browser. Every clip stays here, readable offline; nothing more is sent or received. The copies already on your servers stay
            there until you remove them from the server.
          </p>
          <button type="button" disabled={busy} onClick={() => void turnOff()} data-testid="sync-leave">
            Leave sync
          </button>
        </div>
      )}

      {libraryUrl && <LibraryUrl url={libraryUrl} />}
      <JoinLibrary
        syncOn={saved.enabled}
        ownUrl={libraryUrl}
        onJoined={() => {
          void load(false);
          onLibraryChanged();
        }}
      />
    </section>
  );
}
