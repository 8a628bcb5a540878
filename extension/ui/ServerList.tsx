import type { ServerStatus } from '../../src/sync/settings';
import { MAX_SERVERS, newDraft, type Checked, type Draft } from './server-drafts';

const STATE_TEXT: Record<ServerStatus['state'], string> = {
  connecting: 'Connecting…',
  connected: 'Connected',
  offline: 'Not answering',
  error: 'Error',
};

/** What the live status says of one saved server, in words. */
function serverLine(s: ServerStatus): string {
  return s.error ? `${STATE_TEXT[s.state]}: ${s.error}` : STATE_TEXT[s.state];
}

/**
 * The server address inputs: add and remove (up to MAX_SERVERS), each checked as it is
 * typed (`checks`, from parseServerUrl), and, once saved, what the live status says of it.
 */
export function ServerList(props: { drafts: Draft[]; checks: Checked[]; live: ServerStatus[]; onChange: (drafts: Draft[]) => void }) {
  const { drafts, checks, live, onChange } = props;
  const edit = (id: number, text: string) => onChange(drafts.map((d) => (d.id === id ? { id, text } : d)));
  const remove = (id: number) => onChange(drafts.length > 1 ? drafts.filter((d) => d.id !== id) : [newDraft()]);

  return (
    <fieldset class="servers">
      <legend>Sync servers</legend>
      <p class="muted hint">
        A server you run or trust, such as wss://sync.example.org (ws:// only on your own network). Up to {MAX_SERVERS}; each keeps a full copy, and a new one is
        filled from this browser.
      </p>
      {drafts.map((d, i) => {
        const check = checks[i];
        const status = check?.url ? live.find((s) => s.url === check.url) : undefined;
        const errorId = `server-error-${d.id}`;
        return (
          <div class="server" key={d.id} data-testid="sync-server">
            <div class="row">
              <label class="visually-hidden" for={`server-${d.id}`}>
                Sync server {i + 1}
              </label>
              <input
                id={`server-${d.id}`}
                type="text"
                inputMode="url"
                spellcheck={false}
                autoComplete="off"
                autoCapitalize="none"
                placeholder="wss://sync.example.org"
                value={d.text}
                onInput={(e) => edit(d.id, (e.currentTarget as HTMLInputElement).value)}
                aria-invalid={check?.error ? 'true' : undefined}
                aria-describedby={check?.error ? errorId : undefined}
                data-testid="sync-server-input"
              />
              <button type="button" onClick={() => remove(d.id)} aria-label={`Remove sync server ${i + 1}`} data-testid="sync-server-remove">
                Remove
              </button>
            </div>
            {check?.error && (
              <p class="error field-note" id={errorId} data-testid="sync-server-error">
                {check.error}
              </p>
            )}
            {status && (
              <p class={`field-note ${status.state === 'connected' ? 'ok' : status.state === 'connecting' ? 'muted' : 'error'}`} data-testid="sync-server-status" data-state={status.state}>
                {serverLine(status)}
              </p>
            )}
          </div>
        );
      })}
      <button type="button" disabled={drafts.length >= MAX_SERVERS} onClick={() => onChange([...drafts, newDraft()])} data-testid="sync-server-add">
        Add a server
      </button>
    </fieldset>
  );
}
