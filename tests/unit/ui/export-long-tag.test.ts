// @vitest-environment jsdom
/**
 * The options page's "Clips tagged …" export with a tag as long as the library keeps (200
 * characters: code points). Before, the field took 200 UTF-16 units (`maxLength`) and the page
 * cut the tag there: a tag of 150 emoji (300 units) was asked for as its first 100 emoji, and the
 * export held no clip of it (or the clips of another tag beginning the same).
 */
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_TAG_CHARS } from '../../../src/library/tags';
import { mountPoint } from './list-dom';

const calls: { method: string; params: unknown; resolve: (v: unknown) => void }[] = [];
vi.mock('../../../extension/messaging', () => ({
  background: vi.fn((method: string, params: unknown) => new Promise((resolve) => calls.push({ method, params, resolve }))),
}));

const { ExportSection } = await import('../../../extension/ui/ExportSection');

let root: HTMLElement;
beforeEach(() => {
  calls.length = 0;
  root = mountPoint();
});
const $ = (id: string) => root.querySelector(`[data-testid=${id}]`) as HTMLInputElement;

async function exportTag(typed: string) {
  await act(() => render(h(ExportSection, {}), root));
  const status = calls.find((c) => c.method === 'exportStatus')!;
  await act(async () => status.resolve({ ok: true, value: { job: null, backup: { settings: { enabled: false, every: 'week', keep: 5 }, history: { kept: [], lastAttemptAt: null, lastError: null }, nextAt: null } } }));
  const field = $('export-tag');
  await act(() => {
    field.value = typed;
    field.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await act(() => $('export-start').click());
  return { field, start: calls.find((c) => c.method === 'startExport') };
}

describe('export by a long tag', () => {
  it('asks for the whole tag, one of 150 emoji too, and the field takes it', async () => {
    const tag = '🎉'.repeat(150);
    const { field, start } = await exportTag(` ${tag} `);
    expect(field.maxLength).toBeGreaterThanOrEqual(2 * MAX_TAG_CHARS);
    expect(start?.params).toEqual({ scope: { kind: 'tag', tag } });
  });

  it('says a tag longer than the library keeps is too long, instead of exporting another', async () => {
    const { start } = await exportTag('x'.repeat(MAX_TAG_CHARS + 1));
    expect(start).toBeUndefined();
    expect($('export-message').textContent).toMatch(/at most 200 characters/);
  });
});
