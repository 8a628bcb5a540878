import { useEffect, useRef, useState } from 'preact/hooks';
import { putImportFile } from '../../src/import/file-store';
import { IMPORT_STATUS_CHANNEL, ImportJobSchema, type ImportJob } from '../../src/import/job-state';
import { toAppError } from '../../src/util/result';
import { background } from '../messaging';
import { LinkFetch } from './LinkFetch';

/** How often a running job is asked for while no broadcast arrives (this also wakes a stopped background). */
const POLL_MS = 2_000;
/** Failures listed in the report; the rest are counted. */
const SHOWN_FAILURES = 5;

const plural = (n: number, one: string, many: string) => `${n.toLocaleString()} ${n === 1 ? one : many}`;

/**
 * The finished job's report: imported, the articles filled in for clips that held only an
 * importer's stand-in (shown when there are any; a record without the count has none), skipped
 * as duplicates, failed with the first reasons.
 */
function Report({ job }: { job: ImportJob }) {
  return (
    <div class="import-report" data-testid="import-report">
      {job.state === 'failed' && (
        <p class="import-error" role="alert" data-testid="import-error">
          {job.error ?? 'The import failed.'}
        </p>
      )}
      <p>
        <span data-testid="import-imported">{plural(job.imported, 'item imported', 'items imported')}</span>,{' '}
        {(job.filledIn ?? 0) > 0 && (
          <>
            <span data-testid="import-filled">{plural(job.filledIn ?? 0, 'article filled in for a clip saved before', 'articles filled in for clips saved before')}</span>,{' '}
          </>
        )}
        <span data-testid="import-duplicates">{plural(job.duplicates, 'skipped as a duplicate', 'skipped as duplicates')}</span>,{' '}
        <span data-testid="import-failed">{plural(job.failedCount, 'could not be imported', 'could not be imported')}</span>.
      </p>
      {job.failed.length > 0 && (
        <ul class="import-failures" aria-label="Items that could not be imported">
          {job.failed.slice(0, SHOWN_FAILURES).map((f, i) => (
            <li key={i}>
              <strong>{f.source}</strong>: {f.reason}
            </li>
          ))}
          {job.failedCount > SHOWN_FAILURES && <li>…and {(job.failedCount - SHOWN_FAILURES).toLocaleString()} more.</li>}
        </ul>
      )}
    </div>
  );
}

/**
 * The options page's Import section: choose an export file, it is stored in the extension
 * (src/import/file-store.ts) and imported by the background (`startImport`); its progress
 * (`importStatus`, then `IMPORT_STATUS_CHANNEL`) and, at the end, the report. A job still running
 * when the page opens (after a browser restart) is shown as it goes on.
 */
export function ImportSection({ onImported }: { onImported: () => void }) {
  const [job, setJob] = useState<ImportJob | null>(null);
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const lastState = useRef<string | null>(null);
  /** The job last seen finished (done or failed): its end refreshes the library's stats once. */
  const finished = useRef<string | null>(null);

  const show = (next: ImportJob | null) => {
    setJob((prev) => (prev && next && prev.id === next.id && prev.state === 'running' && next.state === 'running' && next.done < prev.done ? prev : next));
    // Whenever a job is first seen finished, even when that is the first the page sees of it (the
    // page opened after it ended, or it ended between two polls): it may have added clips the
    // stats read before did not count. Only once: the same record polled or broadcast again is not news.
    if (next && next.state !== 'running' && finished.current !== next.id) {
      finished.current = next.id;
      onImported();
    }
    lastState.current = next?.state ?? null;
  };

  useEffect(() => {
    let live = true;
    const ask = async () => {
      const res = await background('importStatus', {});
      if (live && res.ok) show(res.value.job);
    };
    const channel = new BroadcastChannel(IMPORT_STATUS_CHANNEL);
    channel.onmessage = (e: MessageEvent) => {
      const parsed = ImportJobSchema.safeParse(e.data);
      if (parsed.success) show(parsed.data);
      else void ask();
    };
    void ask();
    const timer = setInterval(() => {
      if (lastState.current === 'running') void ask();
    }, POLL_MS);
    return () => {
      live = false;
      channel.close();
      clearInterval(timer);
    };
  }, []);

  const choose = async () => {
    const file = input.current?.files?.[0];
    if (!file) return;
    setBusy(true);
    setMessage(`Reading ${file.name}…`);
    try {
      const id = crypto.randomUUID();
      await putImportFile(indexedDB, { id, name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) });
      const res = await background('startImport', { fileId: id, name: file.name });
      if (res.ok) {
        setMessage('');
        show(res.value.job);
      } else setMessage(res.error.message);
    } catch (e) {
      // Storing the file can find the disk full: that says what to free, not that the file is unreadable.
      const error = toAppError(e);
      setMessage(error.code === 'storage-full' ? error.message : `The file could not be read: ${error.message}`);
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  };

  const running = job?.state === 'running';
  return (
    <section class="import" aria-labelledby="import-heading" data-testid="import-section">
      <h2 id="import-heading">Import</h2>
      <p class="muted">Bring in what you saved elsewhere. Commonplace reads:</p>
      <ul class="import-formats">
        <li>a Pocket export: the zip, or a CSV file from it</li>
        <li>Pocket's older export page, ril_export.html</li>
        <li>an Omnivore export zip</li>
        <li>browser bookmarks exported as HTML (Chrome, Firefox, Edge, Safari)</li>
        <li>a Commonplace export zip, restored exactly (highlights, notes and selectors included)</li>
      </ul>
      <p class="muted">Tags, read and archived states and highlights come along. Items already in your library are skipped (from a Commonplace export, the highlights and tags they lack are added).</p>
      <label class="import-file">
        <span>Choose an export file</span>
        <input ref={input} type="file" accept=".zip,.csv,.html,.htm" disabled={busy || running} onChange={() => void choose()} data-testid="import-file" />
      </label>
      <p role="status" class="field-note" data-testid="import-message">
        {message}
      </p>
      <LinkFetch />
      {job && (
        <div class="import-job" data-testid="import-job" data-state={job.state}>
          <p class="import-name">
            {job.state === 'running' ? 'Importing' : job.state === 'done' ? 'Imported' : 'Import failed:'} <strong>{job.name}</strong>
          </p>
          {running && (
            <>
              <progress value={job.done} max={Math.max(job.total, job.done, 1)} aria-label={`Import progress: ${job.done} of ${job.total}`} data-testid="import-progress" />
              <p class="field-note" aria-live="polite" data-testid="import-count">
                {job.done.toLocaleString()} of {Math.max(job.total, job.done).toLocaleString()}
              </p>
            </>
          )}
          {!running && <Report job={job} />}
        </div>
      )}
    </section>
  );
}
