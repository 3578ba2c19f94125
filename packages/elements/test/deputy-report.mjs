// A web-test-runner reporter that writes the vitest-style counts CI sums ({numPassedTests,
// numFailedTests}) to $DEPUTY_REPORT. A test file that failed to load counts as one failure.
import { writeFileSync } from 'node:fs';

function count(suite, totals) {
  for (const test of suite.tests ?? []) {
    if (test.skipped) continue;
    if (test.passed) totals.passed += 1;
    else totals.failed += 1;
  }
  for (const child of suite.suites ?? []) count(child, totals);
}

/** @returns {import('@web/test-runner').Reporter} */
export function deputyReport(file) {
  return {
    onTestRunFinished({ sessions }) {
      const totals = { passed: 0, failed: 0 };
      for (const session of sessions) {
        const failedBefore = totals.failed;
        if (session.testResults) count(session.testResults, totals);
        if (!session.passed && totals.failed === failedBefore) totals.failed += 1;
      }
      if (file) writeFileSync(file, JSON.stringify({ numPassedTests: totals.passed, numFailedTests: totals.failed, numTotalTests: totals.passed + totals.failed }));
    },
  };
}
