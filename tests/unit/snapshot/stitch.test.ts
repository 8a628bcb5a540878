import { describe, expect, it } from 'vitest';
import { frameMarker, MAX_FRAME_DEPTH } from '../../../src/snapshot/frames';
import { guardSnapshotHtml } from '../../../src/snapshot/guard';
import { snapshotDocument } from '../../../src/snapshot/snapshot';
import { fillFrames, stitchFrames, type CaptureFrame, type FrameCapture } from '../../../src/snapshot/stitch';
import { SNAPSHOT_CSP, type FramePlaceholder } from '../../../src/snapshot/types';
import { fakeFetch, page, reparse } from './helpers';

const T = (n: number) => n.toString(16).padStart(32, '0');

/** Fills the document of `frame` (an about:blank iframe in jsdom) with `html`. */
function fill(frame: HTMLIFrameElement, html: string): Document {
  const doc = frame.contentDocument!;
  doc.open();
  doc.write(html);
  doc.close();
  return doc;
}

/** Makes `frames` unreadable to the walk (another origin): their contentDocument getter gives null. */
function crossOrigin(doc: Document, frames: Element[]): void {
  const proto = doc.defaultView!.HTMLIFrameElement.prototype;
  const get = Object.getOwnPropertyDescriptor(proto, 'contentDocument')!.get!;
  Object.defineProperty(proto, 'contentDocument', { configurable: true, get(this: HTMLIFrameElement) { return frames.includes(this) ? null : get.call(this); } });
}

/** A frame's snapshot made by the producer, as `snapshotPage` answers it. */
async function shot(doc: Document, tokens: Map<Element, string> = new Map(), frameLevel = 0): Promise<FrameCapture> {
  return snapshotDocument(doc, fakeFetch(), { frameToken: (el) => tokens.get(el) ?? null, frameLevel });
}

/** A capture function answering from a table of token → capture (missing: null), recording the calls. */
function captures(table: Record<string, FrameCapture | 'throw'>): CaptureFrame & { calls: FramePlaceholder[] } {
  const calls: FramePlaceholder[] = [];
  const fn: CaptureFrame = async (frame) => {
    calls.push(frame);
    const got = table[frame.token];
    if (got === 'throw') throw new Error('gone');
    return got ?? null;
  };
  return Object.assign(fn, { calls });
}

const inner = (frame: Element | null | undefined) => reparse(frame!.getAttribute('srcdoc')!);
const noMarker = (html: string) => expect(html).not.toMatch(/cpframe-[0-9a-f]{32}-/);

describe('stitchFrames', () => {
  it('puts a cross-origin frame inside a same-origin frame inside the page in place, escaped for its depth', async () => {
    const top = page('<p>Top</p><iframe id="same" width="400" height="300"></iframe>');
    const same = fill(top.getElementById('same') as HTMLIFrameElement, '<p>Same "origin" &amp; more</p><iframe id="x" src="https://embed.example/post/1" width="320" height="200" style="border:1px solid red" allow="camera"></iframe>');
    const x = same.getElementById('x')!;
    crossOrigin(same, [x]);
    const topShot = await shot(top, new Map([[x, T(1)]]));
    expect(topShot.frames).toEqual([{ token: T(1), depth: 1, level: 2, host: 'embed.example' }]);
    expect(topShot.frameCount).toBe(2);
    // The embed's own page, with a cross-origin frame of its own.
    const embed = page('<p>Embedded "post" &amp; <b>text</b></p><iframe id="y" src="https://maps.example/m" width="100" height="80"></iframe>', 'https://embed.example/post/1');
    const y = embed.getElementById('y')!;
    crossOrigin(embed, [y]);
    const embedShot = await shot(embed, new Map([[y, T(2)]]), 2);
    expect(embedShot.frames).toEqual([{ token: T(2), depth: 0, level: 3, host: 'maps.example' }]);
    const map = await shot(page('<p>A map &lt;of&gt; "the harbour"</p>', 'https://maps.example/m'), new Map(), 3);
    const capture = captures({ [T(1)]: embedShot, [T(2)]: map });
    const out = await stitchFrames(topShot, capture, { maxBytes: 1_000_000 });
    expect(capture.calls.map((c) => [c.token, c.level])).toEqual([[T(1), 2], [T(2), 3]]);
    noMarker(out.html);
    expect(out.bytes).toBe(new TextEncoder().encode(out.html).length);
    expect(out.kept).toBe(2);
    const doc = reparse(guardSnapshotHtml(out.html));
    const sameFrame = doc.querySelector('iframe')!;
    const sameDoc = inner(sameFrame);
    expect(sameDoc.querySelector('p')!.textContent).toBe('Same "origin" & more');
    const xFrame = sameDoc.querySelector('iframe')!;
    expect(xFrame.getAttribute('sandbox')).toBe('');
    expect(xFrame.getAttribute('width')).toBe('320');
    expect(xFrame.getAttribute('style')).toBe('border:1px solid red');
    expect(xFrame.hasAttribute('src') || xFrame.hasAttribute('allow')).toBe(false);
    const xDoc = inner(xFrame);
    expect(xDoc.head.firstElementChild!.getAttribute('content')).toBe(SNAPSHOT_CSP);
    expect(xDoc.querySelector('p')!.textContent).toBe('Embedded "post" & text');
    const yDoc = inner(xDoc.querySelector('iframe'));
    expect(yDoc.head.firstElementChild!.getAttribute('content')).toBe(SNAPSHOT_CSP);
    expect(yDoc.querySelector('p')!.textContent).toBe('A map <of> "the harbour"');
  });

  it('a frame that never answered, failed or was not tagged becomes a note; hidden ones leave nothing', async () => {
    const top = page('<iframe id="a" src="https://a.example/" width="200" height="100"></iframe><iframe id="b" src="https://b.example/" width="200" height="100"></iframe><iframe id="c" src="https://c.example/" width="200" height="100"></iframe><iframe id="px" src="https://px.example/" width="1" height="1"></iframe>');
    const [a, b, c, px] = ['a', 'b', 'c', 'px'].map((id) => top.getElementById(id)!);
    crossOrigin(top, [a!, b!, c!, px!]);
    const topShot = await shot(top, new Map([[a!, T(1)], [b!, T(2)], [px!, T(4)]]));
    expect(topShot.frames.map((f) => f.token)).toEqual([T(1), T(2)]);
    const out = await stitchFrames(topShot, captures({ [T(2)]: 'throw' }), { maxBytes: 1_000_000 });
    noMarker(out.html);
    expect(out.noted).toBe(2);
    const doc = reparse(out.html);
    const frames = [...doc.querySelectorAll('iframe')];
    expect(frames.map((f) => inner(f).querySelector('[role=note]')!.textContent)).toEqual([
      'Embedded content from a.example was not kept.',
      'Embedded content from b.example was not kept.',
    ]);
    expect(inner(frames[0]).head.firstElementChild!.getAttribute('content')).toBe(SNAPSHOT_CSP);
    // Not tagged: the note of old, in the page itself.
    expect(doc.querySelector('body > [data-commonplace-frame]')!.textContent).toBe('Embedded content from c.example was not kept.');
  });

  it('keeps the whole under the cap: a frame that does not fit is noted over the size limit', async () => {
    const top = page('<p>Top</p><iframe id="a" src="https://a.example/" width="200" height="100"></iframe><iframe id="b" src="https://b.example/" width="200" height="100"></iframe>');
    const [a, b] = ['a', 'b'].map((id) => top.getElementById(id)!);
    crossOrigin(top, [a!, b!]);
    const topShot = await shot(top, new Map([[a!, T(1)], [b!, T(2)]]));
    const small = await shot(page('<p>small &amp; "quoted"</p>', 'https://a.example/'));
    const big = await shot(page(`<p>${'"big" & '.repeat(3_000)}</p>`, 'https://b.example/'));
    const maxBytes = topShot.bytes + 2 * small.bytes + 4_000;
    const out = await stitchFrames(topShot, captures({ [T(1)]: small, [T(2)]: big }), { maxBytes });
    expect(out.bytes).toBeLessThanOrEqual(maxBytes);
    noMarker(out.html);
    const frames = [...reparse(out.html).querySelectorAll('iframe')].map(inner);
    expect(frames[0]!.querySelector('p')!.textContent).toBe('small & "quoted"');
    expect(frames[1]!.querySelector('[role=note]')!.textContent).toBe('Embedded content from b.example was not kept (over the size limit).');
    expect(out.kept).toBe(1);
    // With no room at all, frames hold nothing rather than go over.
    const none = await stitchFrames(topShot, captures({ [T(1)]: small, [T(2)]: big }), { maxBytes: topShot.bytes });
    expect(none.bytes).toBeLessThanOrEqual(topShot.bytes);
    noMarker(none.html);
  });

  it('keeps hostile frame HTML inside its attribute, and never searches what it put in', async () => {
    const top = page('<iframe id="a" src="https://a.example/" width="200" height="100"></iframe><p id="after">after</p>');
    const a = top.getElementById('a')!;
    crossOrigin(top, [a]);
    const topShot = await shot(top, new Map([[a, T(1)]]));
    const hostile: FrameCapture = {
      html: `"></iframe><script>top.__pwned = 1</script><iframe srcdoc="${frameMarker(T(9))}"></iframe><p id="x">x</p>'&quot;`,
      bytes: 0, resources: { inlined: 0, skipped: 0, failed: 0 }, truncated: false, frames: [{ token: T(9), depth: 0, level: 2, host: null }], frameCount: 1,
    };
    const child: FrameCapture = { ...hostile, bytes: new TextEncoder().encode(hostile.html).length };
    // The grandchild's HTML carries the page's own marker: put in once, it is not replaced again.
    const grand: FrameCapture = { ...child, html: `${frameMarker(T(1))}</iframe><script>x()</script>`, frames: [], frameCount: 0 };
    const out = await stitchFrames(topShot, captures({ [T(1)]: child, [T(9)]: { ...grand, bytes: new TextEncoder().encode(grand.html).length } }), { maxBytes: 1_000_000 });
    const doc = reparse(out.html);
    expect(doc.querySelectorAll('script')).toHaveLength(0);
    expect(doc.body.children).toHaveLength(2);
    expect(doc.getElementById('after')!.textContent).toBe('after');
    const frame = doc.querySelector('iframe')!;
    expect(frame.getAttribute('srcdoc')!.startsWith('"></iframe><script>')).toBe(true);
    const inside = inner(frame);
    expect(inside.querySelector('iframe')!.getAttribute('srcdoc')).toBe(`${frameMarker(T(1))}</iframe><script>x()</script>`);
  });

  it('a marker that appears other than once (the page wrote it as text) is emptied, not filled', () => {
    const f: FramePlaceholder = { token: T(3), depth: 0, level: 1, host: null };
    const html = `<p>${frameMarker(T(3))}</p><iframe srcdoc="${frameMarker(T(3))}"></iframe>${frameMarker(T(4))}`;
    expect(fillFrames(html, [f], new Map([[T(3), '<p>x</p>']]))).toBe(`<p></p><iframe srcdoc=""></iframe>${frameMarker(T(4))}`);
    expect(fillFrames(`<iframe srcdoc="${frameMarker(T(3))}">`, [{ ...f, depth: 1 }], new Map([[T(3), '<p a="&">']]))).toBe('<iframe srcdoc="&amp;lt;p a=&amp;quot;&amp;amp;&amp;quot;&amp;gt;">');
  });

  it('keeps frames within the depth and count limits across frames', async () => {
    const top = page('<iframe id="a" src="https://a.example/" width="20" height="20"></iframe>');
    const a = top.getElementById('a')!;
    crossOrigin(top, [a]);
    // A frame at the deepest level leaves no placeholder: its frames are notes.
    const deep = page('<iframe id="d" src="https://d.example/" width="20" height="20"></iframe>', 'https://a.example/');
    const d = deep.getElementById('d')!;
    crossOrigin(deep, [d]);
    const deepShot = await shot(deep, new Map([[d, T(5)]]), MAX_FRAME_DEPTH);
    expect(deepShot.frames).toEqual([]);
    expect(reparse(deepShot.html).querySelector('[data-commonplace-frame]')!.textContent).toBe('Embedded content from d.example was not kept (too many frames).');
    const topShot = await shot(top, new Map([[a, T(1)]]));
    const capture = captures({ [T(1)]: { ...deepShot } });
    await stitchFrames(topShot, capture, { maxBytes: 1_000_000, maxFrames: 3 });
    expect(capture.calls).toHaveLength(1);
    const limited = await snapshotDocument(deep, fakeFetch(), { frameToken: () => T(5), maxFrames: 0 });
    expect(limited.frames).toEqual([]);
  });
});
