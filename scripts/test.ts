/**
 * `npm test`: everything CI runs, in three phases, stopping at the first phase with a failure.
 *   1. side by side: the typecheck then the test builds; the production builds then web-ext lint;
 *   2. the unit tests;
 *   3. the end-to-end tests (they load the builds of phase 1).
 * Each phase is also an npm script of its own (README: "Commands").
 */
import { type Lane, runLanes } from './test/lanes';

const phases: Lane[][] = [
  [
    { name: 'types+test-builds', steps: ['npm run typecheck', 'npm run build:test'] },
    { name: 'builds+lint', steps: ['npm run build:all', 'npm run lint:firefox'] },
  ],
  [{ name: 'unit', steps: ['npm run test:unit'] }],
  [{ name: 'e2e', steps: ['npm run test:e2e'] }],
];

for (const lanes of phases) {
  const started = Date.now();
  const outcomes = await runLanes(lanes);
  const seconds = Math.round((Date.now() - started) / 1000);
  const failed = outcomes.filter((o) => o.failed);
  console.log(`== ${lanes.map((l) => l.name).join(' | ')}: ${failed.length ? 'FAILED' : 'passed'} in ${seconds} s`);
  for (const { name, failed: f } of failed) console.error(`== ${name} failed: \`${f!.step}\` exited ${f!.code}`);
  if (failed.length) process.exit(1);
}
