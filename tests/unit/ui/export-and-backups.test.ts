// @vitest-environment jsdom
/**
 * The options page's "Export and backups": what it promises about a failed backup, and what a
 * second click does while the first start has not answered (a cold background opens the library
 * first, ~2 s at 10,000 clips, and nothing on the page changes meanwhile).
 */
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { BackupState } from '../../../src/backup/schedule';
import { mountPoint } from './list-dom';

const calls: { method: string; params: unknown; resolve: (v: unknown) => void }[] = [];
vi.mock('../../../extension/messaging', () => ({
  background: vi.fn((method: string, params: unknown) => new Promise((resolve) => calls.push({ method, params, resolve }))),
}));

const { BackupSettings } = await import('../../../extension/ui/BackupSettings');
const { ExportSection, ExportJobView } = await import('../../../extension/ui/ExportSection');

const HOUR = 60 * 60_000;
const failedState = (enabled: boolean): BackupState => ({
  settings: { enabled, every: 'week', keep: 5 },
  history: { kept: [], lastAttemptAt: Date.now() - HOUR / 2, lastError: 'The browser has no room left for Commonplace. Free disk space or delete clips, then try again.' },
  // What the background answers (src/backup/schedule.ts nextBackupAt): no next backup while backups are off.
  nextAt: enabled ? Date.now() + HOUR / 2 : null,
});

let root: HTMLElement;
beforeEach(() => {
  calls.length = 0;
  root = mountPoint();
});
const $ = (id: string) => root.querySelector(`[data-testid=${id}]`) as HTMLElement | null;

describe('backups', () => {
  it('a failed "Back up now" with automatic backups off does not promise a retry within the hour', async () => {
    await act(() => render(h(BackupSettings, { state: failedState(false), busy: false, onChange: () => undefined, onBackupStarted: () => undefined }), root));
    const text = $('backup-error')?.textContent ?? '';
    expect(text).toContain('The last backup failed');
    // Backups are off: no alarm exists and nextBackupAt is null, so nothing will try again.
    expect(text).not.toMatch(/tried again within the hour/);
  });
});

describe('Export', () => {
  it('a second click on Export before the first start answered does not start a second export', async () => {
    await act(() => render(h(ExportSection, {}), root));
    // The first exportStatus answers: nothing running, backups off.
    const status = calls.find((c) => c.method === 'exportStatus')!;
    await act(async () => status.resolve({ ok: true, value: { job: null, backup: failedState(false) } }));

    const button = $('export-start') as HTMLButtonElement;
    await act(() => button.click());
    // The background is still opening the library: no answer yet. The user clicks again.
    await act(() => button.click());

    const starts = calls.filter((c) => c.method === 'startExport');
    // The background refuses a second one ("An export is already running…"), which the page then shows as an error beside the export the user asked for.
    expect(starts).toHaveLength(1);
  });

  it('a second click on "Back up now" before the first answered does not ask for a second backup', async () => {
    await act(() => render(h(ExportSection, {}), root));
    const status = calls.find((c) => c.method === 'exportStatus')!;
    await act(async () => status.resolve({ ok: true, value: { job: null, backup: failedState(true) } }));

    const button = $('backup-now') as HTMLButtonElement;
    await act(() => button.click());
    await act(() => button.click());
    expect(calls.filter((c) => c.method === 'backupNow')).toHaveLength(1);
  });
});

describe('a finished export', () => {
  it('"Show in folder" on a file that was moved or deleted says so instead of doing nothing', async () => {
    const job = {
      id: 'j1', kind: 'manual' as const, scope: { kind: 'all' as const }, state: 'done' as const, phase: 'done' as const,
      done: 3, total: 3, startedAt: 1, endedAt: 2, filename: '/home/u/Downloads/commonplace-export 2026-01-01 10-00.zip', bytes: 5000, downloadId: 7,
    };
    await act(() => render(h(ExportJobView, { job }), root));
    const before = root.textContent;
    const show = [...root.querySelectorAll('button')].find((b) => b.textContent?.includes('Show in folder'))!;
    await act(() => show.click());
    const call = calls.find((c) => c.method === 'showExport')!;
    expect(call.params).toEqual({ downloadId: 7 });
    // The background answers that the browser no longer has that file (moved, deleted, or the download history cleared).
    await act(async () => call.resolve({ ok: true, value: { shown: false } }));
    expect(root.textContent).not.toBe(before);
  });
});
