/**
 * Helpers for the Commonplace round-trip tests: a library exported into bytes, a fresh library
 * to import into through the real job runner, and a library read back as plain clips.
 */
import * as A from '@automerge/automerge/slim';
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import type { AutomergeUrl } from '@automerge/automerge-repo/slim';
import { repoSource } from '../../../src/export/repo-source';
import type { ExportClip } from '../../../src/export/types';
import { newJob, runJob, type JobDeps } from '../../../src/import/job-runner';
import type { ImportJob } from '../../../src/import/job-state';
import { createSanitizer } from '../../../src/sanitize/sanitize';
import { createSvgSanitizer } from '../../../src/sanitize/svg';
import { domWindow } from '../export/fixtures';
import { textOfHtml } from '../../../src/capture/text';
import { imageKey } from '../../../src/images/image-list';
import type { ContentDocV1 } from '../../../src/schema/content-doc';
import type { ClipId } from '../../../src/schema/ids';
import { catalogOf } from '../export/fixtures';
import { exportToMemory } from '../export/helpers';
import { openLibrary, page } from '../library/helpers';
import { NOW } from './fixtures';
import { png } from '../images/fixtures';

/** The sanitiser the extension runs a restored article through, on jsdom. */
export const sanitizer = createSanitizer(domWindow());
/** The SVG sanitiser captured (and restored) SVG images go through, on jsdom. */
export const svgSanitizer = createSvgSanitizer(domWindow());

/** Every listed clip of a library (metadata, article, live highlights), by id; `stored` (where it sits) left out. */
export async function clipsOf(repo: Parameters<typeof repoSource>[0], url: AutomergeUrl): Promise<Array<Omit<ExportClip, 'stored'>>> {
  const out: Array<Omit<ExportClip, 'stored'>> = [];
  for await (const item of repoSource(repo, url).read({ documents: 'none' })) {
    if (item.type !== 'clip') continue;
    const { stored: _stored, ...clip } = item.clip;
    out.push(clip);
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : 1));
}

/**
 * A job's world over a real library: the uploaded file, the job record, `importBatch` of the
 * library. `hangAtBatch` stops the world at that batch, as a killed background.
 */
export function restoreWorld(lib: Awaited<ReturnType<typeof openLibrary>>, bytes: Uint8Array, opts: { hangAtBatch?: number } = {}) {
  const files: Record<string, Uint8Array> = { f: bytes };
  let stored: ImportJob | null = null;
  let batches = 0;
  const never = new Promise<never>(() => undefined);
  let reached: () => void = () => undefined;
  const hung = new Promise<void>((resolve) => (reached = resolve));
  const deps: JobDeps = {
    readFile: async (id) => (files[id] ? { id, name: 'commonplace-export.zip', bytes: files[id]! } : null),
    deleteFile: async (id) => void delete files[id],
    save: async (job) => void (stored = structuredClone(job)),
    importBatch: async (items) => {
      if (opts.hangAtBatch !== undefined && batches === opts.hangAtBatch) {
        reached();
        return never;
      }
      batches++;
      return lib.library.importBatch(items);
    },
    extract: () => Promise.reject(new Error('a Commonplace import never extracts')),
    sanitize: async (html, base) => sanitizer.sanitizeCapture(html, base),
    sanitizeSvg: async (svg) => svgSanitizer(svg),
    restoreViews: (views) => lib.library.views.restore(views),
    yieldTurn: () => new Promise((r) => setTimeout(r, 0)),
    now: () => NOW,
  };
  /** `hung`: resolves once a job reached the batch it hangs in (it never gets further). */
  return { deps, stored: () => stored, hung, restart: () => void (opts.hangAtBatch = undefined) };
}

type Lib = Awaited<ReturnType<typeof openLibrary>>;

/** `bytes` (a Commonplace export) imported into `lib` through the job runner, as job `id`. */
export const importInto = (lib: Lib, bytes: Uint8Array, id: string) => runJob(newJob(id, 'a.zip', NOW), { ...restoreWorld(lib, bytes).deps, readFile: async (f) => ({ id: f, name: 'a.zip', bytes }) });

/** An export of `lib` in which `id`'s article has not arrived (its content document without it). */
export async function exportWithout(lib: Lib, id: ClipId) {
  const entry = (await catalogOf(lib, id)).doc().clips[id]!;
  const root = (await lib.repo.find<{ contents: Record<string, { doc: string }> }>(lib.url)).doc();
  const doc = root.contents[entry.content.shard]!.doc;
  return exportToMemory(
    repoSource(lib.repo, lib.url, {
      use: async (url, run) => {
        const handle = await lib.repo.find(url);
        if (url !== doc) return run(handle);
        const without = A.change(A.clone(handle.doc() as ContentDocV1), (d) => void delete d.items[entry.content.rev]);
        return run({ doc: () => without } as unknown as typeof handle);
      },
    }),
  );
}

/** The zip with some of its files replaced (null: removed), re-zipped. */
export function rezip(bytes: Uint8Array, change: (files: Record<string, Uint8Array>) => Record<string, Uint8Array | null>): Uint8Array {
  const files = unzipSync(bytes);
  const out: Zippable = {};
  for (const [name, data] of Object.entries({ ...files, ...change(files) })) if (data) out[name] = [data, { level: 0 }];
  return zipSync(out);
}

/** The zip's manifest changed by `fn`. */
export function withManifest(bytes: Uint8Array, fn: (m: Record<string, unknown>) => Record<string, unknown>): Uint8Array {
  return rezip(bytes, (files) => ({ 'manifest.json': strToU8(JSON.stringify(fn(JSON.parse(strFromU8(files['manifest.json']!)) as Record<string, unknown>))) }));
}

/** An export (with its documents) of one library clip with one saved image, and the clip's id. */
export async function exportWithImage(): Promise<{ bytes: Uint8Array; id: ClipId }> {
  const lib = await openLibrary();
  const src = 'https://img.example/a.png';
  const html = sanitizer.sanitizeCapture(`<p>Intro.</p><img src="${src}" alt="a">`, 'https://example.com/pics');
  const id = (await lib.library.save(page({ title: 'Pictures', pageUrl: 'https://example.com/pics', canonicalUrl: null, html, text: textOfHtml(html) }))).clip.id;
  await lib.library.settled();
  // A real PNG: an import checks an export's image bytes as capture checks a fetched image's.
  const image = { src: await imageKey(src), type: 'image/png', data: png(3, 2), width: 3, height: 2 };
  await lib.library.media.attachImages(id, lib.library.media.articleRev(id)!, [image], { count: 0, reason: null });
  return { bytes: (await exportToMemory(repoSource(lib.repo, lib.url))).bytes, id };
}
