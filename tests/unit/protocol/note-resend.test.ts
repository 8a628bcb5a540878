import { describe, expect, it, vi } from 'vitest';
import { textOfHtml } from '../../../src/capture/text';
import { uiToBackground } from '../../../src/protocol/protocol';
import { createClient, createServer, type Envelope } from '../../../src/protocol/rpc';
import { newHighlightId, type ClipId } from '../../../src/schema/ids';
import { describeText } from '../../../src/anchoring/anchor';
import { openLibrary, page } from '../library/helpers';
import { overrides } from './fake-browser';
import { fakeServices } from './fake-services';


vi.mock('wxt/browser', async () => ({ browser: (await import('./fake-browser')).fakeBrowser }));
vi.mock('../../../extension/background/services', async () => {
  const m = await import('./fake-services');
  return m.servicesModule({ lastJoinSteps: {}, joinStep: () => undefined, switchLibrary: async () => m.fakeServices.current });
});

const { uiHandlers } = await import('../../../extension/background/ui-handlers');

const ARTICLE = '<p>The river rises in the hills above the town.</p>';

/**
 * The UI's client over a transport that delivers each envelope to the background's real server,
 * but loses the answer of the first one: the background was stopped after the handler's write was
 * durable and before its answer came back (Chromium stops an idle worker, Firefox suspends the
 * event page). The client re-sends the call, as it is made to ("every background call is
 * idempotent").
 */
function clientLosingFirstAnswer() {
  const server = createServer('background', uiToBackground, { ...uiHandlers, callStatus: () => ({ inFlight: false }) } as never, () => true);
  let sends = 0;
  const client = createClient('background', uiToBackground, async (e: Envelope) => {
    sends++;
    const answer = await server.handle(e, { id: 'me', url: 'chrome-extension://me/sidepanel.html' });
    if (sends === 1) throw new Error('The message port closed before a response was received.');
    return answer;
  }, { retryDelayMs: 1 });
  return { client, sends: () => sends };
}

async function libraryWithClip() {
  // No tab shows the page (highlights.ts `announce`).
  overrides.tabs = { query: async () => [] };
  const lib = await openLibrary();
  const { clip } = await lib.library.save(page({ html: ARTICLE, text: textOfHtml(ARTICLE) }));
  await lib.library.settled();
  fakeServices.current = { library: lib.library };
  return { lib, clipId: clip.id as ClipId };
}

describe('calls re-sent after a lost answer (the protocol retries them as idempotent)', () => {
  it('setClipNote re-sent after the background stopped before answering leaves the note written once', async () => {
    const { lib, clipId } = await libraryWithClip();
    const { client, sends } = clientLosingFirstAnswer();
    // The note box: empty note loaded (base ''), the user typed "Read again in spring".
    const res = await client('setClipNote', { clipId, note: 'Read again in spring', base: '' });
    expect(sends()).toBe(2);
    expect(res.ok).toBe(true);
    const stored = await lib.library.organise.readNote(clipId);
    expect(stored.note).toBe('Read again in spring');
  });

  it('changeHighlight with a note edit re-sent after the background stopped before answering leaves the note written once', async () => {
    const { lib, clipId } = await libraryWithClip();
    const text = textOfHtml(ARTICLE);
    const start = text.indexOf('The river rises');
    const d = describeText(text, start, start + 'The river rises'.length);
    if (!d.ok) throw new Error(d.error.message);
    const highlightId = newHighlightId();
    await lib.library.highlights.add(clipId, { id: highlightId, target: { ...d.value, range: null }, page: null, color: 'yellow', note: 'hills' });
    const { client, sends } = clientLosingFirstAnswer();
    // The highlight's note editor: loaded "hills", the user made it "hills and town".
    const res = await client('changeHighlight', { clipId, highlightId, note: 'hills and town', noteBase: 'hills' });
    expect(sends()).toBe(2);
    expect(res.ok).toBe(true);
    const [h] = await lib.library.highlights.list(clipId);
    expect(h!.note).toBe('hills and town');
  });
});
