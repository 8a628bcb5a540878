import { useEffect, useRef, useState } from 'preact/hooks';
import { EXPORT_STATUS_CHANNEL, ExportJobSchema, type ExportJob } from '../../src/backup/export-job';
import type { BackupState } from '../../src/backup/schedule';
import { background } from '../messaging';

/** How often a running export is asked for while no broadcast arrives (also wakes a stopped background). */
const POLL_MS = 2_000;

/**
 * The current or last export job and the backup schedule, kept live: `exportStatus` at first,
 * then every job state broadcast on `EXPORT_STATUS_CHANNEL`, and a poll while one runs. A
 * progress record older than what is shown (a late broadcast) is ignored.
 */
export function useExportStatus(): {
  job: ExportJob | null;
  backup: BackupState | null;
  show: (job: ExportJob) => void;
  setBackup: (state: BackupState) => void;
  refresh: () => Promise<void>;
} {
  const [job, setJob] = useState<ExportJob | null>(null);
  const [backup, setBackup] = useState<BackupState | null>(null);
  const running = useRef(false);

  const show = (next: ExportJob) => {
    setJob((prev) => (prev && prev.id === next.id && prev.state !== 'running' && next.state === 'running' ? prev : next));
    running.current = next.state === 'running';
  };
  const refresh = async () => {
    const res = await background('exportStatus', {});
    if (!res.ok) return;
    if (res.value.job) show(res.value.job);
    setBackup(res.value.backup);
  };

  useEffect(() => {
    const channel = new BroadcastChannel(EXPORT_STATUS_CHANNEL);
    channel.onmessage = (e: MessageEvent) => {
      const parsed = ExportJobSchema.safeParse(e.data);
      if (!parsed.success) return;
      show(parsed.data);
      // A backup that ended changes the schedule's "last backup".
      if (parsed.data.state !== 'running' && parsed.data.kind === 'backup') setTimeout(() => void refresh(), 300);
    };
    void refresh();
    const timer = setInterval(() => {
      if (running.current) void refresh();
    }, POLL_MS);
    return () => {
      channel.close();
      clearInterval(timer);
    };
  }, []);
  return { job, backup, show, setBackup, refresh };
}
