import { Repo } from '@automerge/automerge-repo/slim';
import type { ExtractedPage } from '../../../src/capture/types';
import { MemoryClipIndex } from '../../../src/index-db/clip-index';
import { Library } from '../../../src/library/library';
import type { DocUrl } from '../../../src/schema/ids';
import { MemoryStorageAdapter } from '../../../src/storage/memory-storage-adapter';

export function page(overrides: Partial<ExtractedPage> = {}): ExtractedPage {
  return {
    kind: 'page',
    extractor: 'readability',
    pageUrl: 'https://example.com/story?utm_source=feed#top',
    canonicalUrl: 'https://example.com/story',
    title: 'A story',
    byline: 'Ada',
    siteName: 'Example',
    lang: 'en',
    dir: 'ltr',
    publishedTime: '2026-01-02T03:04:05Z',
    excerpt: 'It begins.',
    html: '<p>It begins. Then it ends.</p>',
    text: 'It begins. Then it ends.',
    ...overrides,
  };
}

/** A library on in-memory storage; `reopen` simulates a killed and restarted background on the same storage. */
export async function openLibrary(storage = new MemoryStorageAdapter(), index = new MemoryClipIndex(), url: DocUrl | null = null) {
  let t = 1_000;
  const repo = new Repo({ storage, network: [] });
  const commits = { get count() { return storage.commits; } };
  const opened = await Library.open({ repo, index, now: () => ++t, storage }, url);
  return {
    ...opened,
    repo,
    storage,
    index,
    commits,
    reopen: () => openLibrary(storage, index, opened.url),
  };
}
