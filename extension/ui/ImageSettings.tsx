import { useEffect, useState } from 'preact/hooks';
import { formatMb } from '../../src/images/left-reasons';
import { MAX_CAP_BYTES, type ImageSettings as Settings } from '../../src/images/settings';
import { background } from '../messaging';

const MB = 1024 * 1024;

/**
 * The "Saved images" section: whether the images of saved articles are saved with them (on
 * by default), and the per-clip limit (5 MB by default; 0 saves none). Images over the limit
 * are left out in document order, and the reader says how many and why.
 */
export function ImageSettings() {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [draft, setDraft] = useState('');
  const [message, setMessage] = useState('');

  useEffect(() => {
    void background('imageSettings', {}).then((res) => {
      if (!res.ok) return setMessage(res.error.message);
      setSettings(res.value);
      setDraft(String(Number((res.value.capBytes / MB).toPrecision(3))));
    });
  }, []);

  const save = async (next: Settings) => {
    const res = await background('setImageSettings', next);
    if (!res.ok) return setMessage(res.error.message);
    setSettings(res.value);
    setMessage(res.value.enabled && res.value.capBytes > 0 ? `Saved: images are kept up to ${formatMb(res.value.capBytes)} per clip.` : 'Saved: new clips keep their text only.');
  };

  const setCap = (text: string) => {
    setDraft(text);
    const mb = Number(text);
    if (text.trim() === '' || !Number.isFinite(mb) || mb < 0 || mb * MB > MAX_CAP_BYTES) return setMessage(`Enter a number of megabytes from 0 to ${MAX_CAP_BYTES / MB}.`);
    if (settings) void save({ ...settings, capBytes: Math.round(mb * MB) });
  };

  return (
    <section data-testid="image-settings">
      <h2>Saved images</h2>
      <p class="muted">The images of a saved article are saved with it, so the clip stays complete offline and when the page is gone. Large images are scaled down to 2,048 pixels and recompressed.</p>
      {settings && (
        <>
          <label class="row">
            <input type="checkbox" checked={settings.enabled} data-testid="save-images" onChange={(e) => void save({ ...settings, enabled: (e.target as HTMLInputElement).checked })} />
            Save article images
          </label>
          <label class="row">
            Per-clip limit
            <input type="number" min="0" max={MAX_CAP_BYTES / MB} step="0.5" value={draft} disabled={!settings.enabled} data-testid="image-cap" onChange={(e) => setCap((e.target as HTMLInputElement).value)} />
            MB (0 keeps text only)
          </label>
        </>
      )}
      <p class="field-note" role="status" data-testid="image-settings-message">
        {message}
      </p>
    </section>
  );
}
