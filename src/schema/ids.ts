import type { AutomergeUrl } from '@automerge/automerge-repo/slim';
import type { Brand } from '../util/brand';
import { DOC_URL_PATTERN, ID_PATTERN } from './plain-values';
import { z } from './zod';

/** A clip's stable id: 22 url-safe characters, random, never reused. Keys the library's `clips` map. */
export type ClipId = Brand<string, 'ClipId'>;
/** A highlight's stable id inside one clip (reserved for the highlights issue). */
export type HighlightId = Brand<string, 'HighlightId'>;
/** A content document's id in the library's `contents` map: 22 url-safe random characters. */
export type ContentShardId = Brand<string, 'ContentShardId'>;
/** A media document's id in the library's `media` map (images and page snapshots): 22 url-safe random characters. */
export type MediaShardId = Brand<string, 'MediaShardId'>;
/** A saved view's id in the library root's `views` map: 22 url-safe random characters. */
export type ViewId = Brand<string, 'ViewId'>;
/** An automerge-repo document URL (`automerge:<base58>`), as stored in the library document. */
export type DocUrl = AutomergeUrl;


/** `bytes` in base64url without padding: the form of every id minted here (16 bytes: 22 characters). */
export function base64UrlId(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomId(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return base64UrlId(bytes);
}

/** A fresh random clip id (128 bits), so two browsers never mint the same one. */
export const newClipId = (): ClipId => randomId() as ClipId;
export const newHighlightId = (): HighlightId => randomId() as HighlightId;
export const newContentShardId = (): ContentShardId => randomId() as ContentShardId;
export const newMediaShardId = (): MediaShardId => randomId() as MediaShardId;
export const newViewId = (): ViewId => randomId() as ViewId;
/** A fresh key for one media item (a part of an image or a snapshot). */
export const newMediaItemId = (): string => randomId();
/** A device's id: names the content documents it appends to. */
export const newDeviceId = (): string => randomId();

/** Checks the shape of an untrusted id; returns null when it is not one. */
export function asClipId(value: string): ClipId | null {
  return ID_PATTERN.test(value) ? (value as ClipId) : null;
}
export function asDocUrl(value: string): DocUrl | null {
  return DOC_URL_PATTERN.test(value) ? (value as DocUrl) : null;
}
export { ID_PATTERN, DOC_URL_PATTERN };

/** Runtime checks for ids that cross a boundary (messages, journal records, documents from sync). */
export const ClipIdSchema = z.pipe(z.string().check(z.regex(ID_PATTERN)), z.transform((s) => s as ClipId));
export const ViewIdSchema = z.pipe(z.string().check(z.regex(ID_PATTERN)), z.transform((s) => s as ViewId));
export const DocUrlSchema = z.pipe(z.string().check(z.regex(DOC_URL_PATTERN)), z.transform((s) => s as DocUrl));
