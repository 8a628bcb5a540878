/**
 * bench:sync's meters: CPU time per process kind of a Chromium (from /proc, by process
 * group: puppeteer starts the browser detached), CPU time of this Node process (the
 * in-process sync server, plus the benchmark's own puppeteer traffic), a sampler that
 * keeps the maximum of a reading taken on a timer, and a watch on the server's peers.
 */
import { execSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import type { Repo } from '@automerge/automerge-repo';

let clkTck: number | null = null;
function ticksPerSecond(): number {
  if (clkTck === null) {
    try {
      clkTck = Number(execSync('getconf CLK_TCK', { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clkTck = 100;
    }
  }
  return clkTck;
}

/** What a Chromium process does, from its command line. */
function kindOf(cmdline: string): string {
  const type = /--type=([\w-]+)/.exec(cmdline)?.[1];
  if (!type) return 'browser';
  if (type === 'renderer') return cmdline.includes('--extension-process') ? 'extension' : 'renderer';
  if (type === 'utility') {
    const sub = /--utility-sub-type=([\w.]+)/.exec(cmdline)?.[1] ?? 'utility';
    if (/storage/i.test(sub)) return 'storage';
    if (/network/i.test(sub)) return 'network';
    return 'utility';
  }
  if (type === 'gpu-process') return 'gpu';
  return type;
}

/** CPU ticks of every process in process group `pgid`, by pid, with its kind. */
export type CpuSnapshot = Map<number, { kind: string; ticks: number }>;

export function cpuSnapshot(pgid: number | undefined): CpuSnapshot {
  const out: CpuSnapshot = new Map();
  if (pgid === undefined) return out;
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(rest[2]) !== pgid) continue;
      const ticks = Number(rest[11]) + Number(rest[12]);
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8').replace(/\0/g, ' ');
      out.set(Number(name), { kind: kindOf(cmdline), ticks });
    } catch {
      // the process ended meanwhile
    }
  }
  return out;
}

/** CPU seconds spent between two snapshots, by process kind (processes started meanwhile count from 0). */
export function cpuDelta(a: CpuSnapshot, b: CpuSnapshot): Record<string, number> {
  const out: Record<string, number> = {};
  const hz = ticksPerSecond();
  for (const [pid, { kind, ticks }] of b) {
    const before = a.get(pid)?.ticks ?? 0;
    out[kind] = (out[kind] ?? 0) + (ticks - before) / hz;
  }
  for (const k of Object.keys(out)) out[k] = Math.round(out[k]! * 100) / 100;
  return out;
}

/** CPU accounting of one phase: each browser by process kind, and this Node process. */
export class PhaseCpu {
  private readonly starts: Map<string, CpuSnapshot>;
  private readonly node0 = process.cpuUsage();
  private readonly t0 = Date.now();

  constructor(private readonly browsers: Record<string, number | undefined>) {
    this.starts = new Map(Object.entries(browsers).map(([k, pid]) => [k, cpuSnapshot(pid)]));
  }

  /** CPU seconds by browser and kind, `node` (server + harness), and the wall time. */
  end(): { wallS: number; node: number; browsers: Record<string, Record<string, number>> } {
    const u = process.cpuUsage(this.node0);
    const browsers: Record<string, Record<string, number>> = {};
    for (const [k, pid] of Object.entries(this.browsers)) browsers[k] = cpuDelta(this.starts.get(k)!, cpuSnapshot(pid));
    return { wallS: Math.round((Date.now() - this.t0) / 10) / 100, node: Math.round((u.user + u.system) / 1e4) / 100, browsers };
  }
}

/** Takes a reading every `intervalMs` (never two at once) and keeps the largest of each field. */
export class MaxSampler<T extends Record<string, number | null>> {
  readonly max: Partial<Record<keyof T, number>> = {};
  samples = 0;
  errors = 0;
  private timer: NodeJS.Timeout | null = null;
  private busy = false;

  constructor(
    private readonly read: () => Promise<T>,
    private readonly intervalMs: number,
  ) {}

  start(): this {
    this.timer ??= setInterval(() => void this.tick(), this.intervalMs);
    void this.tick();
    return this;
  }

  async tick(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const r = await this.read();
      this.samples++;
      for (const [k, v] of Object.entries(r)) if (typeof v === 'number' && Number.isFinite(v)) this.max[k as keyof T] = Math.max(this.max[k as keyof T] ?? -Infinity, v);
    } catch {
      this.errors++;
    } finally {
      this.busy = false;
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}

/** A peer connecting to or leaving the server, as its Repo's network subsystem reported it. */
export interface PeerEvent {
  readonly at: number;
  readonly kind: 'connected' | 'disconnected';
  readonly peerId: string;
  /** The benchmark's phase when it happened. */
  readonly phase: string;
}

/** Records every peer the server's Repo sees come and go. */
export function watchPeers(repo: Repo, phase: () => string): { events: PeerEvent[]; stop(): void } {
  const events: PeerEvent[] = [];
  const ns = repo.networkSubsystem;
  const onPeer = ({ peerId }: { peerId: string }) => void events.push({ at: Date.now(), kind: 'connected', peerId, phase: phase() });
  const onGone = ({ peerId }: { peerId: string }) => void events.push({ at: Date.now(), kind: 'disconnected', peerId, phase: phase() });
  ns.on('peer', onPeer);
  ns.on('peer-disconnected', onGone);
  return {
    events,
    stop: () => {
      ns.off('peer', onPeer);
      ns.off('peer-disconnected', onGone);
    },
  };
}

/** A message the server's Repo received or sent (type, document, size), at epoch ms with sub-ms precision. */
export interface ServerMessage {
  readonly at: number;
  readonly dir: 'in' | 'out';
  readonly type: string;
  /** The document id's first 6 characters. */
  readonly doc: string;
  readonly bytes: number;
}

/**
 * Records the server's messages while `recording()` (bounded: at most `max`): which document was
 * asked for and answered when, and how large. The join's first ~400 ms of them showed that a
 * joining browser was sent its list and catalog snapshot documents twice.
 */
export function watchMessages(repo: Repo, recording: () => boolean, max = 2_000): { messages: ServerMessage[]; stop(): void } {
  const messages: ServerMessage[] = [];
  type Msg = { type: string; documentId?: string; data?: Uint8Array };
  const ns = repo.networkSubsystem as unknown as { on(e: 'message', f: (m: Msg) => void): void; off(e: 'message', f: (m: Msg) => void): void; send(m: Msg): void };
  const note = (dir: 'in' | 'out', m: Msg) => {
    if (!recording() || messages.length >= max) return;
    messages.push({ at: performance.timeOrigin + performance.now(), dir, type: m.type, doc: String(m.documentId ?? '').slice(0, 6), bytes: m.data?.byteLength ?? 0 });
  };
  const onIn = (m: Msg) => note('in', m);
  const send = ns.send;
  ns.on('message', onIn);
  ns.send = (m: Msg) => {
    note('out', m);
    send.call(ns, m);
  };
  return {
    messages,
    stop: () => {
      ns.off('message', onIn);
      ns.send = send;
    },
  };
}
