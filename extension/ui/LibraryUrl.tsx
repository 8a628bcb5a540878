import { useState } from 'preact/hooks';
import { QrCode } from './QrCode';

type Copy = { kind: 'idle' } | { kind: 'copied' } | { kind: 'failed'; message: string };

/**
 * This library's URL, the secret another browser joins with: blurred until "Show"
 * (shoulder-surfing, screen sharing), copyable without showing it, and a QR code of
 * it for a phone, drawn locally, only while shown.
 */
export function LibraryUrl({ url }: { url: string }) {
  const [shown, setShown] = useState(false);
  const [copy, setCopy] = useState<Copy>({ kind: 'idle' });

  const copyUrl = async () => {
    try {
      await navigator.clipboard.writeText(url);
      setCopy({ kind: 'copied' });
    } catch (e) {
      setCopy({ kind: 'failed', message: `Could not copy (${e instanceof Error ? e.message : String(e)}). Show the URL, select it and copy it by hand.` });
    }
  };

  return (
    <div class="library-url" data-testid="library-url-block">
      <h3>This library’s URL</h3>
      <p class="muted">
        Another browser joins this library with this URL. Treat it like a password: anyone who has it and can reach one of your sync servers can read and change
        the whole library. Share it only with your own browsers.
      </p>
      <p class="library-url-row">
        <code data-testid="library-url" class={shown ? 'url' : 'url secret'} aria-hidden={shown ? undefined : 'true'}>
          {url}
        </code>
        {!shown && <span class="visually-hidden">(hidden)</span>}
      </p>
      <div class="row">
        <button data-testid="show-library-url" aria-expanded={shown} aria-controls="library-qr-box" onClick={() => setShown(!shown)}>
          {shown ? 'Hide' : 'Show'}
        </button>
        <button data-testid="copy-library-url" onClick={copyUrl} aria-label="Copy the library URL">
          Copy
        </button>
        <span role="status" data-testid="copy-status" data-state={copy.kind} class={copy.kind === 'failed' ? 'error' : 'ok'}>
          {copy.kind === 'copied' ? 'Copied' : copy.kind === 'failed' ? copy.message : ''}
        </span>
      </div>
      <div id="library-qr-box">{shown && <QrCode text={url} label="QR code of this library’s URL" testId="library-qr" />}</div>
    </div>
  );
}
