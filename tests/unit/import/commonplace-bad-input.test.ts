/**
 * A Commonplace export that is damaged, too new, made without documents or tampered with: each
 * gets a clear message (for the whole file, or per clip), and the library is never damaged.
 */
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { textOfHtml } from '../../../src/capture/text';
import { repoSource } from '../../../src/export/repo-source';
import type { ExportClip } from '../../../src/export/types';
import { openCommonplace } from '../../../src/import/commonplace';
import { newJob, runJob } from '../../../src/import/job-runner';
import { restoreItem } from '../../../src/import/restore-item';
import { sampleLibrary, targetIn } from '../export/fixtures';
import { exportToMemory } from '../export/helpers';
import { openLibrary, page } from '../library/helpers';
import { restoreWorld, rezip, sanitizer, withManifest } from './commonplace-helpers';
import { NOW } from './fixtures';

let exported: Awaited<ReturnType<typeof exportToMemory>>;
let selection: Uint8Array;
let lib: Awaited<ReturnType<typeof sampleLibrary>>;

beforeAll(async () => {
  lib = await sampleLibrary();
  exported = await exportToMemory(repoSource(lib.repo, lib.url));
  selection = (await exportToMemory(repoSource(lib.repo, lib.url), { select: () => true })).bytes;
});

/** Imports `bytes` into a fresh library; returns the job and the library. */
async function importInto(bytes: Uint8Array, deps: Partial<ReturnType<typeof restoreWorld>['deps']> = {}) {
  const fresh = await openLibrary();
  const job = await runJob(newJob('f', 'commonplace-export.zip', NOW), { ...restoreWorld(fresh, bytes).deps, ...deps });
  return { job, fresh };
}

/** The library still works: it lists what it has and takes a new save. */
async function stillWorks(fresh: Awaited<ReturnType<typeof openLibrary>>, live: number) {
  expect(fresh.library.counts().live).toBe(live);
  await fresh.library.save(page({ pageUrl: 'https://after.example/ok', canonicalUrl: null }));
  await fresh.library.settled();
  expect(fresh.library.counts().live).toBe(live + 1);
  expect((await fresh.crash()).library.counts().live).toBe(live + 1);
}

const file = (kind: 'content' | 'catalog') => exported.manifest.documentFiles.find((d) => d.kind === kind)!.file;

describe('a Commonplace export that cannot be imported as a whole', () => {
  it('a truncated zip: failed, saying so, nothing written', async () => {
    for (const cut of [exported.bytes.slice(0, exported.bytes.length >> 1), exported.bytes.slice(0, exported.bytes.length - 10)]) {
      const { job, fresh } = await importInto(cut);
      expect(job).toMatchObject({ state: 'failed', imported: 0 });
      expect(job.error).toMatch(/damaged|cut short|not a readable zip|truncated|end of central directory/i);
      await stillWorks(fresh, 0);
    }
  });

  it('a manifest from a newer format: failed, asking for an update', async () => {
    const { job, fresh } = await importInto(withManifest(exported.bytes, (m) => ({ ...m, formatVersion: 2 })));
    expect(job).toMatchObject({ state: 'failed', format: 'commonplace', imported: 0 });
    expect(job.error).toMatch(/newer Commonplace.*Update Commonplace, then import the file again/);
    await stillWorks(fresh, 0);
  });

  it('an export made without documents (a selection): failed, saying to export with documents', async () => {
    expect(JSON.parse(strFromU8(unzipSync(selection)['manifest.json']!)).documents).toBe('none');
    const { job, fresh } = await importInto(selection);
    expect(job).toMatchObject({ state: 'failed', format: 'commonplace', imported: 0 });
    expect(job.error).toMatch(/without its Automerge documents.*Export again with its documents included/);
    await stillWorks(fresh, 0);
  });

  it('a damaged catalog, or a manifest that lists no clips: failed before anything is written', async () => {
    const damaged = await importInto(rezip(exported.bytes, () => ({ [file('catalog')]: new TextEncoder().encode('not automerge at all') })));
    expect(damaged.job).toMatchObject({ state: 'failed', imported: 0 });
    expect(damaged.job.error).toContain(`${file('catalog')} is damaged`);
    await stillWorks(damaged.fresh, 0);
    const noList = await importInto(withManifest(exported.bytes, (m) => ({ ...m, clips: 'none' })));
    expect(noList.job.error).toMatch(/does not list its clips/);
  });

  it('without a sanitiser in the context: failed, saying so', async () => {
    const { job } = await importInto(exported.bytes, { sanitize: undefined });
    expect(job).toMatchObject({ state: 'failed', imported: 0 });
    expect(job.error).toMatch(/sanitiser/);
  });
});

describe('a Commonplace export damaged in part', () => {
  it('a damaged content document: its clips fail, naming it; the library stays whole', async () => {
    const { job, fresh } = await importInto(rezip(exported.bytes, () => ({ [file('content')]: new Uint8Array([1, 2, 3, 4]) })));
    expect(job).toMatchObject({ state: 'done', done: 3, imported: 0, failedCount: 3 });
    expect(job.failed[0]!.reason).toContain(`${file('content')} is damaged`);
    await stillWorks(fresh, 0);
  });

  it('a content document that fails its checksum: the same', async () => {
    const bytes = exported.bytes.slice();
    const name = new TextEncoder().encode(file('content'));
    // The entry's data starts after its local header (30 bytes), its name and no extra field (fflate writes none).
    const at = findLocalHeader(bytes, name) + 30 + name.length + 20;
    bytes[at]! ^= 0xff;
    const { job } = await importInto(bytes);
    expect(job).toMatchObject({ state: 'done', imported: 0, failedCount: 3 });
    expect(job.failed[0]!.reason).toMatch(/checksum/);
  });

  it('a clip listed twice, or listed but not in the documents: failed events; the others imported', async () => {
    const tampered = withManifest(exported.bytes, (m) => {
      const clips = m.clips as Array<Record<string, unknown>>;
      return { ...m, clips: [...clips, clips[0], { ...clips[0], id: 'AAAAAAAAAAAAAAAAAAAAAA', title: 'Ghost' }] };
    });
    const { job, fresh } = await importInto(tampered);
    expect(job).toMatchObject({ state: 'done', done: 5, imported: 3, failedCount: 2 });
    expect(job.failed.map((f) => f.reason)).toEqual([expect.stringMatching(/lists this clip twice/), expect.stringMatching(/do not hold this clip/)]);
    expect(job.failed[1]!.source).toContain('Ghost');
    await stillWorks(fresh, 3);
  });
});

describe('restoreItem', () => {
  const base: ExportClip = {
    id: 'AAAAAAAAAAAAAAAAAAAAAA', kind: 'page', url: 'https://x.example/a', pageUrl: 'https://x.example/a', canonicalUrl: null, title: 'A', byline: null, siteName: null,
    lang: null, dir: null, publishedTime: null, excerpt: null, savedAt: 10, capturedAt: 20, readAt: null, archivedAt: null, favoriteAt: null, note: '', tags: ['t'], wordCount: 0, extractor: 'readability',
    highlights: [], stored: { catalog: '', content: null, rev: '' }, html: '<p>Hello world, and more words here.</p>', media: null, images: [], snapshot: null,
  };
  const sanitize = async (html: string, url: string) => sanitizer.sanitizeCapture(html, url);

  it('cleans a tampered article and finds its highlights again in the cleaned text', async () => {
    // A button's text is text (the text model keeps it) but the capture profile drops the button: the text changes.
    const html = '<p>Press <button>this long button label</button> now.</p><p>Hello <script>alert(1)</script><span onclick="x()">world</span>, and more <iframe src="https://evil.example/"></iframe>words here.</p>';
    const target = { ...targetIn(html, 'more words'), range: null };
    expect(textOfHtml(html)).toContain('this long button label');
    const got = await restoreItem({ ...base, html, highlights: [{ id: 'BBBBBBBBBBBBBBBBBBBBBB', color: 'green', note: 'n', createdAt: 1, updatedAt: 2, v: 1, target, page: null }] }, sanitize);
    if (!got.ok) throw new Error(got.error.message);
    expect(got.value.page.html).not.toMatch(/script|onclick|iframe|button/);
    expect(got.value.page.text).not.toContain('button label');
    const h = got.value.restore!.highlights[0]!;
    expect(got.value.page.text.slice(h.target!.position.start, h.target!.position.end)).toBe('more words');
    expect(h).toMatchObject({ id: 'BBBBBBBBBBBBBBBBBBBBBB', color: 'green', note: 'n', createdAt: 1, updatedAt: 2 });
  });

  it('takes a date past what a JavaScript date can be as none (or the saved date), so it can never break an export', async () => {
    const got = await restoreItem({ ...base, readAt: 9e15, archivedAt: -9e15, favoriteAt: 1e16, capturedAt: 9e15, highlights: [] }, sanitize);
    if (!got.ok) throw new Error(got.error.message);
    expect(got.value).toMatchObject({ savedAt: 10, readAt: null, archivedAt: null, favoriteAt: null, restore: { capturedAt: 10 } });
  });

  it('keeps a clip without its article (as a short page linking to the original), and its highlights', async () => {
    const target = { ...targetIn('<p>Hello world.</p>', 'world'), range: null };
    const got = await restoreItem({ ...base, html: null, highlights: [{ id: 'not an id!', color: 'mauve', note: 'x', createdAt: Number.NaN, updatedAt: 3, v: 1, target, page: null }] }, sanitize);
    if (!got.ok) throw new Error(got.error.message);
    expect(textOfHtml(got.value.page.html)).toMatch(/not in the Commonplace export/);
    expect(got.value).toMatchObject({ savedAt: 10, tags: ['t'], restore: { id: base.id, capturedAt: 20 } });
    const h = got.value.restore!.highlights[0]!;
    expect(h).toMatchObject({ color: 'yellow', createdAt: 10, target });
    expect(h.id).toMatch(/^restored-[a-z0-9]{7}$/);
  });

  it('refuses a record that does not parse, and a sanitiser that fails, with reasons', async () => {
    const bad = await restoreItem({ ...base, pageUrl: 'javascript:alert(1)' }, sanitize);
    expect(bad.ok ? '' : bad.error.message).toMatch(/pageUrl/);
    const failing = await restoreItem(base, async () => Promise.reject(new Error('no DOM')));
    expect(failing.ok ? '' : failing.error.message).toMatch(/could not be cleaned up.*no DOM/);
  });

  it('openCommonplace on a zip that is no zip', async () => {
    const got = await openCommonplace(new TextEncoder().encode('definitely not a zip file, not at all'));
    expect(got.ok ? '' : got.error.message).toMatch(/not a readable zip/);
  });
});

/** Where the local header of the entry named `name` starts. */
function findLocalHeader(bytes: Uint8Array, name: Uint8Array): number {
  outer: for (let i = 0; i + 30 + name.length < bytes.length; i++) {
    if (bytes[i] !== 0x50 || bytes[i + 1] !== 0x4b || bytes[i + 2] !== 3 || bytes[i + 3] !== 4) continue;
    const len = bytes[i + 26]! | (bytes[i + 27]! << 8);
    if (len !== name.length) continue;
    for (let j = 0; j < name.length; j++) if (bytes[i + 30 + j] !== name[j]) continue outer;
    return i;
  }
  throw new Error('entry not found');
}
