import { describe, expect, it } from 'vitest';
import { runLanes, runStep } from '../../../scripts/test/lanes';

describe('npm test’s lanes', () => {
  it('runs lanes side by side, each in order, a lane stopping at its first failure while the others go on', async () => {
    const log: string[] = [];
    let running = 0;
    let most = 0;
    const fake = async (name: string, step: string) => {
      running++;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, 5));
      log.push(`${name}:${step}`);
      running--;
      return step === 'bad' ? 2 : 0;
    };
    const out = await runLanes(
      [
        { name: 'a', steps: ['one', 'bad', 'never'] },
        { name: 'b', steps: ['x', 'y', 'z'] },
      ],
      fake,
    );
    expect(out).toEqual([{ name: 'a', failed: { step: 'bad', code: 2 } }, { name: 'b' }]);
    expect(log.filter((l) => l.startsWith('a:'))).toEqual(['a:one', 'a:bad']);
    expect(log.filter((l) => l.startsWith('b:'))).toEqual(['b:x', 'b:y', 'b:z']);
    expect(most).toBe(2);
  });

  it('gives a real command’s exit code and its output, prefixed line by line', async () => {
    const lines: string[] = [];
    const code = await runStep('t', `node -e "console.log('first'); console.error('second'); process.stdout.write('no newline'); process.exit(3)"`, (l) => lines.push(l));
    expect(code).toBe(3);
    expect(lines.sort()).toEqual(['[t] first\n', '[t] no newline\n', '[t] second\n']);
  });
});
