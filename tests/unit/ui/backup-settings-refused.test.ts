// @vitest-environment jsdom
/**
 * A backup setting the background refuses goes back to the stored value on screen. It did the
 * first time only: the second refusal with the same message changed no state, so the page was
 * not drawn again and the checkbox (or the number) kept showing a setting that was not saved.
 * And a "Back up now" that started left the message of an earlier failed one on screen.
 */
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { BackupState } from '../../../src/backup/schedule';
import { mountPoint, wait } from './list-dom';

let backupNow: { ok: boolean; value?: unknown; error?: unknown } = { ok: false, error: { code: 'internal', message: 'The library could not be read.' } };
const background = vi.fn(async (method: string) =>
  method === 'setBackupSettings'
    ? { ok: false, error: { code: 'internal', message: 'The settings could not be stored: the disk is full.' } }
    : method === 'backupNow'
      ? backupNow
      : new Promise(() => undefined),
);
vi.mock('../../../extension/messaging', () => ({ background }));

const { BackupSettings } = await import('../../../extension/ui/BackupSettings');

let root: HTMLElement;
beforeEach(() => void (root = mountPoint()));
const $ = <T extends HTMLElement>(id: string) => root.querySelector(`[data-testid=${id}]`) as T;
const settle = () => wait(10);
const state: BackupState = { settings: { enabled: false, every: 'week', keep: 5 }, history: { kept: [], lastAttemptAt: null, lastError: null }, nextAt: null };

describe('backup settings refused', () => {
  it('the checkbox shows the stored value after each refusal, not only the first', async () => {
    await act(() => render(h(BackupSettings, { state, busy: false, onChange: () => undefined, onBackupStarted: () => undefined }), root));
    for (const attempt of [1, 2]) {
      await act(() => $<HTMLInputElement>('backup-enabled').click());
      await settle();
      expect(background).toHaveBeenCalledTimes(attempt);
      expect($('backup-message').textContent).toContain('disk is full');
      expect($<HTMLInputElement>('backup-enabled').checked, `after refusal ${attempt}`).toBe(false);
    }
  });

  it('an out-of-range number typed twice goes back to the stored one both times', async () => {
    await act(() => render(h(BackupSettings, { state, busy: false, onChange: () => undefined, onBackupStarted: () => undefined }), root));
    const keep = $<HTMLInputElement>('backup-keep');
    for (const typed of ['0', '99']) {
      keep.value = typed;
      await act(() => void keep.dispatchEvent(new Event('change', { bubbles: true })));
      await settle();
      expect($('backup-message').textContent).toBe('Keep between 1 and 30 backups.');
      expect(keep.value, `after typing ${typed}`).toBe('5');
    }
  });

  it('a "Back up now" that starts clears the message an earlier refusal left', async () => {
    const started: unknown[] = [];
    await act(() => render(h(BackupSettings, { state, busy: false, onChange: () => undefined, onBackupStarted: (job) => void started.push(job) }), root));
    await act(() => $<HTMLButtonElement>('backup-now').click());
    await settle();
    expect($('backup-message').textContent).toBe('The library could not be read.');
    backupNow = { ok: true, value: { job: { id: 'b' } } };
    await act(() => $<HTMLButtonElement>('backup-now').click());
    await settle();
    expect(started).toHaveLength(1);
    expect($('backup-message').textContent).toBe('');
  });
});

