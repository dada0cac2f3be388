import type { Reporter, TestModule } from 'vitest/node';

// CI reads one plain closing line, `N passed, N failed`. A file that fails to
// load (no tests collected because it threw) counts as a failure, never as 0.
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const mod of testModules) {
      let sawTest = false;
      for (const test of mod.children.allTests()) {
        sawTest = true;
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
      if (!sawTest || mod.state() === 'failed') {
        const errors = mod.errors();
        if (errors.length > 0 || !sawTest) failed += Math.max(1, errors.length);
      }
    }
    failed += unhandledErrors.length;
    // A run that executed no test proves nothing: say so as a failure.
    if (passed + failed === 0) failed = 1;
    // Nothing in this project may be skipped; only a run filtered by name (-t) skips tests.
    const filtered = process.argv.some((a) => a === '-t' || a.startsWith('--testNamePattern'));
    if (skipped > 0 && !filtered) {
      failed += skipped;
      process.stdout.write(`\n${skipped} skipped test(s): skipping is not allowed here.\n`);
    }
    if (failed > 0) process.exitCode = 1;
    process.stdout.write(`\n${passed} passed, ${failed} failed${filtered && skipped ? `, ${skipped} skipped` : ''}\n`);
  }
}
