// Sums the suites' JSON reports into the closing line `N passed, M failed`; exits 1 on any failure or no test.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const [dir, brokenArg] = process.argv.slice(2);
let passed = 0;
let failed = Number(brokenArg ?? 0);
for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
  try {
    const report = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    const p = report.numPassedTests ?? 0;
    // a suite that fails before its tests run (a failing beforeAll) reports its tests as skipped
    const f = (report.numFailedTests ?? 0) || (report.numFailedTestSuites ?? 0);
    console.log(`${file.replace(/\.json$/, '')}: ${p} passed, ${f} failed`);
    passed += p;
    failed += f;
  } catch (error) {
    console.log(`${file}: unreadable report (${error.message})`);
    failed += 1;
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
