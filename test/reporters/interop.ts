/**
 * One summary line about the real-export suite (test/*.interop.test.ts): how many of its
 * tests ran, or that ../shared/interop is not present and they were skipped — a visible
 * line, not a silent skip.
 */
import type { Reporter, TestModule } from 'vitest/node';
import { INTEROP, interopPresent } from '../interop';

export default class InteropReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const suite = modules.filter((m) => /\.interop\.test\.ts$/.test(m.moduleId));
    if (!suite.length) return;
    const tests = suite.flatMap((m) => [...m.children.allTests()]);
    const count = (state: string) => tests.filter((t) => t.result().state === state).length;
    const line = interopPresent
      ? `Real-export suite (${INTEROP}): ${count('passed')} passed, ${count('failed')} failed in ${suite.length} files`
      : `Real-export suite: not present (${INTEROP} does not exist), ${tests.length} tests in ${suite.length} files skipped`;
    process.stdout.write(`\n ${line}\n`);
  }
}
