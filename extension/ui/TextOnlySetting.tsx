import { useState } from 'preact/hooks';
import type { SyncSettings } from '../../src/sync/settings';
import { background } from '../messaging';

type Settings = SyncSettings & { libraryUrl: string };

/**
 * "Text only on this device", in the options page's Sync section: images and full-page
 * snapshots saved on other devices are not synced to this browser, and those already here are
 * removed to free space; every clip still lists and reads here (its text and highlights), and
 * this browser's own images stay. Stored with the sync settings: a `setSync` with `textOnly`
 * alone, which keeps the switch and the servers as stored (a change of theirs still on its way
 * is not undone); `onSaved` gets the stored value.
 */
export function TextOnlySetting({ settings, onSaved }: { settings: Settings | null; onSaved: (textOnly: boolean) => void }) {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const on = settings?.textOnly ?? false;

  const change = async (textOnly: boolean) => {
    if (!settings) return;
    setBusy(true);
    setMessage(null);
    const res = await background('setSync', { textOnly });
    setBusy(false);
    if (!res.ok) return setMessage({ error: true, text: res.error.message });
    onSaved(res.value.textOnly ?? textOnly);
    setMessage({
      error: false,
      text: textOnly
        ? 'Text only: other devices’ images and snapshots are no longer synced here, and those already here are being removed.'
        : 'Images and snapshots from other devices are synced here again (in the background, after the text).',
    });
  };

  return (
    <div class="text-only" data-testid="text-only">
      <h3>On this device</h3>
      <label class="row">
        <input type="checkbox" checked={on} disabled={!settings || busy} data-testid="text-only-toggle" onChange={(e) => void change((e.currentTarget as HTMLInputElement).checked)} />
        Text only on this device
      </label>
      <p class="muted field-note">
        Saves space on a small device: images and full-page snapshots saved on your other devices are not synced to this browser, and those already here are
        removed. Every clip is still listed and readable here, with its highlights and notes; its images stay on your other devices and on the sync server. Images
        saved in this browser are kept.
      </p>
      <p role={message?.error ? 'alert' : 'status'} class={`field-note ${message?.error ? 'error' : 'ok'}`} data-testid="text-only-message">
        {message?.text ?? ''}
      </p>
    </div>
  );
}
