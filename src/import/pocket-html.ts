import { ok, type Result } from '../util/result';
import { titleOrNone } from './clean';
import { decodeText } from './decode';
import { linkSteps } from './html-links';
import type { ItemState } from './import-item';
import type { FormatSource, RawEvent } from './types';

/**
 * Pocket's older HTML export (`ril_export.html`): an "Unread" list and a "Read Archive" list,
 * each `<h1>` followed by `<ul>` of `<li><a href time_added tags>title</a>`. `time_added` is
 * Unix seconds, `tags` is comma-separated, and an untitled link carries its URL as its text.
 * Read with the pure tokenizer (no DOM), so it runs in a service worker.
 */

const PREFIX = 'pocket-html';

/** The reading state a section heading stands for. */
function sectionState(heading: string): ItemState {
  const h = heading.trim().toLowerCase();
  return h.includes('archive') || h === 'read' ? 'archived' : 'unread';
}

/** Counts `<a ` openings (case-insensitive): the item estimate for a link-list file. */
export function countLinks(text: string): number {
  let count = 0;
  const re = /<a\s/gi;
  while (re.exec(text) !== null) count++;
  return count;
}

/** Events of one `ril_export.html` text, named `file` in messages. */
function* events(text: string, file: string): Generator<RawEvent> {
  let state: ItemState = 'unread';
  let n = 0;
  for (const step of linkSteps(text)) {
    if (step.kind === 'heading') state = sectionState(step.text);
    if (step.kind !== 'link') continue;
    const url = (step.attrs.get('href') ?? '').trim();
    n++;
    yield {
      kind: 'item',
      sourceKey: `${PREFIX}:link:${n}`,
      source: `${file}, line ${step.line}`,
      raw: {
        url,
        title: titleOrNone(step.text, url),
        savedAt: step.attrs.get('time_added'),
        tags: (step.attrs.get('tags') ?? '').split(','),
        state,
      },
    };
  }
}

/**
 * Opens a `ril_export.html`. Contract: the text is decoded once here; each `raws()` call reads
 * it again from the start. Never fails: a file with no links simply yields nothing.
 */
export function pocketHtmlSource(bytes: Uint8Array, file = 'ril_export.html'): Result<FormatSource> {
  const { text } = decodeText(bytes);
  return ok({ total: countLinks(text), raws: () => events(text, file) });
}
