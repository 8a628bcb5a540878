import { useReducer, useState } from 'preact/hooks';
import type { ExportJob } from '../../src/backup/export-job';
import { BACKUP_FOLDER, type BackupSettings as Settings, type BackupState } from '../../src/backup/schedule';
import { background } from '../messaging';

const when = (t: number) => new Date(t).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/**
 * Scheduled backups in the options page: off until turned on; every day or week; how many are
 * kept (older ones are deleted from the downloads folder); "Back up now"; when the last backup
 * was made and where, when the next is due, and the last failure with the way out.
 */
export function BackupSettings({ state, busy, onChange, onBackupStarted }: { state: BackupState; busy: boolean; onChange: (s: BackupState) => void; onBackupStarted: (job: ExportJob) => void }) {
  const [message, setMessage] = useState('');
  /** A "Back up now" on its way (a cold background opens the library first): a second click would ask for a second backup. */
  const [starting, setStarting] = useState(false);
  /**
   * Draws the controls again from the stored settings after a refusal: the checkbox, the select
   * and the number show what was clicked or typed until then, and setting a message equal to the
   * one shown changes no state, so a second refusal alone would leave a setting on screen that
   * was not saved.
   */
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  const refuse = (text: string) => {
    setMessage(text);
    redraw(undefined);
  };
  const { settings, history, nextAt } = state;
  const last = history.kept[0];

  const save = async (next: Settings) => {
    const res = await background('setBackupSettings', next);
    if (res.ok) {
      onChange(res.value);
      setMessage('');
    } else refuse(res.error.message);
  };
  const now = async () => {
    setStarting(true);
    const res = await background('backupNow', {});
    setStarting(false);
    if (res.ok) {
      // A message an earlier refusal left (a failed start, a setting not saved) is over once a backup starts.
      setMessage('');
      onBackupStarted(res.value.job);
    } else setMessage(res.error.message);
  };

  return (
    <div class="backups" data-testid="backup-settings">
      <h3>Backups</h3>
      <p class="muted">
        Without sync, this browser holds your only copy. A backup is an export of the whole library saved in your downloads folder, in “{BACKUP_FOLDER}”: keep that folder
        somewhere safe, and a lost browser profile loses nothing.
      </p>
      <label>
        <input type="checkbox" checked={settings.enabled} onChange={(e) => void save({ ...settings, enabled: e.currentTarget.checked })} data-testid="backup-enabled" /> Back up
        automatically
      </label>{' '}
      <select value={settings.every} onChange={(e) => void save({ ...settings, every: e.currentTarget.value === 'day' ? 'day' : 'week' })} aria-label="How often" data-testid="backup-every">
        <option value="day">every day</option>
        <option value="week">every week</option>
      </select>
      , keeping the last{' '}
      <input
        type="number"
        min={1}
        max={30}
        value={settings.keep}
        onChange={(e) => {
          const keep = Math.round(Number(e.currentTarget.value));
          if (keep >= 1 && keep <= 30) void save({ ...settings, keep });
          else refuse('Keep between 1 and 30 backups.');
        }}
        aria-label="Backups kept"
        data-testid="backup-keep"
      />{' '}
      <span>backups.</span>
      <p data-testid="backup-last">
        {last ? (
          <>
            Last backup: {when(last.at)}, {last.clips.toLocaleString()} clips, <span class="path">{last.filename}</span>.
          </>
        ) : (
          'No backup made yet.'
        )}
        {nextAt !== null && last && <> Next: {nextAt <= Date.now() ? 'now' : when(nextAt)}.</>}
      </p>
      {history.lastError && (
        <p class="import-error" role="alert" data-testid="backup-error">
          The last backup failed: {history.lastError} {settings.enabled ? 'It is tried again within the hour.' : 'Press “Back up now” to try again.'}
        </p>
      )}
      <button onClick={() => void now()} disabled={busy || starting} data-testid="backup-now">
        Back up now
      </button>
      <p role="status" class="field-note" data-testid="backup-message">
        {message}
      </p>
    </div>
  );
}
