import { useState } from 'preact/hooks';
import { describeScope, type ExportJob, type ExportScope } from '../../src/backup/export-job';
import { MAX_TAG_CHARS, normalizeTag } from '../../src/library/tags';
import { background } from '../messaging';
import { BackupSettings } from './BackupSettings';
import { useExportStatus } from './use-export-status';
import { formatBytes } from './bytes';

const dayStart = (value: string) => (value ? Date.parse(`${value}T00:00:00`) : null);
const dayEnd = (value: string) => (value ? Date.parse(`${value}T23:59:59.999`) : null);

/** A running or finished export: progress bar, or where the file went (or that it is gone from there), or why it failed. */
export function ExportJobView({ job }: { job: ExportJob }) {
  /** Why "Show in folder" showed nothing, for that download. */
  const [shown, setShown] = useState<{ downloadId: number; text: string } | null>(null);
  const showFile = async (downloadId: number) => {
    const res = await background('showExport', { downloadId });
    const text = !res.ok ? res.error.message : res.value.shown ? '' : 'The file is no longer where it was saved (moved or deleted).';
    setShown({ downloadId, text });
  };
  const note = shown && shown.downloadId === job.downloadId ? shown.text : '';
  const what = job.kind === 'backup' ? 'Backup' : 'Export';
  return (
    <div class="import-job" data-testid="export-job" data-state={job.state} data-kind={job.kind} data-job={job.id}>
      <p class="import-name">
        {job.state === 'running' ? `${what} of ${describeScope(job.scope)}…` : job.state === 'done' ? `${what} saved` : `${what} failed`}
      </p>
      {job.state === 'running' && (
        <>
          <progress value={job.done} max={Math.max(job.total, job.done, 1)} aria-label={`Export progress: ${job.done} of ${job.total} clips`} data-testid="export-progress" />
          <p class="field-note" aria-live="polite" data-testid="export-count">
            {job.phase === 'saving' ? 'Saving the file…' : job.total > 0 ? `${job.done.toLocaleString()} of ${job.total.toLocaleString()} clips` : 'Reading the library…'}
          </p>
        </>
      )}
      {job.state === 'done' && (
        <p data-testid="export-done">
          <span data-testid="export-file">{job.filename}</span> ({(job.total ?? 0).toLocaleString()} clips, {formatBytes(job.bytes ?? null)}), in your downloads folder.{' '}
          {job.downloadId !== undefined && (
            <button class="link" onClick={() => void showFile(job.downloadId!)}>
              Show in folder
            </button>
          )}
          {note && (
            <span class="field-note" role="status" data-testid="export-file-gone">
              {' '}
              {note}
            </span>
          )}
        </p>
      )}
      {job.state === 'failed' && (
        <p class="import-error" role="alert" data-testid="export-error">
          {job.error ?? 'The export failed. Try again.'}
        </p>
      )}
    </div>
  );
}

/**
 * The options page's Export section: the whole library or a selection (a tag, a date range)
 * as one zip in the downloads folder, with a progress bar (the background writes it; this page
 * may close meanwhile), and the scheduled backups (`BackupSettings`).
 */
export function ExportSection() {
  const { job, backup, show, setBackup, refresh } = useExportStatus();
  const [kind, setKind] = useState<ExportScope['kind']>('all');
  const [tag, setTag] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [message, setMessage] = useState('');
  /** A start on its way (a cold background opens the library first): a second click would be refused as "already running". */
  const [starting, setStarting] = useState(false);

  const scope = (): ExportScope | string => {
    if (kind === 'tag') {
      if (!tag.trim()) return 'Type the tag whose clips you want to export.';
      // Checked as the library checks a tag (200 characters, an emoji one), never cut: a cut tag exported another tag's clips, or none.
      const t = normalizeTag(tag);
      return t.ok ? { kind: 'tag', tag: t.value } : t.error.message;
    }
    if (kind === 'saved') {
      const range = { kind: 'saved' as const, from: dayStart(from), to: dayEnd(to) };
      if (range.from === null && range.to === null) return 'Choose a first or a last day (or both).';
      if (range.from !== null && range.to !== null && range.from > range.to) return 'The first day is after the last day.';
      return range;
    }
    return { kind: 'all' };
  };

  const start = async () => {
    const chosen = scope();
    if (typeof chosen === 'string') return setMessage(chosen);
    setMessage('');
    setStarting(true);
    const res = await background('startExport', { scope: chosen });
    setStarting(false);
    if (res.ok) show(res.value.job);
    else setMessage(res.error.message);
  };

  const running = job?.state === 'running';
  return (
    <section class="export" aria-labelledby="export-heading" data-testid="export-section">
      <h2 id="export-heading">Export and backups</h2>
      <p class="muted">
        One zip file you can keep anywhere: each clip as Markdown and as a web page that opens offline, highlights as W3C annotations, and the library's own documents,
        which Commonplace (or <code>npm run read</code>) reads back with nothing lost.
      </p>
      <fieldset class="export-scope" disabled={running}>
        <legend>What to export</legend>
        <label>
          <input type="radio" name="export-scope" checked={kind === 'all'} onChange={() => setKind('all')} data-testid="export-all" /> The whole library
        </label>
        <label>
          <input type="radio" name="export-scope" checked={kind === 'tag'} onChange={() => setKind('tag')} data-testid="export-by-tag" /> Clips tagged{' '}
          <input type="text" value={tag} maxLength={2 * MAX_TAG_CHARS} onInput={(e) => (setTag(e.currentTarget.value), setKind('tag'))} aria-label="Tag" data-testid="export-tag" />
        </label>
        <label>
          <input type="radio" name="export-scope" checked={kind === 'saved'} onChange={() => setKind('saved')} data-testid="export-by-date" /> Clips saved from{' '}
          <input type="date" value={from} onInput={(e) => (setFrom(e.currentTarget.value), setKind('saved'))} aria-label="First day" data-testid="export-from" /> to{' '}
          <input type="date" value={to} onInput={(e) => (setTo(e.currentTarget.value), setKind('saved'))} aria-label="Last day" data-testid="export-to" />
        </label>
      </fieldset>
      <button onClick={() => void start()} disabled={running || starting} data-testid="export-start">
        Export
      </button>
      {kind !== 'all' && <p class="field-note">A selection is for reading and sharing: it leaves out the library's documents, so it cannot be imported back. Export the whole library to move it.</p>}
      <p role="status" class="field-note" data-testid="export-message">
        {message}
      </p>
      {job && <ExportJobView job={job} />}
      {backup && <BackupSettings state={backup} busy={running} onChange={setBackup} onBackupStarted={(j) => (show(j), void refresh())} />}
    </section>
  );
}
