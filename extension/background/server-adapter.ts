import { WebSocketClientAdapter } from '@automerge/automerge-repo-network-websocket';
import type { PeerId, PeerMetadata } from '@automerge/automerge-repo/slim';

/** A server that does not answer is tried at most this many times the retry interval apart (5 s grows to 30 s). */
export const MAX_RETRY_FACTOR = 6;

/** `WebSocket.CONNECTING`, the same in browsers and in Node's ws. */
const CONNECTING = 0;

/**
 * automerge-repo's WebSocket client (2.5.6), with two faults of its reconnection fixed:
 * - Its retry timer (every `retryInterval` until a socket opens) made a new socket each time,
 *   taking the listeners off the one before without closing it. A server whose handshake took
 *   longer than the interval (busy, or on a slow line) got a new connection every interval,
 *   forever (the timer stops only when the socket it listens to opens), and each one that opened
 *   stayed open unlistened, even after sync was turned off or the server removed. Now an attempt
 *   under way is let open or fail (for up to `MAX_RETRY_FACTOR` intervals, then closed and tried
 *   again); the timer's tick meanwhile does nothing.
 * - It never backed off: a server down for days was tried every 5 s while the background was
 *   awake. Now each attempt in a row that did not open waits one interval more, up to
 *   `MAX_RETRY_FACTOR` intervals; a socket that opens starts again at one.
 * `dropAdapter` (src/sync/drop-adapter.ts) still applies: it replaces `connect` on the instance.
 */
export class ServerAdapter extends WebSocketClientAdapter {
  /** Attempts since a socket last opened. */
  private failed = 0;
  /** No new attempt before this time (ms since epoch). */
  private notBefore = 0;
  /** When the last attempt began. */
  private attemptAt = 0;

  constructor(url: string, retryInterval?: number) {
    super(url, retryInterval);
    const opened = this.onOpen;
    this.onOpen = () => {
      this.failed = 0;
      opened();
    };
  }

  override connect(peerId: PeerId, peerMetadata?: PeerMetadata): void {
    const now = Date.now();
    const socket = this.socket;
    if (socket?.readyState === CONNECTING) {
      // Given `MAX_RETRY_FACTOR` intervals to open (30 s): one that hangs (a line that drops every packet) is closed, not left behind.
      if (now - this.attemptAt < this.retryInterval * MAX_RETRY_FACTOR) return;
      (socket as unknown as { on?: (event: string, fn: () => void) => void }).on?.('error', () => undefined); // Node's ws reports the close as an error
      socket.close();
    }
    // The first attempt after a socket opened always goes: it is the adapter's one reconnection (no retry timer is armed yet).
    if (this.failed > 0 && now < this.notBefore) return;
    // A little short of the interval: the retry timer ticks every interval, and a tick a few ms early must still count.
    this.notBefore = now + this.retryInterval * Math.min(++this.failed, MAX_RETRY_FACTOR) - this.retryInterval / 2;
    this.attemptAt = now;
    super.connect(peerId, peerMetadata);
  }
}
