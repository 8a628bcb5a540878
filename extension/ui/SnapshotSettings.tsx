import { useEffect, useState } from 'preact/hooks';
import type { SnapshotSettings as Settings } from '../../src/snapshot/settings';
import { background } from '../messaging';

/**
 * The "Full-page copies" section: whether every saved page also keeps a complete copy of the
 * page as it looked (styles and images inlined, scripts removed; off by default, since a copy
 * is often tens of times the article's size). Right-click → "Save full page" works either way.
 */
export function SnapshotSettings() {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [message, setMessage] = useState('');

  useEffect(() => {
    void background('snapshotSettings', {}).then((res) => (res.ok ? setSettings(res.value) : setMessage(res.error.message)));
  }, []);

  const save = async (next: Settings) => {
    const res = await background('setSnapshotSettings', next);
    if (!res.ok) return setMessage(res.error.message);
    setSettings(res.value);
    setMessage(res.value.everyPage ? 'Saved: every page you save keeps a full-page copy.' : 'Saved: full-page copies only when you ask for one.');
  };

  return (
    <section data-testid="snapshot-settings">
      <h2>Full-page copies</h2>
      <p class="muted">
        A full-page copy keeps the whole page as it looked, with its styles and images and without its scripts, so it still opens when the site is gone. It
        opens from the reader (“Full page”) in a sealed view that runs no script and loads nothing. Right-click a page → <em>Save full page to Commonplace</em> to keep one.
      </p>
      {settings && (
        <label class="row">
          <input type="checkbox" checked={settings.everyPage} data-testid="snapshot-every-page" onChange={(e) => void save({ ...settings, everyPage: (e.target as HTMLInputElement).checked })} />
          Keep a full-page copy of every page I save
        </label>
      )}
      <p class="field-note" role="status" data-testid="snapshot-settings-message">
        {message}
      </p>
    </section>
  );
}
