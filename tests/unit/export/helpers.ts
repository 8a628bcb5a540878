import { strFromU8, unzipSync } from 'fflate';
import { JSDOM } from 'jsdom';
import { parse as parseYaml } from 'yaml';
import { exportZip, type ExportZipOptions } from '../../../src/export/export-zip';
import type { Io } from '../../../scripts/cli/main';
import type { FileSink } from '../../../src/export/site';
import type { LibrarySource } from '../../../src/export/types';
import { domWindow } from './fixtures';

/** Exports into memory; returns the zip, its files, the manifest and how it arrived (chunk count). */
export async function exportToMemory(source: LibrarySource, opts: Partial<ExportZipOptions> = {}) {
  const chunks: Uint8Array[] = [];
  const manifest = await exportZip(source, { write: (c) => void chunks.push(c) }, { window: domWindow(), now: () => Date.UTC(2026, 0, 2, 3, 4, 5), ...opts });
  const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let at = 0;
  for (const c of chunks) bytes.set(c, (at += c.byteLength) - c.byteLength);
  const files = unzipSync(bytes);
  return { manifest, bytes, chunks: chunks.length, files, text: (name: string) => strFromU8(files[name]!) };
}

/** A Markdown file's front matter, parsed by a real YAML parser, and its body. */
export function splitMarkdown(md: string): { meta: Record<string, unknown>; body: string } {
  const m = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(md);
  if (!m) throw new Error('no front matter');
  return { meta: parseYaml(m[1]!) as Record<string, unknown>, body: m[2]! };
}

/** A page parsed (scripts never run): for checking what it holds. */
export function parseHtml(html: string): Document {
  return new JSDOM(html).window.document;
}

/** What a page could run or load: script elements, handlers, remote src/srcset/style URLs, frames, forms. */
export function activeContent(doc: Document): string[] {
  const found: string[] = [];
  for (const el of Array.from(doc.querySelectorAll('*'))) {
    const tag = el.tagName.toLowerCase();
    if (['script', 'iframe', 'object', 'embed', 'form', 'base', 'link', 'img', 'video', 'audio', 'source'].includes(tag)) found.push(`<${tag}>`);
    for (const a of Array.from(el.attributes)) {
      if (/^on/i.test(a.name)) found.push(`${tag}[${a.name}]`);
      if (['src', 'srcset', 'style', 'background', 'poster'].includes(a.name)) found.push(`${tag}[${a.name}]`);
      if (a.name === 'href' && !/^(https?:|mailto:|#|[^:]*$)/i.test(a.value)) found.push(`${tag}[href=${a.value}]`);
    }
  }
  return found;
}

/** An in-memory folder. */
export function memorySink(): FileSink & { files: Map<string, string> } {
  const files = new Map<string, string>();
  return { files, write: async (path, content) => void files.set(path, content) };
}

/** Captures what the command line prints. */
export function captureIo(): Io & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, out: (l) => void lines.push(l), err: (l) => void errors.push(l) };
}
