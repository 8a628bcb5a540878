import { spawn } from 'node:child_process';

/** One lane: commands run one after another, each a shell command line. */
export type Lane = { name: string; steps: string[] };

/** How a lane ended: the first step that failed (with its exit code), or none. */
export type LaneOutcome = { name: string; failed?: { step: string; code: number } };

/**
 * Runs one shell command; resolves to its exit code. With `write`, its output goes there prefixed
 * line by line with `[name]` (lanes side by side stay readable); without, it is the terminal's.
 */
export function runStep(name: string, step: string, write?: (line: string) => void): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(step, { shell: true, stdio: write ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    child.on('error', () => resolve(127));
    child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
    if (!write || !child.stdout || !child.stderr) return;
    const pipe = (stream: NodeJS.ReadableStream) => {
      let rest = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        const lines = (rest + chunk).split('\n');
        rest = lines.pop() ?? '';
        for (const line of lines) write(`[${name}] ${line}\n`);
      });
      stream.on('end', () => rest && write(`[${name}] ${rest}\n`));
    };
    pipe(child.stdout);
    pipe(child.stderr);
  });
}

/**
 * Runs the lanes side by side, each lane's steps in order, stopping a lane at its first failing
 * step. Every lane runs to its end (or its failure) even when another fails, so one run reports
 * every failure of the phase.
 *
 * Why lanes: the typecheck and the builds are each mostly one process on one core; on CI's two
 * cores, two lanes finish them in about half of the time they took one after another.
 */
export async function runLanes(lanes: Lane[], run: (name: string, step: string) => Promise<number> = defaultRun(lanes)): Promise<LaneOutcome[]> {
  return Promise.all(
    lanes.map(async ({ name, steps }) => {
      for (const step of steps) {
        const code = await run(name, step);
        if (code !== 0) return { name, failed: { step, code } };
      }
      return { name };
    }),
  );
}

/** One lane alone keeps the terminal (Vitest's own display); several share it, line by line. */
const defaultRun = (lanes: Lane[]) => (name: string, step: string) => runStep(name, step, lanes.length > 1 ? (line) => process.stdout.write(line) : undefined);
