/**
 * Which child snapshot goes where (a full-page snapshot's frames of other origins): the frame
 * whose walk cannot read a frame gives it a random token, kept here against the element (never
 * written into the page's DOM) and posted to the frame's window; the frame's producer script,
 * listening since it was injected, remembers it. The background asks each frame for the token
 * it got (`frameToken`), the walk writes a placeholder with the token (src/snapshot/walk.ts),
 * and the background stitches the frame's own snapshot in its place (src/snapshot/stitch.ts).
 * A frame can only claim a token posted to it by one of its ancestors; one claimed twice is
 * left out by the background.
 */
import { FRAME_TOKEN, MAX_FRAME_DEPTH } from '../../src/snapshot/frames';

/** The message a token is posted in. */
const PREFIX = 'commonplace-frame:';
/** Where the producer's listener keeps the token this frame got (the isolated world's global, which the page cannot reach). */
const TOKEN_GLOBAL = '__commonplaceFrameToken';
const LISTENING_GLOBAL = '__commonplaceFrameListening';
/** At most this many frames are tagged (the snapshot keeps at most 50). */
const MAX_TAGGED = 200;

type Global = Record<string, unknown>;
const g = globalThis as unknown as Global;

/** This frame's tokens for frames it cannot read (the content script's; replaced by each `tagFrames`). */
let tagged = new WeakMap<Element, string>();

/** Whether `source` is one of this window's ancestors. */
function fromAncestor(source: unknown): boolean {
  try {
    let w: Window = window;
    for (let i = 0; i < 20 && w !== w.parent; i++) {
      w = w.parent;
      if (w === source) return true;
    }
  } catch {
    // An ancestor that cannot be walked past.
  }
  return false;
}

/**
 * Installs the listener that remembers the token an ancestor posts to this frame (the injected
 * producer script does this in every frame, before any frame is tagged). Once per frame.
 */
export function listenForFrameToken(): void {
  if (g[LISTENING_GLOBAL] || window === window.top) return;
  g[LISTENING_GLOBAL] = true;
  window.addEventListener('message', (e) => {
    const data: unknown = e.data;
    if (typeof data !== 'string' || !data.startsWith(PREFIX)) return;
    const token = data.slice(PREFIX.length);
    if (FRAME_TOKEN.test(token) && fromAncestor(e.source)) g[TOKEN_GLOBAL] = token;
  });
}

/** The token an ancestor gave this frame, or null. */
export function frameTokenHere(): string | null {
  const token = g[TOKEN_GLOBAL];
  return typeof token === 'string' && FRAME_TOKEN.test(token) ? token : null;
}

/**
 * What the producer script answers when injected into a frame: whether the frame's walk is a
 * root (see `tagFrames`), and whether it holds a page (not the empty first document of a frame
 * that never loaded, which is never asked anything more).
 */
export function frameState(): { root: boolean; loaded: boolean } {
  return { root: isWalkRoot(), loaded: window === window.top || location.href !== 'about:blank' };
}

/** Whether this frame's walk is a root: the page, or a frame whose parent cannot read it. */
function isWalkRoot(): boolean {
  if (window === window.top) return true;
  try {
    return !window.parent.document;
  } catch {
    return true;
  }
}

function newToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Tags the frames this frame's walk will not be able to read, when it is a walk's root: in its
 * document, in the frames it can read (as the walk descends into them) and in shadow roots
 * (`shadowRootOf`). Answers the tokens given.
 */
export function tagFrames(doc: Document, shadowRootOf: (el: Element) => ShadowRoot | null): { tokens: string[] } {
  tagged = new WeakMap();
  const tokens: string[] = [];
  if (!isWalkRoot()) return { tokens };
  const visit = (root: Document | ShadowRoot, level: number): void => {
    for (const el of root.querySelectorAll('*')) {
      if (tokens.length >= MAX_TAGGED) return;
      const shadow = shadowRootOf(el);
      if (shadow) visit(shadow, level);
      if (el.localName !== 'iframe' && el.localName !== 'frame') continue;
      let inner: Document | null = null;
      try {
        inner = (el as HTMLIFrameElement).contentDocument;
      } catch {
        inner = null;
      }
      if (inner) {
        if (level < MAX_FRAME_DEPTH) visit(inner, level + 1);
        continue;
      }
      const target = (el as HTMLIFrameElement).contentWindow;
      if (!target) continue;
      const token = newToken();
      tagged.set(el, token);
      tokens.push(token);
      try {
        target.postMessage(`${PREFIX}${token}`, '*');
      } catch {
        // A frame that cannot be posted to becomes a note.
      }
    }
  };
  visit(doc, 0);
  return { tokens };
}

/** The token given to a frame by the last `tagFrames`, or null (`SnapshotOptions.frameToken`). */
export function frameTokenOf(el: Element): string | null {
  return tagged.get(el) ?? null;
}

/** Forgets the tokens given (after the snapshot). */
export function forgetFrameTokens(): void {
  tagged = new WeakMap();
}
