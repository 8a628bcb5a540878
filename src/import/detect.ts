import { err, ok, type Result } from '../util/result';
import { csvRows } from './csv';
import { decodeHead } from './decode';
import { omnivoreBatches } from './omnivore';
import { pocketColumns, pocketParts } from './pocket-csv';
import type { ImportFormat } from './types';
import { looksLikeZip, openZip, readZipJson, type ZipArchive } from './zip';

/**
 * Which export a file is, from its content (the name only words the messages): zips by what
 * they hold, text by how it starts. Everything else is refused with a message that names what
 * the file seems to be and what to upload instead.
 */

const UPLOAD_HINT = "Commonplace imports Pocket's export (pocket.zip, a part_*.csv or ril_export.html), Omnivore's export zip, browser bookmarks (.html) and Commonplace exports.";

/** A Commonplace export: `manifest.json` at the top (or in the one top folder) whose `format` starts with "commonplace". */
function isCommonplace(zip: ZipArchive): boolean {
  const manifest = zip.entries.find((e) => /^(?:[^/]+\/)?manifest\.json$/.test(e.name));
  if (!manifest || manifest.size > 64 * 1024 * 1024) return false;
  const json = readZipJson(zip, manifest);
  if (!json.ok || typeof json.value !== 'object' || json.value === null) return false;
  const format = (json.value as { format?: unknown }).format;
  return typeof format === 'string' && format.toLowerCase().startsWith('commonplace');
}

function detectZip(name: string, bytes: Uint8Array): Result<ImportFormat> {
  const zip = openZip(bytes);
  if (!zip.ok) return err(zip.error.code, `${name}: ${zip.error.message}`);
  if (isCommonplace(zip.value)) return ok('commonplace');
  if (pocketParts(zip.value).length > 0) return ok('pocket-csv');
  if (omnivoreBatches(zip.value).length > 0) return ok('omnivore');
  return err('unsupported-type', `${name} is a zip, but not an export Commonplace knows: it holds no part_*.csv (Pocket), metadata_*.json (Omnivore) or manifest.json (Commonplace). ${UPLOAD_HINT}`);
}

/** What a binary file is, by its first bytes, when it is a kind people upload by mistake. */
function binaryKind(bytes: Uint8Array): string | null {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return 'a PDF document';
  if (starts(0x1f, 0x8b)) return 'a gzip archive';
  if (starts(0x37, 0x7a, 0xbc, 0xaf)) return 'a 7-Zip archive';
  if (starts(0x52, 0x61, 0x72, 0x21)) return 'a RAR archive';
  if (starts(0x53, 0x51, 0x4c, 0x69, 0x74, 0x65)) return 'an SQLite database';
  if (starts(0xd0, 0xcf, 0x11, 0xe0)) return 'an old Microsoft Office file';
  return null;
}

function detectText(name: string, head: string): Result<ImportFormat> {
  const start = head.replace(/^[\s\ufeff]+/, '');
  if (/^<!DOCTYPE\s+NETSCAPE-Bookmark-file/i.test(start)) return ok('bookmarks-html');
  if (/<title>\s*Pocket Export\s*<\/title>/i.test(head) || (/<h1>\s*(?:Unread|Read Archive)\s*<\/h1>/i.test(head) && /\btime_added\s*=/i.test(head))) return ok('pocket-html');
  if (/<dl\b/i.test(head) && /<dt>\s*<a\s/i.test(head)) return ok('bookmarks-html');
  if (/^</.test(start)) return err('unsupported-type', `${name} is an HTML or XML file, but neither browser bookmarks nor Pocket's ril_export.html. ${UPLOAD_HINT}`);
  if (/^[[{]/.test(start)) return err('unsupported-type', `${name} is a JSON file. If it came from Omnivore, upload the whole export zip rather than one file from it. ${UPLOAD_HINT}`);
  const first = csvRows(start).next();
  if (!first.done && first.value.kind === 'row' && first.value.fields.length > 1) {
    const columns = first.value.fields.map((f) => f.trim().toLowerCase());
    if (pocketColumns(first.value.fields) !== null && columns.includes('time_added')) return ok('pocket-csv');
    if (columns.includes('url') && columns.includes('selection') && columns.includes('folder')) {
      return err('unsupported-type', `${name} looks like an Instapaper export, which Commonplace cannot import yet. ${UPLOAD_HINT}`);
    }
    return err('unsupported-type', `${name} is a CSV file, but not Pocket's export: its first line should name the columns title,url,time_added,tags,status. ${UPLOAD_HINT}`);
  }
  return err('unsupported-type', `${name} is not an export Commonplace can read. ${UPLOAD_HINT}`);
}

/**
 * Which export `bytes` hold. Contract: decided by content, never by the extension alone (a
 * PDF renamed .zip is still a PDF); only the zip's directory and a few small files are read,
 * never every entry; never throws. Errors: `bad-request` for an empty, truncated or damaged
 * file, `unsupported-type` for anything that is not an export this importer or src/export/
 * reads, each with a message that says what to upload instead.
 */
export function detectFormat(name: string, bytes: Uint8Array): Result<ImportFormat> {
  try {
    if (bytes.length === 0) return err('bad-request', `${name} is empty. Export again and upload the new file.`);
    if (looksLikeZip(bytes)) return detectZip(name, bytes);
    const kind = binaryKind(bytes);
    if (kind !== null) return err('unsupported-type', `${name} is ${kind}, not an export. ${UPLOAD_HINT}`);
    if (/\.zip$/i.test(name)) return err('bad-request', `${name} is named .zip but is not a zip file (it may be damaged or cut short). Download the export again and retry.`);
    const head = decodeHead(bytes);
    if (/[\u0000-\u0008\u000e-\u001a]/.test(head.slice(0, 4096))) return err('unsupported-type', `${name} is a binary file, not an export. ${UPLOAD_HINT}`);
    return detectText(name, head);
  } catch (e) {
    return err('internal', `${name} could not be examined (${e instanceof Error ? e.message : String(e)}).`);
  }
}
